package io.switchboard.acd;

/** An agent as the ACD sees it; {@code callId} is set while reserved, on a call or in wrap-up. */
public record AgentStatus(String agentId, AgentState state, String reason, long sinceEpochMs, String callId) {}
