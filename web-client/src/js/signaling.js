// The one module that owns the WebSocket (/ws). Protocol: docs/protocol.md.
//
// Connection life cycle (status events carry one of these):
//
//   connecting ──open+hello──▶ open ──socket lost / no pong──▶ reconnecting ──(backoff)──▶ connecting
//        ▲                                                         │
//        └──────────────── refresh token, retry ◀─ 4001/4002/4003 ─┘
//   stop() or the session ends (refresh refused) ──▶ closed (no more retries)
//
// The server's first message on every socket is `hello`; it is re-dispatched on every reconnect, which is how
// the page resynchronises (state, callId). Requests are matched to `ack`/`error` by id.

const PING_EVERY_MS = 15000;
const PONG_WITHIN_MS = 5000;
const REQUEST_TIMEOUT_MS = 10000;
const BACKOFF_MS = [500, 1000, 2000, 4000, 8000, 15000];

/** A request the server refused (`error`): `code` and `field` as in the protocol's error table. */
export class RequestError extends Error {
  constructor(code, message, field) {
    super(message);
    this.code = code;
    this.field = field;
  }
}

export class Signaling extends EventTarget {
  #store;
  #ws = null;
  #status = 'closed';
  #nextId = 1;
  #pending = new Map(); // id → {resolve, reject, timer}
  #attempt = 0;
  #stopped = true;
  #retryTimer = null;
  #renewTimer = null;
  #pingTimer = null;
  #pongTimer = null;

  /** @param store a TokenStore (accessToken, expiresAt, refresh()) */
  constructor(store) {
    super();
    this.#store = store;
    addEventListener('online', () => { if (this.#status === 'reconnecting') this.#connectNow(); });
  }

  get status() { return this.#status; }

  /** Connects and keeps the connection up until stop(). */
  start() {
    this.#stopped = false;
    this.#connectNow();
  }

  /** Closes for good (sign-out). Pending requests are rejected. */
  stop() {
    this.#stopped = true;
    clearTimeout(this.#retryTimer);
    clearTimeout(this.#renewTimer);
    this.#stopLiveness();
    this.#ws?.close(1000, 'sign out');
    this.#ws = null;
    this.#failPending('signed out');
    this.#setStatus('closed');
  }

  /**
   * Sends a request; resolves on its `ack` (or `pong`, or a reply like `call.dialing`), rejects with a RequestError on its `error`, or with an
   * Error when the socket is not open, closes first, or nothing comes back within 10 s.
   */
  request(type, fields = {}) {
    const ws = this.#ws;
    if (!ws || ws.readyState !== WebSocket.OPEN || this.#status !== 'open') {
      return Promise.reject(new RequestError('offline', 'not connected'));
    }
    const id = String(this.#nextId++);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new RequestError('timeout', `no answer to ${type}`));
      }, REQUEST_TIMEOUT_MS);
      this.#pending.set(id, { resolve, reject, timer });
      ws.send(JSON.stringify({ type, id, ...fields }));
    });
  }

  #connectNow() {
    clearTimeout(this.#retryTimer);
    if (this.#stopped) return;
    this.#setStatus(this.#attempt === 0 ? 'connecting' : 'reconnecting');
    this.#open().catch(() => this.#retry());
  }

  async #open() {
    if (!this.#store.accessToken) {
      this.stop();
      return;
    }
    if (this.#store.expiresAt - Date.now() < 10000) {
      await this.#store.refresh();
    }
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const ws = new WebSocket(`${scheme}://${location.host}/ws?access_token=${encodeURIComponent(this.#store.accessToken)}`);
    this.#ws?.close();
    this.#ws = ws;
    let helloSeen = false;
    ws.onmessage = (e) => {
      if (ws !== this.#ws) return;
      let msg;
      try { msg = JSON.parse(e.data); } catch { return; }
      if (msg.type === 'hello' && !helloSeen) {
        helloSeen = true;
        this.#attempt = 0;
        this.#setStatus('open');
        this.#startLiveness();
        this.#scheduleRenewal();
      }
      this.#dispatch(msg);
    };
    ws.onclose = (e) => {
      if (ws !== this.#ws) return;
      this.#ws = null;
      this.#stopLiveness();
      clearTimeout(this.#renewTimer);
      this.#failPending('connection lost');
      this.dispatchEvent(new CustomEvent('closed', { detail: { code: e.code, reason: e.reason } }));
      if (this.#stopped) return;
      // A refused handshake (401: token expired/revoked) looks like a close before hello: refresh then retry.
      const needsToken = e.code === 4001 || e.code === 4002 || e.code === 4003 || !helloSeen;
      this.#retry(needsToken);
    };
  }

  async #retry(needsToken = false) {
    if (this.#stopped) return;
    this.#setStatus('reconnecting');
    const delay = BACKOFF_MS[Math.min(this.#attempt, BACKOFF_MS.length - 1)] * (0.75 + Math.random() / 2);
    this.#attempt++;
    this.#retryTimer = setTimeout(async () => {
      if (needsToken) {
        try {
          await this.#store.refresh();
        } catch (err) {
          if (err.status === 401 || err.status === 403) { this.stop(); return; } // session over
        }
      }
      this.#connectNow();
    }, delay);
  }

  // Renews the access token on the live socket before it expires: a minute early, or a quarter of its
  // lifetime early for short-lived tokens.
  #scheduleRenewal() {
    clearTimeout(this.#renewTimer);
    const left = this.#store.expiresAt - Date.now();
    const at = Math.max(1000, left - Math.min(60000, left / 4));
    this.#renewTimer = setTimeout(async () => {
      try {
        const token = await this.#store.refresh();
        await this.request('authenticate', { token });
        this.dispatchEvent(new CustomEvent('renewed'));
        this.#scheduleRenewal();
      } catch (err) {
        this.dispatchEvent(new CustomEvent('renewal-failed', { detail: { message: err.message } }));
        if (this.#status === 'open') this.#renewTimer = setTimeout(() => this.#scheduleRenewal(), 5000);
      }
    }, at);
  }

  // A dead network does not close a WebSocket for minutes: ping, and drop the socket if no pong comes back.
  #startLiveness() {
    this.#stopLiveness();
    this.#pingTimer = setInterval(() => {
      const ws = this.#ws;
      if (!ws || ws.readyState !== WebSocket.OPEN) return;
      ws.send(JSON.stringify({ type: 'ping' }));
      clearTimeout(this.#pongTimer);
      this.#pongTimer = setTimeout(() => ws.close(4000, 'no pong'), PONG_WITHIN_MS);
    }, PING_EVERY_MS);
  }

  #stopLiveness() {
    clearInterval(this.#pingTimer);
    clearTimeout(this.#pongTimer);
  }

  #dispatch(msg) {
    if (msg.type === 'pong') clearTimeout(this.#pongTimer);
    const p = msg.id != null ? this.#pending.get(msg.id) : null;
    // a message carrying a pending request's id is its answer: ack, pong, error, or a reply such as call.dialing
    if (p) {
      this.#pending.delete(msg.id);
      clearTimeout(p.timer);
      if (msg.type === 'error') p.reject(new RequestError(msg.code, msg.message, msg.field));
      else p.resolve(msg);
      return;
    }
    this.dispatchEvent(new CustomEvent(msg.type, { detail: msg }));
  }

  #failPending(why) {
    for (const [, p] of this.#pending) {
      clearTimeout(p.timer);
      p.reject(new RequestError('offline', why));
    }
    this.#pending.clear();
  }

  #setStatus(s) {
    if (s === this.#status) return;
    this.#status = s;
    this.dispatchEvent(new CustomEvent('status', { detail: { status: s } }));
  }
}
