// Report figures on screen, shared by the wallboard and the reports page: how a figure is written and whether it
// meets its goal. The figures themselves are the reports API's (docs/reports.md defines them once); nothing is
// recomputed here. A null figure (nothing to measure: no call offered, none answered) shows "–" and is neither met
// nor missed; a goal not set shows no goal.
import { t, language } from './i18n.js';
import { duration } from './format.js';

/** A number with at most one decimal, in the page's language (33.333 → "33.3", in Spanish "33,3"). */
const decimal = (v) => new Intl.NumberFormat(language(), { maximumFractionDigits: 1 }).format(v);

/** 33.333 → "33.3 %"; null → "–". */
export const percentText = (v) => (v == null ? '–' : `${decimal(v)} %`);

/** Seconds as m:ss (h:mm:ss from an hour), rounded to the second; null → "–". */
export const secondsText = (v) => (v == null ? '–' : duration(Math.round(v) * 1000));

/** A count or a ratio with at most one decimal; null → "–". */
export const numberText = (v) => (v == null ? '–' : decimal(v));

/**
 * A goal verdict: 'met', 'breached' or null (no goal, or no figure). `worse` says which way is bad: 'below' (service
 * level, calls) or 'above' (ASA, AHT, abandon rate). Equal to the goal meets it.
 */
export function verdict(value, goal, worse) {
  if (value == null || goal == null) return null;
  return (worse === 'below' ? value < goal : value > goal) ? 'breached' : 'met';
}

/**
 * A table cell with a figure and, under it, its goal in words; a missed goal gets the class `breached` and says
 * so in text too (colour is not the only sign), a met one the class `met`.
 * @param state 'met' | 'breached' | null (from verdict)
 */
export function goalCell(cls, text, goalText, state) {
  const td = document.createElement('td');
  td.className = cls;
  const v = document.createElement('span');
  v.className = 'value';
  v.textContent = text;
  td.append(v);
  if (goalText != null) {
    const g = document.createElement('span');
    g.className = 'goal';
    g.textContent = t(state === 'breached' ? 'wb.goalMissed' : 'wb.goal', { goal: goalText });
    td.append(' ', g);
    if (state) td.classList.add(state);
  }
  return td;
}

/** A plain figure cell. */
export function cell(text, cls) {
  const td = document.createElement('td');
  td.textContent = text;
  if (cls) td.className = cls;
  return td;
}

/** A row header cell (the queue, agent or team the row is about). */
export function rowHeader(text) {
  const th = document.createElement('th');
  th.scope = 'row';
  th.textContent = text;
  return th;
}

// The goal cells of a queue row: g is the report's goals of that queue ({serviceLevelPercent, serviceLevelSeconds,
// asaSeconds, abandonPercent, ahtSeconds}, each possibly null), f its figures.
export const queueGoalCells = {
  serviceLevel: (f, g) => goalCell('sl', percentText(f.serviceLevelPercent),
    g?.serviceLevelPercent == null ? null
      : t('wb.slGoal', { percent: g.serviceLevelPercent, seconds: g.serviceLevelSeconds }),
    verdict(f.serviceLevelPercent, g?.serviceLevelPercent, 'below')),
  asa: (f, g) => goalCell('asa', secondsText(f.asaSeconds),
    g?.asaSeconds == null ? null : t('wb.atMost', { goal: secondsText(g.asaSeconds) }),
    verdict(f.asaSeconds, g?.asaSeconds, 'above')),
  aht: (f, g) => goalCell('aht', secondsText(f.ahtSeconds),
    g?.ahtSeconds == null ? null : t('wb.atMost', { goal: secondsText(g.ahtSeconds) }),
    verdict(f.ahtSeconds, g?.ahtSeconds, 'above')),
  abandon: (f, g) => goalCell('abandon-rate', percentText(f.abandonPercent),
    g?.abandonPercent == null ? null : t('wb.abandonGoal', { percent: g.abandonPercent }),
    verdict(f.abandonPercent, g?.abandonPercent, 'above')),
};

/** An agent's or a team's AHT against its goal ({callsPerDay, ahtSeconds}). */
export const peopleAhtCell = (f, g) => goalCell('aht', secondsText(f.ahtSeconds),
  g?.ahtSeconds == null ? null : t('wb.atMost', { goal: secondsText(g.ahtSeconds) }),
  verdict(f.ahtSeconds, g?.ahtSeconds, 'above'));

/**
 * Calls per day against the goal. Over a report's range a figure below the goal is a miss. `today` (the wallboard)
 * counts the calls answered so far today: the day is not over, so being below the goal is not yet a miss; it shows
 * as met once reached and otherwise stays neutral.
 */
export function callsPerDayCell(value, g, today = false) {
  const goal = g?.callsPerDay;
  let state = verdict(value, goal, 'below');
  if (today && state === 'breached') state = null;
  return goalCell('calls', numberText(value), goal == null ? null : t('wb.callsGoal', { calls: goal }), state);
}
