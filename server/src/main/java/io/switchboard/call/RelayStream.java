package io.switchboard.call;

import io.switchboard.media.rtp.RtpPacket;

/**
 * Header state of the agent-facing stream the bridge sends toward the browser (no pacer drives it: packets go out
 * as the caller's arrive). One SSRC per leg; sequence +1 per packet from a random start; timestamps as mapped by
 * {@link RtpRewriter}, anchored after a pause at the last timestamp plus the elapsed time at 8 kHz, so the browser's
 * jitter buffer sees the silence of a hold as what it was. Guarded by the {@link Bridge}'s direction lock.
 */
final class RelayStream {
  static final int FRAME_SAMPLES = 160;

  private final int ssrc;
  private int nextSeq;
  private long lastTimestamp;
  private long lastNanos;
  private boolean sentAny;

  RelayStream(int ssrc, int initialSeq, long initialTimestamp) {
    this.ssrc = ssrc;
    this.nextSeq = initialSeq & 0xFFFF;
    this.lastTimestamp = initialTimestamp & 0xFFFFFFFFL;
  }

  int ssrc() {
    return ssrc;
  }

  /** The timestamp for a new input stream starting at {@code nowNanos} (monotonic). */
  long anchor(long nowNanos) {
    if (!sentAny) {
      return lastTimestamp;
    }
    long elapsed = Math.max(FRAME_SAMPLES, (nowNanos - lastNanos) * 8 / 1_000_000);
    return (lastTimestamp + elapsed) & 0xFFFFFFFFL;
  }

  RtpPacket packet(boolean marker, int pt, long timestamp, byte[] payload, long nowNanos) {
    RtpPacket p = RtpPacket.of(marker, pt, nextSeq, timestamp, ssrc, payload);
    nextSeq = (nextSeq + 1) & 0xFFFF;
    if (!sentAny || (int) (timestamp - lastTimestamp) > 0) {
      lastTimestamp = timestamp & 0xFFFFFFFFL;
    }
    lastNanos = nowNanos;
    sentAny = true;
    return p;
  }
}
