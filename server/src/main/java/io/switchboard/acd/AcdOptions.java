package io.switchboard.acd;

import io.switchboard.config.SwitchboardConfig;

/**
 * Tuning of {@link RedisAcd}; defaults and meaning in {@code switchboard-reference.conf} ({@code acd.*}).
 *
 * @param nodeId            id of the node running the scripts, recorded as {@code node} in every event it writes
 * @param routeScanCalls    waiting calls a routing step looks at per queue (bounds the script's work)
 * @param routeScanAgents   idle agents a routing step looks at per call
 * @param eventStreamMaxLen approximate length the tenant's event stream is trimmed to
 * @param defaultHandleSeconds handle time the wait estimate assumes for a queue before its first wrap-up ended
 */
public record AcdOptions(String nodeId, int routeScanCalls, int routeScanAgents, int eventStreamMaxLen,
    int defaultHandleSeconds) {

  /** The reference's default handle time ({@code acd.default-handle-seconds}). */
  public static final int DEFAULT_HANDLE_SECONDS = 180;

  /** With the reference's default handle time. */
  public AcdOptions(String nodeId, int routeScanCalls, int routeScanAgents, int eventStreamMaxLen) {
    this(nodeId, routeScanCalls, routeScanAgents, eventStreamMaxLen, DEFAULT_HANDLE_SECONDS);
  }

  public AcdOptions {
    if (nodeId == null || nodeId.isBlank()) {
      throw new IllegalArgumentException("nodeId must not be blank");
    }
    if (routeScanCalls < 1 || routeScanAgents < 1 || eventStreamMaxLen < 1 || defaultHandleSeconds < 1) {
      throw new IllegalArgumentException(
          "routeScanCalls, routeScanAgents, eventStreamMaxLen and defaultHandleSeconds must be positive");
    }
  }

  /** The reference defaults (32 calls, 64 agents, 1,000,000 events) for node {@code nodeId}. */
  public static AcdOptions defaults(String nodeId) {
    return new AcdOptions(nodeId, 32, 64, 1_000_000);
  }

  public static AcdOptions from(SwitchboardConfig config) {
    return new AcdOptions(
        config.nodeId(), config.acdRouteScanCalls(), config.acdRouteScanAgents(), config.acdEventStreamMaxLen(),
        config.acdDefaultHandleSeconds());
  }
}
