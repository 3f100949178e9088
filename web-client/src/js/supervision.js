// The softphone's side of supervision (docs/supervision.md): the call's node says `monitor.state` when a supervisor
// starts or stops being heard on the agent's call (whisper, barge; a silent listen only if the tenant shows it), and
// the call panel shows it as a badge until the mode is `none` or the call is over.
import { t } from './i18n.js';
import { say, $ } from './format.js';

/**
 * @param {EventTarget} signaling the agent's socket
 * @param {() => string | undefined} currentCallId the connected call's id, if any
 * @returns {{render: () => void}}
 */
export function bindSupervision(signaling, currentCallId) {
  let state = { callId: null, mode: 'none', supervisorId: '' };

  function render() {
    const badge = $('monitor-badge');
    const shown = state.callId && state.callId === currentCallId() && state.mode !== 'none';
    badge.hidden = !shown;
    badge.dataset.mode = shown ? state.mode : 'none';
    say(badge, shown ? t(`sup.${state.mode}`, { supervisor: state.supervisorId }) : ''); // role=status
  }

  signaling.addEventListener('monitor.state', (e) => {
    const { callId, mode, supervisorId } = e.detail;
    state = { callId, mode, supervisorId };
    render();
  });
  return { render };
}
