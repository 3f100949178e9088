// The quality table of the reports page (docs/quality.md): GET /api/v1/reports/quality over the form's dates (whole
// UTC days, the "to" date included) as three tables, per agent, team and queue: evaluations, average score, failed.
// Kept apart from reports.js, which hands it its session and calls load() with every report.
import { getJson } from './rest.js';
import { t, onLanguage } from './i18n.js';
import { $, addDays } from './format.js';

const BY = ['agent', 'team', 'queue'];
let last = null; // the last report, re-rendered on a language change

function th(text) {
  const c = document.createElement('th');
  c.scope = 'col';
  c.textContent = text;
  return c;
}

function table(by, rows) {
  const el = $(`qa-${by}s`);
  const head = document.createElement('tr');
  head.append(th(t(`qa.report.by.${by}`)), th(t('qa.report.evaluations')), th(t('qa.report.average')),
    th(t('qa.report.failed')));
  el.tHead.replaceChildren(head);
  el.tBodies[0].replaceChildren(...rows.map((r) => {
    const tr = document.createElement('tr');
    tr.dataset.key = r[by];
    const key = document.createElement('th');
    key.scope = 'row';
    key.textContent = r[by];
    const cells = [r.evaluations, r.averageScore == null ? '—' : `${r.averageScore}%`, r.failed].map((v) => {
      const td = document.createElement('td');
      td.textContent = String(v);
      return td;
    });
    tr.append(key, ...cells);
    return tr;
  }));
}

function render() {
  if (!last) return;
  BY.forEach((by) => table(by, last[`${by}s`]));
}

/** @returns {{load(): Promise<void>}} the table of the page's form's range, read with {@code store}'s token */
export function bindQualityReport(store) {
  async function load() {
    const form = $('range');
    if (!form.from.value || !form.to.value) return;
    const q = new URLSearchParams({
      from: `${form.from.value}T00:00:00Z`, to: `${addDays(form.to.value, 1)}T00:00:00Z`,
    });
    $('qa-status').textContent = '';
    try {
      last = await getJson(store, `/api/v1/reports/quality?${q}`);
      render();
    } catch (err) {
      $('qa-status').textContent = t('qa.report.failedLoad', { message: err.message });
    }
  }
  onLanguage(render);
  return { load };
}
