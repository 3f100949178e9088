// A voicemail on the agent page (docs/voicemail.md): a caller's message the ACD offers like a call (call.offered
// with voicemail = its recording id and voicemailMs). Nobody is on the line, so no audio leg is set up; once the
// agent answers, the call panel shows a player for the message (fetched with the agent's token: the node serves a
// voicemail only to the agent it is offered or assigned to, and to supervisors) and a "Call back" button that dials
// the caller with click-to-dial (call.dial; the voicemail ends there and the new call's wrap-up follows). Hanging
// up ends the voicemail into wrap-up like a call.
import { t } from './i18n.js';
import { $ } from './format.js';
import { authedGet } from './rest.js';

/** The offer's caller line: "Voicemail from +1415… (12 s)" (the number: the one a call-back dials). */
export function voicemailLabel(o, unknown) {
  return t('offer.voicemail', { caller: o.caller || o.callerName || unknown, seconds: seconds(o.voicemailMs) });
}

function seconds(ms) {
  return Math.max(1, Math.round((Number(ms) || 0) / 1000));
}

/**
 * @param store the session's TokenStore (the audio is fetched with its token)
 * @param hooks {notice(text), callBack(number, queue): dials (dial.js)}
 * @returns {{render(call): void}} render with the current call (null: none); the panel shows for a voicemail only
 */
export function bindVoicemail(store, hooks) {
  let shown = null; // recording id in the player
  let url = null;
  let current = null;

  async function load(recordingId) {
    try {
      const res = await authedGet(store, `/api/v1/recordings/${encodeURIComponent(recordingId)}/audio`, 'audio/wav');
      const blob = await res.blob();
      if (shown !== recordingId) return; // another call meanwhile
      url = URL.createObjectURL(blob);
      $('vm-audio').src = url;
      console.info(`voicemail: ${Math.round(blob.size / 1024)} KB`);
    } catch (err) {
      hooks.notice(t('voicemail.loadFailed', { message: err.message }));
    }
  }

  function clear() {
    const audio = $('vm-audio');
    audio.pause();
    audio.removeAttribute('src');
    audio.load();
    if (url) URL.revokeObjectURL(url);
    url = null;
    shown = null;
  }

  $('vm-callback').addEventListener('click', () => {
    if (current?.voicemail) hooks.callBack(current.caller, current.queue);
  });

  return {
    render(call) {
      current = call;
      const vm = call?.voicemail || null;
      $('voicemail').hidden = !vm;
      // nobody on the line (a message, or a case being worked on): nothing to hold, mute or transfer
      ['hold', 'mute', 'transfer'].forEach((id) => { $(id).hidden = !!vm || !!call?.caseId; });
      if (!vm) {
        if (shown) clear();
        return;
      }
      $('vm-length').textContent = t('voicemail.length', { seconds: seconds(call.voicemailMs) });
      $('vm-callback').disabled = !call.caller;
      if (shown !== vm) {
        if (shown) clear();
        shown = vm;
        load(vm);
      }
    },
  };
}
