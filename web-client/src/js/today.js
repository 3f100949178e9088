// The wallboard's slow data, by REST with the supervisor's token: today's figures from the reports API (so the
// wallboard and the reports use one set of definitions, docs/reports.md) and the tenant's agents and teams from
// the directory (every agent is listed, also those who never logged in). "Today" is the browser's day: from local
// midnight to the next, interval=day, tz = the browser's time zone. The live numbers (waiting calls, agent states)
// come over the signaling socket instead.
//
// Fetches every PERIOD_MS (one round in flight at a time); the directory every DIRECTORY_EVERY-th time. soon()
// brings the next round forward when the live numbers show a change (a call answered or ended), so a figure the
// supervisor just saw happen shows within seconds; rounds stay at least MIN_GAP_MS apart however busy the floor.
// Dispatches 'update' after every round with detail {queues, agents (Map id → {figures, goals}), roster, teams
// (directory items), day, timeZone, at (when the figures were read, null before the first success)}: what failed
// keeps its last good value. Then 'failed' with detail {message} if any request failed.
import { getJson, listAll } from './rest.js';
import { addDays, browserTimeZone, localDate } from './format.js';

const PERIOD_MS = 15_000;
const DIRECTORY_EVERY = 4;
const SOON_MS = 1500; // lets the records pipeline store the change first (it stores within ~0.1 s)
const MIN_GAP_MS = 5000;

/** Totals of a report answer keyed by `key`, each with its goals: Map key → {figures, goals}. */
function byKey(report, key) {
  const out = new Map();
  for (const row of report.totals || []) {
    out.set(row[key], { figures: row, goals: report.goals?.[row[key]] ?? null });
  }
  return out;
}

export class TodayFigures extends EventTarget {
  #store;
  #timer = null;
  #running = false;
  #busy = false;
  #cycle = 0;
  #roster = null;
  #teams = null;
  #queues = new Map();
  #agents = new Map();
  #at = null;
  #lastRound = 0; // performance.now() when the last round started
  #soonPending = false;
  #again = false; // soon() came while a round was in flight: the next round comes soon, not a period later

  /** @param store the page's TokenStore */
  constructor(store) {
    super();
    this.#store = store;
  }

  start() {
    if (this.#running) return;
    this.#running = true;
    this.#cycle = 0;
    this.#tick();
  }

  stop() {
    this.#running = false;
    clearTimeout(this.#timer);
    this.#roster = null;
    this.#teams = null;
    this.#queues = new Map();
    this.#agents = new Map();
    this.#at = null;
  }

  /** The live numbers changed: read the figures again shortly instead of at the next period. */
  soon() {
    if (!this.#running || this.#soonPending) return;
    if (this.#busy) {
      this.#again = true;
      return;
    }
    this.#soonPending = true;
    clearTimeout(this.#timer);
    const wait = Math.max(SOON_MS, this.#lastRound + MIN_GAP_MS - performance.now());
    this.#timer = setTimeout(() => this.#tick(), wait);
  }

  async #tick() {
    if (this.#busy) return;
    this.#busy = true;
    this.#soonPending = false;
    this.#lastRound = performance.now();
    clearTimeout(this.#timer);
    const tz = browserTimeZone();
    const day = localDate(tz);
    const q = new URLSearchParams({ from: day, to: addDays(day, 1), interval: 'day', tz });
    try {
      const directory = this.#cycle++ % DIRECTORY_EVERY === 0 || this.#roster == null;
      // The directory and the reports apart: a report that fails (the database down) leaves the agents listed.
      const [queues, agents, roster, teams] = await Promise.allSettled([
        getJson(this.#store, `/api/v1/reports/queues?${q}`),
        getJson(this.#store, `/api/v1/reports/agents?${q}`),
        directory ? listAll(this.#store, 'agents') : this.#roster,
        directory ? listAll(this.#store, 'teams') : this.#teams,
      ]);
      if (!this.#running) return;
      if (roster.status === 'fulfilled') this.#roster = roster.value;
      if (teams.status === 'fulfilled') this.#teams = teams.value;
      const reports = queues.status === 'fulfilled' && agents.status === 'fulfilled';
      if (reports) {
        this.#queues = byKey(queues.value, 'queue');
        this.#agents = byKey(agents.value, 'agent');
        this.#at = new Date();
      }
      this.dispatchEvent(new CustomEvent('update', {
        detail: {
          queues: this.#queues, agents: this.#agents, roster: this.#roster || [], teams: this.#teams || [],
          day, timeZone: tz, at: this.#at,
        },
      }));
      const failed = [queues, agents, roster, teams].find((r) => r.status === 'rejected');
      if (failed) throw failed.reason;
    } catch (err) {
      if (!this.#running) return;
      this.dispatchEvent(new CustomEvent('failed', { detail: { message: err.message } }));
    } finally {
      this.#busy = false;
      if (this.#running) this.#timer = setTimeout(() => this.#tick(), PERIOD_MS);
      if (this.#again) {
        this.#again = false;
        this.soon();
      }
    }
  }
}
