package io.switchboard.records;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** {@link InteractionQueries} on PostgreSQL. Blocking; thread-safe (each call takes its own pooled connection). */
public final class PgInteractionQueries implements InteractionQueries {
  static final String COLUMNS = "i.tenant, i.call_id, i.caller, i.language, i.queue, i.final_queue, i.priority, "
      + "i.region, i.arrived_at, i.answered_at, i.agent_id, i.ended_at, i.outcome, i.ended_by, i.wait_ms, i.talk_ms, "
      + "i.hold_ms, i.hold_count, i.wrap_ms, i.transfers, i.offers, i.disposition, i.notes, i.timeline::text, "
      + "i.direction, i.caller_id";
  static final String LEGS = "SELECT seq, agent_id, queue, offered_at, outcome, answered_at, ended_at, talk_ms, "
      + "hold_ms, wrap_ms, transferred FROM agent_legs WHERE tenant = ? AND call_id = ? ORDER BY seq";
  /**
   * The agent's state events from its last one at or before the range's start up to the range's end, in stream
   * order, each with the time of the next (LEAD); over the partial index events_tenant_agent_states.
   */
  static final String STATES = "SELECT agent_state, fields ->> 'reason', ts, next_ts FROM ("
      + "SELECT agent_state, fields, ts, entry_ms, entry_seq, LEAD(ts) OVER (ORDER BY entry_ms, entry_seq) AS next_ts "
      + "FROM events WHERE tenant = ? AND agent_id = ? AND agent_state IS NOT NULL AND ts < ? AND ts >= "
      + "coalesce((SELECT ts FROM events WHERE tenant = ? AND agent_id = ? AND agent_state IS NOT NULL "
      + "AND ts <= ? ORDER BY ts DESC LIMIT 1), '-infinity')) s ORDER BY entry_ms, entry_seq";

  private final DataSource dataSource;

  public PgInteractionQueries(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public Page search(Filter f) throws SQLException {
    // the channel after the record's columns (column 27): the page tells e-mail conversations from chats
    StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(", i.channel FROM interactions i WHERE ")
        .append("i.tenant = ?");
    List<Object> args = new ArrayList<>();
    args.add(f.tenant());
    if (f.from() != null) {
      sql.append(" AND i.arrived_at >= ?");
      args.add(InteractionProjection.time(f.from().toEpochMilli()));
    }
    if (f.to() != null) {
      sql.append(" AND i.arrived_at < ?");
      args.add(InteractionProjection.time(f.to().toEpochMilli()));
    }
    if (f.queue() != null) {
      sql.append(" AND (i.queue = ? OR i.final_queue = ?)");
      args.add(f.queue());
      args.add(f.queue());
    }
    if (f.agent() != null) {
      sql.append(" AND EXISTS (SELECT 1 FROM agent_legs l WHERE l.tenant = i.tenant AND l.call_id = i.call_id "
          + "AND l.agent_id = ?)");
      args.add(f.agent());
    }
    if (f.among() != null) {
      if (f.among().isEmpty()) {
        sql.append(" AND FALSE");
      } else {
        sql.append(" AND EXISTS (SELECT 1 FROM agent_legs l WHERE l.tenant = i.tenant AND l.call_id = i.call_id "
            + "AND l.agent_id IN (").append("?, ".repeat(f.among().size() - 1)).append("?))");
        args.addAll(new java.util.TreeSet<>(f.among()));
      }
    }
    for (String[] eq : new String[][] {{"caller", f.caller()}, {"disposition", f.disposition()},
        {"outcome", f.outcome()}}) {
      if (eq[1] != null) {
        sql.append(" AND i.").append(eq[0]).append(" = ?");
        args.add(eq[1]);
      }
    }
    if (f.after() != null) {
      sql.append(" AND (i.arrived_at, i.call_id) < (?, ?)");
      args.add(InteractionProjection.time(f.after().arrivedAtMillis()));
      args.add(f.after().callId());
    }
    sql.append(" ORDER BY i.arrived_at DESC, i.call_id DESC LIMIT ?");
    args.add(f.limit() + 1);
    List<Interaction> rows = new ArrayList<>();
    java.util.Map<String, String> channels = new java.util.HashMap<>();
    try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < args.size(); i++) {
        q.setObject(i + 1, args.get(i));
      }
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          Interaction row = row(rs, List.of());
          rows.add(row);
          channels.put(row.callId(), rs.getString(27));
        }
      }
    }
    Cursor next = null;
    if (rows.size() > f.limit()) {
      rows = rows.subList(0, f.limit());
      Interaction last = rows.get(rows.size() - 1);
      next = new Cursor(last.arrivedAt(), last.callId());
    }
    channels.keySet().retainAll(rows.stream().map(Interaction::callId).toList());
    return new Page(rows, next, channels);
  }

  @Override
  public Optional<Interaction> get(String tenant, String callId) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement q = c.prepareStatement("SELECT " + COLUMNS
            + " FROM interactions i WHERE i.tenant = ? AND i.call_id = ?");
        PreparedStatement legs = c.prepareStatement(LEGS)) {
      q.setString(1, tenant);
      q.setString(2, callId);
      legs.setString(1, tenant);
      legs.setString(2, callId);
      List<Interaction.Leg> found = new ArrayList<>();
      try (ResultSet rs = legs.executeQuery()) {
        while (rs.next()) {
          found.add(new Interaction.Leg(rs.getInt(1), rs.getString(2), rs.getString(3), millis(rs, 4),
              rs.getString(5), nullableMillis(rs, 6), nullableMillis(rs, 7), rs.getLong(8), rs.getLong(9),
              rs.getLong(10), rs.getBoolean(11)));
        }
      }
      try (ResultSet rs = q.executeQuery()) {
        return rs.next() ? Optional.of(row(rs, found)) : Optional.empty();
      }
    }
  }

  @Override
  public List<StateInterval> agentStates(String tenant, String agent, Instant from, Instant to, Instant now)
      throws SQLException {
    long start = from.toEpochMilli();
    long end = Math.min(to.toEpochMilli(), Math.max(start, now.toEpochMilli()));
    List<StateInterval> out = new ArrayList<>();
    try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(STATES)) {
      q.setString(1, tenant);
      q.setString(2, agent);
      q.setObject(3, InteractionProjection.time(to.toEpochMilli()));
      q.setString(4, tenant);
      q.setString(5, agent);
      q.setObject(6, InteractionProjection.time(start));
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          Long next = nullableMillis(rs, 4);
          long a = Math.max(millis(rs, 3), start);
          long b = next == null ? end : Math.min(next, end);
          if (b > a) {
            out.add(new StateInterval(rs.getString(1), rs.getString(2), a, b, next == null || next > end));
          }
        }
      }
    }
    return out;
  }

  private static Interaction row(ResultSet rs, List<Interaction.Leg> legs) throws SQLException {
    Integer priority = rs.getObject(7) == null ? null : rs.getInt(7);
    return new Interaction(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getString(6), priority, rs.getString(8), millis(rs, 9), nullableMillis(rs, 10), rs.getString(11),
        nullableMillis(rs, 12), rs.getString(13), rs.getString(14), rs.getLong(15), rs.getLong(16), rs.getLong(17),
        rs.getInt(18), rs.getLong(19), rs.getInt(20), rs.getInt(21), rs.getString(22), rs.getString(23),
        rs.getString(24), legs, rs.getString(25), rs.getString(26));
  }

  private static long millis(ResultSet rs, int column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant().toEpochMilli();
  }

  private static Long nullableMillis(ResultSet rs, int column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant().toEpochMilli();
  }
}
