// The QA page for evaluators (docs/quality.md): find an interaction through /api/v1/interactions (agent, queue,
// date), play its recording beside its timeline (qa-player.js) and score it with a scorecard (qa-form.js); the score
// is the server's. For supervisors, managers, team leaders (their members' calls) and admins; the API checks it too.
import { TokenStore, bindSignInForm } from './auth.js';
import { getJson, tokenClaims } from './rest.js';
import { t, translate, bindLanguageSelect, onLanguage } from './i18n.js';
import { $, addDays } from './format.js';
import { bindPlayer } from './qa-player.js';
import { bindScorecardForm } from './qa-form.js';

// The supervisor pages' session: the wallboard, the reports and this page share it in one tab.
const store = new TokenStore('switchboard.supervisor');
const player = bindPlayer(store);
const scorecard = bindScorecardForm(store);

function pickButton(row) {
  const b = document.createElement('button');
  b.type = 'button';
  b.dataset.callId = row.callId;
  b.textContent = t('qa.pick');
  b.setAttribute('aria-label', t('qa.pickLabel', { agent: row.agent || '—', at: row.arrivedAt }));
  b.addEventListener('click', () => pick(row.callId));
  return b;
}

function cell(text) {
  const td = document.createElement('td');
  td.textContent = text ?? '';
  return td;
}

async function search() {
  const form = $('search');
  const q = new URLSearchParams({ limit: '50' });
  if (form.agent.value.trim()) q.set('agent', form.agent.value.trim());
  if (form.queue.value.trim()) q.set('queue', form.queue.value.trim());
  if (form.date.value) {
    q.set('from', form.date.value);
    q.set('to', addDays(form.date.value, 1));
  }
  $('search-status').classList.remove('error');
  try {
    const page = await getJson(store, `/api/v1/interactions?${q}`);
    $('calls').tBodies[0].replaceChildren(...page.items.map((r) => {
      const tr = document.createElement('tr');
      tr.dataset.callId = r.callId;
      const action = document.createElement('td');
      action.append(pickButton(r));
      tr.append(cell(r.arrivedAt), cell(r.agent), cell(r.finalQueue || r.queue), cell(r.talkSeconds), action);
      return tr;
    }));
    $('search-status').textContent = t('qa.found', { count: page.items.length });
  } catch (err) {
    $('search-status').classList.add('error');
    $('search-status').textContent = t('qa.searchFailed', { message: err.message });
  }
}

async function pick(callId) {
  const id = encodeURIComponent(callId);
  try {
    const [interaction, recs] = await Promise.all([getJson(store, `/api/v1/interactions/${id}`),
      getJson(store, `/api/v1/recordings?callId=${id}`)]);
    // the answering agent's recording, else the call's first
    const recording = recs.items.find((r) => r.agentId === interaction.agent) || recs.items[0] || null;
    $('review').hidden = false;
    $('evaluate').hidden = false;
    $('review-call').textContent = t('qa.reviewing', { callId, agent: interaction.agent || '—' });
    scorecard.target(callId, recording?.id, recording?.agentId || interaction.agent);
    await player.show(interaction, recording);
  } catch (err) {
    $('search-status').classList.add('error');
    $('search-status').textContent = t('qa.searchFailed', { message: err.message });
  }
}

function showSignedIn(signedIn) {
  $('login').hidden = signedIn;
  $('qa').hidden = !signedIn;
  $('signout').hidden = !signedIn;
}

function enter() {
  const claims = tokenClaims(store);
  const roles = claims.roles || [];
  if (!['supervisor', 'manager', 'team-leader', 'admin'].some((r) => roles.includes(r))) {
    store.logout();
    showSignedIn(false);
    $('login-error').textContent = t('qa.notAllowed');
    return;
  }
  $('who').textContent = `${claims.sub} @ ${claims.tenant}`;
  showSignedIn(true);
  scorecard.load().catch((err) => { $('eval-status').textContent = t('qa.submitFailed', { message: err.message }); });
}

$('search').addEventListener('submit', (e) => {
  e.preventDefault();
  search();
});
bindSignInForm($('login'), $('login-error'), store, enter);
$('signout').addEventListener('click', () => {
  store.logout();
  player.clear();
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
onLanguage(() => scorecard.render());
if (store.signedIn) enter(); else showSignedIn(false);
