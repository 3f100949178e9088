// A case of a department's backlog on the agent page (docs/cases.md, "Offered to agents"): the ACD offers it like a
// call (call.offered with caseId, subject, casePriority and dueAt; callId case-<id>). Nobody is on the line, so no
// audio leg is set up. Accepted, the case is the agent's (owner, open) and the call panel shows it while the agent
// works on it; "Hang up" ends that work with no wrap-up, and the case stays the agent's until closed.
import { t, language } from './i18n.js';

/** The offer's first line: "Case #12: Refund for order 1234". */
export function caseLabel(o) {
  return t('offer.case', { id: o.caseId, subject: o.subject || '' });
}

/** The offer's second line: "high priority · due 08/12/2026, 14:00". */
export function caseDetails(o) {
  const due = Number.isFinite(o.dueAt)
    ? new Date(o.dueAt).toLocaleString(language(), { dateStyle: 'short', timeStyle: 'short' }) : '';
  return [o.casePriority ? t(`case.priority.${o.casePriority}`) : '', due ? t('offer.caseDue', { due }) : '']
    .filter(Boolean).join(' · ');
}
