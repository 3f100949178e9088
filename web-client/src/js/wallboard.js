// The supervisor wallboard: signs in, subscribes to `stats` (docs/protocol.md) on every (re)connect and renders
// per-queue numbers (service level and abandon rate against the queue's goals), agents by state and, when the node sends them, the agent and call lists (each with the
// region of the agent or call: routing prefers agents of the caller's region). Waits and times in state tick
// between pushes; they are computed against the server's clock (`stats.at`) so a skewed PC clock does not show.
import { ApiError } from './api.js';
import { TokenStore } from './auth.js';
import { Signaling } from './signaling.js';
import { t, has, translate, bindLanguageSelect, onLanguage } from './i18n.js';
import { duration, $ } from './format.js';

const STATES = ['available', 'reserved', 'on-call', 'wrap-up', 'away', 'offline'];
const store = new TokenStore('switchboard.wallboard');
const signaling = new Signaling(store);
let last = null; // {stats, skewMs (server − local), receivedAt (local)}

function cell(text, cls) {
  const td = document.createElement('td');
  td.textContent = text;
  if (cls) td.className = cls;
  return td;
}

function render() {
  if (!last) return;
  const { stats, skewMs, receivedAt } = last;
  const now = Date.now();
  const serverNow = now + skewMs;
  const queues = [...stats.queues].sort((a, b) => a.queue.localeCompare(b.queue));
  $('queues').querySelector('tbody').replaceChildren(...queues.map((q) => {
    const tr = document.createElement('tr');
    tr.dataset.queue = q.queue;
    const waitMs = q.waiting > 0 ? q.longestWaitSeconds * 1000 + (now - receivedAt) : 0;
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = q.queue;
    tr.append(th,
      cell(String(q.waiting), `big waiting${q.waiting > 0 ? ' alert' : ''}`),
      cell(q.waiting > 0 ? duration(waitMs) : '–', 'longest'),
      serviceLevelCell(q),
      cell(String(q.offered), 'offered'),
      cell(String(q.answered), 'answered'),
      cell(String(q.abandoned), 'abandoned'),
      abandonRateCell(q));
    return tr;
  }));
  $('no-queues').hidden = queues.length > 0;

  $('agent-counts').replaceChildren(...STATES.map((s) => {
    const div = document.createElement('div');
    div.setAttribute('role', 'listitem');
    div.dataset.state = s;
    const n = document.createElement('strong');
    n.textContent = String(stats.agents?.[s] ?? 0);
    div.append(n, t(`state.${s}`));
    return div;
  }));

  const list = stats.agentList;
  $('agents').hidden = !Array.isArray(list);
  if (Array.isArray(list)) {
    const order = (a) => STATES.indexOf(a.state);
    const sorted = [...list].sort((a, b) => order(a) - order(b) || String(a.name || a.agentId).localeCompare(b.name || b.agentId));
    $('agents').querySelector('tbody').replaceChildren(...sorted.map((a) => {
      const tr = document.createElement('tr');
      tr.dataset.agent = a.agentId;
      const reason = a.reason ? ` (${has(`reason.${a.reason}`) ? t(`reason.${a.reason}`) : a.reason})` : '';
      tr.append(cell(a.name ? `${a.name} · ${a.agentId}` : a.agentId),
        cell(`${t(`state.${a.state}`)}${reason}`, 'state'),
        cell(a.region || '–', 'region'),
        cell(a.since ? duration(serverNow - a.since) : '–', 'since'));
      tr.cells[1].dataset.state = a.state;
      return tr;
    }));
  }
  renderCalls(stats.callList, serverNow);
  $('updated').textContent = t('wb.updated', { time: new Date(stats.at).toLocaleTimeString() });
}
setInterval(render, 1000);

const percent = (v) => `${Math.round(v * 10) / 10} %`;

// A figure against its goal: the value, then the goal in words; a missed goal gets the class `breached` and says so
// in text too (colour is not the only sign). A figure with nothing to measure yet (null: no call today) shows "–"
// and is neither met nor missed; a goal not set shows no goal.
function goalCell(cls, value, goalText, breached) {
  const td = cell('', cls);
  const v = document.createElement('span');
  v.className = 'value';
  v.textContent = value == null ? '–' : percent(value);
  td.append(v);
  if (goalText != null) {
    const g = document.createElement('span');
    g.className = 'goal';
    g.textContent = t(breached ? 'wb.goalMissed' : 'wb.goal', { goal: goalText });
    td.append(' ', g);
    if (value != null) td.classList.add(breached ? 'breached' : 'met');
  }
  return td;
}

// Service level: percent answered within the queue's seconds; its goal is the queue's own serviceLevel.
function serviceLevelCell(q) {
  const g = q.goals;
  const goal = g?.serviceLevelPercent == null ? null
    : t('wb.slGoal', { percent: g.serviceLevelPercent, seconds: g.serviceLevelSeconds });
  const sl = q.serviceLevelPercent;
  return goalCell('sl', sl, goal, sl != null && g?.serviceLevelPercent != null && sl < g.serviceLevelPercent);
}

// Abandon rate: abandoned / offered today; missed when above the queue's goals.abandonPercent.
function abandonRateCell(q) {
  const max = q.goals?.abandonPercent;
  const rate = q.abandonPercent;
  return goalCell('abandon-rate', rate, max == null ? null : t('wb.abandonGoal', { percent: max }),
    rate != null && max != null && rate > max);
}

// Calls as the node lists them (calls with an agent first, then waiting calls best first).
function renderCalls(calls, serverNow) {
  $('calls').hidden = !Array.isArray(calls) || calls.length === 0;
  $('no-calls').hidden = !Array.isArray(calls) || calls.length > 0;
  if (!Array.isArray(calls)) return;
  $('calls').querySelector('tbody').replaceChildren(...calls.map((c) => {
    const tr = document.createElement('tr');
    tr.dataset.call = c.callId;
    tr.append(cell(c.callId), cell(c.queue, 'queue'),
      cell(has(`wb.callState.${c.state}`) ? t(`wb.callState.${c.state}`) : c.state, 'state'),
      cell(c.region || '–', 'region'),
      cell(c.agentId || '–', 'agent'),
      cell(c.enqueuedAt ? duration(serverNow - c.enqueuedAt) : '–', 'since'));
    return tr;
  }));
}

signaling.addEventListener('hello', async (e) => {
  const h = e.detail;
  if (!h.roles.includes('supervisor')) {
    signOut(t('login.notSupervisor'));
    return;
  }
  $('who').textContent = `${h.agentId} @ ${h.tenant}`;
  try {
    await signaling.request('stats.subscribe');
  } catch (err) {
    $('login-error').textContent = err.message;
  }
});
signaling.addEventListener('stats', (e) => {
  const now = Date.now();
  last = { stats: e.detail, skewMs: e.detail.at - now, receivedAt: now };
  render();
});
signaling.addEventListener('status', (e) => {
  $('conn').textContent = t(`conn.${e.detail.status}`);
  $('conn').dataset.status = e.detail.status;
});

function showSignedIn(signedIn) {
  $('login').hidden = signedIn;
  $('board').hidden = !signedIn;
  $('signout').hidden = !signedIn;
}

function signOut(message) {
  signaling.stop();
  store.logout();
  last = null;
  showSignedIn(false);
  $('who').textContent = '';
  if (message) $('login-error').textContent = message;
}

store.addEventListener('signed-out', (e) => {
  if (e.detail.reason === 'session expired') {
    signaling.stop();
    showSignedIn(false);
    $('login-error').textContent = t('session.expired');
  }
});

$('login').addEventListener('submit', async (e) => {
  e.preventDefault();
  const f = new FormData(e.target);
  $('login-error').textContent = '';
  try {
    await store.login(String(f.get('tenant')).trim(), String(f.get('username')).trim(), String(f.get('password')));
    e.target.password.value = '';
    showSignedIn(true);
    signaling.start();
  } catch (err) {
    $('login-error').textContent = err instanceof ApiError && err.status === 0
      ? t('login.unreachable') : t('login.failed', { message: err.message });
  }
});
$('signout').addEventListener('click', () => signOut());

translate(document);
bindLanguageSelect($('lang'));
onLanguage(render);
if (store.signedIn) {
  showSignedIn(true);
  signaling.start();
} else {
  showSignedIn(false);
}
