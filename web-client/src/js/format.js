// Small display helpers shared by both pages.

/** 65_000 → "1:05", 3_725_000 → "1:02:05" (negative → "0:00"). */
export function duration(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/**
 * Writes text into a live region (role=status, aria-live) only when it differs: rewriting the same words is a
 * change screen readers may announce again, and samples arrive every second.
 */
export function say(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

/** The element by id (pages are small and ids unique). */
export const $ = (id) => document.getElementById(id);

/** The browser's IANA time zone (e.g. "Europe/Madrid"); "UTC" when it cannot say. */
export const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/** The calendar date (YYYY-MM-DD) of instant `at` in time zone `tz`. */
export function localDate(tz, at = new Date()) {
  // en-CA writes dates as YYYY-MM-DD
  return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(at);
}

/** YYYY-MM-DD plus n calendar days (no time zone involved: pure calendar arithmetic). */
export function addDays(ymd, n) {
  const [y, m, d] = ymd.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}
