package io.switchboard.cases;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A tenant's cases and their history. Every change is one transaction: the row, its history entry and the
 * {@link CaseHook}'s work commit together, or none does. Blocking: call it on worker threads.
 */
public interface CaseStore {
  /** The actor of changes nobody made by hand (a due time that passed). */
  String SYSTEM = "system";
  int MAX_PAGE = 200;

  /**
   * Filters of a search; null fields do not filter. {@code viewerOwners} (with {@code viewerDepartments}) limits
   * the result to the cases someone who sees only some may see: those owned by one of them (an agent itself, a team
   * leader also its teams' members) and those of its queues.
   */
  record Query(CaseStatus status, CasePriority priority, Boolean active, String department, String owner,
      java.util.UUID customerId, String callId, Boolean overdue, String text, List<String> viewerOwners,
      List<String> viewerDepartments) {
    /** Any priority. */
    public Query(CaseStatus status, Boolean active, String department, String owner, java.util.UUID customerId,
        String callId, Boolean overdue, String text, List<String> viewerOwners, List<String> viewerDepartments) {
      this(status, null, active, department, owner, customerId, callId, overdue, text, viewerOwners,
          viewerDepartments);
    }
  }

  Case create(String tenant, CaseInput.NewCase input, String actor);

  Optional<Case> get(String tenant, long id);

  List<CaseHistory> history(String tenant, long id);

  /** Newest first; {@code beforeId} is the last id of the previous page, or null. */
  List<Case> search(String tenant, Query query, Long beforeId, int limit);

  /**
   * Applies {@link CaseInput#patch} changes; refuses a status change the case's status does not allow, or a version
   * other than {@code expectedVersion} (when not null). A new priority moves the due time (from creation).
   */
  Case update(String tenant, long id, Long expectedVersion, Map<String, Object> changes, String actor);

  /** Moves the case to another department's backlog (no owner), with a note. */
  Case forward(String tenant, long id, String department, String note, String actor);

  /** Gives the case to {@code superior} (an agent id) and counts an escalation. */
  Case escalate(String tenant, long id, String superior, String note, String actor);

  /** Links an interaction; linking one twice changes nothing. */
  Case link(String tenant, long id, String callId, String actor);

  /**
   * The cases waiting in a backlog (no owner, new or open), across tenants, in (tenant, id) order after
   * {@code afterTenant} / {@code afterId} (null: from the first).
   */
  List<Case> backlog(String afterTenant, long afterId, int limit);

  /** Active cases whose due time passed and that nobody acted on yet, across tenants, oldest due first. */
  List<Case> breached(int limit);

  /**
   * Acts on a passed due time once: escalates to {@code superior} (by {@link #SYSTEM}) or, when there is none, only
   * records the breach; either way the case is not picked again. False when another node did it first.
   */
  boolean handleBreach(String tenant, long id, String superior, String note);
}
