// The agent page: wires the DOM to the session (auth.js), the socket (signaling.js) and the call's audio
// (media.js). All UI is rendered from `model`, which only signaling messages change (the server is the truth;
// buttons send requests and wait for the resulting agent.state).
import { TokenStore, bindSignInForm } from './auth.js';
import { Signaling } from './signaling.js';
import { CallMedia } from './media.js';
import { Devices, LevelMeter } from './devices.js';
import { Ringer } from './ringer.js';
import { QualityMonitor } from './quality.js';
import { t, has, translate, bindLanguageSelect, onLanguage } from './i18n.js';
import { installShortcuts } from './shortcuts.js';
import { duration, say, $ } from './format.js';
import { bindRecording } from './recording.js';
import { bindSupervision } from './supervision.js';
import { ScreenPop } from './customers.js';
import { WrapupCase } from './cases.js';
import { showDispositions } from './dispositions.js';
import { bindDialer } from './dial.js';
import { bindVoicemail, voicemailLabel } from './voicemail.js';
import { caseLabel, caseDetails } from './case-offer.js';
import { renderPreview, previewCountdown, AutoCall, skipReason } from './preview-card.js';
import { AwayReasons, bindStatusControl, statusLabel } from './status.js';
import { Activity } from './activity.js';
import { bindWrapup } from './wrapup.js';
import { bindRecentCalls } from './recent.js';
import { bindDeviceCards } from './devicecards.js';
import { bindCaseDetail } from './case-detail.js';
import { bindMyCases } from './mycases.js';
import { bindEvaluations } from './evaluations.js';
import { bindChats } from './chat.js';
import { bindConsult } from './consult.js';
import { bindConsultOffer } from './consult-offer.js';

const CALL_KEY = 'switchboard.call'; // the call as this tab saw it (answer time too) survives a page refresh
// The last settled state (available / away+reason / offline): the node sets an idle agent offline when its
// socket drops, so after a reconnect or refresh the page asks for this state again.
const WANTED_KEY = 'switchboard.wanted';

// The reasons the ACD gives by itself (not an agent's choice: never asked for again after a refresh).
const ACD_REASONS = new Set(['rejected', 'no-answer', 'disconnected']);

const store = new TokenStore();
const signaling = new Signaling(store);
const devices = new Devices();
const ringer = new Ringer($('ring-audio'), devices);
const quality = new QualityMonitor();
const cards = bindDeviceCards({ devices, ringer, meter: new LevelMeter($('mic-level')), quality, media: () => media,
  notice: (text) => notice(text) });
const recording = bindRecording(signaling, () => model.call?.callId, (text) => notice(text));
const supervision = bindSupervision(signaling, () => model.call?.callId);
const consult = bindConsult(signaling, store, () => model.call?.callId, (text) => notice(text)); // transfer, consult
const autoCall = new AutoCall(); // a preview whose campaign calls at its timeout
const pop = new ScreenPop(store, (text) => notice(text)); // who is calling: fetched after the offer
const wrapupCase = new WrapupCase(store, pop, (text) => notice(text)); // a case opened at wrap-up
const reasons = new AwayReasons(store);
// what happened, in the chosen language; a status's label is written when shown (the tenant's reasons may load later)
const activity = new Activity($('log'), (v) => ('state' in v ? { ...v, status: statusLabel(v.state, v.reason, reasons) } : v));
const log = (key, vars) => activity.add(key, vars);
const dialer = bindDialer(signaling, store, { // an outbound call's number, then its answer (the timer starts)
  notice: (text) => notice(text), log, state: () => model.state,
  dialed: (id) => { if (model.call?.callId === id) { model.call = dialer.callFor(id); saveCall(model.call); render(); } },
  answered: (id) => { if (model.call?.callId === id) { model.call.connectedAt = Date.now(); saveCall(model.call); render(); } },
});
// a caller's message: its player and "Call back" (click-to-dial) while the agent is on it
const voicemail = bindVoicemail(store, { notice: (text) => notice(text),
  callBack: (number, queue) => dialer.callBack(number, queue) });

const model = {
  me: null, // hello
  state: 'offline',
  reason: '',
  since: Date.now(),
  offer: null, // call.offered
  call: null, // {callId, caller, callerName, queue, connectedAt}
  held: false,
  callerDigits: '',
  sentDigits: '',
};
let media = null; // CallMedia of the current call
let noticeTimer = null;

const status = bindStatusControl($('status-select'), reasons, {
  act: (action, type, fields) => act(action, type, fields), current: () => model, log,
});
const wrapup = bindWrapup({ act: (action, type, fields, handled) => act(action, type, fields, handled), wrapupCase });
reasons.addEventListener('change', () => { render(); activity.render(); }); // the tenant's labels
reasons.follow(signaling); // an admin's change arrives as away.reasons
// the agent's cases: "My cases" and search, one case in a dialog (also opened from today's calls)
const caseDetail = bindCaseDetail(store, {
  changed: (text, ok) => { myCases.said(text, !ok); if (ok) { myCases.load(); recent.soon(); } },
  describeCall: (callId) => recent.describe(callId), lostFocus: () => myCases.focus(),
});
const myCases = bindMyCases($('mycases'), store, caseDetail);
const evaluations = bindEvaluations(store); // the agent's quality evaluations, to acknowledge
const recent = bindRecentCalls(store, { dial: (number, queue) => dialer.call(number, queue),
  openCase: (id, opener) => caseDetail.open(id, opener) });
bindChats(signaling, { notice: (text) => notice(text), store });
// a colleague consulting us: the offer card and its own leg, the call's audio after a warm transfer
const consultOffer = bindConsultOffer(signaling, { devices, ringer, audio: $('remote-audio'), notice: (text) => notice(text),
  log, changed: () => render() });

// ---------------------------------------------------------------------------------------------- rendering

function render() {
  const { state, offer, call } = model;
  $('state').textContent = statusLabel(state, model.reason, reasons);
  $('state').dataset.state = state;
  status.render();

  const showOffer = !!offer && !call;
  const showCall = !!call && state === 'on-call';
  const showWrapup = !!wrapup.callId && state === 'wrap-up';
  $('offer').hidden = !showOffer;
  $('call').hidden = !showCall;
  $('wrapup').hidden = !showWrapup;
  $('idle').hidden = showOffer || showCall || showWrapup || consultOffer.shown();
  consultOffer.render();
  $('idle').textContent = state === 'available' ? t('idle.available') : t('idle.notAvailable');

  if (showOffer) {
    // a callback (the caller left and kept its place): answering dials the number
    $('offer-caller').textContent = offer.caseId ? caseLabel(offer) : offer.preview ? offer.callerName || ''
      : offer.callback ? t('offer.callback', { number: offer.callback })
        : offer.voicemail ? voicemailLabel(offer, t('call.unknownCaller'))
          : offer.callerName || offer.caller || t('call.unknownCaller');
    $('offer-number').textContent = offer.caseId ? caseDetails(offer) : offer.preview ? ''
      : offer.callback || offer.voicemail ? offer.callerName || '' : offer.callerName ? offer.caller || '' : '';
    $('offer-queue').textContent = offer.queue || '';
    renderPreview(offer);
    $('ringing').hidden = !ringer.ringing;
    $('offer').dataset.ringing = String(ringer.ringing);
  }
  if (showCall) {
    $('call-caller').textContent = call.caseId ? caseLabel(call)
      : call.callerName || call.caller || t('call.unknownCaller');
    $('call-number').textContent = call.caseId ? caseDetails(call) : call.callerName ? call.caller || '' : '';
    $('call-queue').textContent = call.queue || '';
    $('held').hidden = !model.held;
    $('hold').textContent = model.held ? t('call.resume') : t('call.hold');
    $('hold').setAttribute('aria-pressed', String(model.held));
    const muted = !!media?.muted;
    $('mute').textContent = muted ? t('call.unmute') : t('call.mute');
    $('mute').setAttribute('aria-pressed', String(muted));
    $('muted-badge').hidden = !muted;
    $('caller-dtmf').textContent = model.callerDigits;
    recording.render();
    supervision.render();
    consult.render();
  }
  if (showWrapup) wrapup.render();
  voicemail.render(showCall ? call : null);
  $('dtmf-sent').textContent = model.sentDigits;
  const idle = state === 'available' || state === 'away'; // the keypad dials then (dial.js)
  document.querySelectorAll('#keypad button').forEach((b) => { b.disabled = !showCall && !idle; });
  dialer.render();
  renderMedia();
  tick();
}

function renderMedia() {
  const el = $('media-status');
  if (!media) { say(el, ''); return; }
  el.dataset.state = media.state;
  say(el, media.state === 'failed' ? t('media.failed', { message: media.failure || '' }) : t(`media.${media.state}`));
}

// Countdown, call timer and time in state; cheap enough to run twice a second.
function tick() {
  const now = Date.now();
  $('state-time').textContent = duration(now - Math.min(model.since, now));
  if (model.offer) {
    const left = Math.max(0, model.offer.deadline - now);
    $('offer-countdown').textContent = model.offer.preview ? previewCountdown(model.offer, Date.now())
      : t('offer.countdown', { seconds: Math.ceil(left / 1000) });
    const { enqueuedAt, priority } = model.offer; // the node's clock: browsers' clocks agree to a second or so
    $('offer-waited').textContent = [enqueuedAt ? t('offer.waited', { time: duration(Math.max(0, now - enqueuedAt)) })
      : '', priority ? t('offer.priority', { priority }) : ''].filter(Boolean).join(' · ');
    const total = model.offer.deadline - model.offer.receivedAt;
    $('offer-progress').value = total > 0 ? left / total : 0;
  }
  wrapup.tick(now);
  if (model.call) {
    const phase = dialer.phase(model.call.callId); // an outbound call not answered yet: calling / ringing
    $('call-timer').textContent = phase ? t(`dial.${phase}`) : duration(now - model.call.connectedAt);
  }
}
setInterval(tick, 500);

function notice(text) {
  $('notice').textContent = text;
  $('notice').hidden = false;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => { $('notice').hidden = true; }, 8000);
  activity.text(text);
}

/** Sends a request; a refusal becomes a notice naming the action. Resolves to true on ack. */
async function act(action, type, fields, handled = () => false) {
  try {
    await signaling.request(type, fields);
    return true;
  } catch (err) {
    if (!handled(err)) notice(t('error.generic', { action, message: err.code && err.code !== 'offline' ? `${err.code}: ${err.message}` : err.message }));
    return false;
  }
}

// --------------------------------------------------------------------------------------------- call audio

function ensureMedia(callId) {
  if (media && media.callId !== callId) closeMedia();
  if (media) {
    if (!media.healthy) media.retry();
    return;
  }
  const adopted = consultOffer.handOver(callId); // a warm transfer made our consult leg the call's
  media = adopted || new CallMedia(callId, signaling, devices, $('remote-audio'));
  if (model.restoreMuted === callId) media.setMuted(true); // before any audio leaves: hello said muted
  model.restoreMuted = null;
  media.addEventListener('state', (e) => {
    if (e.detail.state === 'connected') {
      quality.watch(media.peerConnection);
      log('act.audioConnected');
    }
    console.info(`audio ${e.detail.state}`);
    renderMedia();
  });
  media.addEventListener('local-stream', (e) => cards.callStream(e.detail.stream));
  media.addEventListener('problem', (e) => console.info(`audio: ${e.detail.message}`));
  media.addEventListener('failed', (e) => {
    media.failure = e.detail.message;
    notice(t('media.failed', { message: e.detail.message }));
    renderMedia();
  });
  media.addEventListener('muted', render);
  if (!adopted) media.start();
  else if (media.state === 'connected') { quality.watch(media.peerConnection); cards.callStream(media.localStream); }
}

function closeMedia() {
  media?.close();
  media = null;
  cards.callClosed();
}

// ------------------------------------------------------------------------------------- signaling messages

function saveCall(call) { sessionStorage.setItem(CALL_KEY, JSON.stringify(call)); }
function restoreCall(callId) {
  try {
    const c = JSON.parse(sessionStorage.getItem(CALL_KEY));
    if (c?.callId === callId) return c;
  } catch { /* fall through */ }
  // a fresh tab: hello names the caller and queue of the call we are on
  const h = model.me?.callId === callId ? model.me : {};
  return { callId, caller: h.caller, callerName: h.callerName, queue: h.queue, connectedAt: h.answeredAt || Date.now(),
    voicemail: h.voicemail, voicemailMs: h.voicemailMs, caseId: h.caseId, subject: h.subject,
    casePriority: h.casePriority, dueAt: h.dueAt, contact: h.contact };
}

signaling.addEventListener('hello', (e) => {
  const h = e.detail;
  if (!h.roles.includes('agent')) {
    signOut(t('login.notAgent'));
    return;
  }
  model.me = h;
  $('who').textContent = `${h.agentId} @ ${h.tenant}`;
  // the server is the source of truth for the call: mute and hold as they were, the timer from the answer
  model.restoreMuted = h.state === 'on-call' && h.muted === true ? h.callId : null;
  enterState(h.state, h.reason || '', h.since || Date.now(), h.callId);
  if (h.state === 'on-call' && model.call?.callId === h.callId) {
    model.held = h.held === true;
    if (h.answeredAt) model.call.connectedAt = h.answeredAt;
    saveCall(model.call);
    render();
  } else if (h.state === 'reserved' && h.callId && h.deadline && model.offer?.callId !== h.callId) {
    offered({ callId: h.callId, caller: h.caller, callerName: h.callerName, queue: h.queue,
      priority: h.priority, deadline: h.deadline, callback: h.callback, voicemail: h.voicemail, voicemailMs: h.voicemailMs,
      caseId: h.caseId, subject: h.subject, casePriority: h.casePriority, dueAt: h.dueAt, preview: h.preview });
  }
  console.info(`connected to ${h.node}: ${h.state}${h.callId ? ` (${h.callId})` : ''}`);
  log('act.connected', { state: h.state, reason: h.reason || '' });
  reasons.load();
  recent.load();
  myCases.load();
  evaluations.load();
  restoreWantedState(h.state);
});

function restoreWantedState(state) {
  let wanted = null;
  try { wanted = JSON.parse(sessionStorage.getItem(WANTED_KEY)); } catch { /* none */ }
  if (state !== 'offline' || !wanted || wanted.state === 'offline') return;
  log('act.restored', { state: wanted.state, reason: wanted.reason || '' });
  act(statusLabel(wanted.state, wanted.reason, reasons), 'state.set', wanted);
}

signaling.addEventListener('agent.state', (e) => {
  const s = e.detail;
  const before = model.state;
  enterState(s.state, s.reason || '', s.since || Date.now(), s.callId);
  if (s.state === 'available' || s.state === 'offline' || s.state === 'away') {
    // away for the ACD's own reason: away again after a refresh, for the tenant's first reason
    sessionStorage.setItem(WANTED_KEY, JSON.stringify(s.state === 'away' && s.reason && !ACD_REASONS.has(s.reason)
      ? { state: 'away', reason: s.reason } : { state: s.state }));
  }
  if (s.state !== before && s.state !== 'reserved' && s.state !== 'on-call' && s.state !== 'wrap-up') {
    log('act.status', { state: s.state, reason: s.reason || '' }); // ringing, answering and ending say it themselves
  }
});

/** The one place a state change lands, from hello (reconnect, refresh) or agent.state. */
function enterState(state, reason, since, callId) {
  if (state !== 'reserved') autoCall.clear();
  model.state = state;
  model.reason = reason;
  model.since = since;
  if (state === 'on-call') {
    ringer.stop();
    if (model.call?.callId !== callId) {
      const o = model.offer?.callId === callId ? model.offer : null;
      model.call = o ? { callId, caller: o.callback || o.caller, callerName: o.callerName, queue: o.queue, connectedAt: Date.now(),
        voicemail: o.voicemail, voicemailMs: o.voicemailMs, caseId: o.caseId, subject: o.subject,
        casePriority: o.casePriority, dueAt: o.dueAt, contact: o.contact }
        : dialer.callFor(callId) || restoreCall(callId);
      model.callerDigits = '';
      model.sentDigits = '';
      model.held = false;
      saveCall(model.call);
      if (o) log('act.answered', { caller: who(model.call) });
    }
    model.offer = null;
    pop.show(callId);
    if (model.call.voicemail || model.call.caseId) closeMedia(); // nobody on the line (a message, a case)
    else ensureMedia(callId);
  } else if (state === 'reserved') {
    // call.offered carries the details (and starts early media); nothing else to do here.
  } else {
    ringer.stop();
    closeMedia();
    const ended = model.call;
    model.offer = null;
    model.call = null;
    model.held = false;
    if (state === 'wrap-up') {
      if (wrapup.callId !== callId) { // the call's details stay on the card (a case opened goes to its queue)
        const c = ended?.callId === callId ? ended : restoreCall(callId);
        $('notes').value = '';
        wrapupCase.reset();
        wrapup.start(c, since);
        showDispositions(store, c.queue);
        if (ended) log('act.ended', { caller: who(c) });
        recent.soon();
        myCases.soon(); // a case opened at the wrap-up
      } else {
        wrapup.since(since);
      }
      pop.show(callId);
    } else {
      if (wrapup.callId || ended) { recent.soon(); myCases.soon(); } // a case opened at wrap-up, a case worked on
      wrapup.end();
      pop.clear();
      sessionStorage.removeItem(CALL_KEY);
    }
  }
  render();
}

signaling.addEventListener('call.offered', (e) => offered(e.detail));

/** How the activity names the other party of a call. */
function who(c) {
  return c.caseId ? caseLabel(c) : c.callerName || c.caller || t('call.unknownCaller');
}

/** A call rings for this agent: from call.offered, or from hello after a reload or a move while ringing. */
function offered(detail) {
  const o = { ...detail, receivedAt: Date.now() };
  model.offer = o;
  autoCall.arm(o, previewCall);
  const caller = o.caseId ? caseLabel(o) : o.preview ? o.callerName || '' : o.callback ? t('offer.callback', { number: o.callback })
    : o.voicemail ? voicemailLabel(o, t('call.unknownCaller')) : o.callerName || o.caller || t('call.unknownCaller');
  ringer.start(o.callback || o.voicemail || o.caseId ? caller : t('offer.notification', { caller }),
    `${t('offer.queue')}: ${o.queue}`);
  log(o.queue ? 'act.offer' : 'act.offerNoQueue', { caller, queue: o.queue || '' });
  pop.show(o.callId);
  // Audio is set up while ringing so the caller is heard the moment the agent answers; a callback has no caller on
  // the line yet: its audio starts when the agent answers (the node dials then); a voicemail has nobody at all.
  if (!o.callback && !o.voicemail && !o.caseId) ensureMedia(o.callId); // a case: nobody on the line either
  render();
}

signaling.addEventListener('call.revoked', (e) => {
  if (model.offer?.callId !== e.detail.callId) return;
  model.offer = null;
  autoCall.clear();
  ringer.stop();
  pop.clear();
  if (media?.callId === e.detail.callId) closeMedia();
  const key = `offer.revoked.${e.detail.reason}`;
  notice(has(key) ? t(key) : e.detail.reason);
  render();
});

signaling.addEventListener('call.ended', (e) => {
  // the call ended by itself (its node was lost); agent.state wrap-up follows
  if (e.detail.reason !== 'lost') return;
  notice(t('call.lost'));
});
signaling.addEventListener('call.held', (e) => { if (e.detail.callId === model.call?.callId) { model.held = true; render(); } });
signaling.addEventListener('call.resumed', (e) => { if (e.detail.callId === model.call?.callId) { model.held = false; render(); } });
signaling.addEventListener('call.dtmf', (e) => {
  if (e.detail.callId !== model.call?.callId) return;
  model.callerDigits = (model.callerDigits + e.detail.digit).slice(-32);
  render();
});
signaling.addEventListener('error', (e) => console.warn(`error ${e.detail.code}: ${e.detail.message}`));
signaling.addEventListener('status', (e) => {
  const s = e.detail.status;
  $('conn').textContent = t(`conn.${s}`);
  $('conn').dataset.status = s;
});
signaling.addEventListener('closed', (e) => {
  console.info(`socket closed ${e.detail.code} ${e.detail.reason || ''}`);
  log('act.connectionLost');
});
signaling.addEventListener('renewal-failed', (e) => console.warn(`token renewal failed: ${e.detail.message}`));

// ---------------------------------------------------------------------------------------------- actions

function answer() {
  if (!model.offer) return false;
  if (model.offer.preview) return previewCall();
  ringer.stop();
  render();
  act(t('offer.answer'), 'call.accept', { callId: model.offer.callId });
  return true;
}

function decline() {
  if (!model.offer) return false;
  if (model.offer.preview) return previewSkip();
  const { callId } = model.offer;
  ringer.stop();
  act(t('offer.decline'), 'call.reject', { callId });
  return true;
}

/** A campaign's preview: dial its contact (the answer rings back here). */
function previewCall() {
  if (!model.offer?.preview) return false;
  autoCall.clear();
  ringer.stop();
  act(t('preview.call'), 'preview.call', { callId: model.offer.callId });
  return true;
}

/** A campaign's preview: release its contact (offered again later), with the reason chosen. */
function previewSkip() {
  if (!model.offer?.preview) return false;
  autoCall.clear();
  ringer.stop();
  const reason = skipReason();
  act(t('preview.skip'), 'preview.skip', { callId: model.offer.callId, ...(reason ? { reason } : {}) });
  return true;
}

function hangup() {
  if (!model.call) return false;
  act(t('call.hangup'), 'call.hangup', { callId: model.call.callId });
  return true;
}

async function toggleHold() {
  if (!model.call) return false;
  const hold = !model.held;
  if (await act(hold ? t('call.hold') : t('call.resume'), hold ? 'call.hold' : 'call.resume', { callId: model.call.callId })) {
    model.held = hold;
    render();
  }
  return true;
}

function toggleMute() {
  if (!model.call || !media) return false;
  media.setMuted(!media.muted);
  // kept by the server so a reload or a move to another node stays muted
  act(media.muted ? t('call.mute') : t('call.unmute'), 'call.mute',
    { callId: model.call.callId, muted: String(media.muted) });
  return true;
}

function dtmf(digit) {
  if (!model.call || !media) return false;
  if (media.sendDtmf(digit)) {
    model.sentDigits = (model.sentDigits + digit).slice(-32);
    render();
  }
  return true;
}

$('accept').addEventListener('click', answer);
$('reject').addEventListener('click', decline);
$('preview-call').addEventListener('click', previewCall);
$('preview-skip').addEventListener('click', previewSkip);
$('hangup').addEventListener('click', hangup);
$('hold').addEventListener('click', toggleHold);
$('mute').addEventListener('click', toggleMute);
$('keypad').addEventListener('click', (e) => {
  const d = e.target.dataset.digit;
  if (d && !dtmf(d)) dialer.type(d);
});

installShortcuts({
  a: answer, d: decline, c: previewCall, s: previewSkip, h: hangup, m: toggleMute, o: () => { if (!model.call) return false; toggleHold(); return true; },
  ...Object.fromEntries([...'0123456789*#'].map((k) => [k, () => dtmf(k) || dialer.type(k)])),
});

// -------------------------------------------------------------------------------------- session lifecycle

function showSignedIn(signedIn) {
  $('login').hidden = signedIn;
  $('agent').hidden = !signedIn;
  $('signout').hidden = !signedIn;
}

function startSession() {
  showSignedIn(true);
  signaling.start();
  devices.bind({ microphone: $('mic-select'), speaker: $('speaker-select'), ringer: $('ringer-select') }, $('headset-mode'));
}

function signOut(message) {
  closeMedia();
  pop.clear();
  ringer.stop();
  signaling.stop();
  store.logout();
  sessionStorage.removeItem(CALL_KEY);
  sessionStorage.removeItem(WANTED_KEY);
  recent.clear();
  myCases.clear();
  evaluations.clear();
  showSignedIn(false);
  $('who').textContent = '';
  if (message) $('login-error').textContent = message;
}

store.addEventListener('signed-out', (e) => {
  if (e.detail.reason === 'session expired') {
    closeMedia();
    signaling.stop();
    showSignedIn(false);
    $('login-error').textContent = t('session.expired');
  }
});

// Ringer.askPermission runs inside the submit's user gesture, as browsers require for the notification prompt.
bindSignInForm($('login'), $('login-error'), store, startSession, () => Ringer.askPermission());
$('signout').addEventListener('click', () => signOut());

translate(document);
ringer.unlockOnFirstGesture();
bindLanguageSelect($('lang'));
onLanguage(() => { evaluations.render(); render(); pop.render(); activity.render(); recent.render(); myCases.render(); caseDetail.render();
  signaling.dispatchEvent(new CustomEvent('status', { detail: { status: signaling.status } })); });
render();
if (store.signedIn) startSession();
else showSignedIn(false);
