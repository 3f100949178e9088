package io.switchboard.cluster;

/**
 * A registered node.
 *
 * @param nodeId          its id
 * @param region          its region label
 * @param startedEpochMs  when it registered (epoch ms, its own clock)
 * @param lastBeatEpochMs its last heartbeat (epoch ms, its own clock)
 */
public record NodeInfo(String nodeId, String region, long startedEpochMs, long lastBeatEpochMs) {}
