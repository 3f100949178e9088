// The wrap-up card: who the call was with (name when known, number, queue), how long the wrap-up has lasted (m:ss
// since the call ended: the ACD's wrap-up `since`, from agent.state or hello; the timer is in no live region, a
// screen reader would read it twice a second), the disposition, notes and an optional case (cases.js). Done
// sends wrapup.done, with a campaign call's call-back time (callback-picker.js); the agent.state that follows ends
// the card.
import { t } from './i18n.js';
import { duration, $ } from './format.js';
import { bindCallbackPicker } from './callback-picker.js';

/**
 * @param hooks {act(action, type, fields, handled?) → Promise<boolean> (handled(err) → true: the refusal is shown
 *     already, no notice), wrapupCase: the WrapupCase}
 * @returns {start(call), render(), tick(now), callId, queue}: start on entering a new wrap-up with the call
 *     {callId, caller, callerName, queue, contact} and its start (epoch ms)
 */
export function bindWrapup(hooks) {
  let call = null; // {callId, caller, callerName, queue, contact}
  let since = 0;
  const picker = bindCallbackPicker();

  $('wrapup').addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!call) return;
    const notes = $('notes').value.trim();
    let callbackAt;
    try {
      callbackAt = picker.value();
    } catch (err) {
      picker.refused(err);
      return;
    }
    if (!await hooks.wrapupCase.submit(call.callId, call.queue)) return; // the agent fixes the case first
    await hooks.act(t('wrapup.submit'), 'wrapup.done', {
      callId: call.callId, disposition: $('disposition').value, ...(notes ? { notes } : {}),
      ...(callbackAt ? { callbackAt } : {}),
    }, (err) => picker.refused(err));
  });

  function render() {
    if (!call) return;
    $('wrapup-caller').textContent = call.callerName || call.caller || t('call.unknownCaller');
    $('wrapup-number').textContent = call.callerName ? call.caller || '' : '';
    $('wrapup-queue').textContent = call.queue || '';
  }

  return {
    start(c, startedAt) {
      call = c;
      since = startedAt;
      picker.start(c.contact);
      render();
    },
    /** A wrap-up already shown gets its start again (hello after a reconnect says when it began). */
    since(startedAt) {
      since = startedAt;
    },
    end() {
      call = null;
    },
    render,
    tick(now) {
      if (call) $('wrapup-timer').textContent = duration(now - Math.min(since, now));
    },
    get callId() { return call?.callId ?? null; },
    get queue() { return call?.queue ?? null; },
    get call() { return call; },
  };
}
