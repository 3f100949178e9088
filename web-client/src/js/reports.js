// The reports page for supervisors and admins: a range of local dates (the "to" date included), an interval and a
// time zone (the browser's by default); the queue, agent and team reports of /api/v1/reports/* (docs/reports.md)
// and, in a card of their own, the campaigns' figures (campaign-report.js)
// as tables of the range's totals against their goals, charts of one queue's volume and service level per
// interval (the service level against its goal line), and the active report as CSV. The form's choice is kept in
// the URL (?from=&to=&interval=&tz=&tab=) so a report can be bookmarked or shared.
import { ApiError } from './api.js';
import { TokenStore, bindSignInForm } from './auth.js';
import { authedGet, getJson, tokenClaims } from './rest.js';
import { t, translate, bindLanguageSelect, onLanguage } from './i18n.js';
import { $, addDays, browserTimeZone, localDate } from './format.js';
import {
  cell, rowHeader, numberText, percentText, secondsText, queueGoalCells, peopleAhtCell, callsPerDayCell,
} from './figures.js';
import { lineChart } from './charts.js';
import { CampaignReport } from './campaign-report.js';
import { bindQualityReport } from './qa-report.js';

const KINDS = ['queues', 'agents', 'teams'];
// The wallboard's session: the two pages link to each other in the same tab.
const store = new TokenStore('switchboard.supervisor');
const quality = bindQualityReport(store); // the QA averages' table, over the same range
let report = null; // {params (URLSearchParams), queues, agents, teams}
let tab = 'queues';
let chartQueue = null; // picked by the user for the charts
const campaigns = new CampaignReport(store); // its own card, loaded with the others

const plain = (key, label, fmt) => ({ label, render: (f) => cell(fmt(f[key]), key) });
const QUEUE_COLUMNS = [
  plain('offered', 'wb.offered', numberText),
  plain('answered', 'wb.answered', numberText),
  plain('abandoned', 'wb.abandoned', numberText),
  plain('shortAbandoned', 'rp.shortAbandoned', numberText),
  { label: 'wb.sl', render: queueGoalCells.serviceLevel },
  { label: 'wb.asa', title: 'wb.asaLong', render: queueGoalCells.asa },
  { label: 'wb.aht', title: 'wb.ahtLong', render: queueGoalCells.aht },
  { label: 'wb.abandonRate', render: queueGoalCells.abandon },
  plain('avgTalkSeconds', 'rp.avgTalk', secondsText),
  plain('avgHoldSeconds', 'rp.avgHold', secondsText),
  plain('avgWrapSeconds', 'rp.avgWrap', secondsText),
  plain('longestWaitSeconds', 'wb.longest', secondsText),
  plain('transfers', 'rp.transfers', numberText),
  plain('callsPerAgent', 'wb.callsPerAgent', numberText),
];
const PEOPLE_COLUMNS = [
  plain('offered', 'wb.offered', numberText),
  plain('answered', 'wb.answered', numberText),
  plain('rejected', 'rp.rejected', numberText),
  plain('missed', 'rp.missed', numberText),
  plain('transfers', 'rp.transfers', numberText),
  { label: 'wb.aht', title: 'wb.ahtLong', render: peopleAhtCell },
  plain('avgTalkSeconds', 'rp.avgTalk', secondsText),
  plain('avgHoldSeconds', 'rp.avgHold', secondsText),
  plain('avgWrapSeconds', 'rp.avgWrap', secondsText),
  plain('staffedSeconds', 'rp.staffed', secondsText),
  plain('occupancyPercent', 'rp.occupancy', percentText),
  { label: 'rp.callsPerDay', render: (f, g) => callsPerDayCell(f.callsPerDay, g) },
];
const INTERVAL_COLUMNS = [
  plain('offered', 'wb.offered', numberText),
  plain('answered', 'wb.answered', numberText),
  plain('abandoned', 'wb.abandoned', numberText),
  { label: 'wb.sl', render: queueGoalCells.serviceLevel },
  { label: 'wb.asa', title: 'wb.asaLong', render: queueGoalCells.asa },
  { label: 'wb.aht', title: 'wb.ahtLong', render: queueGoalCells.aht },
  { label: 'wb.abandonRate', render: queueGoalCells.abandon },
];

function headerCell(label, title) {
  const th = document.createElement('th');
  th.scope = 'col';
  if (title) {
    const abbr = document.createElement('abbr');
    abbr.title = t(title);
    abbr.textContent = t(label);
    th.append(abbr);
  } else {
    th.textContent = t(label);
  }
  return th;
}

/**
 * Fills a table: a header row (first the row key's headers, then the columns'), then one row per entry.
 * @param keys [{label, text: (row) => string, cls?}] the leading cells; the first is the row's th and its `id` (else
 *             its text) the row's data-key
 */
function fillTable(table, keys, columns, rows, goalsOf) {
  const head = document.createElement('tr');
  head.append(...keys.map((k) => headerCell(k.label)), ...columns.map((c) => headerCell(c.label, c.title)));
  table.tHead.replaceChildren(head);
  table.tBodies[0].replaceChildren(...rows.map((r) => {
    const tr = document.createElement('tr');
    tr.dataset.key = (keys[0].id || keys[0].text)(r);
    const g = goalsOf(r);
    tr.append(rowHeader(keys[0].text(r)), ...keys.slice(1).map((k) => cell(k.text(r), k.cls)),
      ...columns.map((c) => c.render(r, g)));
    return tr;
  }));
  if (rows.length === 0) {
    const td = cell(t('rp.noRows'), 'muted');
    td.colSpan = keys.length + columns.length;
    const tr = document.createElement('tr');
    tr.append(td);
    table.tBodies[0].append(tr);
  }
}

// "2026-12-01T01:00:00+01:00" → "12-01 01:00" (day and week intervals: "2026-12-01"). The API writes each start
// in the report's time zone already, so the label is read off the string, never converted.
const startLabel = (start, interval) => (interval === 'day' || interval === 'week'
  ? start.slice(0, 10) : `${start.slice(5, 10)} ${start.slice(11, 16)}`);

function renderQueues() {
  const r = report.queues;
  fillTable($('queue-totals'), [{ label: 'wb.queue', text: (x) => x.queue }], QUEUE_COLUMNS, r.totals,
    (x) => r.goals?.[x.queue]);
  const select = $('chart-queue');
  const names = r.totals.map((x) => x.queue);
  select.replaceChildren(...names.map((q) => new Option(q, q)));
  // the queue the user picked, else the busiest of this report
  const busiest = [...r.totals].sort((a, b) => b.offered - a.offered)[0]?.queue;
  select.value = names.includes(chartQueue) ? chartQueue : busiest ?? '';
  renderQueueDetail();
}

// The charts and the interval table of the queue picked for the charts.
function renderQueueDetail() {
  const r = report.queues;
  const queue = $('chart-queue').value;
  const rows = r.rows.filter((x) => x.queue === queue);
  const goals = r.goals?.[queue];
  const interval = r.interval;
  fillTable($('queue-rows'), [{ label: 'rp.start', text: (x) => startLabel(x.start, interval) }], INTERVAL_COLUMNS,
    rows, () => goals);
  const labels = rows.map((x) => startLabel(x.start, interval));
  $('chart-volume').replaceChildren(queue ? lineChart({
    title: t('rp.volume'), description: t('rp.volumeDesc', { queue }), labels,
    series: [
      { label: t('wb.offered'), cls: 'offered', values: rows.map((x) => x.offered) },
      { label: t('wb.answered'), cls: 'answered', values: rows.map((x) => x.answered) },
      { label: t('wb.abandoned'), cls: 'abandoned', values: rows.map((x) => x.abandoned) },
    ],
  }) : '');
  const goal = goals?.serviceLevelPercent;
  $('chart-sl').replaceChildren(queue ? lineChart({
    title: t('rp.slChart'),
    description: goal == null ? `${t('rp.slChart')}: ${queue} (${t('rp.noGoal')})` : t('rp.slDesc', { queue, goal }),
    labels, max: 100, unit: ' %',
    series: [{ label: t('wb.sl'), cls: 'sl', values: rows.map((x) => x.serviceLevelPercent) }],
    goal: goal == null ? null : { value: goal, label: t('rp.goalLine', { percent: goal }) },
  }) : '');
}

function renderPeople() {
  const a = report.agents;
  fillTable($('agent-totals'), [
    { label: 'wb.agent', id: (x) => x.agent, text: (x) => (x.displayName && x.displayName !== x.agent
      ? `${x.displayName} · ${x.agent}` : x.agent) },
    { label: 'wb.team', text: (x) => x.team || '–', cls: 'team' },
  ], PEOPLE_COLUMNS, a.totals, (x) => a.goals?.[x.agent]);
  const tm = report.teams;
  fillTable($('team-totals'), [
    { label: 'wb.team', text: (x) => x.team },
    { label: 'rp.agents', text: (x) => numberText(x.agents), cls: 'agents' },
  ], PEOPLE_COLUMNS, tm.totals, (x) => tm.goals?.[x.team]);
}

function render() {
  campaigns.render();
  if (!report) return;
  renderQueues();
  renderPeople();
  const p = report.params;
  $('status').textContent = t('rp.summary', {
    from: p.get('from'), to: addDays(p.get('to'), -1), tz: p.get('tz'),
    interval: t(`rp.interval.${p.get('interval')}`).toLocaleLowerCase(),
  });
}

function formParams() {
  const f = new FormData($('range'));
  return new URLSearchParams({
    from: String(f.get('from')), to: addDays(String(f.get('to')), 1), interval: String(f.get('interval')),
    tz: String(f.get('tz')).trim(),
  });
}

let loads = 0; // only the latest request's answer is shown: an earlier one may come back after it

async function load() {
  const mine = ++loads;
  const params = formParams();
  campaigns.load();
  quality.load();
  $('status').classList.remove('error');
  $('status').textContent = t('rp.loading');
  $('csv').disabled = true;
  try {
    const [queues, agents, teams] = await Promise.all(
      KINDS.map((k) => getJson(store, `/api/v1/reports/${k}?${params}`)));
    if (mine !== loads) return;
    report = { params, queues, agents, teams };
    const url = new URL(location.href);
    url.search = new URLSearchParams({ ...Object.fromEntries(params), to: addDays(params.get('to'), -1), tab });
    history.replaceState(null, '', url);
    render();
    $('csv').disabled = false;
  } catch (err) {
    if (mine !== loads) return;
    $('status').classList.add('error');
    $('status').textContent = t('rp.failed', { message: err.message });
    if (err instanceof ApiError && err.status === 403) $('status').textContent = t('rp.notAllowed');
  }
}

// The active report as CSV (the same parameters; the API answers text/csv), saved through a Blob link.
async function downloadCsv() {
  if (!report) return;
  const p = report.params;
  try {
    const res = await authedGet(store, `/api/v1/reports/${tab}?${p}`, 'text/csv');
    const blob = await res.blob();
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `${tab}-${p.get('from')}-${addDays(p.get('to'), -1)}.csv`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  } catch (err) {
    $('status').classList.add('error');
    $('status').textContent = t('rp.failed', { message: err.message });
  }
}

// Tabs (WAI-ARIA tabs pattern): click or arrow keys / Home / End; the active tab is the only one in the tab order.
function selectTab(kind, focus) {
  tab = kind;
  for (const k of KINDS) {
    const b = $(`tab-${k}`);
    b.setAttribute('aria-selected', String(k === kind));
    b.tabIndex = k === kind ? 0 : -1;
    $(`panel-${k}`).hidden = k !== kind;
  }
  if (focus) $(`tab-${kind}`).focus();
  const url = new URL(location.href);
  url.searchParams.set('tab', kind);
  history.replaceState(null, '', url);
}
$('tabs').addEventListener('click', (e) => {
  const b = e.target.closest('[role=tab]');
  if (b) selectTab(b.dataset.kind, false);
});
$('tabs').addEventListener('keydown', (e) => {
  const i = KINDS.indexOf(tab);
  const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: KINDS.length - 1 }[e.key];
  if (next == null) return;
  e.preventDefault();
  selectTab(KINDS[(next + KINDS.length) % KINDS.length], true);
});

function initForm() {
  const q = new URLSearchParams(location.search);
  const form = $('range');
  const tz = q.get('tz') || browserTimeZone();
  const today = localDate(tz);
  form.from.value = q.get('from') || today;
  form.to.value = q.get('to') || today;
  if (q.get('interval')) form.interval.value = q.get('interval');
  form.tz.value = tz;
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  $('zones').replaceChildren(...['UTC', ...zones.filter((z) => z !== 'UTC')].map((z) => new Option(z)));
  if (KINDS.includes(q.get('tab'))) selectTab(q.get('tab'), false);
}

function showSignedIn(signedIn) {
  $('login').hidden = signedIn;
  $('reports').hidden = !signedIn;
  $('signout').hidden = !signedIn;
}

// Supervisors, managers, team leaders (their teams) and admins only (the API checks it too; this only spares others
// an empty page).
function enter() {
  const claims = tokenClaims(store);
  const roles = claims.roles || [];
  if (!['supervisor', 'manager', 'team-leader', 'admin'].some((r) => roles.includes(r))) {
    store.logout();
    showSignedIn(false);
    $('login-error').textContent = t('rp.notAllowed');
    return;
  }
  $('who').textContent = `${claims.sub} @ ${claims.tenant}`;
  showSignedIn(true);
  load();
}

$('range').addEventListener('submit', (e) => {
  e.preventDefault();
  load();
});
$('chart-queue').addEventListener('change', (e) => {
  chartQueue = e.target.value;
  if (report) renderQueueDetail();
});
$('csv').addEventListener('click', downloadCsv);
bindSignInForm($('login'), $('login-error'), store, () => {
  enter();
});
$('signout').addEventListener('click', () => {
  store.logout();
  report = null;
  $('who').textContent = '';
  showSignedIn(false);
});
store.addEventListener('signed-out', (e) => {
  if (e.detail.reason === 'session expired') {
    showSignedIn(false);
    $('login-error').textContent = t('session.expired');
  }
});

translate(document);
bindLanguageSelect($('lang'));
onLanguage(render);
initForm();
if (store.signedIn) enter(); else showSignedIn(false);
