// The wallboard's own audio leg for supervision (docs/supervision.md): one RTCPeerConnection per monitor session,
// answered by the node holding the agent's call. `monitor.start` {agentId, mode, sdp} is answered by
// `monitor.started` {callId, agentId, mode, sdp}; `monitor.mode` {mode} changes the mode on the same leg;
// `monitor.stop` leaves; `monitor.ended` {callId, reason} says the session ended by itself (the call ended, was
// transferred, or the leg was lost). The microphone is always sent: the node leaves it out of the mix in listen
// (a mode change then takes effect at the node's next 20 ms tick, with no renegotiation here).
//
//   idle ──start()──▶ starting ──monitor.started──▶ active(mode) ──setMode()──▶ active(other mode)
//     ▲                  │ error                       │ stop() · monitor.ended
//     └──────────────────┴─────────────────────────────┘
export class Monitor extends EventTarget {
  #signaling;
  #audio;
  #pc = null;
  #stream = null;
  #session = null; // {agentId, callId, mode} while active
  #starting = null; // agentId while starting

  /**
   * @param signaling the supervisor's Signaling socket
   * @param audio the <audio> element that plays the call
   */
  constructor(signaling, audio) {
    super();
    this.#signaling = signaling;
    this.#audio = audio;
    signaling.addEventListener('monitor.ended', (e) => {
      if (this.#session && e.detail.callId === this.#session.callId) this.#close(e.detail.reason);
    });
  }

  /** The active session {agentId, callId, mode}, or null. */
  get session() { return this.#session; }
  get starting() { return this.#starting; }

  /** Joins agentId's call in mode; when already on another agent's call, leaves it first. */
  async start(agentId, mode) {
    if (this.#session?.agentId === agentId) return this.setMode(mode);
    if (this.#session) await this.stop();
    this.#starting = agentId;
    this.#changed();
    try {
      this.#stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
      this.#pc = pc;
      this.#stream.getAudioTracks().forEach((tr) => pc.addTrack(tr, this.#stream));
      pc.ontrack = (e) => {
        const stream = e.streams[0] || new MediaStream([e.track]);
        if (this.#audio.srcObject !== stream) this.#audio.srcObject = stream;
        this.#audio.play().catch(() => {});
      };
      const offer = await pc.createOffer();
      await pc.setLocalDescription(offer);
      const reply = await this.#signaling.request('monitor.start', { agentId, mode, sdp: offer.sdp });
      await pc.setRemoteDescription({ type: 'answer', sdp: reply.sdp });
      this.#session = { agentId, callId: reply.callId, mode: reply.mode };
    } catch (err) {
      this.#release();
      throw err;
    } finally {
      this.#starting = null;
      this.#changed();
    }
  }

  async setMode(mode) {
    if (!this.#session) return;
    const reply = await this.#signaling.request('monitor.mode', { mode });
    this.#session = { ...this.#session, mode: reply.mode };
    this.#changed();
  }

  async stop() {
    if (!this.#session) return;
    try {
      await this.#signaling.request('monitor.stop');
    } catch {
      // no-session: it ended meanwhile; either way the leg goes
    }
    this.#close('stopped');
  }

  /** The socket was replaced (reconnect): the node ended the session with the old one; the leg goes too. */
  reset() {
    if (!this.#session) return;
    this.#signaling.request('monitor.stop').catch(() => {}); // in case the old socket is still open
    this.#close('reconnected');
  }

  #close(reason) {
    this.#release();
    this.#session = null;
    this.dispatchEvent(new CustomEvent('ended', { detail: { reason } }));
    this.#changed();
  }

  #release() {
    this.#pc?.close();
    this.#pc = null;
    this.#stream?.getTracks().forEach((tr) => tr.stop());
    this.#stream = null;
    if (this.#audio.srcObject) this.#audio.srcObject = null;
  }

  #changed() {
    this.dispatchEvent(new CustomEvent('change', { detail: { session: this.#session } }));
  }
}
