// The wrap-up's "Call back at" of a campaign call (docs/campaigns.md, "Call-back times"): the agent picks a date and
// time meant in the contact's zone (call.offered's `contact` {zone, from, to}, shown as "10:00 in America/New_York"),
// directly or with a quick pick ("in 1 hour", "tomorrow 10:00"), and wrapup.done sends it as `callbackAt`, ISO-8601
// with that zone's offset at that instant. The server judges it (future, ≤ 30 days, inside calling hours); its
// refusal is shown under the field (role=alert) and the wrap-up stays open.
import { t, onLanguage } from './i18n.js';
import { $, localDate, addDays } from './format.js';

/** Minutes zone `tz` is ahead of UTC at instant `ms` (e.g. -300 for America/New_York in winter). */
export function offsetMinutes(tz, ms) {
  const parts = {};
  for (const p of new Intl.DateTimeFormat('en-US', {
    timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit',
    minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(ms))) parts[p.type] = Number(p.value);
  const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60000);
}

/**
 * The wall-clock date `ymd` (YYYY-MM-DD) and time `hm` (HH:mm) in zone `tz` as ISO-8601 with its offset
 * ("2026-12-08T10:00:00-05:00"). A wall time a spring-forward gap skips is sent with the offset after the gap (an
 * instant whose wall time is an hour earlier); an ambiguous one (fall back) as the earlier instant.
 */
export function zonedIso(ymd, hm, tz) {
  const [y, mo, d] = ymd.split('-').map(Number);
  const [h, mi] = hm.split(':').map(Number);
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  let off = offsetMinutes(tz, wall - offsetMinutes(tz, wall) * 60000);
  const second = offsetMinutes(tz, wall - off * 60000);
  if (second > off) off = second; // the earlier of two instants with this wall time
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  const pad = (n) => String(n).padStart(2, '0');
  return `${ymd}T${pad(h)}:${pad(mi)}:00${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The wall-clock time (HH:mm) of instant `ms` in zone `tz`. */
function localTime(tz, ms) {
  return new Intl.DateTimeFormat('en-GB', { timeZone: tz, hourCycle: 'h23', hour: '2-digit', minute: '2-digit' })
    .format(new Date(ms));
}

/**
 * Binds the fieldset #callback (hidden for calls of no campaign).
 * @returns {start(contact), value() → callbackAt or null, refused(err) → whether it was about callbackAt}
 */
export function bindCallbackPicker() {
  let contact = null; // {zone, from, to}

  function hint() {
    const time = $('callback-time').value;
    $('callback-hint').textContent = contact
      ? t('callback.inZone', { time: time || '--:--', zone: contact.zone, from: contact.from, to: contact.to }) : '';
  }

  function set(ymd, hm) {
    $('callback-date').value = ymd;
    $('callback-time').value = hm;
    clearError();
    hint();
  }

  function clearError() {
    $('callback-error').textContent = '';
    $('callback-time').removeAttribute('aria-invalid');
  }

  $('callback-in-hour').addEventListener('click', () => {
    const at = Date.now() + 3600_000;
    set(localDate(contact.zone, new Date(at)), localTime(contact.zone, at));
  });
  $('callback-tomorrow').addEventListener('click', () => {
    set(addDays(localDate(contact.zone), 1), '10:00');
  });
  $('callback-clear').addEventListener('click', () => set('', ''));
  $('callback-date').addEventListener('input', () => { clearError(); hint(); });
  $('callback-time').addEventListener('input', () => { clearError(); hint(); });
  onLanguage(hint);

  return {
    /** A new wrap-up: the call's contact card, or nothing (no picker). */
    start(c) {
      contact = c && c.zone ? c : null;
      $('callback').hidden = !contact;
      set('', '');
    },
    /** The callbackAt to send, null when none was picked. A date without a time (or the reverse) is refused here. */
    value() {
      if (!contact) return null;
      const ymd = $('callback-date').value;
      const hm = $('callback-time').value;
      if (!ymd && !hm) return null;
      if (!ymd || !hm) throw Object.assign(new Error(t('callback.incomplete')), { field: 'callbackAt' });
      return zonedIso(ymd, hm, contact.zone);
    },
    /** Shows a refusal under the field (announced): the server's about callbackAt, or the picker's own. */
    refused(err) {
      if (err.field !== 'callbackAt') return false;
      $('callback-error').textContent = err.message;
      $('callback-time').setAttribute('aria-invalid', 'true');
      return true;
    },
  };
}
