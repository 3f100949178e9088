package io.switchboard.acd;

/** Result of an enqueue: the call's id and, when it was routed at once, the reserved agent (else null). */
public record Enqueued(String callId, String reservedAgent) {}
