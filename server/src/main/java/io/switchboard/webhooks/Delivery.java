package io.switchboard.webhooks;

import java.time.Instant;

/**
 * One event to deliver to one webhook, as stored.
 *
 * @param attempts attempts made so far
 * @param lastStatus the HTTP status of the last attempt, null when none came back (or none was made)
 * @param nextAttemptAt when it is due (pending), else when it would have been
 * @param finishedAt when it was delivered or became dead, null while pending
 */
public record Delivery(long id, String tenant, String webhookId, String eventId, String eventType, String body,
    String status, int attempts, Instant nextAttemptAt, Integer lastStatus, String lastError, Instant lastAttemptAt,
    Instant createdAt, Instant finishedAt) {

  public static final String PENDING = "pending";
  public static final String DELIVERED = "delivered";
  public static final String DEAD = "dead";
}
