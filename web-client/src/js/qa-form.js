// The QA page's scorecard form (docs/quality.md): the tenant's scorecards (GET /api/v1/scorecards), one fieldset
// per section and one radio group per question (yes/no, 1..scaleMax, N/A where the question allows it); submitting
// POSTs the answers to /api/v1/evaluations and shows the score the server computed (or the field it refused).
import { t } from './i18n.js';
import { $ } from './format.js';
import { listAll, postJson } from './rest.js';

function radio(name, value, label) {
  const l = document.createElement('label');
  l.className = 'inline';
  const input = document.createElement('input');
  input.type = 'radio';
  input.name = name;
  input.value = String(value);
  input.required = true;
  l.append(input, ` ${label}`);
  return l;
}

function question(q) {
  const fs = document.createElement('fieldset');
  fs.dataset.question = q.id;
  const legend = document.createElement('legend');
  legend.textContent = q.critical ? `${q.text} (${t('qa.critical')})` : q.text;
  fs.append(legend);
  const name = `q-${q.id}`;
  if (q.type === 'scale') {
    for (let v = 1; v <= q.scaleMax; v += 1) fs.append(radio(name, v, String(v)));
  } else {
    fs.append(radio(name, 'yes', t('qa.yes')), radio(name, 'no', t('qa.no')));
  }
  if (q.allowNa) fs.append(radio(name, 'na', t('qa.na')));
  return fs;
}

function section(s) {
  const fs = document.createElement('fieldset');
  const legend = document.createElement('legend');
  legend.textContent = t('qa.section', { title: s.title, weight: s.weight });
  fs.append(legend, ...s.questions.map(question));
  return fs;
}

/** @returns {{load(): Promise<void>, target(callId, recordingId, agentId): void}} */
export function bindScorecardForm(store, onScored) {
  let cards = [];
  let target = null;
  const form = $('evaluate');

  function render() {
    const card = cards.find((c) => c.id === $('scorecard').value);
    $('questions').replaceChildren(...(card ? card.sections.map(section) : []));
  }

  async function load() {
    cards = await listAll(store, 'scorecards');
    $('scorecard').replaceChildren(...cards.map((c) => new Option(c.name, c.id)));
    render();
  }

  function answers(card) {
    const out = {};
    for (const s of card.sections) {
      for (const q of s.questions) {
        const v = form.querySelector(`input[name="q-${CSS.escape(q.id)}"]:checked`)?.value;
        if (v != null) out[q.id] = q.type === 'scale' && v !== 'na' ? Number(v) : v;
      }
    }
    return out;
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const card = cards.find((c) => c.id === $('scorecard').value);
    if (!card || !target) return;
    const body = { callId: target.callId, scorecardId: card.id, answers: answers(card) };
    if (target.recordingId) body.recordingId = target.recordingId;
    if (target.agentId) body.agentId = target.agentId;
    const comment = form.comment.value.trim();
    if (comment) body.comment = comment;
    const status = $('eval-status');
    status.classList.remove('error');
    try {
      const ev = await postJson(store, '/api/v1/evaluations', body);
      status.dataset.score = String(ev.score);
      status.textContent = ev.failed ? t('qa.scoredFailed', { score: ev.score, raw: ev.rawScore })
        : t('qa.scored', { score: ev.score });
      onScored?.(ev);
    } catch (err) {
      status.classList.add('error');
      status.textContent = t('qa.submitFailed', { message: err.message });
    }
  });
  $('scorecard').addEventListener('change', render);

  return {
    load,
    render,
    target(callId, recordingId, agentId) {
      target = { callId, recordingId, agentId };
      form.reset();
      render();
      $('eval-status').textContent = '';
      delete $('eval-status').dataset.score;
    },
  };
}
