// The reports page's campaigns card (docs/reports.md, "Campaigns"): per campaign its mode, status, dialed, connected,
// abandoned, 30-day abandon rate, remaining contacts, preview skips and contacts not dialed (each with its reasons),
// and the same per mode, from GET /api/v1/reports/campaigns.
// It has no range of its own (lifetime figures and a rolling 30-day rate): loaded with the page's other reports, a
// failure here says why in the card and leaves the other reports alone.
import { getJson } from './rest.js';
import { t, has } from './i18n.js';
import { $ } from './format.js';
import { cell, rowHeader, numberText, percentText } from './figures.js';

const COLUMNS = [
  ['dialed', 'wb.dialed', numberText],
  ['connected', 'wb.connected', numberText],
  ['abandoned', 'rp.abandoned', numberText],
  ['abandonRate', 'rp.abandonRate30', (v) => percentText(v == null ? null : Math.round(v * 1000) / 10)],
  ['remaining', 'wb.remaining', numberText],
  ['skips', 'rp.skips', (v, f) => reasonsText(v, f.skipReasons, 'preview.reason.')],
  ['notDialed', 'rp.notDialed', (v, f) => reasonsText(v, f.notDialedReasons, 'rp.reason.')],
];

/** "3 (Not now 2, timeout 1)": the total, then each reason (its label when the catalogue has one) and its count. */
function reasonsText(total, reasons, prefix) {
  const parts = Object.entries(reasons ?? {})
    .map(([code, n]) => `${has(prefix + code) ? t(prefix + code) : code} ${numberText(n)}`);
  return parts.length === 0 ? numberText(total) : `${numberText(total)} (${parts.join(', ')})`;
}

export class CampaignReport {
  #store;
  #report = null;
  #error = null;
  #loads = 0;

  /** @param store the page's TokenStore */
  constructor(store) {
    this.#store = store;
  }

  async load() {
    const mine = ++this.#loads;
    try {
      const r = await getJson(this.#store, '/api/v1/reports/campaigns');
      if (mine !== this.#loads) return;
      this.#report = r;
      this.#error = null;
    } catch (err) {
      if (mine !== this.#loads) return;
      this.#error = err.message;
    }
    this.render();
  }

  /** Draws the card from the last answer (also after a language change). */
  render() {
    $('campaigns-error').textContent = this.#error ? t('rp.campaignsFailed', { message: this.#error }) : '';
    const rows = this.#report?.rows ?? [];
    fill($('campaign-totals'), [t('wb.campaign'), t('cmp.mode'), t('cmp.status')], rows.map((r) => ({
      key: r.campaign, head: r.name, cells: [t(`cmp.mode.${r.mode}`), t(`cmp.status.${r.status}`)], figures: r,
    })));
    const byMode = Object.entries(this.#report?.byMode ?? {});
    fill($('campaign-modes'), [t('cmp.mode'), t('cmp.campaigns')], byMode.map(([mode, f]) => ({
      key: mode, head: t(`cmp.mode.${mode}`), cells: [numberText(f.campaigns)], figures: f,
    })));
  }
}

function fill(table, heads, rows) {
  const tr = document.createElement('tr');
  for (const label of [...heads, ...COLUMNS.map((c) => t(c[1]))]) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = label;
    tr.append(th);
  }
  table.tHead.replaceChildren(tr);
  table.tBodies[0].replaceChildren(...rows.map((r) => {
    const row = document.createElement('tr');
    row.dataset.key = r.key;
    row.append(rowHeader(r.head), ...r.cells.map((c) => cell(c)),
      ...COLUMNS.map(([key, , fmt]) => cell(fmt(r.figures[key], r.figures), key)));
    return row;
  }));
  if (rows.length === 0) {
    const td = cell(t('rp.noCampaigns'), 'muted');
    td.colSpan = heads.length + COLUMNS.length;
    const row = document.createElement('tr');
    row.append(td);
    table.tBodies[0].append(row);
  }
}
