// The wallboard's campaigns card (docs/campaigns.md): every running or paused campaign of the tenant with its
// progress (dialed, connected, abandon rate, remaining) from the campaigns API, read every PERIOD_MS while signed in.
// One round in flight at a time; a failed round keeps the last rows and says why under the table.
import { getJson } from './rest.js';
import { t } from './i18n.js';
import { $ } from './format.js';

const PERIOD_MS = 5_000;
const SHOWN = new Set(['running', 'paused']);

export class CampaignBoard {
  #store;
  #timer = null;
  #generation = 0; // a round of an earlier start() ignores its result
  #rows = [];
  #error = null;

  /** @param store the page's TokenStore */
  constructor(store) {
    this.#store = store;
  }

  start() {
    this.stop();
    this.#tick(++this.#generation);
  }

  stop() {
    this.#generation++;
    clearTimeout(this.#timer);
    this.#rows = [];
    this.#error = null;
    this.render();
  }

  async #tick(generation) {
    let rows = null;
    let error = null;
    try {
      const list = await getJson(this.#store, '/api/v1/campaigns');
      const shown = (list.items || []).filter((c) => SHOWN.has(c.status));
      const progress = await Promise.all(shown.map((c) =>
        getJson(this.#store, `/api/v1/campaigns/${encodeURIComponent(c.id)}/progress`)));
      rows = shown.map((c, i) => ({ campaign: c, progress: progress[i] }));
    } catch (err) {
      error = err.message;
    }
    if (generation !== this.#generation) return;
    if (rows) this.#rows = rows;
    this.#error = error;
    this.render();
    this.#timer = setTimeout(() => this.#tick(generation), PERIOD_MS);
  }

  /** Draws the card from the last round (also after a language change). */
  render() {
    const table = $('campaigns');
    table.querySelector('tbody').replaceChildren(...this.#rows.map(({ campaign: c, progress: p }) => {
      const tr = document.createElement('tr');
      tr.dataset.campaign = c.id;
      const status = t(`cmp.status.${c.status}`) + (c.statusReason ? ` (${c.statusReason})` : '');
      const cells = [['name', c.name], ['status', status], ['dialed', p.dialed], ['connected', p.connected],
        ['abandon', `${(p.abandonRate * 100).toFixed(1)} %`], ['remaining', p.remaining]];
      for (const [cls, value] of cells) {
        const td = document.createElement('td');
        td.className = cls;
        td.textContent = String(value);
        tr.append(td);
      }
      return tr;
    }));
    table.hidden = this.#rows.length === 0;
    $('no-campaigns').hidden = this.#rows.length > 0;
    $('campaigns-error').textContent = this.#error ?? '';
  }
}
