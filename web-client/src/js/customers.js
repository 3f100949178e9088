// The screen pop: who is calling, shown while a call rings and kept through the call and its wrap-up. It is fetched
// (GET /api/v1/screen-pop/{callId}) after call.offered arrives, so the offer itself never waits for it. An unknown
// number gets a "Create customer" form (POST /api/v1/customers, allowed to agents); the pop is then asked again.
// The customers' open cases (any department) are listed under the last interactions.
// customerItem and caseItem are also the chat tab's customer card (chat-customer.js).
import { ApiError } from './api.js';
import { getJson, postJson } from './rest.js';
import { t, has } from './i18n.js';
import { $ } from './format.js';

export class ScreenPop {
  /** @param store the session's TokenStore; @param onNotice (text) => void for what the agent should read */
  constructor(store, onNotice) {
    this.store = store;
    this.onNotice = onNotice;
    this.callId = null;
    this.pop = null; // the last answer for callId
    this.error = null;
    $('pop-create').addEventListener('submit', (e) => { e.preventDefault(); this.create(); });
  }

  /** Shows the pop of callId (fetched once per call; again after a customer is created); none for a case. */
  show(callId) {
    if (String(callId).startsWith('case-')) { // a case offered from a backlog (case-offer.js): nobody is calling
      this.clear();
      return;
    }
    if (!callId || callId === this.callId) return;
    this.callId = callId;
    this.pop = null;
    this.error = null;
    $('pop-name').value = '';
    $('pop-company').value = '';
    $('pop-error').textContent = '';
    this.render();
    this.load(callId);
  }

  /** The customer's id when the caller is exactly one known customer, else null. */
  onlyCustomerId() {
    return this.pop?.customers?.length === 1 ? this.pop.customers[0].id : null;
  }

  /** No call any more: the card goes. */
  clear() {
    this.callId = null;
    this.pop = null;
    this.render();
  }

  async load(callId) {
    try {
      const pop = await getJson(this.store, `/api/v1/screen-pop/${encodeURIComponent(callId)}`);
      if (callId !== this.callId) return; // another call meanwhile
      this.pop = pop;
      this.error = null;
    } catch (err) {
      if (callId !== this.callId) return;
      this.error = err instanceof ApiError ? err.message : String(err);
    }
    this.render();
  }

  async create() {
    if (!this.pop) return;
    const name = $('pop-name').value.trim();
    if (!name) return;
    const company = $('pop-company').value.trim();
    const phones = [this.pop.number];
    $('pop-create-submit').disabled = true;
    try {
      const c = await postJson(this.store, '/api/v1/customers', { displayName: name, phones, ...(company ? { company } : {}) });
      this.onNotice?.(t('pop.created', { name: c.displayName }));
      const callId = this.callId;
      await this.load(callId);
    } catch (err) {
      $('pop-error').textContent = err.message;
    } finally {
      $('pop-create-submit').disabled = false;
    }
  }

  render() {
    const card = $('pop');
    card.hidden = !this.callId;
    if (!this.callId) return;
    const { pop } = this;
    card.dataset.state = pop ? 'loaded' : this.error ? 'failed' : 'loading';
    $('pop-status').textContent = this.error ? t('pop.failed', { message: this.error })
      : !pop ? t('pop.loading')
        : pop.customers.length > 1 ? t('pop.several', { count: pop.customers.length }) : '';
    const list = $('pop-customers');
    list.replaceChildren(...(pop?.customers || []).map((c) => customerItem(c)));
    // only a real number can be given to a new customer (not 'anonymous' or a SIP user name)
    const unknown = !!pop && pop.customers.length === 0 && !!pop.number;
    $('pop-create').hidden = !unknown;
    $('pop-number').textContent = pop?.number || '';
    const crm = $('pop-crm');
    crm.hidden = !(pop && pop.customers.length === 0 && pop.crmUrl);
    if (!crm.hidden) crm.href = pop.crmUrl;
    const history = $('pop-history');
    const calls = pop?.interactions || [];
    history.replaceChildren(...(calls.length ? calls.map(historyItem) : [emptyItem(pop ? t('pop.noHistory') : '')]));
    const cases = pop?.cases || [];
    $('pop-cases-h').hidden = cases.length === 0;
    $('pop-cases').hidden = cases.length === 0;
    $('pop-cases').replaceChildren(...cases.map(caseItem));
  }
}

export function customerItem(c) {
  const li = document.createElement('li');
  li.className = 'pop-customer';
  li.dataset.customerId = c.id;
  const name = document.createElement('strong');
  name.className = 'pop-name';
  name.textContent = c.displayName;
  li.append(name);
  for (const [cls, text] of [['pop-company', c.company], ['pop-language', c.language], ['pop-tz', c.timeZone]]) {
    if (!text) continue;
    const span = document.createElement('span');
    span.className = `${cls} muted`;
    span.textContent = ` · ${text}`;
    li.append(span);
  }
  if (c.crmUrl) {
    const a = document.createElement('a');
    a.className = 'pop-crm';
    a.href = c.crmUrl;
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    a.textContent = t('pop.crm');
    li.append(' ', a);
  }
  return li;
}

function historyItem(x) {
  const li = document.createElement('li');
  const outcome = has(`pop.outcome.${x.outcome}`) ? t(`pop.outcome.${x.outcome}`) : x.outcome;
  const parts = [new Date(x.arrivedAt).toLocaleString(), x.queue, x.disposition ? `${outcome} (${x.disposition})` : outcome, x.agent];
  li.textContent = parts.filter(Boolean).join(' · ');
  li.dataset.callId = x.callId;
  return li;
}

export function caseItem(k) {
  const li = document.createElement('li');
  li.dataset.caseId = k.id;
  const subject = document.createElement('strong');
  subject.textContent = k.subject;
  const status = has(`case.status.${k.status}`) ? t(`case.status.${k.status}`) : k.status;
  const priority = has(`case.priority.${k.priority}`) ? t(`case.priority.${k.priority}`) : k.priority;
  li.append(`#${k.id} `, subject, ` · ${status} · ${priority} · ${k.department}`);
  if (new Date(k.dueAt) < new Date()) {
    const late = document.createElement('span');
    late.className = 'pop-case-overdue';
    late.textContent = ` · ${t('case.overdue')}`;
    li.append(late);
  }
  return li;
}

function emptyItem(text) {
  const li = document.createElement('li');
  li.className = 'muted';
  li.textContent = text;
  return li;
}
