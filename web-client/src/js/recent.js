// Today's calls of this agent, newest first: GET /api/v1/interactions (an agent reads only the calls offered to it)
// from the browser's local midnight, at most PAGE. Each row says when, who (the number; outbound: the number
// dialed), the queue, how it ended and the talk time; "Call back" dials the number through call.dial (dial.js, the
// call's queue's caller ID) and "Case #n" shows the case opened about the call (matched by its callIds among the
// cases the agent may read, newest first) in a dialog. Read at every hello and shortly after each call and
// wrap-up ends (the records pipeline stores the interaction within a fraction of a second).
import { getJson } from './rest.js';
import { t, has, language } from './i18n.js';
import { duration, $ } from './format.js';

const PAGE = 50;
const CASES = 100;
const AFTER_CALL_MS = 1500;

function localMidnight() {
  const d = new Date();
  d.setHours(0, 0, 0, 0);
  return d.toISOString();
}

function time(iso) {
  return new Date(iso).toLocaleTimeString(language(), { hour: '2-digit', minute: '2-digit' });
}

function outcomeText(outcome) {
  const key = `recent.outcome.${outcome}`;
  return has(key) ? t(key) : outcome || '';
}

/**
 * @param hooks {dial(number, queue): call.dial (dial.js), notice(text)}
 * @returns {load(), soon(), render()}
 */
export function bindRecentCalls(store, hooks) {
  let calls = []; // interactions, newest first
  let caseOf = new Map(); // callId → case {id, subject, ...}
  let loaded = false;
  let failed = null;
  let timer = null;
  let generation = 0;

  async function load() {
    const mine = ++generation;
    try {
      const q = new URLSearchParams({ from: localMidnight(), limit: String(PAGE) });
      const [page, cases] = await Promise.all([
        getJson(store, `/api/v1/interactions?${q}`),
        getJson(store, `/api/v1/cases?limit=${CASES}`).catch(() => ({ items: [] })), // the calls still show
      ]);
      if (mine !== generation) return;
      calls = page.items || [];
      caseOf = new Map();
      for (const k of cases.items || []) {
        for (const id of k.callIds || []) if (!caseOf.has(id)) caseOf.set(id, k);
      }
      loaded = true;
      failed = null;
    } catch (err) {
      if (mine !== generation) return;
      failed = err.message;
    }
    render();
  }

  function row(c) {
    const li = document.createElement('li');
    li.dataset.callId = c.callId;
    const when = document.createElement('time');
    when.dateTime = c.arrivedAt;
    when.textContent = time(c.arrivedAt);
    const who = document.createElement('strong');
    who.textContent = c.caller || t('call.unknownCaller');
    const what = document.createElement('span');
    what.className = 'muted';
    const parts = [t(c.direction === 'outbound' ? 'recent.outbound' : 'recent.inbound')];
    if (c.queue) parts.push(c.queue);
    parts.push(outcomeText(c.outcome));
    if (c.talkSeconds > 0) parts.push(duration(c.talkSeconds * 1000));
    what.textContent = parts.filter(Boolean).join(' · ');
    li.append(when, ' ', who, ' ', what);
    const actions = document.createElement('span');
    actions.className = 'row';
    if (c.caller) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'link';
      b.textContent = t('recent.callBack');
      b.setAttribute('aria-label', t('recent.callBackLong', { number: c.caller }));
      b.addEventListener('click', () => hooks.dial(c.caller, c.queue || ''));
      actions.append(b);
    }
    const k = caseOf.get(c.callId);
    if (k) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'link';
      b.dataset.caseId = k.id;
      b.textContent = t('recent.case', { id: k.id });
      b.setAttribute('aria-label', t('recent.caseLong', { id: k.id, subject: k.subject }));
      b.addEventListener('click', () => openCase(k.id));
      actions.append(b);
    }
    li.append(' ', actions);
    return li;
  }

  function render() {
    $('recent-status').textContent = failed ? t('recent.failed', { message: failed })
      : loaded && calls.length === 0 ? t('recent.none') : '';
    $('recent-calls').replaceChildren(...calls.map(row));
  }

  async function openCase(id) {
    try {
      const k = await getJson(store, `/api/v1/cases/${encodeURIComponent(id)}`);
      $('case-dialog-h').textContent = t('recent.caseTitle', { id: k.id, subject: k.subject });
      const fields = [
        ['recent.caseStatus', has(`case.status.${k.status}`) ? t(`case.status.${k.status}`) : k.status],
        ['case.priority', has(`case.priority.${k.priority}`) ? t(`case.priority.${k.priority}`) : k.priority],
        ['recent.caseDepartment', k.department || ''],
        ['recent.caseOwner', k.owner || t('recent.caseBacklog')],
        ['recent.caseDue', k.dueAt ? new Date(k.dueAt).toLocaleString(language()) : ''],
      ];
      $('case-dialog-fields').replaceChildren(...fields.flatMap(([key, value]) => {
        const dt = document.createElement('dt');
        dt.textContent = t(key);
        const dd = document.createElement('dd');
        dd.textContent = value;
        return [dt, dd];
      }));
      $('case-dialog-description').textContent = k.description || '';
      $('case-dialog').showModal();
    } catch (err) {
      hooks.notice(t('recent.caseFailed', { id, message: err.message }));
    }
  }

  return {
    load,
    /** A call or a wrap-up just ended: read again once the records pipeline has it. */
    soon() {
      clearTimeout(timer);
      timer = setTimeout(load, AFTER_CALL_MS);
    },
    clear() {
      clearTimeout(timer);
      generation++;
      calls = [];
      caseOf = new Map();
      loaded = false;
      failed = null;
      render();
    },
    render,
  };
}
