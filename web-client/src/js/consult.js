// The call card's hand-over controls (docs/consult.md): the blind transfer form (call.transfer) and consulting a
// colleague on the connected call. Both targets are picked from the tenant's queues and agents
// (transfer-targets.js); consulting a queue means its longest idle agent, whom the ack names. The call's node is the truth: each button sends its verb and the page moves on
// its ack; call.consult.ended (the consult ended without our asking: the colleague declined, its leg was lost, a
// transfer) and a call that is no longer ours bring the controls back.
//
//   idle ──Consult (call.consult)──▶ consulting ──Conference (call.conference)──▶ conference
//     ▲                                 │  │                                       │  │
//     ├── Return to caller (call.consult.cancel), call.consult.ended, the call ends ─┘  │
//     └── Complete transfer (call.consult.complete): the colleague has the caller; agent.state wrap-up follows
//
// The stage is kept in sessionStorage, so a page reloaded mid-consult shows it again (a consult that ended
// meanwhile comes back as `no-session` on the next button, which resets it).
import { t, has } from './i18n.js';
import { say, $ } from './format.js';
import { attachTransferPicker } from './transfer-targets.js';

const KEY = 'switchboard.consult';

/**
 * Wires #transfer, #consult and #consulting of the call panel.
 * @param {EventTarget & {request: Function}} signaling the agent's socket
 * @param {object} store the session's TokenStore (the target pickers read /api/v1/transfer-targets with it)
 * @param {() => string | undefined} currentCallId the connected call's id, if any
 * @param {(text: string) => void} notice shows a message to the agent
 * @returns {{render: () => void}}
 */
export function bindConsult(signaling, store, currentCallId, notice) {
  const transferTarget = attachTransferPicker($('transfer').elements.target, store);
  const consultTarget = attachTransferPicker($('consult-agent'), store);
  let consult = restore(); // {callId, colleague, stage: 'consulting' | 'conference'} or null

  function set(next) {
    consult = next;
    if (next) sessionStorage.setItem(KEY, JSON.stringify(next));
    else sessionStorage.removeItem(KEY);
    render();
  }

  /** Called while the call panel shows (the call known): before hello, a restored consult has no call to match. */
  function render() {
    const callId = currentCallId();
    if (consult && consult.callId !== callId) set(null); // the call ended or is another one
    const on = !!consult;
    $('consult').hidden = on;
    $('consulting').hidden = !on;
    if (!on) return;
    const conference = consult.stage === 'conference';
    const agent = consult.colleague;
    say($('consult-status'), t(conference ? 'consult.inConference' : 'consult.consulting', { agent }));
    $('consult-status').dataset.stage = consult.stage;
    $('consult-cancel').textContent = conference ? t('consult.drop', { agent }) : t('consult.cancel');
    $('consult-conference').disabled = conference;
    $('consult-conference').setAttribute('aria-pressed', String(conference));
  }

  /** The picked queue or agent of a picker, or null after telling the agent that its text names neither. */
  async function picked(picker, input) {
    const target = await picker.target();
    if (!target) notice(t('transfer.unknown', { id: input.value.trim() }));
    return target;
  }

  /**
   * Sends type for the current call; resolves its ack on success, else null. no-session to a cancel: the consult is over already;
   * to a conference or a complete it may only mean the colleague has not accepted yet.
   */
  async function send(type, label, fields = {}) {
    const callId = currentCallId();
    if (!callId) return null;
    try {
      return await signaling.request(type, { callId, ...fields });
    } catch (err) {
      if (err.code === 'no-session' && type === 'call.consult.cancel') set(null);
      const key = `consult.refused.${err.code}`;
      notice(t('error.generic', { action: label, message: has(key) ? t(key) : `${err.code || ''}: ${err.message}` }));
      return null;
    }
  }

  $('consult').addEventListener('submit', async (e) => {
    e.preventDefault();
    const callId = currentCallId();
    const target = callId && await picked(consultTarget, $('consult-agent'));
    if (!target) return;
    // a queue: the node picks its longest idle available agent and names it in the ack
    const ack = await send('call.consult', t('consult.start'),
      target.kind === 'queue' ? { queueId: target.id } : { agentId: target.id });
    if (ack) {
      e.target.reset();
      set({ callId, colleague: ack.agentId || target.id, stage: 'consulting' });
    }
  });
  $('consult-cancel').addEventListener('click', async () => {
    if (consult && await send('call.consult.cancel', $('consult-cancel').textContent)) set(null);
  });
  $('consult-conference').addEventListener('click', async () => {
    if (consult && await send('call.conference', t('consult.conference'))) set({ ...consult, stage: 'conference' });
  });
  $('consult-complete').addEventListener('click', async () => {
    if (consult && await send('call.consult.complete', t('consult.complete'))) {
      notice(t('consult.completed', { agent: consult.colleague }));
      set(null);
    }
  });
  signaling.addEventListener('call.consult.ended', (e) => {
    if (!consult || e.detail.callId !== consult.callId) return;
    const { reason, note } = e.detail;
    const key = reason === 'declined' && note ? 'consult.ended.declinedWhy' : `consult.ended.${reason}`;
    // declined: the caller is still ours (never put on hold by the consult); the field comes back to consult another
    notice(has(key) ? t(key, { agent: consult.colleague, note }) : t('consult.ended.other', { reason }));
    set(null);
  });

  // blind transfer: to a queue or an agent, the call leaves this agent at once
  $('transfer').addEventListener('submit', async (e) => {
    e.preventDefault();
    const callId = currentCallId();
    const target = callId && await picked(transferTarget, e.target.elements.target);
    if (!target) return;
    try {
      await signaling.request('call.transfer', { callId, [target.kind === 'queue' ? 'queue' : 'agentId']: target.id });
      notice(t('transfer.done'));
      e.target.reset();
    } catch (err) {
      notice(t('error.generic', { action: t('transfer.submit'),
        message: err.code && err.code !== 'offline' ? `${err.code}: ${err.message}` : err.message }));
    }
  });

  return { render };
}

function restore() {
  try {
    const c = JSON.parse(sessionStorage.getItem(KEY));
    return c?.callId && c.colleague ? c : null;
  } catch {
    return null;
  }
}
