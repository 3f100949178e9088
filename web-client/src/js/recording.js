// The softphone's call recording (docs/protocol.md: recording.state, recording.refused): a visible indicator while
// the call is recorded (red) or paused, Pause/Resume for card numbers, and Record on queues whose policy is
// on-demand. The call's node is the truth: buttons send recording.* and the page shows the recording.state that
// comes back (also after a reload, when the new media leg is answered).
import { t, has } from './i18n.js';
import { say, $ } from './format.js';

/**
 * Wires the recording controls of the call panel.
 * @param {EventTarget & {request: Function}} signaling the agent's socket
 * @param {() => string | undefined} currentCallId the connected call's id, if any
 * @param {(text: string) => void} notice shows an error to the agent
 * @returns {{render: () => void}}
 */
export function bindRecording(signaling, currentCallId, notice) {
  let rec = { callId: null, state: 'off', policy: 'none' };

  function render() {
    const callId = currentCallId();
    const mine = callId && rec.callId === callId ? rec : { state: 'off', policy: 'none' };
    const indicator = $('rec-indicator');
    indicator.hidden = mine.state === 'off' && mine.policy !== 'on-demand';
    indicator.dataset.state = mine.state;
    say(indicator, t(`rec.${mine.state}`)); // role=status: announced when it changes
    $('rec-pause').hidden = mine.state !== 'recording' && mine.state !== 'paused';
    $('rec-pause').textContent = mine.state === 'paused' ? t('rec.resume') : t('rec.pause');
    $('rec-pause').setAttribute('aria-pressed', String(mine.state === 'paused'));
    $('rec-start').hidden = !(mine.policy === 'on-demand' && (mine.state === 'off' || mine.state === 'failed'));
  }

  async function send(type, label) {
    const callId = currentCallId();
    if (!callId) return;
    try {
      await signaling.request(type, { callId });
    } catch (err) {
      notice(t('error.generic', { action: label, message: `${err.code || ''}: ${err.message}` }));
    }
  }

  signaling.addEventListener('recording.state', (e) => {
    const { callId, state, policy } = e.detail;
    rec = { callId, state, policy };
    render();
  });
  signaling.addEventListener('recording.refused', (e) => {
    if (e.detail.callId !== currentCallId()) return;
    const key = `rec.refused.${e.detail.reason}`;
    notice(has(key) ? t(key) : e.detail.message);
  });
  $('rec-pause').addEventListener('click', () => (rec.state === 'paused'
    ? send('recording.resume', t('rec.resume')) : send('recording.pause', t('rec.pause'))));
  $('rec-start').addEventListener('click', () => send('recording.start', t('rec.start')));

  // the last recording.state is kept even if it arrives before the page knows the call: render() shows it only
  // for the connected call, so a new call starts with no indicator until its node says
  return { render };
}
