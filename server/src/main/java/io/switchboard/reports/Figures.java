package io.switchboard.reports;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Every report figure, defined once (docs/reports.md states the same formulas in prose). Two halves: the SQL
 * aggregates that classify and add up the rows of {@code interactions}, {@code agent_legs} and the agent state history
 * (what counts as answered, abandoned, in service level, busy...), and the Java formulas that turn those sums into
 * the figures the API shows (percentages, means, per-day rates). The wallboard's live figures use the same formulas.
 *
 * <p>Output: durations in seconds rounded to the millisecond (3 decimals), percentages and rates to 2 decimals
 * (half up); a mean or percentage over nothing is null, never 0 or 100.
 */
public final class Figures {
  private Figures() {}

  // ------------------------------------------------------------------ SQL: interactions (queue rows)
  // Columns of interactions i, plus i.sl_ms (the queue's service-level threshold). :short is the short-abandon
  // threshold in ms, put in as a number by the store.

  /** A call counts as answered when an agent answered it (its first answer). */
  static final String ANSWERED = "i.answered_at IS NOT NULL";
  /** An abandon shorter than the threshold is a short abandon, counted apart from the abandons. */
  static final String SHORT_ABANDONED = "i.outcome = 'abandoned' AND i.wait_ms < :short";
  static final String ABANDONED = "i.outcome = 'abandoned' AND i.wait_ms >= :short";
  static final String IN_SERVICE_LEVEL = ANSWERED + " AND i.wait_ms <= i.sl_ms";

  /**
   * A call turned away on arrival by its queue's business hours was never offered: it counts in no queue figure.
   * (One closed out while waiting was offered: it counts in offered only, like a lost call.)
   */
  static final String OFFERED = "i.outcome NOT IN ('turned-away', 'ended-in-flow')";

  /** The queue aggregates, in the order of {@link QueueSums}' components. */
  static String queueAggregates(long shortAbandonMs) {
    String sql = String.join(",\n  ",
        "count(*) FILTER (WHERE " + OFFERED + ")",
        "count(*) FILTER (WHERE " + ANSWERED + ")",
        "count(*) FILTER (WHERE " + ABANDONED + ")",
        "count(*) FILTER (WHERE " + SHORT_ABANDONED + ")",
        "count(*) FILTER (WHERE " + IN_SERVICE_LEVEL + ")",
        "coalesce(sum(i.wait_ms) FILTER (WHERE " + ANSWERED + "), 0)",
        "coalesce(sum(i.talk_ms) FILTER (WHERE " + ANSWERED + "), 0)",
        "coalesce(sum(i.hold_ms) FILTER (WHERE " + ANSWERED + "), 0)",
        "coalesce(sum(i.wrap_ms) FILTER (WHERE " + ANSWERED + "), 0)",
        "coalesce(max(i.wait_ms) FILTER (WHERE " + ANSWERED + " OR (" + ABANDONED + ")), -1)",
        "coalesce(sum(i.transfers), 0)",
        "count(DISTINCT i.agent_id) FILTER (WHERE " + ANSWERED + ")");
    return sql.replace(":short", Long.toString(shortAbandonMs));
  }

  // ------------------------------------------------------------------ SQL: agent_legs (agent and team rows)

  /** The leg aggregates, in the order of {@link AgentSums}' first eight components. */
  static final String LEG_AGGREGATES = String.join(",\n  ",
      "count(*)",
      "count(*) FILTER (WHERE l.answered_at IS NOT NULL)",
      "count(*) FILTER (WHERE l.outcome = 'rejected')",
      "count(*) FILTER (WHERE l.outcome = 'missed')",
      "count(*) FILTER (WHERE l.transferred)",
      "coalesce(sum(l.talk_ms) FILTER (WHERE l.answered_at IS NOT NULL), 0)",
      "coalesce(sum(l.hold_ms) FILTER (WHERE l.answered_at IS NOT NULL), 0)",
      "coalesce(sum(l.wrap_ms) FILTER (WHERE l.answered_at IS NOT NULL), 0)");

  /** The same sums over the roll-up {@code agent_hours} (V4), whose trigger classifies legs as above. */
  static final String ROLLUP_LEG_AGGREGATES = String.join(",\n  ",
      "coalesce(sum(x.offered), 0)", "coalesce(sum(x.answered), 0)", "coalesce(sum(x.rejected), 0)",
      "coalesce(sum(x.missed), 0)", "coalesce(sum(x.transfers), 0)", "coalesce(sum(x.talk_ms), 0)",
      "coalesce(sum(x.hold_ms), 0)", "coalesce(sum(x.wrap_ms), 0)");

  // ------------------------------------------------------------------ SQL: agent state history
  // An agent's state changes are its agent.state events (field state) and the call events that moved it (field
  // agentState: reserved on call.reserved, on-call on call.accepted, wrap-up on call.ended...). Each state lasts from
  // its change to the agent's next one (in stream order), or to the end of the report (at most now).

  /**
   * Whether event e changed its agent's state: its generated column agent_state (V3_1: the agent.state event's state,
   * or a call event's agentState) is set; the predicate of the index events_tenant_agent_states.
   */
  static final String IS_STATE_CHANGE = "e.agent_state IS NOT NULL";
  /** The state event e moved its agent to. */
  static final String STATE_OF_EVENT = "e.agent_state";
  // x.state is the agent's state over a piece x.ms long (see PgReportStore). Staffed: any state but offline.
  // Occupancy: busy (on a call or in wrap-up) over ready (available, reserved, on a call, in wrap-up; away is out).

  static final String STATE_AGGREGATES = String.join(",\n  ",
      "coalesce(sum(x.ms) FILTER (WHERE x.state <> 'offline'), 0)",
      "coalesce(sum(x.ms) FILTER (WHERE x.state IN ('on-call', 'wrap-up')), 0)",
      "coalesce(sum(x.ms) FILTER (WHERE x.state IN ('available', 'reserved', 'on-call', 'wrap-up')), 0)");

  /**
   * The same three sums over the roll-up {@code agent_hours} (V4), which keeps one column per state but offline: keep
   * the two lists in step.
   */
  static final String ROLLUP_STATE_AGGREGATES = String.join(",\n  ",
      "coalesce(sum(x.available_ms + x.reserved_ms + x.on_call_ms + x.wrap_up_ms + x.away_ms), 0)",
      "coalesce(sum(x.on_call_ms + x.wrap_up_ms), 0)",
      "coalesce(sum(x.available_ms + x.reserved_ms + x.on_call_ms + x.wrap_up_ms), 0)");

  // ------------------------------------------------------------------ the figures

  /** The figures of a queue row, in the API's order. */
  public static JsonObject queue(QueueSums s, int serviceLevelSeconds) {
    return new JsonObject()
        .put("offered", s.offered())
        .put("answered", s.answered())
        .put("abandoned", s.abandoned())
        .put("shortAbandoned", s.shortAbandoned())
        .put("answeredInServiceLevel", s.answeredInServiceLevel())
        .put("serviceLevelSeconds", serviceLevelSeconds)
        .put("serviceLevelPercent", serviceLevelPercent(s.answeredInServiceLevel(), s.answered(), s.abandoned()))
        .put("abandonPercent", abandonPercent(s.abandoned(), s.offered(), s.shortAbandoned()))
        .put("asaSeconds", meanSeconds(s.answeredWaitMs(), s.answered()))
        .put("ahtSeconds", meanSeconds(s.talkMs() + s.holdMs() + s.wrapMs(), s.answered()))
        .put("avgTalkSeconds", meanSeconds(s.talkMs(), s.answered()))
        .put("avgHoldSeconds", meanSeconds(s.holdMs(), s.answered()))
        .put("avgWrapSeconds", meanSeconds(s.wrapMs(), s.answered()))
        .put("longestWaitSeconds", s.longestWaitMs() < 0 ? null : seconds(s.longestWaitMs()))
        .put("transfers", s.transfers())
        .put("callsPerAgent", ratio(s.answered(), s.answeringAgents()));
  }

  /** The figures of an agent or team row, in the API's order. */
  public static JsonObject agent(AgentSums s) {
    return new JsonObject()
        .put("offered", s.offered())
        .put("answered", s.answered())
        .put("rejected", s.rejected())
        .put("missed", s.missed())
        .put("transfers", s.transfers())
        .put("ahtSeconds", meanSeconds(s.talkMs() + s.holdMs() + s.wrapMs(), s.answered()))
        .put("avgTalkSeconds", meanSeconds(s.talkMs(), s.answered()))
        .put("avgHoldSeconds", meanSeconds(s.holdMs(), s.answered()))
        .put("avgWrapSeconds", meanSeconds(s.wrapMs(), s.answered()))
        .put("staffedSeconds", seconds(s.staffedMs()))
        .put("occupancyPercent", percent(s.busyMs(), s.readyMs()))
        .put("callsPerDay", ratio(s.answered(), s.staffedDays()));
  }

  /** 100 × answered in service level / (answered + abandoned); short abandons count neither way. */
  public static Double serviceLevelPercent(long answeredInServiceLevel, long answered, long abandoned) {
    return percent(answeredInServiceLevel, answered + abandoned);
  }

  /** 100 × abandoned / (offered − short abandoned). */
  public static Double abandonPercent(long abandoned, long offered, long shortAbandoned) {
    return percent(abandoned, offered - shortAbandoned);
  }

  /** 100 × part / whole, 2 decimals; null when whole is 0. */
  public static Double percent(long part, long whole) {
    return whole == 0 ? null : round(BigDecimal.valueOf(part * 100L).divide(BigDecimal.valueOf(whole), 2,
        RoundingMode.HALF_UP));
  }

  /** Mean of {@code count} durations adding up to {@code totalMs}, in seconds (3 decimals); null for none. */
  public static Double meanSeconds(long totalMs, long count) {
    return count == 0 ? null : round(BigDecimal.valueOf(totalMs).divide(BigDecimal.valueOf(count * 1000L), 3,
        RoundingMode.HALF_UP));
  }

  /** A count per unit (calls per agent, calls per day), 2 decimals; null when there is no unit. */
  public static Double ratio(long count, long units) {
    return units == 0 ? null : round(BigDecimal.valueOf(count).divide(BigDecimal.valueOf(units), 2,
        RoundingMode.HALF_UP));
  }

  /** Milliseconds as seconds (3 decimals). */
  public static double seconds(long ms) {
    return BigDecimal.valueOf(ms).movePointLeft(3).doubleValue();
  }

  private static Double round(BigDecimal d) {
    return d.doubleValue();
  }
}
