// "My cases" (docs/cases.md, "In the softphone"): the signed-in user's own open cases (GET /api/v1/cases
// ?owner=me&active=true), due soonest first, the overdue ones marked in words; and a search over every case the
// user may see (text, status, priority: the server narrows it to the user's cases and queues, a team leader's to
// its own and its members'). Each row opens the case (case-detail.js). The list is read at sign-in, after each
// change made here, and when the page says a call or a case's work ended (soon()).
//
// The search form folds away (a <details>) so the card stays short beside a call at 1366x768.
//
// Announcements: one role=status line says what the list holds ("3 open cases, 1 overdue"), written only when that
// text changes; nothing here ticks. The section's markup is built here so the softphone and the wallboard (a team
// leader's page) only give it an empty <section>.
import { getJson } from './rest.js';
import { t, has, translate, language } from './i18n.js';

const LIMIT = 100;
const SOON_MS = 1500;
const STATUSES = ['new', 'open', 'pending', 'resolved', 'closed'];
const PRIORITIES = ['low', 'normal', 'high', 'urgent'];

const MARKUP = `
  <h2 id="mycases-h" tabindex="-1" data-i18n="mc.heading">My cases</h2>
  <details id="case-search-box" class="case-search-box">
    <summary id="case-search-toggle" data-i18n="mc.searchToggle">Search cases</summary>
    <form id="case-search" class="case-search" role="search" aria-labelledby="mycases-h">
      <label><span data-i18n="mc.text">Search</span> <input id="case-q" type="search" maxlength="200" autocomplete="off"></label>
      <label><span data-i18n="recent.caseStatus">Status</span> <select id="case-status-filter"></select></label>
      <label><span data-i18n="case.priority">Priority</span> <select id="case-priority-filter"></select></label>
      <div class="row">
        <button type="submit" id="case-search-go" data-i18n="mc.search">Search</button>
        <button type="button" id="case-mine" data-i18n="mc.mine">My open cases</button>
      </div>
    </form>
  </details>
  <p id="mycases-status" class="muted" role="status"></p>
  <p id="mycases-said" class="case-said" role="status"></p>
  <ul id="mycases-list" class="case-list" aria-labelledby="mycases-h"></ul>`;

function due(iso) {
  return new Date(iso).toLocaleString(language(), { dateStyle: 'short', timeStyle: 'short' });
}

/**
 * @param section the empty <section> to fill; @param detail case-detail.js's {open(id, opener)}
 * @returns {load(), soon(), render(), clear()}
 */
export function bindMyCases(section, store, detail) {
  section.innerHTML = MARKUP;
  section.setAttribute('aria-labelledby', 'mycases-h');
  const el = (id) => section.querySelector(`#${id}`);
  let mode = { mine: true }; // or {q, status, priority}
  let cases = [];
  let failed = null;
  let loaded = false;
  let generation = 0;
  let timer = null;
  let announced = '';

  function filters() {
    const keep = (s, v) => s.value || v;
    const status = el('case-status-filter');
    const priority = el('case-priority-filter');
    const sv = keep(status, '');
    const pv = keep(priority, '');
    status.replaceChildren(new Option(t('mc.anyStatus'), ''),
      ...STATUSES.map((s) => new Option(t(`case.status.${s}`), s)));
    priority.replaceChildren(new Option(t('mc.anyPriority'), ''),
      ...PRIORITIES.map((p) => new Option(t(`case.priority.${p}`), p)));
    status.value = sv;
    priority.value = pv;
  }

  async function load() {
    const mine = ++generation;
    const q = new URLSearchParams({ limit: String(LIMIT) });
    if (mode.mine) {
      q.set('owner', 'me');
      q.set('active', 'true');
    } else {
      for (const k of ['q', 'status', 'priority']) if (mode[k]) q.set(k, mode[k]);
    }
    try {
      const page = await getJson(store, `/api/v1/cases?${q}`);
      if (mine !== generation) return;
      cases = page.items || [];
      if (mode.mine) cases.sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt)); // due soonest first
      failed = null;
      loaded = true;
    } catch (err) {
      if (mine !== generation) return;
      failed = err.message;
    }
    render();
  }

  function row(k) {
    const li = document.createElement('li');
    li.dataset.caseId = k.id;
    if (k.overdue) li.classList.add('overdue');
    const open = document.createElement('button');
    open.type = 'button';
    open.className = 'link';
    open.textContent = t('recent.caseTitle', { id: k.id, subject: k.subject });
    open.addEventListener('click', () => detail.open(k.id, open));
    const meta = document.createElement('span');
    meta.className = 'muted case-meta';
    const status = has(`case.status.${k.status}`) ? t(`case.status.${k.status}`) : k.status;
    const priority = has(`case.priority.${k.priority}`) ? t(`case.priority.${k.priority}`) : k.priority;
    meta.textContent = [priority, status, k.department, t('offer.caseDue', { due: due(k.dueAt) })].join(' · ');
    li.append(open, ' ', meta);
    if (k.overdue) {
      const flag = document.createElement('strong');
      flag.className = 'badge overdue';
      flag.textContent = t('case.overdue');
      li.append(' ', flag);
    }
    return li;
  }

  function summary() {
    if (failed) return t('mc.failed', { message: failed });
    if (!loaded) return '';
    const overdue = cases.filter((k) => k.overdue).length;
    const n = cases.length;
    if (mode.mine) {
      if (n === 0) return t('mc.none');
      if (n === 1) return t(overdue ? 'mc.oneOverdue' : 'mc.one');
      return overdue ? t('mc.countOverdue', { count: n, overdue }) : t('mc.count', { count: n });
    }
    return n === 0 ? t('mc.noMatch') : t(n === 1 ? 'mc.foundOne' : 'mc.found', { count: n });
  }

  function render() {
    el('case-mine').setAttribute('aria-pressed', String(!!mode.mine));
    const text = summary();
    if (text !== announced) { // a live region: written only when what it says changes
      announced = text;
      el('mycases-status').textContent = text;
    }
    // a refresh keeps keyboard focus: on the same case's row, else (it left the list) on the card's heading
    const list = el('mycases-list');
    const focused = list.contains(document.activeElement) ? document.activeElement.closest('li')?.dataset.caseId : null;
    list.replaceChildren(...cases.map(row));
    if (focused) (list.querySelector(`li[data-case-id="${focused}"] button`) || el('mycases-h')).focus();
  }

  el('case-search').addEventListener('submit', (e) => {
    e.preventDefault();
    mode = { q: el('case-q').value.trim(), status: el('case-status-filter').value,
      priority: el('case-priority-filter').value };
    load();
  });
  el('case-mine').addEventListener('click', () => {
    mode = { mine: true };
    el('case-search').reset();
    load();
  });
  translate(section);
  filters();

  return {
    load,
    /** A call or a case's work just ended, or a case was opened: read again shortly. */
    soon() {
      clearTimeout(timer);
      timer = setTimeout(load, SOON_MS);
    },
    /** Labels in the new language. */
    render() {
      translate(section);
      filters();
      announced = null;
      render();
    },
    /** Signed out: nothing shown. */
    clear() {
      clearTimeout(timer);
      generation++;
      cases = [];
      loaded = false;
      failed = null;
      mode = { mine: true };
      el('mycases-said').textContent = '';
      render();
    },
    /** Says what just happened to a case (forwarded, escalated, saved, or why it could not be opened), once. */
    said(text, error = false) {
      el('mycases-said').textContent = text;
      el('mycases-said').classList.toggle('error', error);
    },
    /** Where focus goes when what held it went away (a case forwarded from the dialog). */
    focus() {
      el('mycases-h').focus();
    },
  };
}
