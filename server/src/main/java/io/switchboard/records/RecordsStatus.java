package io.switchboard.records;

/**
 * The pipeline's last look at itself, for /health/ready and /metrics. Immutable.
 *
 * @param lagEvents events in the tenants' streams not yet recorded (pending + not yet read), all tenants
 * @param oldestPendingSeconds age of the oldest of them, 0 when none
 * @param storeUp false while writes to PostgreSQL fail
 * @param lastError the last failure (store or Redis) while it lasts, else empty
 */
public record RecordsStatus(long lagEvents, double oldestPendingSeconds, boolean storeUp, String lastError) {
  static final RecordsStatus STARTING = new RecordsStatus(0, 0, true, "");
}
