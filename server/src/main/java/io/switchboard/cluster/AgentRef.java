package io.switchboard.cluster;

/** One agent of one tenant. */
public record AgentRef(String tenant, String agentId) {}
