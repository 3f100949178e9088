package io.switchboard.acd;

import java.util.List;
import java.util.Map;

/** Wallboard numbers for one tenant at one instant. */
public record TenantStats(long atEpochMs, List<QueueStats> queues, Map<AgentState, Integer> agentsByState) {

  /**
   * @param waiting            calls waiting now
   * @param longestWaitSeconds age of the oldest waiting call, 0 when none
   * @param offered            calls that entered the queue today (UTC)
   * @param answered           of those, answered
   * @param answeredInTarget   answered within the queue's service-level seconds
   * @param abandoned          callers who left before being answered
   * @param serviceLevelPercent answeredInTarget / (answered + abandoned) * 100, or 100 when nothing ended yet
   */
  public record QueueStats(
      String queue,
      int waiting,
      long longestWaitSeconds,
      long offered,
      long answered,
      long answeredInTarget,
      long abandoned,
      double serviceLevelPercent) {}
}
