// The agent's own quality evaluations on the softphone (docs/quality.md): GET /api/v1/evaluations (the server gives
// an agent only its own), newest first, each with its score and an Acknowledge button until the agent has
// acknowledged it (POST /api/v1/evaluations/{id}/acknowledge, once, with an optional comment).
import { t } from './i18n.js';
import { $ } from './format.js';
import { getJson, postJson } from './rest.js';

const day = (iso) => (iso ? iso.slice(0, 10) : '');

/** @returns {{load(): Promise<void>, render(): void, clear(): void}} */
export function bindEvaluations(store) {
  let items = [];

  function item(ev) {
    const li = document.createElement('li');
    li.dataset.evaluationId = ev.id;
    const text = document.createElement('span');
    const vars = { date: day(ev.createdAt), score: ev.score, scorecard: ev.scorecard?.name || ev.scorecardId,
      callId: ev.callId };
    text.textContent = t(ev.failed ? 'ev.itemFailed' : 'ev.item', vars);
    li.append(text);
    if (ev.acknowledgedAt) {
      const done = document.createElement('span');
      done.className = 'muted small';
      done.textContent = ` — ${t('ev.acknowledged', { date: day(ev.acknowledgedAt) })}`;
      li.append(done);
      return li;
    }
    const comment = document.createElement('input');
    comment.maxLength = 2000;
    comment.setAttribute('aria-label', t('ev.ackComment'));
    comment.placeholder = t('ev.ackComment');
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = t('ev.acknowledge');
    b.addEventListener('click', async () => {
      b.disabled = true;
      try {
        const body = comment.value.trim() ? { comment: comment.value.trim() } : {};
        const done = await postJson(store, `/api/v1/evaluations/${encodeURIComponent(ev.id)}/acknowledge`, body);
        items = items.map((x) => (x.id === done.id ? done : x));
        render();
      } catch (err) {
        b.disabled = false;
        $('evaluations-status').textContent = t('ev.failedLoad', { message: err.message });
      }
    });
    li.append(' ', comment, ' ', b);
    return li;
  }

  // The card shows only when there is something to read (the on-call page must fit a 1366x768 screen).
  function render() {
    $('evaluations-list').replaceChildren(...items.map(item));
    $('evaluations-status').textContent = '';
    $('evaluations').hidden = items.length === 0;
  }

  async function load() {
    try {
      items = (await getJson(store, '/api/v1/evaluations?limit=20')).items;
      render();
    } catch (err) {
      $('evaluations-status').textContent = t('ev.failedLoad', { message: err.message });
      $('evaluations').hidden = false;
    }
  }

  function clear() {
    items = [];
    $('evaluations-list').replaceChildren();
    $('evaluations').hidden = true;
  }

  return { load, render, clear };
}
