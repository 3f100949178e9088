package io.switchboard.reports;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Report sums from PostgreSQL: {@code interactions} for queues, {@code agent_legs} and the agent state history
 * ({@link PgAgentStates}) for agents. Rows are cut by {@code width_bucket} over the range's boundaries, computed in
 * Java ({@link ReportRange}) and handed over as one array, so time zones and daylight-saving changes never reach SQL.
 * The array is cast once, in a MATERIALIZED CTE: a cast left in the row expression, or a CTE the planner inlines,
 * parses every boundary again for every record (40 times slower). The aggregates are {@link Figures}'.
 *
 * <p>Threading: blocking; worker threads only. Each call uses one pooled connection.
 */
public final class PgReportStore implements ReportStore {
  private final DataSource db;

  public PgReportStore(DataSource db) {
    this.db = db;
  }

  private static final String QUEUES = """
      WITH b AS MATERIALIZED (SELECT ?::text[]::timestamptz[] AS r)
      SELECT i.queue, i.k, GROUPING(i.k) AS total,
        %s
      FROM (SELECT x.*, q.sl_ms, width_bucket(x.arrived_at, b.r) AS k
            FROM b CROSS JOIN interactions x JOIN unnest(?::text[], ?::bigint[]) AS q(id, sl_ms) ON q.id = x.queue
            WHERE x.tenant = ? AND x.queue = ANY(?) AND x.direction = 'inbound' AND x.arrived_at >= ?::timestamptz
              AND x.arrived_at < ?::timestamptz) i
      GROUP BY GROUPING SETS ((i.queue, i.k), (i.queue))""";

  @Override
  public Table<QueueSums> queues(String tenant, ReportRange range, Map<String, Integer> serviceLevelSeconds,
      long shortAbandonMs) {
    List<String> ids = new ArrayList<>(serviceLevelSeconds.keySet());
    Map<String, List<QueueSums>> rows = new LinkedHashMap<>();
    Map<String, QueueSums> totals = new LinkedHashMap<>();
    for (String q : ids) {
      rows.put(q, new ArrayList<>(java.util.Collections.nCopies(range.size(), QueueSums.ZERO)));
      totals.put(q, QueueSums.ZERO);
    }
    if (ids.isEmpty()) {
      return new ReportStore.Table<>(rows, totals);
    }
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(QUEUES.formatted(Figures.queueAggregates(shortAbandonMs)))) {
      Long[] sl = ids.stream().map(q -> serviceLevelSeconds.get(q) * 1000L).toArray(Long[]::new);
      Array qs = c.createArrayOf("text", ids.toArray());
      ps.setArray(1, instants(c, range.bounds()));
      ps.setArray(2, qs);
      ps.setArray(3, c.createArrayOf("bigint", sl));
      ps.setString(4, tenant);
      ps.setArray(5, qs);
      ps.setString(6, range.from().toString());
      ps.setString(7, range.to().toString());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String q = rs.getString(1);
          QueueSums s = new QueueSums(rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8),
              rs.getLong(9), rs.getLong(10), rs.getLong(11), rs.getLong(12), rs.getLong(13), rs.getLong(14),
              rs.getLong(15));
          if (rs.getInt(3) == 1) {
            totals.put(q, s);
          } else {
            rows.get(q).set(rs.getInt(2) - 1, s);
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("the queue report query failed: " + e.getMessage(), e);
    }
    return new ReportStore.Table<>(rows, totals);
  }

  @Override
  public Table<AgentSums> agents(String tenant, ReportRange range, List<String> agents, Instant now) {
    int n = range.size();
    Map<String, AgentSums[]> legs = new HashMap<>();
    Map<String, long[][]> states = new HashMap<>();  // per agent: [row][staffed, busy, ready]
    Map<String, Set<Integer>> staffedDays = new HashMap<>();
    for (String a : agents) {
      AgentSums[] r = new AgentSums[n];
      Arrays.fill(r, AgentSums.ZERO);
      legs.put(a, r);
      states.put(a, new long[n][3]);
      staffedDays.put(a, new HashSet<>());
    }
    if (!agents.isEmpty()) {
      Instant end = now.isBefore(range.to()) ? now : range.to();
      try (Connection c = db.getConnection()) {
        Array ids = c.createArrayOf("text", agents.toArray());
        PgAgentStates.read(c, tenant, range, ids, end, legs, states, staffedDays);
      } catch (SQLException e) {
        throw new IllegalStateException("the agent report query failed: " + e.getMessage(), e);
      }
    }
    Map<String, List<AgentSums>> rows = new LinkedHashMap<>();
    Map<String, AgentSums> totals = new LinkedHashMap<>();
    boolean subDay = range.interval().step() != null;
    for (String a : agents) {
      List<AgentSums> list = new ArrayList<>(n);
      AgentSums total = AgentSums.ZERO;
      for (int i = 0; i < n; i++) {
        long[] st = states.get(a)[i];
        long days = subDay ? (st[0] > 0 ? 1 : 0)
            : range.daysOf(i).stream().filter(staffedDays.get(a)::contains).count();
        AgentSums s = legs.get(a)[i].withStates(st[0], st[1], st[2], days);
        list.add(s);
        total = total.plus(s);
      }
      rows.put(a, list);
      totals.put(a, total.withStates(total.staffedMs(), total.busyMs(), total.readyMs(), staffedDays.get(a).size()));
    }
    return new ReportStore.Table<>(rows, totals);
  }

  static Array instants(Connection c, List<Instant> instants) throws SQLException {
    return c.createArrayOf("text", instants.stream().map(Instant::toString).toArray());
  }
}
