// The QA page's player (docs/quality.md): the interaction's recording in an <audio> element beside its timeline.
// The WAV is fetched with the session's token (an <audio> cannot send one) into a Blob URL, so the player seeks
// within it freely; each timeline step is a button that seeks to its time from the recording's start (steps before
// the recording started seek to 0, after its end to its end).
import { t } from './i18n.js';
import { $ } from './format.js';
import { authedGet } from './rest.js';

/** @returns {{show(interaction, recording|null): Promise<void>, clear(): void}} */
export function bindPlayer(store) {
  const audio = $('player');
  let url = null;

  function clear() {
    audio.pause();
    audio.removeAttribute('src');
    audio.load();
    if (url) URL.revokeObjectURL(url);
    url = null;
    $('timeline').replaceChildren();
    $('player-status').textContent = '';
  }

  function seek(seconds) {
    audio.currentTime = seconds;
    $('player-status').textContent = t('qa.seeked', { seconds: seconds.toFixed(1) });
  }

  function step(s, startedMs, endMs) {
    const li = document.createElement('li');
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'qa-step';
    const at = Date.parse(s.at);
    const offset = startedMs == null ? 0 : Math.max(0, Math.min(at, endMs ?? at) - startedMs) / 1000;
    b.dataset.seconds = String(offset);
    b.dataset.kind = s.kind;
    const who = s.agent ? ` · ${s.agent}` : '';
    b.textContent = `${offset.toFixed(1)} s — ${s.kind}${who}`;
    b.disabled = startedMs == null;
    b.addEventListener('click', () => seek(offset));
    li.append(b);
    return li;
  }

  async function show(interaction, recording) {
    clear();
    const startedMs = recording ? Date.parse(recording.startedAt) : null;
    const endMs = recording?.endedAt ? Date.parse(recording.endedAt) : null;
    $('timeline').replaceChildren(...(interaction.timeline || []).map((s) => step(s, startedMs, endMs)));
    if (!recording) {
      $('player-status').textContent = t('qa.noRecording');
      return;
    }
    $('player-status').textContent = t('qa.loadingAudio');
    try {
      const res = await authedGet(store, recording.audio, 'audio/wav');
      url = URL.createObjectURL(await res.blob());
      audio.src = url;
      $('player-status').textContent = '';
    } catch (err) {
      $('player-status').textContent = t('qa.audioFailed', { message: err.message });
    }
  }

  return { show, clear };
}
