package io.switchboard.acd;

/**
 * A call as the ACD sees it. {@code state} is waiting, reserved, connected, ended or abandoned; {@code agentId} is
 * null while no agent holds it; {@code node} is the node anchoring the call's media (where media and call-control
 * requests for it must be sent), null if the enqueuer named none.
 */
public record CallStatus(String callId, String queue, String state, int priority, long enqueuedEpochMs, String agentId,
    String node) {}
