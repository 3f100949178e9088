// Call quality from RTCPeerConnection.getStats every 2 s: round-trip time, jitter, packet loss and an estimated
// MOS (ITU-T G.107 E-model, simplified for G.711: Ie = 0, Bpl = 25.1 for random loss with PLC).

export const THRESHOLDS = { rttMs: 300, jitterMs: 30, lossPercent: 3, mos: 3.6 };

/**
 * Estimated MOS (1..4.5) from the network numbers. One-way delay is taken as rtt/2 plus a jitter buffer of
 * twice the jitter plus 10 ms of codec/packetisation; Id per G.107's simplified delay curve; Ie,eff from loss.
 */
export function estimateMos({ rttMs, jitterMs, lossPercent }) {
  const delay = rttMs / 2 + 2 * jitterMs + 10;
  const id = 0.024 * delay + (delay > 177.3 ? 0.11 * (delay - 177.3) : 0);
  const ieEff = 95 * (lossPercent / (lossPercent + 25.1)); // Ie = 0 for G.711
  const r = Math.max(0, Math.min(100, 93.2 - id - ieEff));
  const mos = 1 + 0.035 * r + 7e-6 * r * (r - 60) * (100 - r);
  return Math.round(Math.max(1, Math.min(4.5, mos)) * 100) / 100;
}

/** Which numbers are past their warning threshold: an array of 'rtt' | 'jitter' | 'loss' | 'mos'. */
export function warningsFor(q) {
  const out = [];
  if (q.rttMs > THRESHOLDS.rttMs) out.push('rtt');
  if (q.jitterMs > THRESHOLDS.jitterMs) out.push('jitter');
  if (q.lossPercent > THRESHOLDS.lossPercent) out.push('loss');
  if (q.mos < THRESHOLDS.mos) out.push('mos');
  return out;
}

/** Polls one peer connection; dispatches 'sample' {rttMs, jitterMs, lossPercent, mos, warnings}. */
export class QualityMonitor extends EventTarget {
  #pc = null;
  #timer = null;
  #last = null; // {received, lost} of the previous sample (loss is measured per interval)

  watch(pc) {
    this.stop();
    this.#pc = pc;
    this.#last = null;
    this.#timer = setInterval(() => this.#sample().catch(() => {}), 2000);
  }

  stop() {
    clearInterval(this.#timer);
    this.#timer = null;
    this.#pc = null;
  }

  async #sample() {
    const pc = this.#pc;
    if (!pc || pc.connectionState === 'closed') return;
    const report = await pc.getStats();
    let rtt = null;
    let jitter = 0;
    let received = 0;
    let lost = 0;
    let remoteLoss = 0;
    report.forEach((s) => {
      if (s.type === 'inbound-rtp' && s.kind === 'audio') {
        jitter = Math.max(jitter, (s.jitter || 0) * 1000);
        received += s.packetsReceived || 0;
        lost += Math.max(0, s.packetsLost || 0);
      } else if (s.type === 'remote-inbound-rtp' && s.kind === 'audio') {
        if (s.roundTripTime != null) rtt = s.roundTripTime * 1000;
        remoteLoss = Math.max(remoteLoss, (s.fractionLost || 0) * 100);
      } else if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded' && rtt == null
          && s.currentRoundTripTime != null) {
        rtt = s.currentRoundTripTime * 1000;
      }
    });
    const prev = this.#last || { received: 0, lost: 0 };
    this.#last = { received, lost };
    const dr = received - prev.received;
    const dl = lost - prev.lost;
    const inLoss = dr + dl > 0 ? (100 * dl) / (dr + dl) : 0;
    const q = {
      rttMs: Math.round(rtt ?? 0),
      jitterMs: Math.round(jitter * 10) / 10,
      lossPercent: Math.round(Math.max(inLoss, remoteLoss) * 10) / 10,
      packetsReceived: received,
    };
    q.mos = estimateMos(q);
    q.warnings = warningsFor(q);
    this.dispatchEvent(new CustomEvent('sample', { detail: q }));
  }
}
