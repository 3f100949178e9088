package io.switchboard.contacts;

import java.time.Instant;

/**
 * One number of a tenant's do-not-call list.
 *
 * @param phone E.164
 * @param addedBy the subject of whoever added it
 * @param expiresAt when it stops applying; null: never
 */
public record DoNotCall(String phone, String reason, String addedBy, Instant addedAt, Instant expiresAt) {
  /** Whether it applies at {@code now}. */
  public boolean appliesAt(Instant now) {
    return expiresAt == null || expiresAt.isAfter(now);
  }
}
