// The colleague's side of a consult (docs/consult.md): `call.consult.offered` {callId, agentId} shows the
// #consult-offer card (and rings); Decline sends `call.consult.decline` (the consulting agent is told and keeps its
// caller); Accept joins with a leg of this page's own (CallMedia with {consult: true}: `call.consult.accept`,
// answered by `call.consult.accepted`). `call.consult.ended` ends it: the leg closes, or, with
// reason `completed` (a warm transfer made the call ours), the leg is handed to the page as the call's audio
// (handOver, from app.js when agent.state on-call names the call; the two messages may come in either order).
//
//   none ──offered──▶ offered ──Accept──▶ talking ──ended(completed)──▶ handed ──handOver(callId)──▶ none
//     ▲                  │ Decline ·        │ ended(other) · the leg failed
//     │                  │ ended            │
//     └──────────────────┴──────────────────┘   (talking ──handOver(callId)──▶ none when on-call comes first)
import { CallMedia } from './media.js';
import { t, has } from './i18n.js';
import { say, $ } from './format.js';

/**
 * @param {EventTarget & {request: Function}} signaling the agent's socket
 * @param {{devices, ringer, audio: HTMLAudioElement, notice: (text: string) => void, log: Function,
 *   changed: () => void}} deps the page's devices and ringer, the <audio> the consult plays in (the page has no
 *   call of its own while consulted), and the page's render
 * @returns {{shown: () => boolean, render: () => void, handOver: (callId: string) => CallMedia | null}}
 */
export function bindConsultOffer(signaling, { devices, ringer, audio, notice, log, changed }) {
  let consult = null; // {callId, agentId, stage: 'offered' | 'talking' | 'handed', media}

  function render() {
    const card = $('consult-offer');
    card.hidden = !consult || consult.stage === 'handed';
    if (card.hidden) return;
    say($('consult-offer-text'), t(consult.stage === 'offered' ? 'consult.offered' : 'consult.talking',
      { agent: consult.agentId }));
    $('consult-accept').hidden = consult.stage !== 'offered';
    $('consult-decline').hidden = consult.stage !== 'offered';
    const m = consult.media;
    say($('consult-offer-media'), m ? t(`media.${m.state}`) : '');
  }

  function end(closeMedia) {
    ringer.stop();
    if (closeMedia) consult?.media?.close();
    consult = null;
    changed();
  }

  function accept() {
    if (consult?.stage !== 'offered') return;
    ringer.stop();
    const media = new CallMedia(consult.callId, signaling, devices, audio, { consult: true });
    consult = { ...consult, stage: 'talking', media };
    media.addEventListener('state', () => { render(); });
    media.addEventListener('failed', (e) => {
      if (consult?.media !== media) return;
      notice(t('error.generic', { action: t('consult.accept'), message: e.detail.message || e.detail.code }));
      end(true);
    });
    media.start();
    log('act.consultAccepted', { agent: consult.agentId });
    changed();
  }

  /** Declines the offer; the card goes at once (a refusal means the consult is over already: nothing to keep). */
  async function decline() {
    if (consult?.stage !== 'offered') return;
    const { callId, agentId } = consult;
    end(false);
    log('act.consultDeclined', { agent: agentId });
    try {
      await signaling.request('call.consult.decline', { callId });
    } catch (err) {
      if (err.code !== 'no-session') {
        notice(t('error.generic', { action: t('consult.decline'), message: `${err.code || ''}: ${err.message}` }));
      }
    }
  }

  signaling.addEventListener('call.consult.offered', (e) => {
    const { callId, agentId } = e.detail;
    if (consult && consult.callId !== callId) consult.media?.close(); // an older one we never heard the end of
    consult = { callId, agentId, stage: 'offered', media: null };
    ringer.start(t('consult.offered', { agent: agentId }), t('consult.offerHeading'));
    log('act.consultOffered', { agent: agentId });
    changed();
  });
  signaling.addEventListener('call.consult.ended', (e) => {
    if (!consult || e.detail.callId !== consult.callId) return;
    const { reason } = e.detail;
    if (reason === 'completed' && consult.media) { // the call is ours now: app.js takes the leg (handOver)
      consult.media.becomeCallLeg();
      consult = { ...consult, stage: 'handed' };
      log('act.consultHandedOver', { agent: consult.agentId });
      changed();
      return;
    }
    // declined: by this agent on another of its pages (this one sees the end first)
    const key = reason === 'declined' ? 'consult.ended.youDeclined' : `consult.ended.${reason}`;
    notice(has(key) ? t(key) : t('consult.ended.other', { reason }));
    end(true);
  });
  $('consult-accept').addEventListener('click', accept);
  $('consult-decline').addEventListener('click', decline);
  // signed out (the socket stopped for good): the microphone and the leg go with it
  signaling.addEventListener('status', (e) => { if (e.detail.status === 'closed' && consult) end(true); });

  return {
    shown: () => !!consult && consult.stage !== 'handed',
    render,
    /** The consult leg of call callId, now the call's own audio (a warm transfer), or null; the card is done. */
    handOver(callId) {
      if (consult?.callId !== callId || !consult.media) return null;
      const { media } = consult;
      media.becomeCallLeg(); // agent.state on-call may come before call.consult.ended
      ringer.stop();
      consult = null; // the caller renders next
      return media;
    },
  };
}
