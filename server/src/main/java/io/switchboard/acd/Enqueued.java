package io.switchboard.acd;

/**
 * Result of an enqueue: the call's id and, when it was routed at once, the reserved agent (else null); and the
 * call's place in line as the ACD wrote it ({@code score}, a decimal string, and {@code enqueuedAtMs}), which the
 * call's node keeps so it can put the call back at that place if Redis loses it ({@link Acd#reconcile}); a null
 * score: the place is unknown.
 */
public record Enqueued(String callId, String reservedAgent, String score, long enqueuedAtMs) {

  /** Without a known place (ACDs that do not reconcile, tests): reconciliation would give it a new one. */
  public Enqueued(String callId, String reservedAgent) {
    this(callId, reservedAgent, null, 0);
  }
}
