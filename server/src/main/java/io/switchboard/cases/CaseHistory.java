package io.switchboard.cases;

import java.time.Instant;

/**
 * One change of a case.
 *
 * @param actor the agent id who made it, or {@link CaseStore#SYSTEM} (a due time that passed)
 * @param action created, updated, forwarded, escalated, linked or breached
 * @param changes JSON object: field → {"from": …, "to": …}
 * @param note the free text given with it, or null
 */
public record CaseHistory(long seq, Instant at, String actor, String action, String changes, String note) {}
