// Canned responses in a chat tab (docs/chat.md): a "Responses" button and the "/" short code in the reply box open
// a listbox of the tenant's responses for this chat, already filled by the server
// (GET /api/v1/chats/{chatId}/canned-responses). The reply box is the listbox's combobox: typing "/code" filters by
// short code or title, ArrowDown/ArrowUp move, Enter or a click inserts, Escape closes. The filled text goes into the
// reply box for the agent to edit and send; a placeholder the chat had no value for is named in a note (it was left
// out of the text). Every text is set with textContent, never as markup.
import { getJson } from './rest.js';
import { t } from './i18n.js';

let serial = 0;

function el(tag, attrs = {}, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text != null) e.textContent = text;
  return e;
}

/**
 * Adds the picker to a chat's reply box. Call once the chat is accepted (the route answers only its agent).
 * @param store the session's TokenStore
 * @param text the reply box (textarea); the picker is added after it
 * @returns {{ element }} the picker's wrapper (button, listbox, note)
 */
export function bindCanned(store, chatId, text) {
  const id = `canned-${++serial}`;
  const button = el('button', { type: 'button', class: 'canned-open', 'aria-haspopup': 'listbox', 'aria-expanded': 'false', 'aria-controls': `${id}-list` }, t('canned.open'));
  const list = el('ul', { role: 'listbox', id: `${id}-list`, class: 'canned-list', 'aria-label': t('canned.label'), hidden: '' });
  const note = el('p', { role: 'status', class: 'canned-note' });
  const wrap = el('div', { class: 'canned' });
  wrap.append(button, list, note);
  text.after(wrap);
  text.setAttribute('role', 'combobox');
  text.setAttribute('aria-autocomplete', 'list');
  text.setAttribute('aria-controls', `${id}-list`);
  text.setAttribute('aria-expanded', 'false');

  let responses = null; // loaded on first use
  let shown = [];
  let active = -1;
  let bySlash = false; // opened by typing "/": the "/code" typed is replaced on insert

  async function load() {
    if (responses) return responses;
    try {
      responses = (await getJson(store, `/api/v1/chats/${encodeURIComponent(chatId)}/canned-responses`)).items;
    } catch (err) {
      note.textContent = t('canned.failed', { message: err.message });
      responses = null;
      return [];
    }
    return responses;
  }

  function close() {
    list.hidden = true;
    active = -1;
    text.setAttribute('aria-expanded', 'false');
    button.setAttribute('aria-expanded', 'false');
    text.removeAttribute('aria-activedescendant');
  }

  function highlight(i) {
    active = i;
    [...list.children].forEach((li, n) => li.setAttribute('aria-selected', String(n === i)));
    if (i >= 0 && list.children[i]) {
      text.setAttribute('aria-activedescendant', list.children[i].id);
      list.children[i].scrollIntoView?.({ block: 'nearest' });
    } else {
      text.removeAttribute('aria-activedescendant');
    }
  }

  async function open(filter, slash) {
    bySlash = slash;
    const all = await load();
    const f = filter.toLowerCase();
    shown = all.filter((r) => !f || r.id.startsWith(f) || r.title.toLowerCase().includes(f));
    list.replaceChildren(...(shown.length ? shown.map((r, n) => {
      const li = el('li', { role: 'option', id: `${id}-opt-${n}`, 'aria-selected': 'false', 'data-id': r.id });
      li.append(el('strong', {}, `/${r.id}`), ` ${r.title}`);
      li.addEventListener('mousedown', (e) => e.preventDefault()); // keep the reply box focused
      li.addEventListener('click', () => insert(r));
      return li;
    }) : [el('li', { class: 'muted', 'aria-disabled': 'true' }, t('canned.none'))]));
    list.hidden = false;
    text.setAttribute('aria-expanded', 'true');
    button.setAttribute('aria-expanded', 'true');
    highlight(shown.length ? 0 : -1);
  }

  function insert(r) {
    if (bySlash) {
      text.value = r.text;
    } else {
      const at = text.selectionStart ?? text.value.length;
      text.value = text.value.slice(0, at) + r.text + text.value.slice(text.selectionEnd ?? at);
    }
    close();
    note.textContent = r.missing?.length
      ? t('canned.missing', { names: r.missing.map((m) => t(`canned.ph.${m}`)).join(', ') }) : '';
    text.focus();
    text.setSelectionRange(text.value.length, text.value.length);
    text.dispatchEvent(new Event('input')); // the customer sees the agent typing
  }

  const slashCode = () => /^\/([^\s/]*)$/.exec(text.value);

  text.addEventListener('input', () => {
    const m = slashCode();
    if (m) open(m[1], true); else if (bySlash && !list.hidden) close();
  });
  text.addEventListener('keydown', (e) => {
    if (list.hidden) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!shown.length) return;
      const step = e.key === 'ArrowDown' ? 1 : -1;
      highlight((active + step + shown.length) % shown.length);
    } else if (e.key === 'Enter' && active >= 0) {
      e.preventDefault();
      insert(shown[active]);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      close();
    }
  });
  text.addEventListener('blur', () => setTimeout(() => { if (document.activeElement !== text) close(); }, 150));
  button.addEventListener('click', () => {
    if (!list.hidden) { close(); return; }
    text.focus();
    open('', false);
  });
  return { element: wrap };
}
