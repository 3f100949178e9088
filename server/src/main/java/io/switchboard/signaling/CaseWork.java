package io.switchboard.signaling;

import io.vertx.core.Future;

/**
 * What the node does in the store of record when an agent takes or finishes a case offered from a backlog (a work
 * item whose call id is {@code case-<id>}, docs/cases.md): the ACD holds the offer, the store the case. Threading:
 * called on the socket's event loop; futures may complete on any context.
 */
public interface CaseWork {
  /** The agent accepted the offer of case {@code caseId}: it becomes its owner (a new case becomes open). */
  Future<Void> accepted(String tenant, String agentId, long caseId);

  /** The agent is done working on case {@code caseId}: where the case belongs now is told the ACD again. */
  Future<Void> ended(String tenant, String agentId, long caseId);
}
