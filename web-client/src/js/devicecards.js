// The agent page's audio devices and call quality cards: a device choice applies to the call's audio and the
// ringer at once; "Test microphone" opens the chosen microphone with the page's constraints (headset mode) and shows
// its level, else the meter shows the call's microphone; the quality card shows the call's figures (quality.js).
import { t } from './i18n.js';
import { say, $ } from './format.js';

/**
 * @param parts {devices, ringer, meter (LevelMeter), quality (QualityMonitor), media() → the call's CallMedia or
 *     null, notice(text)}
 * @returns {callStream(stream): the call's microphone, callClosed(): the call's audio ended}
 */
export function bindDeviceCards({ devices, ringer, meter, quality, media, notice }) {
  let micTest = null; // MediaStream while "test microphone" is on

  devices.addEventListener('change', (e) => {
    if (e.detail.kind === 'microphone') media()?.switchMicrophone().catch((err) => console.warn(`microphone: ${err.message}`));
    if (e.detail.kind === 'speaker') devices.applySpeaker($('remote-audio'));
    if (e.detail.kind === 'ringer') devices.applySpeaker($('ring-audio'), 'ringer');
  });
  $('test-ring').addEventListener('click', () => ringer.test());
  $('test-mic').addEventListener('click', async () => {
    if (micTest) {
      micTest.getTracks().forEach((tr) => tr.stop());
      micTest = null;
      meter.detach();
      if (media()?.localStream) meter.attach(media().localStream);
    } else {
      try {
        micTest = await navigator.mediaDevices.getUserMedia({ audio: devices.microphoneConstraints() });
        meter.attach(micTest);
        devices.refresh();
      } catch (err) {
        notice(`${t('devices.microphone')}: ${err.message}`);
      }
    }
    $('test-mic').setAttribute('aria-pressed', String(!!micTest));
  });

  quality.addEventListener('sample', (e) => {
    const q = e.detail;
    $('q-rtt').textContent = `${q.rttMs} ms`;
    $('q-jitter').textContent = `${q.jitterMs} ms`;
    $('q-loss').textContent = `${q.lossPercent} %`;
    $('q-mos').textContent = q.mos.toFixed(2);
    $('q-mos').dataset.packets = q.packetsReceived;
    say($('quality-warning'), q.warnings.length // a live region: only a new verdict is announced
      ? q.warnings.map((w) => t(`quality.warn.${w}`)).join(' · ') : t('quality.ok'));
    $('quality-warning').classList.toggle('warn-text', q.warnings.length > 0);
  });

  return {
    callStream(stream) {
      if (!micTest) meter.attach(stream);
    },
    callClosed() {
      quality.stop();
      if (!micTest) meter.detach();
      ['q-rtt', 'q-jitter', 'q-loss', 'q-mos'].forEach((id) => { $(id).textContent = '–'; });
      $('quality-warning').textContent = '';
    },
  };
}
