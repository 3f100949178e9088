package io.switchboard.records;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps {@code interactions} and {@code agent_legs} equal to the fold ({@link InteractionFold}) of the events stored
 * so far. Runs inside the events' transaction, after their insert: for every call the batch touched it locks the
 * call (a transaction-scoped advisory lock, taken in one sorted pass so two nodes never deadlock), reads ALL its
 * stored events (one query for the whole batch), folds them and upserts the row and its legs (legs replaced).
 *
 * <p>Why it is exact: a row is always a function of every committed event of its call plus the batch's own. Two
 * transactions touching one call are serialised by the lock; the second reads after the first committed, so it sees
 * both batches. Delivery order and duplicates do not matter (the fold orders by entry id; a stored event is stored
 * once). Cost per batch: one lock statement, one read, one upsert batch, one delete (per tenant: a pipeline batch
 * is of one tenant) and one insert batch.
 *
 * <p>Threading: blocking; called on the pipeline's thread with the connection of its transaction.
 */
final class InteractionProjection {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> FIELDS = new TypeReference<>() {};

  /** One advisory lock per call, taken in key order (the sorted subquery is scanned in order). */
  static final String LOCK = "SELECT pg_advisory_xact_lock(k) FROM (SELECT DISTINCT "
      + "hashtextextended(t || '/' || c, 14) AS k FROM unnest(?::text[], ?::text[]) AS u(t, c) ORDER BY k) s";
  /**
   * All the events of the batch's calls. LATERAL: one index scan (events_tenant_call) per call whatever the planner
   * thinks of the table's size, never a scan of the whole table.
   */
  static final String READ = "SELECT u.t, u.c, e.entry_id, e.type, e.ts, e.node, e.fields::text "
      + "FROM unnest(?::text[], ?::text[]) AS u(t, c) CROSS JOIN LATERAL (SELECT entry_id, type, ts, node, fields, "
      + "entry_ms, entry_seq FROM events WHERE tenant = u.t AND call_id = u.c AND call_id IS NOT NULL) e "
      + "ORDER BY u.t, u.c, e.entry_ms, e.entry_seq";
  static final String UPSERT = "INSERT INTO interactions (tenant, call_id, caller, language, queue, final_queue, "
      + "priority, region, arrived_at, answered_at, agent_id, ended_at, outcome, ended_by, wait_ms, talk_ms, hold_ms, "
      + "hold_count, wrap_ms, transfers, offers, disposition, notes, timeline, direction, caller_id, updated_at) "
      + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, now()) "
      + "ON CONFLICT (tenant, call_id) DO UPDATE SET caller = EXCLUDED.caller, language = EXCLUDED.language, "
      + "queue = EXCLUDED.queue, final_queue = EXCLUDED.final_queue, priority = EXCLUDED.priority, "
      + "region = EXCLUDED.region, arrived_at = EXCLUDED.arrived_at, answered_at = EXCLUDED.answered_at, "
      + "agent_id = EXCLUDED.agent_id, ended_at = EXCLUDED.ended_at, outcome = EXCLUDED.outcome, "
      + "ended_by = EXCLUDED.ended_by, wait_ms = EXCLUDED.wait_ms, talk_ms = EXCLUDED.talk_ms, "
      + "hold_ms = EXCLUDED.hold_ms, hold_count = EXCLUDED.hold_count, wrap_ms = EXCLUDED.wrap_ms, "
      + "transfers = EXCLUDED.transfers, offers = EXCLUDED.offers, disposition = EXCLUDED.disposition, "
      + "notes = EXCLUDED.notes, timeline = EXCLUDED.timeline, direction = EXCLUDED.direction, "
      + "caller_id = EXCLUDED.caller_id, updated_at = now()";
  /** The legs of some calls of one tenant (a batch is of one tenant, so this runs once per batch). */
  static final String DELETE_LEGS = "DELETE FROM agent_legs WHERE tenant = ? AND call_id = ANY(?::text[])";
  static final String INSERT_LEG = "INSERT INTO agent_legs (tenant, call_id, seq, agent_id, queue, offered_at, "
      + "outcome, answered_at, ended_at, talk_ms, hold_ms, wrap_ms, transferred) "
      + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  /** A call of a tenant. */
  record CallKey(String tenant, String callId) {}

  /** The calls {@code events} belong to (events without a callId belong to none), each once. */
  static Set<CallKey> calls(List<StreamEvent> events) {
    Set<CallKey> keys = new LinkedHashSet<>();
    for (StreamEvent e : events) {
      String id = e.fields().get("callId");
      if (id != null && !id.isEmpty()) {
        keys.add(new CallKey(e.tenant(), id));
      }
    }
    return keys;
  }

  /** Refolds {@code calls} from their stored events, in the transaction of {@code c}; returns the rows written. */
  List<Interaction> refold(Connection c, Set<CallKey> calls) throws SQLException {
    if (calls.isEmpty()) {
      return List.of();
    }
    String[] tenants = new String[calls.size()];
    String[] ids = new String[calls.size()];
    int i = 0;
    for (CallKey k : calls) {
      tenants[i] = k.tenant();
      ids[i++] = k.callId();
    }
    Array tenantArray = c.createArrayOf("text", tenants);
    Array idArray = c.createArrayOf("text", ids);
    try (PreparedStatement lock = c.prepareStatement(LOCK)) {
      lock.setArray(1, tenantArray);
      lock.setArray(2, idArray);
      try (ResultSet rs = lock.executeQuery()) {
        while (rs.next()) {
          // each row is one lock taken
        }
      }
    }
    List<Interaction> rows = read(c, tenantArray, idArray);
    deleteLegs(c, calls);
    write(c, rows);
    return rows;
  }

  private static void deleteLegs(Connection c, Set<CallKey> calls) throws SQLException {
    Map<String, List<String>> byTenant = new java.util.TreeMap<>();
    for (CallKey k : calls) {
      byTenant.computeIfAbsent(k.tenant(), t -> new ArrayList<>()).add(k.callId());
    }
    try (PreparedStatement delete = c.prepareStatement(DELETE_LEGS)) {
      for (Map.Entry<String, List<String>> e : byTenant.entrySet()) {
        delete.setString(1, e.getKey());
        delete.setArray(2, c.createArrayOf("text", e.getValue().toArray()));
        delete.executeUpdate();
      }
    }
  }

  private static List<Interaction> read(Connection c, Array tenants, Array ids) throws SQLException {
    List<Interaction> rows = new ArrayList<>();
    try (PreparedStatement q = c.prepareStatement(READ)) {
      q.setArray(1, tenants);
      q.setArray(2, ids);
      q.setFetchSize(10_000);
      try (ResultSet rs = q.executeQuery()) {
        String tenant = null;
        String call = null;
        List<StreamEvent> events = new ArrayList<>();
        while (rs.next()) {
          String t = rs.getString(1);
          String id = rs.getString(2);
          if (call != null && !(t.equals(tenant) && id.equals(call))) {
            InteractionFold.fold(tenant, call, events).ifPresent(rows::add);
            events = new ArrayList<>();
          }
          tenant = t;
          call = id;
          events.add(new StreamEvent(t, rs.getString(3), rs.getString(4), rs.getObject(5, OffsetDateTime.class).toInstant().toEpochMilli(),
              rs.getString(6), fields(rs.getString(7))));
        }
        if (call != null) {
          InteractionFold.fold(tenant, call, events).ifPresent(rows::add);
        }
      }
    }
    return rows;
  }

  private static Map<String, String> fields(String json) throws SQLException {
    try {
      return JSON.readValue(json, FIELDS);
    } catch (java.io.IOException e) {
      throw new SQLException("events.fields is not an object of strings: " + e.getMessage(), e);
    }
  }

  private static void write(Connection c, List<Interaction> rows) throws SQLException {
    try (PreparedStatement up = c.prepareStatement(UPSERT); PreparedStatement leg = c.prepareStatement(INSERT_LEG)) {
      int legs = 0;
      for (Interaction r : rows) {
        int p = 1;
        up.setString(p++, r.tenant());
        up.setString(p++, r.callId());
        up.setString(p++, r.caller());
        up.setString(p++, r.language());
        up.setString(p++, r.queue());
        up.setString(p++, r.finalQueue());
        if (r.priority() == null) {
          up.setNull(p++, Types.INTEGER);
        } else {
          up.setInt(p++, r.priority());
        }
        up.setString(p++, r.region());
        up.setObject(p++, time(r.arrivedAt()));
        up.setObject(p++, time(r.answeredAt()));
        up.setString(p++, r.agentId());
        up.setObject(p++, time(r.endedAt()));
        up.setString(p++, r.outcome());
        up.setString(p++, r.endedBy());
        up.setLong(p++, r.waitMs());
        up.setLong(p++, r.talkMs());
        up.setLong(p++, r.holdMs());
        up.setInt(p++, r.holdCount());
        up.setLong(p++, r.wrapMs());
        up.setInt(p++, r.transfers());
        up.setInt(p++, r.offers());
        up.setString(p++, r.disposition());
        up.setString(p++, r.notes());
        up.setString(p++, r.timeline());
        up.setString(p++, r.direction());
        up.setString(p++, r.callerId());
        up.addBatch();
        for (Interaction.Leg l : r.legs()) {
          int q = 1;
          leg.setString(q++, r.tenant());
          leg.setString(q++, r.callId());
          leg.setInt(q++, l.seq());
          leg.setString(q++, l.agentId());
          leg.setString(q++, l.queue());
          leg.setObject(q++, time(l.offeredAt()));
          leg.setString(q++, l.outcome());
          leg.setObject(q++, time(l.answeredAt()));
          leg.setObject(q++, time(l.endedAt()));
          leg.setLong(q++, l.talkMs());
          leg.setLong(q++, l.holdMs());
          leg.setLong(q++, l.wrapMs());
          leg.setBoolean(q++, l.transferred());
          leg.addBatch();
          legs++;
        }
      }
      if (!rows.isEmpty()) {
        up.executeBatch();
      }
      if (legs > 0) {
        leg.executeBatch();
      }
    }
  }

  private static OffsetDateTime time(Long millis) {
    return millis == null ? null : time(millis.longValue());
  }

  static OffsetDateTime time(long millis) {
    return OffsetDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
  }
}
