// The one module that owns the agent's WebSocket (/ws). Protocol: docs/protocol.md.

export class Signaling extends EventTarget {
  #ws = null;
  #nextId = 1;

  /** Opens the socket; the access token goes in the query string because browsers cannot set headers. */
  connect(accessToken) {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const url = `${scheme}://${location.host}/ws?access_token=${encodeURIComponent(accessToken)}`;
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.onopen = () => { this.#ws = ws; resolve(); };
      ws.onerror = () => reject(new Error('signaling connection failed'));
      ws.onclose = (e) => this.dispatchEvent(new CustomEvent('closed', { detail: { code: e.code, reason: e.reason } }));
      ws.onmessage = (e) => {
        let msg;
        try { msg = JSON.parse(e.data); } catch { return; }
        this.dispatchEvent(new CustomEvent(msg.type, { detail: msg }));
        this.dispatchEvent(new CustomEvent('message', { detail: msg }));
      };
    });
  }

  /** Sends one message; returns its correlation id (the server answers with ack or error carrying it). */
  send(type, fields = {}) {
    const id = String(this.#nextId++);
    this.#ws?.send(JSON.stringify({ type, id, ...fields }));
    return id;
  }

  close() {
    this.#ws?.close(1000, 'sign out');
  }
}
