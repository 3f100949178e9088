package io.switchboard.cases;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A case as stored.
 *
 * @param owner the agent working on it, or null while it waits in its department's backlog
 * @param department the queue whose agents handle it
 * @param customerId the customer it is about, or null
 * @param escalations how many times it went to a superior
 * @param callIds the interactions linked to it, oldest first
 */
public record Case(String tenant, long id, long version, String subject, String description, CaseStatus status,
    CasePriority priority, String department, String owner, UUID customerId, Instant dueAt, int escalations,
    String createdBy, Instant createdAt, Instant updatedAt, Instant closedAt, List<String> callIds) {}
