package io.switchboard.reports;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Agents' offers and time by state per row of a range (docs/reports.md, "Agent rows"), two ways that give the
 * same sums:
 *
 * <ul>
 *   <li><b>Roll-up</b>, when every row and day boundary is a whole UTC hour (hour, day and week rows in zones whose
 *       offset is whole hours): offers and ended state intervals per agent and hour from {@code agent_hours} (V4, kept
 *       by triggers on {@code agent_legs} and {@code events}), plus each agent's still-open state since its last
 *       change. A month of 200 agents reads ~150,000 rows.
 *   <li><b>Raw</b> otherwise (15-minute rows, half-hour zones, ranges off the hour): the offers from
 *       {@code agent_legs}; the state changes within the range and the last one before it, from {@code events}, each
 *       state lasting until the agent's next change.
 * </ul>
 *
 * <p>Either way, each interval is cut at the row boundaries it crosses and summed with {@link Figures}' state
 * aggregates; staffed days are the local days with staffed time. Threading: blocking (JDBC).
 */
final class PgAgentStates {
  private PgAgentStates() {}

  /** A state in effect from {@code s} to {@code e}, cut at the boundaries {@code b} (k: its piece's row, from 1). */
  private static String cut(String kind, String b) {
    return """
        SELECT '%1$s' AS kind, iv.agent_id, iv.state, k,
          (extract(epoch FROM least(iv.e, %2$s[k + 1]) - greatest(iv.s, %2$s[k])) * 1000)::bigint AS ms
        FROM iv CROSS JOIN b
          CROSS JOIN LATERAL generate_series(width_bucket(iv.s, %2$s),
            width_bucket(iv.e - interval '1 microsecond', %2$s)) k
        WHERE iv.e > iv.s""".formatted(kind, b);
  }

  private static final String RAW = """
      WITH b AS MATERIALIZED (SELECT ?::text[]::timestamptz[] AS r, ?::text[]::timestamptz[] AS d),
      ch AS (
        SELECT e.agent_id, e.ts, e.entry_ms, e.entry_seq, %1$s AS state
        FROM events e
        WHERE e.tenant = ? AND e.agent_id = ANY(?) AND %2$s AND e.ts >= ?::timestamptz AND e.ts < ?::timestamptz
        UNION ALL
        SELECT p.* FROM unnest(?::text[]) AS a(id) CROSS JOIN LATERAL (
          SELECT e.agent_id, e.ts, e.entry_ms, e.entry_seq, %1$s AS state
          FROM events e
          WHERE e.tenant = ? AND e.agent_id = a.id AND %2$s AND e.ts < ?::timestamptz
          ORDER BY e.ts DESC, e.entry_ms DESC, e.entry_seq DESC LIMIT 1) p),
      iv AS (
        SELECT agent_id, state, greatest(ts, ?::timestamptz) AS s,
          coalesce(lead(ts) OVER (PARTITION BY agent_id ORDER BY ts, entry_ms, entry_seq), ?::timestamptz) AS e
        FROM ch),
      x AS (%4$s
        UNION ALL
        %5$s AND iv.state <> 'offline')
      SELECT x.kind, x.agent_id, x.k,
        %3$s
      FROM x GROUP BY 1, 2, 3""".formatted(Figures.STATE_OF_EVENT, Figures.IS_STATE_CHANGE, Figures.STATE_AGGREGATES,
      cut("r", "b.r"), cut("d", "b.d"));

  private static final String ROLLUP = """
      WITH b AS MATERIALIZED (SELECT ?::text[]::timestamptz[] AS r, ?::text[]::timestamptz[] AS d),
      last AS (
        SELECT p.* FROM unnest(?::text[]) AS a(id) CROSS JOIN LATERAL (
          SELECT e.agent_id, e.ts, %1$s AS state
          FROM events e
          WHERE e.tenant = ? AND e.agent_id = a.id AND %2$s
          ORDER BY e.ts DESC, e.entry_ms DESC, e.entry_seq DESC LIMIT 1) p),
      open AS (
        SELECT agent_id, state, greatest(ts, ?::timestamptz) AS s, ?::timestamptz AS e FROM last
        WHERE ts < ?::timestamptz),
      x AS (
        SELECT h.agent_id, h.hour, h.offered, h.answered, h.rejected, h.missed, h.transfers, h.talk_ms, h.hold_ms,
          h.wrap_ms, h.available_ms, h.reserved_ms, h.on_call_ms, h.wrap_up_ms, h.away_ms
        FROM agent_hours h
        WHERE h.tenant = ? AND h.agent_id = ANY(?) AND h.hour >= ?::timestamptz AND h.hour < ?::timestamptz
        UNION ALL
        SELECT o.agent_id, hr, 0, 0, 0, 0, 0, 0, 0, 0, CASE WHEN o.state = 'available' THEN ms ELSE 0 END,
          CASE WHEN o.state = 'reserved' THEN ms ELSE 0 END, CASE WHEN o.state = 'on-call' THEN ms ELSE 0 END,
          CASE WHEN o.state = 'wrap-up' THEN ms ELSE 0 END, CASE WHEN o.state = 'away' THEN ms ELSE 0 END
        FROM open o CROSS JOIN LATERAL generate_series(date_trunc('hour', o.s, 'UTC'), o.e - interval '1 microsecond',
          interval '1 hour') AS hr
          CROSS JOIN LATERAL (SELECT (extract(epoch FROM least(o.e, hr + interval '1 hour') - greatest(o.s, hr))
            * 1000)::bigint AS ms) m
        WHERE o.e > o.s)
      SELECT x.agent_id, width_bucket(x.hour, b.r), width_bucket(x.hour, b.d),
        %3$s,
        %4$s
      FROM x CROSS JOIN b GROUP BY 1, 2, 3""".formatted(Figures.STATE_OF_EVENT, Figures.IS_STATE_CHANGE,
      Figures.ROLLUP_STATE_AGGREGATES, Figures.ROLLUP_LEG_AGGREGATES);

  /**
   * Adds each agent's offers per row to {@code legs}, its staffed, busy and ready milliseconds per row to
   * {@code states} ([row][0..2]) and its staffed local days (indexes into the range's days) to {@code staffedDays}.
   *
   * @param end states last at most until here (the range's end, or now if sooner)
   */
  static void read(Connection c, String tenant, ReportRange range, Array ids, Instant end,
      Map<String, AgentSums[]> legs, Map<String, long[][]> states, Map<String, Set<Integer>> staffedDays)
      throws SQLException {
    if (onWholeHours(range.bounds()) && onWholeHours(range.dayBounds())) {
      rollup(c, tenant, range, ids, end, legs, states, staffedDays);
      return;
    }
    rawLegs(c, tenant, range, ids, legs);
    if (end.isAfter(range.from())) {
      raw(c, tenant, range, ids, end, states, staffedDays);
    }
  }

  private static final String LEGS = """
      WITH b AS MATERIALIZED (SELECT ?::text[]::timestamptz[] AS r)
      SELECT l.agent_id, width_bucket(l.offered_at, b.r) AS k,
        %s
      FROM b CROSS JOIN agent_legs l
      WHERE l.tenant = ? AND l.agent_id = ANY(?) AND l.offered_at >= ?::timestamptz AND l.offered_at < ?::timestamptz
      GROUP BY 1, 2""".formatted(Figures.LEG_AGGREGATES);

  private static void rawLegs(Connection c, String tenant, ReportRange range, Array ids,
      Map<String, AgentSums[]> legs) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(LEGS)) {
      ps.setArray(1, PgReportStore.instants(c, range.bounds()));
      ps.setString(2, tenant);
      ps.setArray(3, ids);
      ps.setString(4, range.from().toString());
      ps.setString(5, range.to().toString());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          legs.get(rs.getString(1))[rs.getInt(2) - 1] = legSums(rs, 3);
        }
      }
    }
  }

  /** The eight leg sums of {@link Figures#LEG_AGGREGATES} from column {@code first} on. */
  private static AgentSums legSums(ResultSet rs, int first) throws SQLException {
    return new AgentSums(rs.getLong(first), rs.getLong(first + 1), rs.getLong(first + 2), rs.getLong(first + 3),
        rs.getLong(first + 4), rs.getLong(first + 5), rs.getLong(first + 6), rs.getLong(first + 7), 0, 0, 0, 0);
  }

  static boolean onWholeHours(List<Instant> bounds) {
    return bounds.stream().allMatch(b -> b.getNano() == 0 && Math.floorMod(b.getEpochSecond(), 3600) == 0);
  }

  private static void rollup(Connection c, String tenant, ReportRange range, Array ids, Instant end,
      Map<String, AgentSums[]> legs, Map<String, long[][]> states, Map<String, Set<Integer>> staffedDays)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(ROLLUP)) {
      String from = range.from().toString();
      int p = 1;
      ps.setArray(p++, PgReportStore.instants(c, range.bounds()));
      ps.setArray(p++, PgReportStore.instants(c, range.dayBounds()));
      ps.setArray(p++, ids);
      ps.setString(p++, tenant);
      ps.setString(p++, from);
      ps.setString(p++, end.toString());
      ps.setString(p++, end.toString());
      ps.setString(p++, tenant);
      ps.setArray(p++, ids);
      ps.setString(p++, from);
      ps.setString(p, range.to().toString());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String agent = rs.getString(1);
          int k = rs.getInt(2) - 1;
          long[] row = states.get(agent)[k];
          row[0] += rs.getLong(4);
          row[1] += rs.getLong(5);
          row[2] += rs.getLong(6);
          if (rs.getLong(4) > 0) {
            staffedDays.get(agent).add(rs.getInt(3) - 1);
          }
          legs.get(agent)[k] = legs.get(agent)[k].plus(legSums(rs, 7));
        }
      }
    }
  }

  private static void raw(Connection c, String tenant, ReportRange range, Array ids, Instant end,
      Map<String, long[][]> states, Map<String, Set<Integer>> staffedDays) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(RAW)) {
      String from = range.from().toString();
      int p = 1;
      ps.setArray(p++, PgReportStore.instants(c, range.bounds()));
      ps.setArray(p++, PgReportStore.instants(c, range.dayBounds()));
      ps.setString(p++, tenant);
      ps.setArray(p++, ids);
      ps.setString(p++, from);
      ps.setString(p++, end.toString());
      ps.setArray(p++, ids);
      ps.setString(p++, tenant);
      ps.setString(p++, from);
      ps.setString(p++, from);
      ps.setString(p, end.toString());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String agent = rs.getString(2);
          int k = rs.getInt(3) - 1;
          if (rs.getString(1).equals("d")) {
            if (rs.getLong(4) > 0) {
              staffedDays.get(agent).add(k);
            }
          } else {
            long[] row = states.get(agent)[k];
            row[0] += rs.getLong(4);
            row[1] += rs.getLong(5);
            row[2] += rs.getLong(6);
          }
        }
      }
    }
  }
}
