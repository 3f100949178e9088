// The customer beside a chat (docs/chat.md): once the agent accepts a chat, the customer is looked up
// (GET /api/v1/chats/{chatId}/customer: by the e-mail they gave in the widget, else their name) and shown with the
// screen pop's own customer card and open-case list (customers.js). Nobody found: "No customer record" and a form
// creating a case for the chat (POST /api/v1/cases in the chat's queue, linked to the chat), which the agent's
// role may do. Every text is set with textContent.
import { getJson, postJson } from './rest.js';
import { t } from './i18n.js';
import { customerItem, caseItem } from './customers.js';

function el(tag, attrs = {}, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text != null) e.textContent = text;
  return e;
}

/**
 * Fills `aside` (an empty element of the chat's panel) with the chat's customer and open cases.
 * @param store the session's TokenStore; @param notice (text) => void for the activity log
 */
export async function showChatCustomer(store, chatId, aside, notice) {
  aside.replaceChildren(el('h3', {}, t('chatcust.heading')), el('p', { role: 'status', class: 'muted' }, t('chatcust.loading')));
  let found;
  try {
    found = await getJson(store, `/api/v1/chats/${encodeURIComponent(chatId)}/customer`);
  } catch (err) {
    aside.lastChild.textContent = t('chatcust.failed', { message: err.message });
    return;
  }
  const status = aside.lastChild;
  status.textContent = found.customers.length > 1 ? t('pop.several', { count: found.customers.length }) : '';
  if (found.customers.length) {
    aside.append(el('ul', { class: 'pop-customers chat-customers' }));
    aside.lastChild.append(...found.customers.map(customerItem));
  } else {
    status.textContent = t('chatcust.none', { who: [found.name, found.email].filter(Boolean).join(', ') || t('chat.customer') });
    aside.append(caseForm(store, chatId, found.queue, notice));
  }
  if (found.cases.length) {
    aside.append(el('h4', {}, t('pop.cases')), el('ul', { class: 'pop-cases chat-cases' }));
    aside.lastChild.append(...found.cases.map(caseItem));
  }
}

/**
 * A one-line form: the subject of a new case in the chat's queue, linked to the chat. Its button is not a submit
 * button (the chat's reply form has the panel's only one); Enter in the subject creates the case too.
 */
function caseForm(store, chatId, queue, notice) {
  const form = el('div', { class: 'chat-new-case', role: 'group', 'aria-label': t('chatcust.createCase') });
  const subject = el('input', { type: 'text', maxlength: '200', 'aria-label': t('chatcust.subject'), placeholder: t('chatcust.subject') });
  const create = el('button', { type: 'button' }, t('chatcust.createCase'));
  const error = el('p', { role: 'alert', class: 'error' });
  form.append(subject, create, error);
  async function submit() {
    if (!subject.value.trim() || create.disabled) return;
    create.disabled = true;
    try {
      const k = await postJson(store, '/api/v1/cases', { subject: subject.value.trim(), department: queue, callId: chatId });
      notice?.(t('chatcust.caseCreated', { id: k.id }));
      form.replaceChildren(el('p', { class: 'chat-case-created' }, t('chatcust.caseCreated', { id: k.id })));
    } catch (err) {
      error.textContent = err.message;
      create.disabled = false;
    }
  }
  create.addEventListener('click', submit);
  subject.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); submit(); } });
  return form;
}
