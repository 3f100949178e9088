// Click-to-dial on the agent page: the number field (typed, pasted, or the keypad while idle), the queue picker
// (whose caller ID the call shows; only when the agent serves several queues), recent numbers (localStorage, the
// last 10, click to redial) and what is particular to a call the agent placed: "calling…", "ringing" with a local
// ringback tone, the answer (the call timer starts), and a clear message per failure. Once the agent is on-call
// app.js owns the call as for an inbound one (audio, hold, mute, keypad DTMF, hang-up, wrap-up).
import { t, has } from './i18n.js';
import { $ } from './format.js';
import { authedGet } from './rest.js';

const RECENT_KEY = 'switchboard.recent-numbers';
const RECENT_MAX = 10;
const IDLE = new Set(['available', 'away']);

/** The ringback tone heard while the far end rings (North American cadence: 440 + 480 Hz, 2 s on, 4 s off). */
class Ringback {
  #ctx = null;
  #gain = null;
  #timer = null;

  start() {
    if (this.#timer) return;
    try {
      this.#ctx = new AudioContext();
      this.#gain = this.#ctx.createGain();
      this.#gain.gain.value = 0;
      this.#gain.connect(this.#ctx.destination);
      for (const hz of [440, 480]) {
        const o = this.#ctx.createOscillator();
        o.frequency.value = hz;
        o.connect(this.#gain);
        o.start();
      }
    } catch {
      this.#ctx = null; // no Web Audio: the "Ringing" label still shows
      return;
    }
    const cycle = () => {
      const now = this.#ctx.currentTime;
      this.#gain.gain.setValueAtTime(0.08, now);
      this.#gain.gain.setValueAtTime(0, now + 2);
    };
    cycle();
    this.#timer = setInterval(cycle, 6000);
  }

  stop() {
    clearInterval(this.#timer);
    this.#timer = null;
    this.#ctx?.close().catch(() => {});
    this.#ctx = null;
  }
}

function recent() {
  try {
    const list = JSON.parse(localStorage.getItem(RECENT_KEY));
    return Array.isArray(list) ? list.filter((n) => typeof n === 'string').slice(0, RECENT_MAX) : [];
  } catch {
    return [];
  }
}

function remember(number) {
  const list = [number, ...recent().filter((n) => n !== number)].slice(0, RECENT_MAX);
  localStorage.setItem(RECENT_KEY, JSON.stringify(list));
}

/**
 * @param hooks {notice(text), log(key, vars): an activity sentence (activity.js), state(): the agent's state, dialed(callId): the number and queue are
 *     known, answered(callId): the call timer starts}
 * @returns {type(digit), callFor(callId), phase(callId), render()} for app.js
 */
export function bindDialer(signaling, store, hooks) {
  const ringback = new Ringback();
  const calls = new Map(); // callId → {callId, caller (E.164), queue, phase: calling|ringing|answered}
  let dialing = false;

  async function loadQueues(agentId) {
    try {
      const res = await authedGet(store, `/api/v1/agents/${encodeURIComponent(agentId)}`);
      const queues = (await res.json()).queues || [];
      const select = $('dial-queue');
      select.replaceChildren(new Option(t('dial.noQueue'), ''), ...queues.map((q) => new Option(q, q)));
      if (queues.length === 1) select.value = queues[0];
      $('dial-queue-label').hidden = queues.length < 2;
    } catch (err) {
      console.warn(`queues: ${err.message}`);
    }
  }

  function renderRecent() {
    const list = $('dial-recent');
    list.replaceChildren(...recent().map((n) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'link';
      b.textContent = n;
      b.dataset.number = n;
      b.setAttribute('aria-label', t('dial.redial', { number: n }));
      const li = document.createElement('li');
      li.append(b);
      return li;
    }));
  }

  /** queue: the queue the call is for (undefined: the picker's); busy: dial while on a voicemail (voicemail.js) */
  async function dial(number, queue, busy) {
    const text = String(number || '').trim();
    if (!text) {
      hooks.notice(t('dial.empty'));
      return;
    }
    if (dialing || (!IDLE.has(hooks.state()) && !busy)) {
      hooks.notice(t('dial.refused.invalid-transition'));
      return;
    }
    dialing = true;
    render();
    const queueId = queue ?? $('dial-queue').value;
    try {
      const r = await signaling.request('call.dial', { number: text, ...(queueId ? { queueId } : {}) });
      calls.set(r.callId, { callId: r.callId, caller: r.number, queue: queueId || '', phase: 'calling' });
      hooks.dialed(r.callId); // agent.state on-call may have come first: the call card learns the number now
      remember(r.number);
      $('dial-number').value = '';
      hooks.log('act.calling', { number: r.number, callerId: r.callerId });
    } catch (err) {
      const key = `dial.refused.${err.code}`;
      hooks.notice(has(key) ? t(key, { message: err.message }) : t('error.generic', { action: t('dial.call'),
        message: `${err.code}: ${err.message}` }));
      $('dial-number').focus();
    } finally {
      dialing = false;
      renderRecent();
      render();
    }
  }

  signaling.addEventListener('hello', (e) => { if (e.detail.roles.includes('agent')) loadQueues(e.detail.agentId); });
  signaling.addEventListener('call.dial.progress', (e) => {
    const c = calls.get(e.detail.callId);
    if (!c) return;
    c.phase = e.detail.state === 'answered' ? 'answered' : 'ringing';
    if (c.phase === 'ringing') ringback.start();
    else {
      ringback.stop();
      hooks.answered(c.callId);
    }
    hooks.log(c.phase === 'answered' ? 'act.dialAnswered' : 'act.dialRinging', { number: c.caller });
    render();
  });
  signaling.addEventListener('call.dial.failed', (e) => {
    ringback.stop();
    calls.delete(e.detail.callId);
    const key = `dial.failed.${e.detail.reason}`;
    hooks.notice(has(key) ? t(key) : e.detail.message);
    render();
  });
  signaling.addEventListener('agent.state', (e) => {
    if (e.detail.state !== 'on-call') {
      ringback.stop();
      for (const [id, c] of calls) if (c.phase !== 'answered' || e.detail.callId !== id) calls.delete(id);
    }
  });

  $('dial').addEventListener('submit', (e) => {
    e.preventDefault();
    dial($('dial-number').value);
  });
  $('dial-recent').addEventListener('click', (e) => {
    if (e.target.dataset.number) dial(e.target.dataset.number);
  });

  function render() {
    const idle = IDLE.has(hooks.state());
    $('dial').hidden = !idle; // on a call the keypad sends DTMF, and the call card shows the dialed number
    $('dial-call').disabled = !idle || dialing;
    $('dial-number').disabled = !idle;
  }

  renderRecent();
  return {
    /** Calls back the caller of the voicemail the agent is on (the ACD ends the voicemail as it dials). */
    callBack(number, queue) {
      return dial(number, queue || '', true);
    },
    /** Dials number for queue ('' none) from available or away (the recent calls' "Call back"). */
    call(number, queue) {
      return dial(number, queue ?? '');
    },
    /** A keypad digit while idle goes into the number field; false when not idle (app.js sends DTMF then). */
    type(digit) {
      if (!IDLE.has(hooks.state())) return false;
      $('dial-number').value += digit;
      return true;
    },
    /** The call model for an outbound call of this page (null for others: app.js restores those). */
    callFor(callId) {
      const c = calls.get(callId);
      return c ? { callId, caller: c.caller, callerName: '', queue: c.queue, connectedAt: Date.now(), outbound: true }
        : null;
    },
    /** calling / ringing until the called party answers, then null (the call timer shows). */
    phase(callId) {
      const c = calls.get(callId);
      return c && c.phase !== 'answered' ? c.phase : null;
    },
    render,
  };
}
