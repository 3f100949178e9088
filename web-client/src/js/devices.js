// Microphone, speaker and ringer selection (headsets: ring on the laptop speaker, talk on the headset), kept in
// localStorage, plus the live input level meter. Device ids are per-origin and stable across sessions.
//
// Headset mode turns the browser's echo cancellation, noise suppression and gain control off: with a headset there
// is no echo to cancel, and the canceller would cut the agent's voice while the caller speaks. It is on by default
// when the chosen microphone looks like a headset, and the agent's own choice is remembered per browser.

const KEYS = {
  microphone: 'switchboard.microphone', speaker: 'switchboard.speaker', ringer: 'switchboard.ringer',
  headset: 'switchboard.headset',
};
const HEADSET_LABEL = /headset|headphone|earpiece|casque|auricular|cuffie|kopfh/i;

export class Devices extends EventTarget {
  #selects = {};
  #headsetBox = null;
  #known = { audioinput: [], audiooutput: [] };

  constructor() {
    super();
    navigator.mediaDevices?.addEventListener('devicechange', () => this.refresh());
  }

  /** The chosen device id for 'microphone' | 'speaker' | 'ringer' ('' = the system default). */
  chosen(kind) { return localStorage.getItem(KEYS[kind]) || ''; }

  /** Whether headset mode is on: the agent's choice, else whether the chosen microphone's label says headset. */
  headsetMode() {
    const saved = localStorage.getItem(KEYS.headset);
    if (saved) return saved === 'on';
    const id = this.chosen('microphone');
    const mic = this.#known.audioinput.find((d) => d.deviceId === (id || 'default')) || this.#known.audioinput[0];
    return HEADSET_LABEL.test(mic?.label || '');
  }

  /**
   * getUserMedia audio constraints for the chosen microphone (the default one if it is gone). In headset mode the
   * browser's voice processing is turned off; otherwise its defaults are left alone (asking for them explicitly
   * changes how Chromium's gain control settles).
   */
  microphoneConstraints() {
    const id = this.chosen('microphone');
    const present = this.#known.audioinput.some((d) => d.deviceId === id);
    const device = id && present ? { deviceId: { exact: id } } : null;
    if (!this.headsetMode()) return device || true;
    return { ...device, echoCancellation: false, noiseSuppression: false, autoGainControl: false };
  }

  /** Routes an <audio> element to the chosen speaker (or ringer). Browsers without setSinkId use the default. */
  async applySpeaker(el, kind = 'speaker') {
    const id = this.chosen(kind);
    if (typeof el.setSinkId !== 'function' || el.sinkId === id) return;
    try {
      await el.setSinkId(id);
    } catch {
      await el.setSinkId('').catch(() => {});
    }
  }

  /**
   * Fills the three <select>s and saves changes; 'change' is dispatched with {kind, deviceId} (a headset mode change
   * is a 'microphone' change: the microphone is opened again with the new constraints).
   */
  bind(selects, headsetBox) {
    this.#selects = selects;
    this.#headsetBox = headsetBox;
    for (const [kind, select] of Object.entries(selects)) {
      select.addEventListener('change', () => {
        localStorage.setItem(KEYS[kind], select.value);
        if (headsetBox) headsetBox.checked = this.headsetMode();
        this.dispatchEvent(new CustomEvent('change', { detail: { kind, deviceId: select.value } }));
      });
    }
    headsetBox?.addEventListener('change', () => {
      localStorage.setItem(KEYS.headset, headsetBox.checked ? 'on' : 'off');
      const detail = { kind: 'microphone', deviceId: this.chosen('microphone') };
      this.dispatchEvent(new CustomEvent('change', { detail }));
    });
    return this.refresh();
  }

  /** Re-reads the device list (labels appear only once microphone access was granted). */
  async refresh() {
    if (!navigator.mediaDevices?.enumerateDevices) return;
    const all = await navigator.mediaDevices.enumerateDevices();
    this.#known.audioinput = all.filter((d) => d.kind === 'audioinput');
    this.#known.audiooutput = all.filter((d) => d.kind === 'audiooutput');
    const fill = (kind, list) => {
      const select = this.#selects[kind];
      if (!select) return;
      const chosen = this.chosen(kind);
      select.replaceChildren(...[{ deviceId: '', label: select.dataset.defaultLabel || 'Default' }, ...list
        .filter((d) => d.deviceId && d.deviceId !== 'default')]
        .map((d, i) => new Option(d.label || `${kind} ${i}`, d.deviceId, false, d.deviceId === chosen)));
    };
    fill('microphone', this.#known.audioinput);
    if (this.#headsetBox) this.#headsetBox.checked = this.headsetMode();
    fill('speaker', this.#known.audiooutput);
    fill('ringer', this.#known.audiooutput);
    const canRoute = 'setSinkId' in HTMLMediaElement.prototype;
    if (this.#selects.speaker) this.#selects.speaker.disabled = !canRoute;
    if (this.#selects.ringer) this.#selects.ringer.disabled = !canRoute;
  }
}

/** RMS level of a stream, 0..1, written to a <meter> ten times a second. */
export class LevelMeter {
  #ctx = null;
  #source = null;
  #timer = null;
  #meter;

  constructor(meterElement) {
    this.#meter = meterElement;
  }

  attach(stream) {
    this.detach();
    if (!stream) return;
    this.#ctx = this.#ctx || new AudioContext();
    const analyser = this.#ctx.createAnalyser();
    analyser.fftSize = 1024;
    this.#source = this.#ctx.createMediaStreamSource(stream);
    this.#source.connect(analyser);
    const buf = new Float32Array(analyser.fftSize);
    this.#timer = setInterval(() => {
      analyser.getFloatTimeDomainData(buf);
      let sum = 0;
      for (const v of buf) sum += v * v;
      // RMS scaled so normal speech (about -30..-10 dBFS) fills most of the bar.
      const db = 20 * Math.log10(Math.sqrt(sum / buf.length) || 1e-6);
      this.#meter.value = Math.max(0, Math.min(1, (db + 60) / 60));
    }, 100);
  }

  detach() {
    clearInterval(this.#timer);
    this.#source?.disconnect();
    this.#source = null;
    this.#meter.value = 0;
  }
}
