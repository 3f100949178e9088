// The supervisor wallboard: signs in, subscribes to `stats` (docs/protocol.md) on every (re)connect for the live
// numbers (calls waiting, the longest wait, agents by state, the agent and call lists with their regions: routing
// prefers agents of the caller's region), and every 15 s reads today's figures from the reports API and the
// tenant's agents and teams from the directory (today.js), sooner when a call or an agent changes state. Each
// queue's and agent's figures stand against their goals. Every agent of the tenant is listed, offline ones too; a team filter (kept in the URL, ?team=) narrows
// the agents. Waits and times in state tick between pushes; they are computed against the server's clock
// (`stats.at`) so a skewed PC clock does not show.
import { TokenStore, bindSignInForm } from './auth.js';
import { Signaling } from './signaling.js';
import { TodayFigures } from './today.js';
import { CampaignBoard } from './campaigns.js';
import { Monitor } from './monitor.js';
import { ChatWatch } from './chatwatch.js';
import { t, has, translate, bindLanguageSelect, onLanguage } from './i18n.js';
import { duration, $ } from './format.js';
import { AwayReasons, statusLabel } from './status.js';
import { bindCaseDetail } from './case-detail.js';
import { bindMyCases } from './mycases.js';
import {
  cell, rowHeader, numberText, queueGoalCells, peopleAhtCell, callsPerDayCell,
} from './figures.js';

const STATES = ['available', 'reserved', 'on-call', 'wrap-up', 'away', 'offline'];
// One session for the supervisor pages: the wallboard and the reports page link to each other in the same tab.
const store = new TokenStore('switchboard.supervisor');
const signaling = new Signaling(store);
const reasons = new AwayReasons(store); // an away agent's reason as the softphone writes it
const today = new TodayFigures(store);
const campaigns = new CampaignBoard(store);
const monitor = new Monitor(signaling, $('remote-audio'));
const chatWatch = new ChatWatch(store, signaling); // live chats: watch one, whisper to its agent
const WATCHERS = ['supervisor', 'manager', 'team-leader'];
// The cases escalated to this user (a team's leader or manager owns them) and a search over those it may see.
const caseDetail = bindCaseDetail(store, {
  changed: (text, ok) => { myCases.said(text, !ok); if (ok) myCases.load(); }, lostFocus: () => myCases.focus(),
});
const myCases = bindMyCases($('mycases'), store, caseDetail);
const MODES = ['listen', 'whisper', 'barge'];
let monitorMessage = '';
let last = null; // {stats, skewMs (server − local), receivedAt (local)}
let daily = null; // the last 'update' of today.js
let team = new URLSearchParams(location.search).get('team') || '';
let chatWatching = false; // the live chats are being read (since the first hello of this sign-in)

function render() {
  renderQueues();
  renderAgents();
  renderMonitor();
  chatWatch.render();
  if (!last) return;
  const { stats, skewMs } = last;
  renderCalls(stats.callList, Date.now() + skewMs);
  $('updated').textContent = t('wb.updated', { time: new Date(stats.at).toLocaleTimeString() });
}
setInterval(render, 1000);

// One row per queue the live numbers or today's report know: waiting, longest wait and the wait a caller arriving
// now would be told (estimatedWaitSeconds: place x recent handle time / staffed agents) live, the rest today's.
function renderQueues() {
  const live = new Map((last?.stats.queues || []).map((q) => [q.queue, q]));
  const names = [...new Set([...live.keys(), ...(daily ? daily.queues.keys() : [])])]
    .sort((a, b) => a.localeCompare(b));
  const now = Date.now();
  $('queues').querySelector('tbody').replaceChildren(...names.map((name) => {
    const q = live.get(name);
    const d = daily?.queues.get(name);
    const f = d?.figures ?? {};
    const g = d?.goals ?? null;
    const tr = document.createElement('tr');
    tr.dataset.queue = name;
    const waiting = q?.waiting ?? 0;
    const waitMs = waiting > 0 ? q.longestWaitSeconds * 1000 + (now - last.receivedAt) : 0;
    tr.append(rowHeader(name),
      cell(q ? String(waiting) : '–', `big waiting${waiting > 0 ? ' alert' : ''}`),
      cell(waiting > 0 ? duration(waitMs) : '–', 'longest'),
      cell(q ? duration(q.estimatedWaitSeconds * 1000) : '–', 'estimate'),
      cell(numberText(f.offered), 'offered'),
      cell(numberText(f.answered), 'answered'),
      cell(numberText(f.abandoned), 'abandoned'),
      queueGoalCells.serviceLevel(f, g),
      queueGoalCells.asa(f, g),
      queueGoalCells.aht(f, g),
      queueGoalCells.abandon(f, g),
      cell(numberText(f.callsPerAgent), 'calls-per-agent'));
    return tr;
  }));
  $('no-queues').hidden = names.length > 0;
}

// Every agent: the directory's (all of the tenant's) merged with the live list (state, since, reason, region).
function agentRows() {
  const live = new Map((last?.stats.agentList || []).map((a) => [a.agentId, a]));
  const dir = new Map((daily?.roster || []).map((a) => [a.id, a]));
  const ids = new Set([...dir.keys(), ...live.keys()]);
  return [...ids].map((id) => {
    const a = live.get(id);
    const d = dir.get(id);
    return {
      id, name: a?.name || d?.displayName || null, team: d?.team || null, state: a?.state || 'offline',
      since: a?.since ?? null, reason: a?.reason ?? null, region: a?.region || d?.region || null,
      callId: a?.callId ?? null,
      today: daily?.agents.get(id) ?? null,
    };
  });
}

function renderAgents() {
  const all = agentRows();
  const rows = team ? all.filter((a) => a.team === team) : all;
  // The counts: of the listed agents when the directory is known, else the node's own counts
  const counts = {};
  if (daily) rows.forEach((a) => { counts[a.state] = (counts[a.state] || 0) + 1; });
  $('agent-counts').replaceChildren(...STATES.map((s) => {
    const div = document.createElement('div');
    div.setAttribute('role', 'listitem');
    div.dataset.state = s;
    const n = document.createElement('strong');
    n.textContent = String((daily ? counts[s] : last?.stats.agents?.[s]) ?? 0);
    div.append(n, t(`state.${s}`));
    return div;
  }));
  $('agents').hidden = all.length === 0;
  const serverNow = Date.now() + (last?.skewMs ?? 0);
  const order = (a) => STATES.indexOf(a.state);
  rows.sort((a, b) => order(a) - order(b) || String(a.name || a.id).localeCompare(b.name || b.id));
  $('agents').querySelector('tbody').replaceChildren(...rows.map((a) => {
    const tr = document.createElement('tr');
    tr.dataset.agent = a.id;
    const f = a.today?.figures ?? {};
    const g = a.today?.goals ?? null;
    tr.append(cell(a.name ? `${a.name} · ${a.id}` : a.id),
      cell(a.team || '–', 'team'),
      cell(statusLabel(a.state, a.reason, reasons), 'state'),
      cell(a.region || '–', 'region'),
      cell(a.since ? duration(serverNow - a.since) : '–', 'since'),
      callsPerDayCell(f.answered ?? null, g, true),
      peopleAhtCell(f, g),
      monitorCell(a));
    tr.cells[2].dataset.state = a.state;
    return tr;
  }));
}

// The supervisors on the agent's call (every one, this user included: several may be on one call), as the last
// push listed them: "sam (Barge), mona (Whisper)"; null when nobody is.
function supervisorsOn(a) {
  const c = a.callId && (last?.stats.callList || []).find((x) => x.callId === a.callId);
  const list = c?.monitors || [];
  if (list.length === 0) return null;
  const span = document.createElement('span');
  span.className = 'monitors';
  span.textContent = t('mon.on', {
    list: list.map((m) => `${m.supervisorId} (${has(`mon.${m.mode}`) ? t(`mon.${m.mode}`) : m.mode})`).join(', '),
  });
  return span;
}

// Listen / Whisper / Barge on every agent on a call; the agent being monitored shows its mode (pressed) and Leave;
// below them, every supervisor on that call.
function monitorCell(a) {
  const td = document.createElement('td');
  td.className = 'monitor';
  const s = monitor.session;
  const mine = s?.agentId === a.id;
  if (a.state !== 'on-call' && !mine) return td;
  MODES.forEach((mode) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.dataset.mode = mode;
    b.textContent = t(`mon.${mode}`);
    b.setAttribute('aria-pressed', String(mine && s.mode === mode));
    b.disabled = monitor.starting != null;
    td.append(b);
  });
  if (mine) {
    const leave = document.createElement('button');
    leave.type = 'button';
    leave.dataset.mode = 'leave';
    leave.className = 'danger';
    leave.textContent = t('mon.leave');
    td.append(leave);
  }
  const on = supervisorsOn(a);
  if (on) td.append(on);
  return td;
}

function renderMonitor() {
  const s = monitor.session;
  const status = $('monitor-status');
  status.dataset.mode = s ? s.mode : 'none';
  if (s) status.textContent = t(`mon.status.${s.mode}`, { agent: s.agentId });
  else if (monitor.starting) status.textContent = t('mon.starting', { agent: monitor.starting });
  else status.textContent = monitorMessage;
}

$('agents').querySelector('tbody').addEventListener('click', async (e) => {
  const b = e.target.closest('button[data-mode]');
  const tr = b?.closest('tr[data-agent]');
  if (!b || !tr) return;
  monitorMessage = '';
  try {
    if (b.dataset.mode === 'leave') await monitor.stop();
    else await monitor.start(tr.dataset.agent, b.dataset.mode);
  } catch (err) {
    monitorMessage = t('mon.failed', { message: `${err.code || err.name || ''}: ${err.message}` });
  }
  render();
});
monitor.addEventListener('change', () => render());
monitor.addEventListener('ended', (e) => {
  if (e.detail.reason !== 'stopped') monitorMessage = t('mon.ended', { reason: e.detail.reason });
});

// The team filter: "All teams" and the directory's teams; the choice is kept in the URL (?team=) so a wallboard
// screen can be bookmarked per team.
function renderTeams() {
  const select = $('team-filter');
  const teams = [...(daily?.teams || [])].sort((a, b) => String(a.name || a.id).localeCompare(b.name || b.id));
  const options = [new Option(t('wb.allTeams'), '')];
  teams.forEach((tm) => options.push(new Option(tm.name || tm.id, tm.id)));
  if (team && !teams.some((tm) => tm.id === team)) options.push(new Option(team, team));
  select.replaceChildren(...options);
  select.value = team;
}

$('team-filter').addEventListener('change', (e) => {
  team = e.target.value;
  const url = new URL(location.href);
  if (team) url.searchParams.set('team', team); else url.searchParams.delete('team');
  history.replaceState(null, '', url);
  render();
});

let todayError = null;
function renderToday() {
  const p = $('today');
  p.classList.toggle('error', todayError != null);
  if (todayError != null) p.textContent = t('wb.todayFailed', { message: todayError });
  else if (daily?.at) {
    p.textContent = t('wb.today', { day: daily.day, tz: daily.timeZone, time: daily.at.toLocaleTimeString() });
  }
  else p.textContent = '';
}

today.addEventListener('update', (e) => {
  const teams = daily?.teams;
  daily = e.detail;
  todayError = null; // a 'failed' follows at once if part of the round failed
  if (daily.teams !== teams) renderTeams();
  renderToday();
  render();
});
today.addEventListener('failed', (e) => {
  todayError = e.detail.message;
  renderToday();
});

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
  // Supervisors and managers see the whole tenant, team leaders their teams (the server narrows what they get).
  if (!WATCHERS.some((r) => h.roles.includes(r))) {
    signOut(t('login.notSupervisor'));
    return;
  }
  $('who').textContent = `${h.agentId} @ ${h.tenant}`;
  monitor.reset();
  if (chatWatching) chatWatch.reconnected();
  else { chatWatching = true; chatWatch.start(); }
  reasons.load().then(render);
  myCases.load();
  today.start();
  // Campaigns are the supervisors' (the API refuses other roles): the card is theirs only.
  const runsCampaigns = h.roles.includes('supervisor');
  $('campaigns-h').closest('section').hidden = !runsCampaigns;
  if (runsCampaigns) campaigns.start();
  try {
    await signaling.request('stats.subscribe');
  } catch (err) {
    $('login-error').textContent = err.message;
  }
});
// Calls and agents with their states as the last push had them: a change (a call answered or ended, wrap-up
// over) brings today's figures forward.
let statesSeen = '';
signaling.addEventListener('stats', (e) => {
  const states = [
    ...(e.detail.callList || []).map((c) => `c ${c.callId}:${c.state}`),
    ...(e.detail.agentList || []).map((a) => `a ${a.agentId}:${a.state}`),
  ].sort().join(' ');
  if (states !== statesSeen) {
    statesSeen = states;
    today.soon();
  }
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
  monitor.stop();
  chatWatch.unwatch();
  signaling.stop();
  today.stop();
  campaigns.stop();
  chatWatch.stop();
  chatWatching = false;
  myCases.clear();
  store.logout();
  last = null;
  daily = null;
  todayError = null;
  renderToday();
  showSignedIn(false);
  $('who').textContent = '';
  if (message) $('login-error').textContent = message;
}

store.addEventListener('signed-out', (e) => {
  if (e.detail.reason === 'session expired') {
    signaling.stop();
    today.stop();
    campaigns.stop();
    chatWatch.stop();
    chatWatching = false;
    showSignedIn(false);
    $('login-error').textContent = t('session.expired');
  }
});

bindSignInForm($('login'), $('login-error'), store, () => {
  showSignedIn(true);
  signaling.start();
});
$('signout').addEventListener('click', () => signOut());

translate(document);
bindLanguageSelect($('lang'));
onLanguage(() => { renderTeams(); renderToday(); render(); campaigns.render(); myCases.render(); caseDetail.render(); });
renderTeams();
if (store.signedIn) {
  showSignedIn(true);
  signaling.start();
} else {
  showSignedIn(false);
}
