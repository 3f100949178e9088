package io.switchboard.acd;

import java.util.List;
import java.util.Map;

/**
 * Wallboard numbers for one tenant at one instant.
 *
 * @param agentList at most {@link #AGENT_LIST_MAX} agents sorted by agent id: every logged-in agent first
 *                  (offline ones fill the room left), so a large tenant's list may omit offline agents (and,
 *                  beyond the cap, logged-in ones); {@code agentsByState} always counts them all
 * @param callList  at most {@link #CALL_LIST_MAX} calls: those an agent is reserved for or on, then waiting
 *                  calls best first, queue by queue (a long queue's tail may be left out; {@code queues}
 *                  still counts it)
 */
public record TenantStats(long atEpochMs, List<QueueStats> queues, Map<AgentState, Integer> agentsByState,
    List<AgentEntry> agentList, List<CallEntry> callList) {

  /** The most agents {@link #agentList} holds. */
  public static final int AGENT_LIST_MAX = 1000;
  /** The most calls {@link #callList} holds. */
  public static final int CALL_LIST_MAX = 500;

  /** Numbers without an agent or call list (ACDs or tests that do not track them individually). */
  public TenantStats(long atEpochMs, List<QueueStats> queues, Map<AgentState, Integer> agentsByState) {
    this(atEpochMs, queues, agentsByState, List.of(), List.of());
  }

  /** Numbers without a call list. */
  public TenantStats(long atEpochMs, List<QueueStats> queues, Map<AgentState, Integer> agentsByState,
      List<AgentEntry> agentList) {
    this(atEpochMs, queues, agentsByState, agentList, List.of());
  }

  /**
   * One agent on the wallboard.
   *
   * @param name         display name from the directory as of the agent's last log-in, or null when unknown
   * @param sinceEpochMs when it entered {@code state}
   * @param reason       away reason (break, no-answer, ...), or null
   * @param callId       the call it is reserved for, on, or wrapping up, or null
   * @param region       its region (directory, as of its last log-in), or null when it has none
   */
  public record AgentEntry(String agentId, String name, AgentState state, long sinceEpochMs, String reason,
      String callId, String region) {

    /** An agent without a region. */
    public AgentEntry(String agentId, String name, AgentState state, long sinceEpochMs, String reason,
        String callId) {
      this(agentId, name, state, sinceEpochMs, reason, callId, null);
    }
  }

  /**
   * One call on the wallboard.
   *
   * @param state             waiting, reserved or connected
   * @param region            the region it entered (routing prefers agents of it), or null
   * @param enqueuedEpochMs   when it started waiting in {@code queue}
   * @param agentId           the agent it is reserved for or connected to, or null while waiting
   * @param monitors          the supervisors on it now, in the order they joined (empty when none)
   */
  public record CallEntry(String callId, String queue, String state, String region, long enqueuedEpochMs,
      String agentId, List<Monitor> monitors) {

    public CallEntry {
      monitors = List.copyOf(monitors);
    }

    /** A call nobody monitors. */
    public CallEntry(String callId, String queue, String state, String region, long enqueuedEpochMs,
        String agentId) {
      this(callId, queue, state, region, enqueuedEpochMs, agentId, List.of());
    }
  }

  /** A supervisor on a call, in {@code mode} ({@code listen}, {@code whisper}, {@code barge}). */
  public record Monitor(String supervisorId, String mode) {}

  /**
   * One queue's figures for today (UTC). The two rates are derived here, once, for every consumer of the numbers.
   *
   * @param waiting            calls waiting now
   * @param longestWaitSeconds age of the oldest waiting call, 0 when none
   * @param offered            calls that entered the queue today (UTC)
   * @param answered           of those, answered
   * @param answeredInTarget   answered within the queue's service-level seconds
   * @param abandoned          callers who left before being answered
   * @param lost               calls whose node died before they were answered (never offered afterwards)
   * @param goals              the queue's goals from the directory, or null when it is not (or no longer) there
   * @param closed             calls its business hours closed today: turned away on arrival or closed out while
   *                           waiting (the latter also count in {@code offered})
   * @param staffed            agents staffed for the queue now (available, reserved, on a call, in wrap-up)
   * @param idle               of those, idle in the queue (a caller arriving now is offered to one at once)
   * @param handleMs           the queue's recent handle time in ms (the ACD's default before its first wrap-up)
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
      QueueGoals goals,
      long closed,
      int staffed,
      int idle,
      long handleMs) {

    /** Figures of an ACD that keeps no staffing or handle times (one agent, the default handle time). */
    public QueueStats(String queue, int waiting, long longestWaitSeconds, long offered, long answered,
        long answeredInTarget, long abandoned, long lost, QueueGoals goals) {
      this(queue, waiting, longestWaitSeconds, offered, answered, answeredInTarget, abandoned, lost, goals, 0, 0, 0,
          AcdOptions.DEFAULT_HANDLE_SECONDS * 1000L);
    }

    /**
     * The wait a caller arriving now would be told, in seconds ({@link WaitEstimate} at place
     * {@code waiting + 1 - idle}: 0 when an idle agent would take it at once).
     */
    public long estimatedWaitSeconds() {
      return WaitEstimate.seconds(Math.max(0, waiting + 1 - idle), staffed, handleMs);
    }

    /**
     * answeredInTarget / (answered + abandoned) * 100; null while no call offered today was answered or
     * abandoned (there is nothing to measure yet: not 100 %).
     */
    public Double serviceLevelPercent() {
      long ended = answered + abandoned;
      return ended == 0 ? null : answeredInTarget * 100.0 / ended;
    }

    /** abandoned / offered * 100 (every abandon, short ones included); null while nothing was offered today. */
    public Double abandonPercent() {
      return offered == 0 ? null : abandoned * 100.0 / offered;
    }
  }

  /**
   * A queue's goals (directory: {@code serviceLevel} and {@code goals}); a goal not set is null.
   *
   * @param serviceLevelPercent target share of calls answered within {@code serviceLevelSeconds}
   * @param asaSeconds          average speed of answer
   * @param abandonPercent      highest acceptable abandon rate
   * @param ahtSeconds          average handle time (talk + hold + wrap-up)
   */
  public record QueueGoals(Integer serviceLevelPercent, Integer serviceLevelSeconds, Integer asaSeconds,
      Integer abandonPercent, Integer ahtSeconds) {}
}
