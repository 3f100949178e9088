package io.switchboard.cases;

import io.switchboard.sql.Transactions;
import io.vertx.core.json.JsonObject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * {@link CaseStore} on PostgreSQL (V13). A change locks its case row ({@code FOR UPDATE}), so two agents changing one
 * case are serialised and each sees the other's result; times are the database's ({@code now()}).
 * Thread-safe (each call takes its own pooled connection).
 */
public final class PgCaseStore implements CaseStore {
  static final String COLUMNS = "c.tenant, c.id, c.version, c.subject, c.description, c.status, c.priority, "
      + "c.department, c.owner, c.customer_id, c.due_at, c.escalations, c.created_by, c.created_at, c.updated_at, "
      + "c.closed_at, ARRAY(SELECT i.call_id FROM case_interactions i WHERE i.tenant = c.tenant AND i.case_id = c.id "
      + "ORDER BY i.linked_at, i.call_id) AS call_ids";
  /** Field names of the API → columns. */
  static final Map<String, String> COLUMN = Map.of("subject", "subject", "description", "description",
      "status", "status", "priority", "priority", "department", "department", "owner", "owner",
      "customerId", "customer_id", "escalations", "escalations", "breachHandled", "breach_handled");

  private final DataSource dataSource;
  private final Map<CasePriority, Duration> due;
  private final CaseHook hook;

  /** @param due how long a case of each priority has, from its creation */
  public PgCaseStore(DataSource dataSource, Map<CasePriority, Duration> due, CaseHook hook) {
    this.dataSource = dataSource;
    this.due = Map.copyOf(due);
    this.hook = hook;
  }

  @FunctionalInterface
  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /** The column values a change sets (API field names), computed from the case as it is. */
  @FunctionalInterface
  private interface Mutation {
    Map<String, Object> apply(Case before);
  }

  @Override
  public Case create(String tenant, CaseInput.NewCase in, String actor) {
    return tx(c -> {
      checkCustomer(c, tenant, in.customerId());
      long id;
      try (PreparedStatement s = c.prepareStatement("INSERT INTO cases (tenant, subject, description, status, "
          + "priority, department, owner, customer_id, due_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
          + "now() + make_interval(secs => ?), ?) RETURNING id")) {
        s.setString(1, tenant);
        s.setString(2, in.subject());
        s.setString(3, in.description());
        s.setString(4, in.status().wire());
        s.setString(5, in.priority().wire());
        s.setString(6, in.department());
        s.setString(7, in.owner());
        s.setObject(8, in.customerId());
        s.setDouble(9, due.get(in.priority()).toSeconds());
        s.setString(10, actor);
        try (ResultSet r = s.executeQuery()) {
          r.next();
          id = r.getLong(1);
        }
      }
      if (in.callId() != null) {
        insertLink(c, tenant, id, in.callId(), actor);
      }
      Case created = read(c, tenant, id).orElseThrow();
      JsonObject fields = new JsonObject().put("subject", in.subject()).put("status", in.status().wire())
          .put("priority", in.priority().wire()).put("department", in.department()).put("owner", in.owner());
      CaseHistory h = record(c, tenant, id, actor, "created", fields, null);
      hook.changed(c, created, h);
      return created;
    });
  }

  @Override
  public Optional<Case> get(String tenant, long id) {
    return tx(c -> read(c, tenant, id));
  }

  @Override
  public List<CaseHistory> history(String tenant, long id) {
    return tx(c -> {
      List<CaseHistory> out = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement("SELECT seq, at, actor, action, changes::text, note "
          + "FROM case_history WHERE tenant = ? AND case_id = ? ORDER BY seq")) {
        s.setString(1, tenant);
        s.setLong(2, id);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            out.add(new CaseHistory(r.getLong(1), r.getTimestamp(2).toInstant(), r.getString(3), r.getString(4),
                r.getString(5), r.getString(6)));
          }
        }
      }
      return out;
    });
  }

  @Override
  public List<Case> search(String tenant, Query q, Long beforeId, int limit) {
    return tx(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM cases c WHERE c.tenant = ? "
          + "AND (?::text IS NULL OR c.status = ?) AND (?::text IS NULL OR c.priority = ?) "
          + "AND (?::boolean IS NULL OR (c.status IN ('new', 'open', 'pending')) = ?) "
          + "AND (?::text IS NULL OR c.department = ?) AND (?::text IS NULL OR c.owner = ?) "
          + "AND (?::uuid IS NULL OR c.customer_id = ?) "
          + "AND (?::text IS NULL OR EXISTS (SELECT 1 FROM case_interactions i WHERE i.tenant = c.tenant "
          + "AND i.case_id = c.id AND i.call_id = ?)) "
          + "AND (?::boolean IS NULL OR (c.status IN ('new', 'open', 'pending') AND c.due_at < now()) = ?) "
          + "AND (?::text IS NULL OR strpos(lower(c.subject || ' ' || coalesce(c.description, '')), lower(?)) > 0) "
          + "AND (?::boolean IS NULL OR c.owner = ANY (?) OR c.department = ANY (?)) "
          + "AND (?::bigint IS NULL OR c.id < ?) ORDER BY c.id DESC LIMIT ?")) {
        int i = 1;
        s.setString(i++, tenant);
        i = twice(s, i, q.status() == null ? null : q.status().wire());
        i = twice(s, i, q.priority() == null ? null : q.priority().wire());
        i = twice(s, i, q.active());
        i = twice(s, i, q.department());
        i = twice(s, i, q.owner());
        i = twice(s, i, q.customerId());
        i = twice(s, i, q.callId());
        i = twice(s, i, q.overdue());
        i = twice(s, i, q.text());
        s.setObject(i++, q.viewerOwners() == null ? null : Boolean.TRUE);
        s.setArray(i++, c.createArrayOf("text", q.viewerOwners() == null ? new String[0]
            : q.viewerOwners().toArray(String[]::new)));
        s.setArray(i++, c.createArrayOf("text", q.viewerDepartments() == null ? new String[0]
            : q.viewerDepartments().toArray(String[]::new)));
        i = twice(s, i, beforeId);
        s.setInt(i, limit);
        return rows(s);
      }
    });
  }

  @Override
  public Case update(String tenant, long id, Long expectedVersion, Map<String, Object> changes, String actor) {
    return mutate(tenant, id, expectedVersion, actor, "updated", null, before -> {
      Object status = changes.get("status");
      if (status != null && status != before.status() && !before.status().next().contains((CaseStatus) status)) {
        throw CaseException.invalid("status", "a " + before.status().wire() + " case cannot become "
            + ((CaseStatus) status).wire() + " (allowed: " + String.join(", ", before.status().next().stream()
            .map(CaseStatus::wire).toList()) + (before.status() == CaseStatus.CLOSED ? "; reopen it first" : "")
            + ")");
      }
      return changes;
    });
  }

  @Override
  public Case forward(String tenant, long id, String department, String note, String actor) {
    return mutate(tenant, id, null, actor, "forwarded", note, before -> {
      if (before.department().equals(department)) {
        throw CaseException.invalid("department", "the case is already in '" + department + "'");
      }
      Map<String, Object> set = new LinkedHashMap<>();
      set.put("department", department);
      set.put("owner", null);
      return set;
    });
  }

  @Override
  public Case escalate(String tenant, long id, String superior, String note, String actor) {
    return mutate(tenant, id, null, actor, "escalated", note, before -> {
      Map<String, Object> set = new LinkedHashMap<>();
      set.put("owner", superior);
      set.put("escalations", before.escalations() + 1);
      return set;
    });
  }

  @Override
  public Case link(String tenant, long id, String callId, String actor) {
    return tx(c -> {
      lock(c, tenant, id);
      if (!insertLink(c, tenant, id, callId, actor)) {
        return read(c, tenant, id).orElseThrow();
      }
      touch(c, tenant, id);
      Case after = read(c, tenant, id).orElseThrow();
      hook.changed(c, after, record(c, tenant, id, actor, "linked", new JsonObject().put("callId", callId), null));
      return after;
    });
  }

  @Override
  public List<Case> backlog(String afterTenant, long afterId, int limit) {
    return tx(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM cases c WHERE c.owner IS NULL AND "
          + "c.status IN ('new', 'open') AND (c.tenant, c.id) > (?, ?) ORDER BY c.tenant, c.id LIMIT ?")) {
        s.setString(1, afterTenant == null ? "" : afterTenant);
        s.setLong(2, afterTenant == null ? Long.MIN_VALUE : afterId);
        s.setInt(3, limit);
        return rows(s);
      }
    });
  }

  @Override
  public List<Case> breached(int limit) {
    return tx(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM cases c WHERE c.status IN "
          + "('new', 'open', 'pending') AND NOT c.breach_handled AND c.due_at < now() ORDER BY c.due_at LIMIT ?")) {
        s.setInt(1, limit);
        return rows(s);
      }
    });
  }

  @Override
  public boolean handleBreach(String tenant, long id, String superior, String note) {
    return tx(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM cases WHERE tenant = ? AND id = ? AND "
          + "NOT breach_handled AND status IN ('new', 'open', 'pending') AND due_at < now() FOR UPDATE SKIP LOCKED")) {
        s.setString(1, tenant);
        s.setLong(2, id);
        try (ResultSet r = s.executeQuery()) {
          if (!r.next()) {
            return false;
          }
        }
      }
      Case before = read(c, tenant, id).orElseThrow();
      Map<String, Object> set = new LinkedHashMap<>();
      set.put("breachHandled", true);
      if (superior != null) {
        set.put("owner", superior);
        set.put("escalations", before.escalations() + 1);
      }
      JsonObject changes = apply(c, before, set);
      Case after = read(c, tenant, id).orElseThrow();
      hook.changed(c, after, record(c, tenant, id, SYSTEM, superior != null ? "escalated" : "breached", changes,
          note));
      return true;
    });
  }

  private Case mutate(String tenant, long id, Long expected, String actor, String action, String note, Mutation m) {
    return tx(c -> {
      lock(c, tenant, id);
      Case before = read(c, tenant, id).orElseThrow();
      if (expected != null && before.version() != expected) {
        throw new CaseException(CaseException.Reason.VERSION, null, "case " + id + " is at version "
            + before.version() + ", not " + expected);
      }
      Map<String, Object> set = m.apply(before);
      if (set.containsKey("customerId")) {
        checkCustomer(c, tenant, (UUID) set.get("customerId"));
      }
      JsonObject changes = apply(c, before, set);
      if (changes.isEmpty()) {
        return before;
      }
      Case after = read(c, tenant, id).orElseThrow();
      hook.changed(c, after, record(c, tenant, id, actor, action, changes, note));
      return after;
    });
  }

  /** Writes the columns of {@code set} that differ from {@code before}; the changes as field → {from, to}. */
  private JsonObject apply(Connection c, Case before, Map<String, Object> set) throws SQLException {
    Map<String, Object> current = fields(before);
    JsonObject changes = new JsonObject();
    List<String> assignments = new ArrayList<>();
    List<Object> params = new ArrayList<>();
    for (Map.Entry<String, Object> e : set.entrySet()) {
      String field = e.getKey();
      Object to = wire(e.getValue());
      boolean bookkeeping = field.equals("breachHandled");
      if (!bookkeeping && java.util.Objects.equals(current.get(field), to)) {
        continue;
      }
      if (!bookkeeping) {
        changes.put(field, new JsonObject().put("from", current.get(field)).put("to", to));
      }
      assignments.add(COLUMN.get(field) + " = ?");
      params.add(e.getValue() instanceof Enum<?> ? to : e.getValue());
      if (field.equals("priority")) {
        assignments.add("due_at = created_at + make_interval(secs => ?)");
        params.add((double) due.get((CasePriority) e.getValue()).toSeconds());
      } else if (field.equals("status")) {
        assignments.add("closed_at = CASE WHEN ?::text = 'closed' THEN now() END");
        params.add(to);
      }
    }
    if (assignments.isEmpty()) {
      return changes;
    }
    try (PreparedStatement s = c.prepareStatement("UPDATE cases SET " + String.join(", ", assignments)
        + ", version = version + 1, updated_at = now() WHERE tenant = ? AND id = ?")) {
      int i = 1;
      for (Object p : params) {
        s.setObject(i++, p);
      }
      s.setString(i++, before.tenant());
      s.setLong(i, before.id());
      s.executeUpdate();
    }
    return changes;
  }

  /** A case's changeable fields as they appear in history entries. */
  private static Map<String, Object> fields(Case k) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("subject", k.subject());
    m.put("description", k.description());
    m.put("status", k.status().wire());
    m.put("priority", k.priority().wire());
    m.put("department", k.department());
    m.put("owner", k.owner());
    m.put("customerId", wire(k.customerId()));
    m.put("escalations", k.escalations());
    return m;
  }

  private static Object wire(Object v) {
    if (v instanceof CaseStatus st) {
      return st.wire();
    }
    if (v instanceof CasePriority p) {
      return p.wire();
    }
    return v instanceof UUID u ? u.toString() : v;
  }

  private static void checkCustomer(Connection c, String tenant, UUID customer) throws SQLException {
    if (customer == null) {
      return;
    }
    try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM customers WHERE tenant = ? AND id = ?")) {
      s.setString(1, tenant);
      s.setObject(2, customer);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          throw CaseException.invalid("customerId", "no such customer '" + customer + "'");
        }
      }
    }
  }

  private static boolean insertLink(Connection c, String tenant, long id, String callId, String actor)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO case_interactions (tenant, case_id, call_id, "
        + "linked_by) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
      s.setString(1, tenant);
      s.setLong(2, id);
      s.setString(3, callId);
      s.setString(4, actor);
      return s.executeUpdate() == 1;
    }
  }

  private static void touch(Connection c, String tenant, long id) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("UPDATE cases SET version = version + 1, updated_at = now() "
        + "WHERE tenant = ? AND id = ?")) {
      s.setString(1, tenant);
      s.setLong(2, id);
      s.executeUpdate();
    }
  }

  private static void lock(Connection c, String tenant, long id) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM cases WHERE tenant = ? AND id = ? FOR UPDATE")) {
      s.setString(1, tenant);
      s.setLong(2, id);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          throw CaseException.notFound(id);
        }
      }
    }
  }

  private static CaseHistory record(Connection c, String tenant, long id, String actor, String action,
      JsonObject changes, String note) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO case_history (tenant, case_id, actor, action, "
        + "changes, note) VALUES (?, ?, ?, ?, ?::jsonb, ?) RETURNING seq, at")) {
      s.setString(1, tenant);
      s.setLong(2, id);
      s.setString(3, actor);
      s.setString(4, action);
      s.setString(5, changes.encode());
      s.setString(6, note);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return new CaseHistory(r.getLong(1), r.getTimestamp(2).toInstant(), actor, action, changes.encode(), note);
      }
    }
  }

  private static Optional<Case> read(Connection c, String tenant, long id) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM cases c WHERE c.tenant = ? "
        + "AND c.id = ?")) {
      s.setString(1, tenant);
      s.setLong(2, id);
      return rows(s).stream().findFirst();
    }
  }

  private static List<Case> rows(PreparedStatement s) throws SQLException {
    List<Case> out = new ArrayList<>();
    try (ResultSet r = s.executeQuery()) {
      while (r.next()) {
        Array calls = r.getArray("call_ids");
        out.add(new Case(r.getString("tenant"), r.getLong("id"), r.getLong("version"), r.getString("subject"),
            r.getString("description"), CaseStatus.fromWire(r.getString("status")).orElseThrow(),
            CasePriority.fromWire(r.getString("priority")).orElseThrow(), r.getString("department"),
            r.getString("owner"), (UUID) r.getObject("customer_id"), instant(r, "due_at"), r.getInt("escalations"),
            r.getString("created_by"), instant(r, "created_at"), instant(r, "updated_at"), instant(r, "closed_at"),
            List.of((String[]) calls.getArray())));
      }
    }
    return out;
  }

  private static int twice(PreparedStatement s, int i, Object v) throws SQLException {
    s.setObject(i, v);
    s.setObject(i + 1, v);
    return i + 2;
  }

  private static Instant instant(ResultSet r, String column) throws SQLException {
    Timestamp t = r.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  private <T> T tx(Work<T> work) {
    try {
      return Transactions.inTransaction(dataSource, work::run);
    } catch (SQLException e) {
      throw new IllegalStateException("cases: " + e.getMessage(), e);
    }
  }
}
