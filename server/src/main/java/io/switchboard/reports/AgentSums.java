package io.switchboard.reports;

/**
 * What the store adds up for one agent over one interval: offers by outcome and the handling times of the answered
 * ones (agent_legs), and time by state (agent state history). Every field adds up across intervals and agents
 * ({@link #plus}), so totals and team rows are sums of these. Durations are milliseconds.
 *
 * @param staffedMs time in any state but offline
 * @param busyMs time on a call or in wrap-up
 * @param readyMs time available, reserved, on a call or in wrap-up (occupancy's denominator: away is left out)
 * @param staffedDays local days (in the report's time zone) in which the agent was staffed at all
 */
public record AgentSums(long offered, long answered, long rejected, long missed, long transfers, long talkMs,
    long holdMs, long wrapMs, long staffedMs, long busyMs, long readyMs, long staffedDays) {

  public static final AgentSums ZERO = new AgentSums(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  public AgentSums plus(AgentSums o) {
    return new AgentSums(offered + o.offered, answered + o.answered, rejected + o.rejected, missed + o.missed,
        transfers + o.transfers, talkMs + o.talkMs, holdMs + o.holdMs, wrapMs + o.wrapMs, staffedMs + o.staffedMs,
        busyMs + o.busyMs, readyMs + o.readyMs, staffedDays + o.staffedDays);
  }

  /** These offers and handling times with the time by state (and staffed days) of {@code states}. */
  public AgentSums withStates(long staffedMs, long busyMs, long readyMs, long staffedDays) {
    return new AgentSums(offered, answered, rejected, missed, transfers, talkMs, holdMs, wrapMs, staffedMs, busyMs,
        readyMs, staffedDays);
  }
}
