// A preview campaign's work item on the agent page (docs/campaigns.md, "Preview mode"): the ACD offers it like a
// call (call.offered with preview: the contact's name, number, attributes and previous attempts, the campaign's
// timeout). Nothing is dialed until the agent presses Call (preview.call: the number goes through the dial planner
// and rings back here) or Skip (preview.skip, with an optional reason: the contact is offered again later). With
// onTimeout "call" the page calls by itself when the time is up; with "skip" the server skips it.
import { t, language } from './i18n.js';
import { $ } from './format.js';

export const SKIP_REASONS = ['not-now', 'wrong-contact', 'needs-research'];

/** Shows the card for offer {@code o} (or hides it when the offer is no preview). */
export function renderPreview(o) {
  const p = o?.preview;
  $('preview').hidden = !p;
  $('offer-actions').hidden = !!p;
  if (!p) return;
  $('preview-name').textContent = p.name || '';
  $('preview-number').textContent = p.number || o.callback || '';
  $('preview-campaign').textContent = p.campaign || '';
  const attrs = Object.entries(p.attributes || {});
  $('preview-attributes').replaceChildren(...attrs.map(([k, v]) => {
    const row = document.createElement('div');
    const dt = document.createElement('dt');
    dt.textContent = k;
    const dd = document.createElement('dd');
    dd.textContent = typeof v === 'string' ? v : JSON.stringify(v);
    row.append(dt, dd);
    return row;
  }));
  $('preview-attributes-h').hidden = attrs.length === 0;
  const attempts = Array.isArray(p.attempts) ? p.attempts : [];
  $('preview-attempts').replaceChildren(...attempts.map((a) => {
    const li = document.createElement('li');
    const at = new Date(a.at).toLocaleString(language(), { dateStyle: 'short', timeStyle: 'short' });
    li.textContent = a.disposition ? t('preview.attemptDisposition', { at, outcome: a.outcome, disposition: a.disposition })
      : t('preview.attempt', { at, outcome: a.outcome });
    return li;
  }));
  $('preview-no-attempts').hidden = attempts.length > 0;
}

/** The countdown line: when the preview is skipped or called by itself. */
export function previewCountdown(o, now) {
  const p = o.preview;
  const left = Math.max(0, o.receivedAt + p.timeoutSeconds * 1000 - now);
  return t(p.onTimeout === 'call' ? 'preview.countdown.call' : 'preview.countdown.skip',
    { seconds: Math.ceil(left / 1000) });
}

/**
 * Calls {@code call} when a preview whose campaign says onTimeout "call" runs out (the server skips it a little later
 * if the page could not). One timer at a time; {@link #clear} when the offer is gone.
 */
export class AutoCall {
  #timer = null;

  arm(o, call) {
    this.clear();
    if (o.preview?.onTimeout !== 'call') return;
    this.#timer = setTimeout(call, Math.max(0, o.receivedAt + o.preview.timeoutSeconds * 1000 - Date.now()));
  }

  clear() {
    clearTimeout(this.#timer);
    this.#timer = null;
  }
}

/** The skip reason chosen ('' for none). */
export function skipReason() {
  return $('preview-reason').value;
}
