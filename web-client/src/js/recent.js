// Today's calls of this agent, newest first: GET /api/v1/interactions (an agent reads only the calls offered to it)
// from the browser's local midnight, at most PAGE. Each row says when, who (the number; outbound: the number
// dialed), the queue, how it ended and the talk time; "Call back" dials the number through call.dial (dial.js, the
// call's queue's caller ID) and "Case #n" opens the case opened about the call (matched by its callIds among the
// cases the agent may read, newest first) in the case dialog (case-detail.js). Read at every hello and shortly after each call and
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
 * @param hooks {dial(number, queue): call.dial (dial.js), openCase(id, opener): the case dialog}
 * @returns {load(), soon(), render(), clear(), describe(callId)}
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
      b.addEventListener('click', () => hooks.openCase(k.id, b));
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
    /** "14:02 +15551234567 · support" for a call of today's list, '' for another. */
    describe(callId) {
      const c = calls.find((x) => x.callId === callId);
      return c ? `${time(c.arrivedAt)} ${c.caller || t('call.unknownCaller')}${c.queue ? ` · ${c.queue}` : ''}` : '';
    },
  };
}
