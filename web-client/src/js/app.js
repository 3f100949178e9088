// Wires the DOM to the REST API and the signaling socket. The full softphone (WebRTC audio) comes later.
import { login, refresh } from './api.js';
import { Signaling } from './signaling.js';

const $ = (id) => document.getElementById(id);
const signaling = new Signaling();
let tokens = null;
let currentCall = null;

function log(text) {
  const li = document.createElement('li');
  li.textContent = `${new Date().toLocaleTimeString()} ${text}`;
  $('log').prepend(li);
}

function show(id, visible) { $(id).hidden = !visible; }

$('login').addEventListener('submit', async (e) => {
  e.preventDefault();
  const f = new FormData(e.target);
  try {
    tokens = await login(f.get('tenant'), f.get('username'), f.get('password'));
    await signaling.connect(tokens.accessToken);
    scheduleRenewal(tokens.expiresIn);
    show('login', false);
    show('agent', true);
  } catch (err) {
    $('login-error').textContent = err.message;
  }
});

// Renew the access token on the live socket a minute before it expires.
function scheduleRenewal(expiresIn) {
  setTimeout(async () => {
    try {
      tokens = await refresh(tokens.refreshToken);
      signaling.send('authenticate', { token: tokens.accessToken });
      scheduleRenewal(tokens.expiresIn);
    } catch (err) {
      log(`session renewal failed: ${err.message}`);
    }
  }, Math.max(5, expiresIn - 60) * 1000);
}

document.querySelectorAll('[data-state]').forEach((b) => b.addEventListener('click', () => {
  signaling.send('state.set', { state: b.dataset.state, ...(b.dataset.reason ? { reason: b.dataset.reason } : {}) });
}));

signaling.addEventListener('hello', (e) => {
  $('who').textContent = `${e.detail.agentId} @ ${e.detail.tenant}`;
  $('state').textContent = e.detail.state;
});
signaling.addEventListener('agent.state', (e) => {
  $('state').textContent = e.detail.state;
  $('reason').textContent = e.detail.reason || '';
});
signaling.addEventListener('call.offered', (e) => {
  currentCall = e.detail.callId;
  $('offer-caller').textContent = e.detail.callerName || e.detail.caller || 'unknown caller';
  $('offer-queue').textContent = e.detail.queue;
  $('offer-deadline').textContent = new Date(e.detail.deadline).toLocaleTimeString();
  show('offer', true);
  log(`offer ${currentCall}`);
});
signaling.addEventListener('call.revoked', (e) => {
  show('offer', false);
  log(`offer ${e.detail.callId} withdrawn: ${e.detail.reason}`);
});
signaling.addEventListener('error', (e) => log(`error ${e.detail.code}: ${e.detail.message}`));
signaling.addEventListener('closed', (e) => log(`disconnected (${e.detail.code} ${e.detail.reason || ''})`));

$('accept').addEventListener('click', () => {
  signaling.send('call.accept', { callId: currentCall });
  show('offer', false);
  $('call-id').textContent = currentCall;
  show('call', true);
});
$('reject').addEventListener('click', () => {
  signaling.send('call.reject', { callId: currentCall });
  show('offer', false);
});
$('hangup').addEventListener('click', () => {
  signaling.send('call.hangup', { callId: currentCall });
  show('call', false);
  show('wrapup', true);
});
$('wrapup').addEventListener('submit', (e) => {
  e.preventDefault();
  const f = new FormData(e.target);
  signaling.send('wrapup.done', { callId: currentCall, disposition: f.get('disposition'), notes: f.get('notes') });
  show('wrapup', false);
  currentCall = null;
});
