// The ring tone: generated with WebAudio (two-tone 440 + 480 Hz, 2 s on / 4 s off, the North American ring),
// played through an <audio> element so it can be routed to the chosen ringer device with setSinkId.
// Also the desktop notification for an incoming call.

export class Ringer {
  #ctx = null;
  #out = null;
  #audio;
  #devices;
  #timer = null;
  #notification = null;
  ringing = false;

  /** @param audio a dedicated <audio> element; @param devices Devices (ringer routing) */
  constructor(audio, devices) {
    this.#audio = audio;
    this.#devices = devices;
  }

  /** Asks for notification permission; call from a user gesture (the sign-in click). */
  static askPermission() {
    if ('Notification' in window && Notification.permission === 'default') {
      Notification.requestPermission().catch(() => {});
    }
  }

  /** Starts ringing (idempotent) and shows a notification {title, body}; clicking it focuses the page. */
  start(title, body) {
    this.#notify(title, body);
    if (this.ringing) return;
    this.ringing = true;
    try {
      this.#ensureGraph();
      this.#audio.play().catch(() => {});
      const burst = () => this.#burst(2);
      burst();
      this.#timer = setInterval(burst, 6000);
    } catch {
      // No audio output available: the visual indicator and notification still work.
    }
  }

  stop() {
    this.ringing = false;
    clearInterval(this.#timer);
    this.#timer = null;
    this.#audio.pause();
    this.#notification?.close();
    this.#notification = null;
  }

  /**
   * Browsers start an AudioContext suspended until the page has had a user gesture; a refreshed page has none,
   * so the first click or key anywhere readies the ring tone for later calls.
   */
  unlockOnFirstGesture() {
    const unlock = () => {
      removeEventListener('pointerdown', unlock, true);
      removeEventListener('keydown', unlock, true);
      try { this.#ensureGraph(); } catch { /* no audio output */ }
    };
    addEventListener('pointerdown', unlock, true);
    addEventListener('keydown', unlock, true);
  }

  /** Plays one short ring on the ringer device (the "test" button). */
  test() {
    this.#ensureGraph();
    this.#audio.play().catch(() => {});
    this.#burst(1);
  }

  #ensureGraph() {
    if (!this.#ctx) {
      this.#ctx = new AudioContext();
      this.#out = this.#ctx.createMediaStreamDestination();
      this.#audio.srcObject = this.#out.stream;
    }
    this.#ctx.resume().catch(() => {});
    this.#devices.applySpeaker(this.#audio, 'ringer');
  }

  #burst(seconds) {
    const t0 = this.#ctx.currentTime + 0.05;
    const gain = this.#ctx.createGain();
    gain.gain.setValueAtTime(0, t0);
    gain.gain.linearRampToValueAtTime(0.2, t0 + 0.02);
    gain.gain.setValueAtTime(0.2, t0 + seconds - 0.02);
    gain.gain.linearRampToValueAtTime(0, t0 + seconds);
    gain.connect(this.#out);
    for (const f of [440, 480]) {
      const osc = this.#ctx.createOscillator();
      osc.frequency.value = f;
      osc.connect(gain);
      osc.start(t0);
      osc.stop(t0 + seconds);
    }
  }

  #notify(title, body) {
    if (!('Notification' in window) || Notification.permission !== 'granted' || this.#notification) return;
    try {
      this.#notification = new Notification(title, { body, tag: 'switchboard-call', requireInteraction: true });
      this.#notification.onclick = () => { window.focus(); this.#notification?.close(); };
    } catch {
      this.#notification = null; // some platforms only allow notifications from a service worker
    }
  }
}
