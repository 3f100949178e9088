// The wallboard's live chats and the watch panel (docs/chat.md, "Supervisors watching"): the chats in progress from
// GET /api/v1/live-chats (agent, queue, customer, since, lines), read every PERIOD_MS while signed in; Watch on a
// chat an agent works on sends `chat.watch` and opens the panel with the conversation so far, then every
// `chat.watch.line` (the agent's whispers too, marked private), `chat.watch.typing`, `chat.watch.joined` and
// `chat.watch.ended` (or `chat.watch.lost`: a team leader's chat moved out of its teams); the whisper box sends
// `chat.whisper` (Ctrl+Enter or the button), which only the agent sees.
// One chat watched at a time; a new socket (reconnect) watches it again. Every text is set with textContent.
//
//   closed ──watch()──▶ watching ──chat.watch.ended / .lost──▶ ended (panel kept, whisper box hidden)
//     ▲                    │ unwatch()
//     └────────────────────┘
import { getJson } from './rest.js';
import { t } from './i18n.js';
import { duration, say, $ } from './format.js';

const PERIOD_MS = 3_000;

export class ChatWatch {
  #store;
  #signaling;
  #timer = null;
  #generation = 0;
  #rows = [];
  #error = null;
  #watched = null; // {chatId, agentId, customerName, ended}
  #shown = new Set(); // seqs shown in the panel's log
  #typingTimer = null;

  /**
   * @param store the page's TokenStore
   * @param signaling the supervisor's Signaling socket
   */
  constructor(store, signaling) {
    this.#store = store;
    this.#signaling = signaling;
    const mine = (e) => this.#watched && e.detail.chatId === this.#watched.chatId;
    signaling.addEventListener('chat.watch.line', (e) => { if (mine(e)) this.#line(e.detail); });
    signaling.addEventListener('chat.watch.typing', (e) => {
      if (!mine(e) || e.detail.from !== 'customer') return;
      say($('chat-watch-typing'), t('cw.typing', { name: this.#customer() }));
      clearTimeout(this.#typingTimer);
      this.#typingTimer = setTimeout(() => say($('chat-watch-typing'), ''), 4000);
    });
    signaling.addEventListener('chat.watch.joined', (e) => {
      if (!mine(e)) return;
      this.#watched.agentId = e.detail.agentId;
      this.#heading();
    });
    signaling.addEventListener('chat.watch.ended', (e) => {
      if (!mine(e)) return;
      this.#watched.ended = true;
      $('chat-whisper').hidden = true;
      say($('chat-watch-status'), t('cw.ended', { by: e.detail.by || '' }));
    });
    signaling.addEventListener('chat.watch.lost', (e) => {
      if (!mine(e)) return;
      this.#watched.ended = true; // not watched again on a reconnect: the server would refuse it
      $('chat-whisper').hidden = true;
      say($('chat-watch-status'), t('cw.lost'));
    });
    $('live-chats').querySelector('tbody').addEventListener('click', (e) => {
      const b = e.target.closest('button[data-chat]');
      if (b) this.watch(b.dataset.chat);
    });
    $('chat-whisper').addEventListener('submit', (e) => { e.preventDefault(); this.#whisper(); });
    $('chat-whisper-text').addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); this.#whisper(); }
    });
    $('chat-unwatch').addEventListener('click', () => this.unwatch());
  }

  start() {
    this.stop();
    this.#tick(++this.#generation);
  }

  stop() {
    this.#generation++;
    clearTimeout(this.#timer);
    this.#rows = [];
    this.#error = null;
    this.#close();
    this.render();
  }

  /** A new socket: the old one's watch ended with it, so watch the same chat again. */
  reconnected() {
    const w = this.#watched;
    if (w && !w.ended) this.watch(w.chatId);
  }

  /** Opens the panel on chatId (leaving the chat watched before). */
  async watch(chatId) {
    if (this.#watched && this.#watched.chatId !== chatId && !this.#watched.ended) {
      this.#signaling.request('chat.unwatch', { chatId: this.#watched.chatId }).catch(() => {});
    }
    say($('chat-watch-status'), '');
    let reply;
    try {
      reply = await this.#signaling.request('chat.watch', { chatId });
    } catch (err) {
      say($('chat-watch-status'), t('cw.failed', { message: `${err.code || ''}: ${err.message}` }));
      $('chat-watch').hidden = false;
      return;
    }
    const again = this.#watched?.chatId === chatId;
    this.#watched = { chatId, agentId: reply.agentId, customerName: reply.customerName, ended: false };
    if (!again) {
      this.#shown = new Set();
      $('chat-watch-log').replaceChildren();
    }
    (reply.lines || []).forEach((l) => this.#line({ ...l, chatId }));
    this.#heading();
    $('chat-whisper').hidden = false;
    $('chat-watch').hidden = false;
    if (!again) $('chat-whisper-text').focus();
    this.render();
  }

  async unwatch() {
    const w = this.#watched;
    if (w && !w.ended) await this.#signaling.request('chat.unwatch', { chatId: w.chatId }).catch(() => {});
    this.#close();
    this.render();
  }

  #close() {
    this.#watched = null;
    this.#shown = new Set();
    $('chat-watch').hidden = true;
    $('chat-watch-log').replaceChildren();
    say($('chat-watch-status'), '');
    say($('chat-watch-typing'), '');
  }

  async #whisper() {
    const box = $('chat-whisper-text');
    const text = box.value;
    if (!this.#watched || !text.trim()) return;
    try {
      await this.#signaling.request('chat.whisper', { chatId: this.#watched.chatId, text });
      box.value = '';
      say($('chat-watch-status'), t('cw.whispered'));
    } catch (err) {
      say($('chat-watch-status'), t('cw.failed', { message: `${err.code || ''}: ${err.message}` }));
    }
  }

  #customer() {
    return this.#watched?.customerName || t('chat.customer');
  }

  #heading() {
    const w = this.#watched;
    $('chat-watch-h').textContent = t('cw.panel', { customer: this.#customer(), agent: w.agentId || '–' });
  }

  // One line in seq order (a line may come both in the watch's reply and pushed: shown once).
  #line(m) {
    if (this.#shown.has(m.seq)) return;
    this.#shown.add(m.seq);
    const who = m.from === 'customer' ? this.#customer()
      : m.from === 'agent' ? t('cw.from.agent', { agent: m.agentId || '' })
        : m.from === 'supervisor' ? t('cw.from.supervisor', { supervisor: m.agentId || '' })
          : t(`chat.from.${m.from}`);
    const li = document.createElement('li');
    li.className = `chat-${m.from}${m.private ? ' chat-private' : ''}`;
    li.dataset.seq = String(m.seq);
    const strong = document.createElement('strong');
    strong.textContent = `${who}: `;
    li.append(strong, document.createTextNode(m.text));
    const log = $('chat-watch-log');
    const later = [...log.children].find((x) => Number(x.dataset.seq) > m.seq);
    log.insertBefore(li, later ?? null);
    log.scrollTop = log.scrollHeight;
  }

  async #tick(generation) {
    let rows = null;
    let error = null;
    try {
      rows = (await getJson(this.#store, '/api/v1/live-chats')).items || [];
    } catch (err) {
      error = err.message;
    }
    if (generation !== this.#generation) return;
    if (rows) this.#rows = rows;
    this.#error = error;
    this.render();
    this.#timer = setTimeout(() => this.#tick(generation), PERIOD_MS);
  }

  /** Draws the list from the last round (also every second, for the times, and after a language change). */
  render() {
    const now = Date.now();
    const focused = document.activeElement?.closest?.('#live-chats button[data-chat]')?.dataset.chat; // kept across redraws
    $('live-chats').hidden = this.#rows.length === 0;
    $('no-live-chats').hidden = this.#rows.length > 0;
    $('live-chats-error').textContent = this.#error ? t('cw.listFailed', { message: this.#error }) : '';
    $('live-chats').querySelector('tbody').replaceChildren(...this.#rows.map((c) => {
      const tr = document.createElement('tr');
      tr.dataset.chat = c.chatId;
      const td = (text, cls) => {
        const x = document.createElement('td');
        x.textContent = text;
        if (cls) x.className = cls;
        return x;
      };
      const action = td('', 'watch');
      if (c.status === 'connected') {
        const b = document.createElement('button');
        b.type = 'button';
        b.dataset.chat = c.chatId;
        b.textContent = t('cw.watch');
        b.setAttribute('aria-label', t('cw.watchLabel', { customer: c.customerName || t('chat.customer'), agent: c.agent }));
        b.setAttribute('aria-pressed', String(this.#watched?.chatId === c.chatId));
        action.append(b);
      }
      tr.append(td(c.agent || t(`cw.status.${c.status}`), 'agent'), td(c.queue, 'queue'),
        td(c.customerName || '–', 'customer'), td(duration(now - Date.parse(c.startedAt)), 'since'),
        td(String(c.lines), 'lines'), action);
      return tr;
    }));
    if (focused) $('live-chats').querySelector(`button[data-chat="${CSS.escape(focused)}"]`)?.focus();
    if (this.#watched) this.#heading();
  }
}
