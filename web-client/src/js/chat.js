// Chats beside calls (docs/chat.md): a tab per chat with its unread count, the offer (accept / decline), the
// conversation, the customer's typing, a reply box, transfer to a queue or agent, and end with a disposition.
// Every line is shown with textContent, never as markup. Once accepted, a chat's tab also has the canned-response
// picker (canned.js) and the customer's record and cases (chat-customer.js), which use the REST API.
import { t } from './i18n.js';
import { bindCanned } from './canned.js';
import { showChatCustomer } from './chat-customer.js';

function el(tag, attrs = {}, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text != null) e.textContent = text;
  return e;
}

/** Binds the chat card (#chats) to the socket; notice(text) reports refusals in the activity log; store: the session's. */
export function bindChats(signaling, { notice, store }) {
  const card = document.getElementById('chats');
  const tabs = document.getElementById('chat-tabs');
  const panels = document.getElementById('chat-panels');
  const chats = new Map(); // chatId → {tab, panel, log, unread, typing, name}
  let active = null;

  function select(id) {
    active = id;
    for (const [cid, c] of chats) {
      const on = cid === id;
      c.tab.setAttribute('aria-selected', String(on));
      c.tab.tabIndex = on ? 0 : -1;
      c.panel.hidden = !on;
      if (on) { c.unread = 0; label(c); }
    }
  }

  function label(c) {
    c.tab.textContent = c.unread ? t('chat.tabUnread', { name: c.name, n: c.unread }) : c.name;
  }

  function line(c, m) {
    const who = m.from === 'customer' ? c.name : t(`chat.from.${m.from}`, { supervisor: m.agentId }); // supervisor: a whisper
    const li = el('li', { class: `chat-${m.from}${m.private ? ' chat-private' : ''}` });
    li.append(el('strong', {}, `${who}: `), document.createTextNode(m.text));
    c.log.append(li);
    c.log.scrollTop = c.log.scrollHeight;
    if (active !== c.id && m.from === 'customer') { c.unread += 1; label(c); }
  }

  function remove(id) {
    const c = chats.get(id);
    if (!c) return;
    c.tab.remove(); c.panel.remove(); chats.delete(id);
    if (active === id) select(chats.keys().next().value ?? null);
    card.hidden = chats.size === 0;
  }

  const ask = (type, fields) => signaling.request(type, fields).catch((err) => { notice(t('chat.refused', { message: err.message })); throw err; });

  function open(offer) {
    const id = offer.chatId;
    const name = offer.customerName || t('chat.customer');
    const tab = el('button', { role: 'tab', type: 'button', id: `chat-tab-${id}`, 'aria-controls': `chat-panel-${id}` });
    const panel = el('div', { role: 'tabpanel', id: `chat-panel-${id}`, 'aria-labelledby': `chat-tab-${id}`, class: 'chat-panel' });
    const offerBox = el('p', { class: 'chat-offer' }, t('chat.offered', { name, queue: offer.queue }));
    const accept = el('button', { type: 'button', class: 'chat-accept' }, t('chat.accept'));
    const decline = el('button', { type: 'button' }, t('chat.decline'));
    offerBox.append(' ', accept, ' ', decline);
    const log = el('ol', { role: 'log', 'aria-live': 'polite', class: 'chat-log' });
    const typing = el('p', { role: 'status', class: 'chat-typing' });
    const form = el('form', { class: 'chat-form', hidden: '' });
    const text = el('textarea', { rows: '2', 'aria-label': t('chat.message'), maxlength: '2000' });
    const send = el('button', { type: 'submit' }, t('chat.send'));
    const queue = el('input', { type: 'text', 'aria-label': t('chat.transferQueue'), placeholder: t('chat.transferQueue') });
    const transfer = el('button', { type: 'button' }, t('chat.transfer'));
    const disposition = el('input', { type: 'text', 'aria-label': t('chat.disposition'), placeholder: t('chat.disposition') });
    const end = el('button', { type: 'button', class: 'chat-end' }, t('chat.end'));
    form.append(text, send, queue, transfer, disposition, end);
    const aside = el('aside', { class: 'chat-customer', 'aria-label': t('chatcust.heading') });
    panel.append(offerBox, log, typing, form, aside);
    tabs.append(tab); panels.append(panel);
    const c = { id, tab, panel, log, unread: 0, name, typing };
    chats.set(id, c);
    label(c);
    tab.addEventListener('click', () => select(id));
    card.hidden = false;
    if (!active) select(id);

    c.connected = (lines) => {
      offerBox.remove(); form.hidden = false;
      lines.forEach((m) => line(c, m));
      bindCanned(store, id, text);
      showChatCustomer(store, id, aside, notice);
    };
    accept.addEventListener('click', () => ask('chat.accept', { chatId: id }).then((r) => {
      c.connected(r.lines || []);
      text.focus();
    }));
    decline.addEventListener('click', () => ask('chat.reject', { chatId: id }).then(() => remove(id)));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      if (!text.value.trim()) return;
      ask('chat.send', { chatId: id, text: text.value }).then(() => { text.value = ''; });
    });
    let last = 0;
    text.addEventListener('input', () => {
      if (Date.now() - last > 2000) { last = Date.now(); signaling.request('chat.typing', { chatId: id }).catch(() => {}); }
    });
    transfer.addEventListener('click', () => {
      const target = queue.value.trim();
      if (!target) return;
      const fields = target.startsWith('@') ? { chatId: id, agentId: target.slice(1) } : { chatId: id, queue: target };
      ask('chat.transfer', fields).then(() => remove(id));
    });
    end.addEventListener('click', () => ask('chat.end', { chatId: id, disposition: disposition.value.trim() || undefined })
      .then(() => remove(id)));
  }

  signaling.addEventListener('chat.offered', (e) => { if (!chats.has(e.detail.chatId)) open(e.detail); });
  // After a reload (or a move to another node): the chats this agent holds, offers again and accepted ones with
  // their lines so far; a chat already shown (offered in between) keeps its tab.
  signaling.addEventListener('chat.held', (e) => {
    for (const h of e.detail.chats || []) {
      if (chats.has(h.chatId)) continue;
      open(h);
      const c = chats.get(h.chatId);
      if (h.state === 'connected') { c.connected(h.lines || []); c.unread = 0; label(c); }
    }
  });
  signaling.addEventListener('chat.revoked', (e) => remove(e.detail.chatId));
  signaling.addEventListener('chat.message', (e) => { const c = chats.get(e.detail.chatId); if (c) line(c, e.detail); });
  signaling.addEventListener('chat.typing', (e) => {
    const c = chats.get(e.detail.chatId);
    if (!c) return;
    c.typing.textContent = t('chat.typing', { name: c.name });
    clearTimeout(c.typingTimer);
    c.typingTimer = setTimeout(() => { c.typing.textContent = ''; }, 4000);
  });
  signaling.addEventListener('chat.watched', (e) => { // only when the tenant shows silent monitoring
    const c = chats.get(e.detail.chatId);
    if (c) c.typing.textContent = t(e.detail.watching ? 'chat.watched' : 'chat.unwatched', { supervisor: e.detail.supervisorId });
  });
  signaling.addEventListener('chat.ended', (e) => {
    const c = chats.get(e.detail.chatId);
    if (!c) return;
    if (e.detail.by === 'agent') { remove(c.id); return; }
    c.typing.textContent = t('chat.endedBy', { name: c.name });
    c.panel.querySelector('form')?.setAttribute('hidden', '');
    setTimeout(() => remove(c.id), 10000);
  });
}
