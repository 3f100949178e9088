// One case in a modal dialog (docs/cases.md, "In the softphone"): its fields, description, linked interactions and
// history (GET /api/v1/cases/{id}); a status and priority change (PATCH); forwarding to another department picked
// from the tenant's queues (GET /api/v1/case-departments, POST .../forward) and escalating to the superior
// (POST .../escalate), each with a note. A refusal is shown in the dialog (role=alert) with the server's reason,
// which names the field ("owner: has no superior to escalate to: team 'tier1' has no one above 'bob'").
//
// Focus: showModal() moves focus into the dialog (its first control); closing it (Close, Escape, or after a
// forward or escalation, when the case may no longer be the viewer's) returns focus to the control that opened it.
// The dialog is built here, once, so every page that shows cases (the softphone, the team leader's wallboard) has
// the same one; its labels use data-i18n and follow the language.
import { getJson, postJson, sendJson } from './rest.js';
import { t, has, translate, language } from './i18n.js';
import { $ } from './format.js';

const STATUSES = ['new', 'open', 'pending', 'resolved', 'closed'];
const PRIORITIES = ['low', 'normal', 'high', 'urgent'];

const MARKUP = `
  <div class="dialog-head">
    <h2 id="case-dialog-h"></h2>
    <form method="dialog"><button type="submit" id="case-dialog-close" data-i18n="recent.close">Close</button></form>
  </div>
  <dl id="case-dialog-fields" class="case-fields"></dl>
  <p id="case-dialog-description" class="case-description"></p>
  <h3 data-i18n="cd.calls">Linked calls</h3>
  <ul id="case-dialog-calls" class="case-calls"></ul>
  <p class="error" id="case-dialog-error" role="alert"></p>
  <form id="case-edit" class="case-form">
    <label><span data-i18n="recent.caseStatus">Status</span> <select id="case-edit-status"></select></label>
    <label><span data-i18n="case.priority">Priority</span> <select id="case-edit-priority"></select></label>
    <button type="submit" data-i18n="cd.save">Save</button>
  </form>
  <form id="case-forward" class="case-form">
    <label><span data-i18n="cd.forwardTo">Forward to department</span> <select id="case-forward-department" required></select></label>
    <label><span data-i18n="cd.note">Note</span> <textarea id="case-forward-note" rows="2" maxlength="2000" required></textarea></label>
    <button type="submit" data-i18n="cd.forward">Forward</button>
  </form>
  <form id="case-escalate" class="case-form">
    <label><span data-i18n="cd.escalateNote">Note for your superior</span> <textarea id="case-escalate-note" rows="2" maxlength="2000" required></textarea></label>
    <button type="submit" data-i18n="cd.escalate">Escalate</button>
  </form>
  <h3 data-i18n="cd.history">History</h3>
  <ol id="case-dialog-history" class="case-history"></ol>`;

function when(iso) {
  return iso ? new Date(iso).toLocaleString(language(), { dateStyle: 'short', timeStyle: 'short' }) : '';
}

const statusText = (s) => (has(`case.status.${s}`) ? t(`case.status.${s}`) : s);
const priorityText = (p) => (has(`case.priority.${p}`) ? t(`case.priority.${p}`) : p);

function options(select, values, label, current) {
  select.replaceChildren(...values.map((v) => new Option(label(v), v, false, v === current)));
}

/** "status: new → open; owner: – → bob" */
function changesText(changes) {
  return Object.entries(changes || {}).map(([field, c]) => `${field}: ${c?.from ?? '–'} → ${c?.to ?? '–'}`)
    .join('; ');
}

/**
 * @param hooks {changed(message): a case changed (the lists read again, the message is announced once),
 *   describeCall(callId) → text or '' (the recent calls' line for it)}
 * @returns {open(id, opener)}
 */
export function bindCaseDetail(store, hooks) {
  const dialog = document.createElement('dialog');
  dialog.id = 'case-dialog';
  dialog.className = 'case-dialog';
  dialog.setAttribute('aria-labelledby', 'case-dialog-h');
  dialog.innerHTML = MARKUP;
  document.body.append(dialog);
  translate(dialog);
  let current = null; // the case shown
  let opener = null; // the control focus returns to
  let departments = null; // [{id, name}] once read

  dialog.addEventListener('close', () => {
    current = null;
    if (opener?.isConnected) opener.focus();
    else hooks.lostFocus?.();
    opener = null;
  });

  function fields(k) {
    const rows = [
      ['recent.caseStatus', statusText(k.status)],
      ['case.priority', priorityText(k.priority)],
      ['recent.caseDepartment', k.department || ''],
      ['recent.caseOwner', k.owner || t('recent.caseBacklog')],
      ['recent.caseDue', `${when(k.dueAt)}${k.overdue ? ` (${t('case.overdue')})` : ''}`],
      ['cd.escalations', String(k.escalations ?? 0)],
    ];
    $('case-dialog-fields').replaceChildren(...rows.flatMap(([key, value]) => {
      const dt = document.createElement('dt');
      dt.textContent = t(key);
      const dd = document.createElement('dd');
      dd.textContent = value;
      return [dt, dd];
    }));
  }

  function history(k) {
    $('case-dialog-history').replaceChildren(...(k.history || []).slice().reverse().map((e) => {
      const li = document.createElement('li');
      const at = document.createElement('time');
      at.dateTime = e.at;
      at.textContent = when(e.at);
      const action = has(`cd.action.${e.action}`) ? t(`cd.action.${e.action}`) : e.action;
      li.append(at, ' ', t('cd.entry', { actor: e.actor, action }));
      const changed = changesText(e.changes);
      if (changed) li.append(' (', changed, ')');
      if (e.note) {
        const q = document.createElement('q');
        q.textContent = e.note;
        li.append(' ', q);
      }
      return li;
    }));
  }

  function render(k) {
    current = k;
    $('case-dialog-h').textContent = t('recent.caseTitle', { id: k.id, subject: k.subject });
    fields(k);
    $('case-dialog-description').textContent = k.description || '';
    const calls = (k.callIds || []).map((id) => {
      const li = document.createElement('li');
      li.dataset.callId = id;
      li.textContent = hooks.describeCall?.(id) || id;
      return li;
    });
    $('case-dialog-calls').replaceChildren(...(calls.length ? calls : [Object.assign(document.createElement('li'),
      { textContent: t('cd.noCalls'), className: 'muted' })]));
    options($('case-edit-status'), STATUSES, statusText, k.status);
    options($('case-edit-priority'), PRIORITIES, priorityText, k.priority);
    renderDepartments();
    history(k);
  }

  function renderDepartments() {
    const select = $('case-forward-department');
    const others = (departments || []).filter((d) => d.id !== current?.department);
    select.replaceChildren(new Option(t('cd.pickDepartment'), ''),
      ...others.map((d) => new Option(d.name && d.name !== d.id ? `${d.name} (${d.id})` : d.id, d.id)));
  }

  async function loadDepartments() {
    if (departments) return;
    try {
      departments = (await getJson(store, '/api/v1/case-departments')).items || [];
    } catch (err) {
      $('case-dialog-error').textContent = t('cd.departmentsFailed', { message: err.message });
    }
  }

  async function open(id, from) {
    try {
      const k = await getJson(store, `/api/v1/cases/${encodeURIComponent(id)}`);
      $('case-dialog-error').textContent = '';
      ['case-forward-note', 'case-escalate-note'].forEach((f) => { $(f).value = ''; });
      render(k);
      if (!dialog.open) {
        opener = from || document.activeElement;
        dialog.showModal();
      }
      await loadDepartments();
      renderDepartments();
    } catch (err) {
      hooks.changed(t('recent.caseFailed', { id, message: err.message }), false);
    }
  }

  /** Runs one change; a refusal is shown in the dialog and the case stays as it was. */
  async function change(form, request, done) {
    if (!current) return;
    const k = current;
    const buttons = form.querySelectorAll('button');
    buttons.forEach((b) => { b.disabled = true; });
    $('case-dialog-error').textContent = '';
    try {
      const after = await request(k);
      done(k, after);
    } catch (err) {
      $('case-dialog-error').textContent = t('cd.refused', { message: err.message });
    } finally {
      buttons.forEach((b) => { b.disabled = false; });
    }
  }

  const base = (k) => `/api/v1/cases/${encodeURIComponent(k.id)}`;

  $('case-edit').addEventListener('submit', (e) => {
    e.preventDefault();
    change(e.target, (k) => {
      const body = {};
      if ($('case-edit-status').value !== k.status) body.status = $('case-edit-status').value;
      if ($('case-edit-priority').value !== k.priority) body.priority = $('case-edit-priority').value;
      return Object.keys(body).length ? sendJson(store, 'PATCH', base(k), body) : Promise.resolve(k);
    }, (k) => {
      open(k.id); // the history too
      hooks.changed(t('cd.saved', { id: k.id }), true);
    });
  });

  $('case-forward').addEventListener('submit', (e) => {
    e.preventDefault();
    const department = $('case-forward-department').value;
    change(e.target, (k) => postJson(store, `${base(k)}/forward`, { department, note: $('case-forward-note').value.trim() }),
      (k) => { // it waits in the other department's backlog now: the agent may no longer see it
        dialog.close();
        hooks.changed(t('cd.forwarded', { id: k.id, department }), true);
      });
  });

  $('case-escalate').addEventListener('submit', (e) => {
    e.preventDefault();
    change(e.target, (k) => postJson(store, `${base(k)}/escalate`, { note: $('case-escalate-note').value.trim() }),
      (k, after) => {
        dialog.close();
        hooks.changed(t('cd.escalated', { id: k.id, owner: after.owner }), true);
      });
  });

  return {
    open,
    /** Labels in the new language; the case shown is written again. */
    render() {
      translate(dialog);
      if (current) render(current);
    },
  };
}
