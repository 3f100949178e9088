// The transfer target picker (docs/consult.md, "Picking the target"): attached to an existing text input, it lists
// the tenant's queues (calls waiting) and the agent's colleagues with a presence dot and label, as
// GET /api/v1/transfer-targets gives them (read again each time the list opens), filtered by what is typed (id or
// name). Arrow keys and Enter or a click pick one: the input gets its id and data-kind "queue" or "agent". A combobox
// in the ARIA sense: the input keeps the focus, the active option is its aria-activedescendant.
import { t, has, onLanguage } from './i18n.js';
import { getJson } from './rest.js';

const PATH = '/api/v1/transfer-targets';
let seq = 0;

/**
 * Attaches the picker to `input` (any text input inside a positioned-or-not container; the list is placed under it).
 * `store` is the session's TokenStore. Typing clears data-kind, so a half-typed id is never taken for a pick.
 * @returns {{target: () => Promise<{kind: 'queue'|'agent', id: string}|null>}} the picked target, else the
 *   queue or agent whose id is exactly the input's text, else null
 */
export function attachTransferPicker(input, store) {
  const list = document.createElement('ul');
  list.id = `targets-${++seq}`;
  list.className = 'picker';
  list.setAttribute('role', 'listbox');
  list.hidden = true;
  const wrap = document.createElement('span');
  wrap.className = 'picker-wrap';
  input.replaceWith(wrap);
  wrap.append(input, list);
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-controls', list.id);
  input.autocomplete = 'off';

  let data = { queues: [], agents: [] };
  let loading = null;
  let options = []; // the shown {kind, id} in order
  let active = -1;

  function load() {
    loading = getJson(store, PATH).then((d) => { data = d; }, (e) => { data.error = e.message; });
    return loading;
  }

  function presenceLabel(a) {
    if (a.presence === 'away' && a.reason) {
      return t('status.awayWith', { reason: has(`reason.${a.reason}`) ? t(`reason.${a.reason}`) : a.reason });
    }
    return t(`state.${a.presence}`);
  }

  function option(kind, id, name, detail, presence) {
    const li = document.createElement('li');
    li.setAttribute('role', 'option');
    li.id = `${list.id}-${options.length}`;
    li.dataset.kind = kind;
    li.dataset.id = id;
    const dot = document.createElement('span');
    dot.className = 'dot';
    dot.dataset.presence = presence;
    dot.setAttribute('aria-hidden', 'true');
    const label = document.createElement('span');
    label.textContent = name === id ? name : `${name} (${id})`;
    const small = document.createElement('small');
    small.textContent = detail;
    li.append(dot, label, small);
    options.push({ kind, id });
    return li;
  }

  function heading(key) {
    const li = document.createElement('li');
    li.setAttribute('role', 'presentation');
    li.className = 'picker-heading';
    li.textContent = t(key);
    return li;
  }

  function render() {
    const q = input.value.trim().toLowerCase();
    const match = (o) => !q || o.id.toLowerCase().includes(q) || (o.name || '').toLowerCase().includes(q);
    const queues = (data.queues || []).filter(match);
    const agents = (data.agents || []).filter(match);
    options = [];
    const items = [];
    if (queues.length) items.push(heading('picker.queues'));
    for (const x of queues) items.push(option('queue', x.id, x.name, t('picker.waiting', { n: x.waiting }), 'queue'));
    if (agents.length) items.push(heading('picker.agents'));
    for (const a of agents) items.push(option('agent', a.id, a.name, presenceLabel(a), a.presence));
    if (!options.length) {
      const li = heading(data.error ? 'picker.failed' : loading ? 'picker.empty' : 'picker.loading');
      items.push(li);
    }
    list.replaceChildren(...items);
    activate(options.length ? Math.min(Math.max(active, 0), options.length - 1) : -1);
  }

  function activate(i) {
    active = i;
    list.querySelectorAll('[role=option]').forEach((li, n) => li.setAttribute('aria-selected', String(n === i)));
    const li = i >= 0 ? list.querySelector(`#${list.id}-${i}`) : null;
    if (li) {
      input.setAttribute('aria-activedescendant', li.id);
      li.scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  }

  function open() {
    if (!list.hidden) return;
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    active = -1;
    render();
    load().then(() => { if (!list.hidden) render(); });
  }

  function close() {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  }

  function pick(i) {
    const o = options[i];
    if (!o) return;
    input.value = o.id;
    input.dataset.kind = o.kind;
    close();
    input.dispatchEvent(new CustomEvent('target-picked', { detail: { ...o } }));
  }

  input.addEventListener('focus', open);
  input.addEventListener('click', open);
  input.addEventListener('blur', close);
  input.addEventListener('input', () => {
    delete input.dataset.kind;
    active = 0;
    if (list.hidden) open(); else render();
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (list.hidden) { open(); return; }
      const step = e.key === 'ArrowDown' ? 1 : -1;
      if (options.length) activate((active + step + options.length) % options.length);
    } else if (e.key === 'Enter' && !list.hidden && active >= 0) {
      e.preventDefault(); // a pick, not the form's submit
      pick(active);
    } else if (e.key === 'Escape' && !list.hidden) {
      e.preventDefault();
      e.stopPropagation();
      close();
    }
  });
  list.addEventListener('mousedown', (e) => e.preventDefault()); // the input keeps the focus
  list.addEventListener('click', (e) => {
    const li = e.target.closest('[role=option]');
    if (li) pick(Number(li.id.slice(list.id.length + 1)));
  });
  input.form?.addEventListener('reset', () => { delete input.dataset.kind; close(); });
  onLanguage(() => { if (!list.hidden) render(); });

  return {
    async target() {
      const id = input.value.trim();
      if (!id) return null;
      if (input.dataset.kind) return { kind: input.dataset.kind, id };
      if (!loading) await load(); else await loading;
      if ((data.queues || []).some((x) => x.id === id)) return { kind: 'queue', id };
      if ((data.agents || []).some((x) => x.id === id)) return { kind: 'agent', id };
      return null;
    },
  };
}
