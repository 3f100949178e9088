// The call's audio: ONE RTCPeerConnection per call, terminated on the node that holds the call's SIP leg.
// Signaling (docs/protocol.md): `media.offer` {callId, sdp} → `ack`, then `media.answer` {callId, sdp}; or
// `media.failed` {callId, reason} (the leg could not be made or died: we may offer again).
//
//   idle ──start()──▶ offering ──media.answer──▶ connecting ──ICE connected──▶ connected
//                        ▲                                                        │
//                        └── new PC + new offer ◀── ICE failed, disconnected ≥ 3 s, not connected 8 s after
//                                                   the answer, or media.failed
//   any ──close()──▶ closed        (after MAX_ATTEMPTS failed offers in a row: 'failed', until retry())
//
// The server answers with PCMU + telephone-event, so RTCDTMFSender's RFC 4733 events reach the caller.
//
// A colleague joining a consult (docs/consult.md) makes its leg the same way with {consult: true}: the one offer goes
// as `call.consult.accept` {callId, sdp}, whose reply `call.consult.accepted` carries the answer, and a lost leg is
// final (the node ends the consult: no re-offer). A warm transfer makes that leg the call's agent leg on the node;
// becomeCallLeg() then turns it into an ordinary call leg (re-offers as `media.offer`), with no new negotiation.

const DISCONNECTED_GRACE_MS = 3000;
const ANSWER_WITHIN_MS = 10000;
// Chrome gives up on ICE only after ~30 s; a leg that has not connected this long after its answer will not (for
// one, an answer to an earlier offer that arrived late), so a new offer is quicker.
const CONNECT_WITHIN_MS = 8000;
const MAX_ATTEMPTS = 5;
// Protocol errors that another offer cannot fix.
const FINAL_ERRORS = new Set(['not-your-call', 'unknown-type', 'forbidden', 'unknown-call', 'bad-offer']);
const iceUp = (pc) => pc.iceConnectionState === 'connected' || pc.iceConnectionState === 'completed';

export class CallMedia extends EventTarget {
  #signaling;
  #devices;
  #audio;
  #pc = null;
  #stream = null;
  #state = 'idle';
  #attempts = 0;
  #generation = 0;
  #muted = false;
  #timers = new Set();
  #onAnswer;
  #onFailed;
  #consult;

  /**
   * @param callId the call this audio belongs to
   * @param signaling the Signaling socket
   * @param devices Devices (microphone constraints, speaker id)
   * @param audio the <audio> element that plays the caller
   * @param options.consult true for a colleague's consult leg (call.consult.accept; no re-offer)
   */
  constructor(callId, signaling, devices, audio, { consult = false } = {}) {
    super();
    this.callId = callId;
    this.#consult = consult;
    this.#signaling = signaling;
    this.#devices = devices;
    this.#audio = audio;
    this.#onAnswer = (e) => this.#answered(e.detail);
    this.#onFailed = (e) => {
      if (e.detail.callId !== this.callId) return;
      const why = `${e.detail.reason}: ${e.detail.message || ''}`;
      // no-call / bad-offer: another offer cannot help; the rest (ICE, DTLS, consent, unavailable) may.
      if (e.detail.reason === 'no-call' || e.detail.reason === 'bad-offer') this.#fail(e.detail.reason, why);
      else this.#legFailed(why);
    };
    signaling.addEventListener('media.answer', this.#onAnswer);
    signaling.addEventListener('media.failed', this.#onFailed);
  }

  get state() { return this.#state; }
  get muted() { return this.#muted; }
  get peerConnection() { return this.#pc; }
  /** True while this is a colleague's consult leg (see becomeCallLeg). */
  get consult() { return this.#consult; }

  /** A warm transfer made this consult leg the call's agent leg: from now on it re-offers as a call leg. */
  becomeCallLeg() { this.#consult = false; }
  /** The microphone stream being sent (for the level meter), or null. */
  get localStream() { return this.#stream; }

  /** Opens the microphone and offers. Safe to call again (e.g. after a reconnect): it re-offers on a new PC. */
  async start() {
    this.#attempts = 0;
    await this.#offer();
  }

  /** True while the peer connection carries audio or is being set up, so a reconnect need not re-offer. */
  get healthy() {
    return ['offering', 'connecting', 'connected'].includes(this.#state);
  }

  setMuted(muted) {
    this.#muted = muted;
    this.#stream?.getAudioTracks().forEach((t) => { t.enabled = !muted; });
    this.dispatchEvent(new CustomEvent('muted', { detail: { muted } }));
  }

  /** Sends RFC 4733 digits to the caller (in band through the node). False when no DTMF sender is ready. */
  sendDtmf(digits) {
    const sender = this.#pc?.getSenders().find((s) => s.track?.kind === 'audio');
    if (!sender?.dtmf || !sender.dtmf.canInsertDTMF) return false;
    sender.dtmf.insertDTMF(digits, 120, 70);
    return true;
  }

  /** The microphone changed mid-call: swap the track without renegotiating. */
  async switchMicrophone() {
    if (!this.#pc) return;
    const fresh = await navigator.mediaDevices.getUserMedia({ audio: this.#devices.microphoneConstraints() });
    const track = fresh.getAudioTracks()[0];
    track.enabled = !this.#muted;
    const sender = this.#pc.getSenders().find((s) => s.track?.kind === 'audio');
    await sender?.replaceTrack(track);
    this.#stream?.getTracks().forEach((t) => t.stop());
    this.#stream = fresh;
    this.dispatchEvent(new CustomEvent('local-stream', { detail: { stream: fresh } }));
  }

  close() {
    this.#generation++;
    this.#clearTimers();
    this.#signaling.removeEventListener('media.answer', this.#onAnswer);
    this.#signaling.removeEventListener('media.failed', this.#onFailed);
    this.#pc?.close();
    this.#pc = null;
    this.#stream?.getTracks().forEach((t) => t.stop());
    this.#stream = null;
    if (this.#audio.srcObject) this.#audio.srcObject = null;
    this.#setState('closed');
  }

  async #offer() {
    const gen = ++this.#generation;
    this.#clearTimers();
    this.#pc?.close();
    this.#setState('offering');
    try {
      if (!this.#stream || this.#stream.getAudioTracks().every((t) => t.readyState === 'ended')) {
        this.#stream = await navigator.mediaDevices.getUserMedia({ audio: this.#devices.microphoneConstraints() });
        this.#stream.getAudioTracks().forEach((t) => { t.enabled = !this.#muted; });
        this.dispatchEvent(new CustomEvent('local-stream', { detail: { stream: this.#stream } }));
      }
      if (gen !== this.#generation) return;
      const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
      this.#pc = pc;
      this.#stream.getAudioTracks().forEach((t) => pc.addTrack(t, this.#stream));
      pc.ontrack = (e) => this.#play(e.streams[0] || new MediaStream([e.track]));
      pc.oniceconnectionstatechange = () => this.#iceChanged(pc, gen);
      const offer = await pc.createOffer();
      await pc.setLocalDescription(offer);
      if (gen !== this.#generation) return;
      // The node is a full ICE agent that learns our address from our checks (peer-reflexive), so the offer
      // goes out at once instead of waiting for candidate gathering.
      if (this.#consult) {
        const reply = await this.#signaling.request('call.consult.accept', { callId: this.callId, sdp: offer.sdp });
        if (gen === this.#generation) await this.#answered(reply); // call.consult.accepted {callId, sdp}
        return;
      }
      await this.#signaling.request('media.offer', { callId: this.callId, sdp: offer.sdp });
      if (gen !== this.#generation) return;
      this.#later(() => this.#legFailed('no media.answer'), ANSWER_WITHIN_MS, gen);
    } catch (err) {
      if (gen !== this.#generation) return;
      if (this.#consult || err.name === 'NotAllowedError' || err.name === 'NotFoundError' || FINAL_ERRORS.has(err.code)) {
        this.#fail(err.code || err.name, err.message);
      } else {
        this.#legFailed(err.message);
      }
    }
  }

  async #answered(msg) {
    if (msg.callId !== this.callId || this.#pc?.signalingState !== 'have-local-offer') return;
    const gen = this.#generation;
    this.#clearTimers();
    try {
      const pc = this.#pc;
      await pc.setRemoteDescription({ type: 'answer', sdp: msg.sdp });
      if (gen !== this.#generation) return;
      if (iceUp(pc)) return; // #iceChanged got there first
      this.#setState('connecting');
      this.#later(() => { if (!iceUp(pc)) this.#legFailed('ICE not connected after the answer'); }, CONNECT_WITHIN_MS, gen);
    } catch (err) {
      if (gen === this.#generation) this.#legFailed(`answer refused: ${err.message}`);
    }
  }

  #iceChanged(pc, gen) {
    if (gen !== this.#generation) return;
    const s = pc.iceConnectionState;
    if (iceUp(pc)) {
      this.#clearTimers();
      this.#attempts = 0;
      this.#setState('connected');
    } else if (s === 'failed') {
      this.#legFailed('ICE failed');
    } else if (s === 'disconnected') {
      this.#later(() => {
        if (pc.iceConnectionState === 'disconnected') this.#legFailed('ICE disconnected');
      }, DISCONNECTED_GRACE_MS, gen);
    }
  }

  // The leg is gone or could not be made: a new peer connection and a new offer, with a growing pause.
  #legFailed(why) {
    this.dispatchEvent(new CustomEvent('problem', { detail: { message: why } }));
    if (this.#consult || ++this.#attempts >= MAX_ATTEMPTS) { // a consult leg: the node has ended the consult
      this.#fail('gave-up', why);
      return;
    }
    this.#setState('offering');
    const gen = ++this.#generation;
    this.#later(() => this.#offer(), 500 * 2 ** (this.#attempts - 1), gen);
  }

  #fail(code, message) {
    this.#clearTimers();
    this.#setState('failed');
    this.dispatchEvent(new CustomEvent('failed', { detail: { code, message } }));
  }

  /** After 'failed' (e.g. the user fixed the microphone): start over. */
  retry() {
    this.#attempts = 0;
    return this.#offer();
  }

  #play(stream) {
    if (this.#audio.srcObject !== stream) this.#audio.srcObject = stream;
    this.#devices.applySpeaker(this.#audio);
    this.#audio.play().catch(() => {});
    this.dispatchEvent(new CustomEvent('remote-stream', { detail: { stream } }));
  }

  #later(fn, ms, gen) {
    const t = setTimeout(() => {
      this.#timers.delete(t);
      if (gen === this.#generation) fn();
    }, ms);
    this.#timers.add(t);
  }

  #clearTimers() {
    this.#timers.forEach(clearTimeout);
    this.#timers.clear();
  }

  #setState(s) {
    if (s === this.#state) return;
    this.#state = s;
    this.dispatchEvent(new CustomEvent('state', { detail: { state: s } }));
  }
}
