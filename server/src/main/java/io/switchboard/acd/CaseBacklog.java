package io.switchboard.acd;

import io.vertx.core.Future;

/**
 * The ACD side of cases (docs/cases.md, "Offered to agents"): a case without an owner waits in its department's
 * backlog as a work item (the virtual call {@link #callId}), offered to a free agent of that queue only when no
 * waiting call fits the agent; offers, no answer and reject are those of calls, and one script decides each, so a
 * case is never offered to two agents at once.
 *
 * <p>Threading: as {@link Acd}. Failures are {@link AcdException}.
 */
public interface CaseBacklog {
  /** The prefix of a case's call id: {@code case-<case id>}. */
  String CALL_PREFIX = "case-";

  static String callId(long caseId) {
    return CALL_PREFIX + caseId;
  }

  /** The case id of a case's call id, or null when {@code callId} is a call's. */
  static Long caseIdOf(String callId) {
    if (callId == null || !callId.startsWith(CALL_PREFIX)) {
      return null;
    }
    try {
      return Long.parseLong(callId.substring(CALL_PREFIX.length()));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * Where a case belongs now.
   *
   * @param queue the backlog it waits in (its department), or null: in none (it has an owner, it is not new or
   *     open, or cases are not offered)
   * @param rank its place in the backlog, lowest offered first (non-negative)
   * @param priority low, normal, high or urgent (shown on the offer)
   * @param dueAtMs its due time, epoch ms (shown on the offer)
   */
  record Item(long caseId, String queue, long rank, String subject, String priority, long dueAtMs) {}

  /** Where the case is after the change: the agent it is offered to or worked on by, if any. */
  record Placed(String state, String agentId) {}

  /**
   * Puts the case where {@code item} says (acd-case.lua): into its backlog and routed, moved to another backlog, or
   * taken out (an offer of it taken back); a case an agent works on stays with it unless it moved to another queue.
   */
  Future<Placed> place(String tenant, Item item);
}
