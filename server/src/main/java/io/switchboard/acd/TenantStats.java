package io.switchboard.acd;

import java.util.List;
import java.util.Map;

/**
 * Wallboard numbers for one tenant at one instant.
 *
 * @param agentList at most {@link #AGENT_LIST_MAX} agents sorted by agent id: every logged-in agent first
 *                  (offline ones fill the room left), so a large tenant's list may omit offline agents (and,
 *                  beyond the cap, logged-in ones); {@code agentsByState} always counts them all
 */
public record TenantStats(long atEpochMs, List<QueueStats> queues, Map<AgentState, Integer> agentsByState,
    List<AgentEntry> agentList) {

  /** The most agents {@link #agentList} holds. */
  public static final int AGENT_LIST_MAX = 1000;

  /** Numbers without an agent list (ACDs or tests that do not track agents individually). */
  public TenantStats(long atEpochMs, List<QueueStats> queues, Map<AgentState, Integer> agentsByState) {
    this(atEpochMs, queues, agentsByState, List.of());
  }

  /**
   * One agent on the wallboard.
   *
   * @param name         display name from the directory as of the agent's last log-in, or null when unknown
   * @param sinceEpochMs when it entered {@code state}
   * @param reason       away reason (break, no-answer, ...), or null
   * @param callId       the call it is reserved for, on, or wrapping up, or null
   */
  public record AgentEntry(String agentId, String name, AgentState state, long sinceEpochMs, String reason,
      String callId) {}

  /**
   * @param waiting            calls waiting now
   * @param longestWaitSeconds age of the oldest waiting call, 0 when none
   * @param offered            calls that entered the queue today (UTC)
   * @param answered           of those, answered
   * @param answeredInTarget   answered within the queue's service-level seconds
   * @param abandoned          callers who left before being answered
   * @param lost               calls whose node died before they were answered (never offered afterwards)
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
      long lost,
      double serviceLevelPercent) {}
}
