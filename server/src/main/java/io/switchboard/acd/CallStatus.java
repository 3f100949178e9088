package io.switchboard.acd;

/** A call as the ACD sees it. {@code state} is waiting, reserved, connected, ended or abandoned. */
public record CallStatus(String callId, String queue, String state, int priority, long enqueuedEpochMs, String agentId) {}
