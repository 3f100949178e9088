package io.switchboard.acd;

/**
 * A call as the ACD sees it. {@code state} is waiting, reserved, connected, ended or abandoned; {@code agentId} is
 * null while no agent holds it; {@code node} is the node anchoring the call's media (where media and call-control
 * requests for it must be sent), null if the enqueuer named none; {@code caller} and {@code callerName} as given at
 * enqueue (the caller's number and display name), null when unknown.
 */
public record CallStatus(String callId, String queue, String state, int priority, long enqueuedEpochMs, String agentId,
    String node, String caller, String callerName) {}
