// The softphone's side of supervision (docs/supervision.md): the call's node says `monitor.state` when a supervisor
// starts or stops being heard on the agent's call (whisper, barge; a silent listen only if the tenant shows it),
// with `supervisors`, everyone the agent is shown on the call now (several supervisors may be on one call); the call
// panel shows them all in one badge until nobody is left or the call is over.
import { t } from './i18n.js';
import { say, $ } from './format.js';

// The badge's colour follows the most audible mode shown.
const WEIGHT = { listen: 1, whisper: 2, barge: 3 };

/**
 * @param {EventTarget} signaling the agent's socket
 * @param {() => string | undefined} currentCallId the connected call's id, if any
 * @returns {{render: () => void}}
 */
export function bindSupervision(signaling, currentCallId) {
  let state = { callId: null, supervisors: [] }; // [[supervisorId, mode]] in the order they joined

  function render() {
    const badge = $('monitor-badge');
    const shown = state.callId && state.callId === currentCallId() && state.supervisors.length > 0;
    badge.hidden = !shown;
    const modes = shown ? state.supervisors.map(([, mode]) => mode) : [];
    badge.dataset.mode = modes.reduce((a, m) => ((WEIGHT[m] || 0) > (WEIGHT[a] || 0) ? m : a), 'none');
    say(badge, shown ? state.supervisors.map(([id, mode]) => t(`sup.${mode}`, { supervisor: id })).join(' · ')
      : ''); // role=status
  }

  signaling.addEventListener('monitor.state', (e) => {
    const { callId, mode, supervisorId, supervisors } = e.detail;
    const all = supervisors ? Object.entries(supervisors) : mode === 'none' ? [] : [[supervisorId, mode]];
    state = { callId, supervisors: all };
    render();
  });
  return { render };
}
