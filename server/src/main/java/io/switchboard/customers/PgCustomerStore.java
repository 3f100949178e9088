package io.switchboard.customers;

import io.switchboard.sql.Rows;
import io.switchboard.sql.Transactions;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * {@link CustomerStore} on PostgreSQL (tables of V7__customers.sql). Blocking; thread-safe (each call takes its own
 * pooled connection). A customer and its rows in customer_phones are written in one transaction.
 */
public final class PgCustomerStore implements CustomerStore {
  static final String COLUMNS = "c.id::text, c.version, c.display_name, c.given_name, c.family_name, c.phones, "
      + "c.emails, c.company, c.language, c.time_zone, c.attributes::text, c.created_at, c.updated_at";
  static final String INSERT = "INSERT INTO customers (tenant, id, display_name, given_name, family_name, phones, "
      + "emails, company, language, time_zone, attributes, created_at, updated_at) "
      + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)";
  static final String UPDATE = "UPDATE customers SET version = version + 1, display_name = ?, given_name = ?, "
      + "family_name = ?, phones = ?, emails = ?, company = ?, language = ?, time_zone = ?, attributes = ?::jsonb, "
      + "updated_at = ? WHERE tenant = ? AND id = ?";

  private final DataSource dataSource;

  public PgCustomerStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public Customer create(String tenant, CustomerFields f) throws SQLException {
    Instant now = now();
    UUID id = UUID.randomUUID();
    Transactions.inTransaction(dataSource, c -> {
      try (PreparedStatement ins = c.prepareStatement(INSERT)) {
        bindInsert(c, ins, tenant, id, f, now);
        ins.executeUpdate();
      }
      writePhones(c, tenant, Map.of(id, f.phones()), false);
      return null;
    });
    return new Customer(id.toString(), 1, f, now, now);
  }

  @Override
  public Optional<Customer> get(String tenant, String id) throws SQLException {
    UUID uuid = Rows.uuid(id);
    if (uuid == null) {
      return Optional.empty();
    }
    try (Connection c = dataSource.getConnection()) {
      return get(c, tenant, uuid, false);
    }
  }

  private static Optional<Customer> get(Connection c, String tenant, UUID id, boolean lock) throws SQLException {
    try (PreparedStatement q = c.prepareStatement("SELECT " + COLUMNS + " FROM customers c WHERE c.tenant = ? "
        + "AND c.id = ?" + (lock ? " FOR UPDATE" : ""))) {
      q.setString(1, tenant);
      q.setObject(2, id);
      try (ResultSet rs = q.executeQuery()) {
        return rs.next() ? Optional.of(row(rs)) : Optional.empty();
      }
    }
  }

  @Override
  public Customer update(String tenant, String id, CustomerFields f, Long expectedVersion) throws SQLException {
    UUID uuid = Rows.uuid(id);
    if (uuid == null) {
      throw CustomerException.notFound(id);
    }
    Instant now = now();
    return Transactions.inTransaction(dataSource, c -> {
      Customer old = checked(c, tenant, uuid, id, expectedVersion);
      try (PreparedStatement up = c.prepareStatement(UPDATE)) {
        bindUpdate(c, up, tenant, uuid, f, now);
        up.executeUpdate();
      }
      writePhones(c, tenant, Map.of(uuid, f.phones()), true);
      return new Customer(id, old.version() + 1, f, old.createdAt(), now);
    });
  }

  @Override
  public void delete(String tenant, String id, Long expectedVersion) throws SQLException {
    UUID uuid = Rows.uuid(id);
    if (uuid == null) {
      throw CustomerException.notFound(id);
    }
    Transactions.inTransaction(dataSource, c -> {
      checked(c, tenant, uuid, id, expectedVersion);
      try (PreparedStatement del = c.prepareStatement("DELETE FROM customers WHERE tenant = ? AND id = ?")) {
        del.setString(1, tenant);
        del.setObject(2, uuid);
        del.executeUpdate(); // its numbers go with it (ON DELETE CASCADE)
      }
      return null;
    });
  }

  /** The customer, locked for this transaction, if it exists and has the expected version. */
  private static Customer checked(Connection c, String tenant, UUID uuid, String id, Long expectedVersion)
      throws SQLException {
    Customer old = get(c, tenant, uuid, true).orElseThrow(() -> CustomerException.notFound(id));
    if (expectedVersion != null && expectedVersion != old.version()) {
      throw new CustomerException(CustomerException.Reason.VERSION_MISMATCH, "customer '" + id + "' is at version "
          + old.version() + ", not " + expectedVersion, List.of());
    }
    return old;
  }

  @Override
  public Page search(Query query) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS)
        .append(", lower(c.display_name) FROM customers c WHERE c.tenant = ?");
    List<Object> args = new ArrayList<>();
    args.add(query.tenant());
    if (query.q() != null) {
      String like = likePrefix(query.q());
      sql.append(" AND (lower(c.display_name) LIKE ? OR lower(c.company) LIKE ? OR lower(c.given_name) LIKE ? "
          + "OR lower(c.family_name) LIKE ? OR EXISTS (SELECT 1 FROM unnest(c.emails) e WHERE lower(e) LIKE ?))");
      for (int i = 0; i < 5; i++) {
        args.add(like);
      }
    }
    if (query.phone() != null) {
      sql.append(" AND EXISTS (SELECT 1 FROM customer_phones p WHERE p.tenant = c.tenant AND p.customer_id = c.id "
          + "AND p.phone = ?)");
      args.add(query.phone());
    }
    if (query.after() != null) {
      sql.append(" AND (lower(c.display_name), c.id) > (?, ?)");
      args.add(query.after().name());
      args.add(UUID.fromString(query.after().id()));
    }
    sql.append(" ORDER BY lower(c.display_name), c.id LIMIT ?");
    args.add(query.limit() + 1);
    List<Customer> rows = new ArrayList<>();
    List<String> names = new ArrayList<>();
    try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < args.size(); i++) {
        q.setObject(i + 1, args.get(i));
      }
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          rows.add(row(rs));
          names.add(rs.getString(14));
        }
      }
    }
    Cursor next = null;
    if (rows.size() > query.limit()) {
      rows = rows.subList(0, query.limit());
      next = new Cursor(names.get(query.limit() - 1), rows.get(rows.size() - 1).id());
    }
    return new Page(List.copyOf(rows), next);
  }

  @Override
  public List<Customer> byPhone(String tenant, String e164, int limit) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement("SELECT " + COLUMNS
        + " FROM customer_phones p JOIN customers c ON c.tenant = p.tenant AND c.id = p.customer_id "
        + "WHERE p.tenant = ? AND p.phone = ? ORDER BY c.created_at, c.id LIMIT ?")) {
      q.setString(1, tenant);
      q.setString(2, e164);
      q.setInt(3, limit);
      List<Customer> out = new ArrayList<>();
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          out.add(row(rs));
        }
      }
      return out;
    }
  }

  @Override
  public Imported importBatch(String tenant, List<CustomerFields> rows) throws SQLException {
    Instant now = now();
    return Transactions.inTransaction(dataSource, c -> importBatch(c, tenant, rows, now));
  }

  private Imported importBatch(Connection c, String tenant, List<CustomerFields> rows, Instant now)
      throws SQLException {
    // every customer that has a number of the batch, oldest first: the first one seen per number is its owner
    LinkedHashSet<String> numbers = new LinkedHashSet<>();
    rows.forEach(r -> numbers.addAll(r.phones()));
    Map<String, UUID> owner = new HashMap<>();
    Map<UUID, Customer> existing = new HashMap<>();
    Map<UUID, Integer> rank = new HashMap<>(); // age order of the owners: existing ones first, then this batch's
    try (PreparedStatement q = c.prepareStatement("SELECT p.phone, " + COLUMNS + " FROM customer_phones p "
        + "JOIN customers c ON c.tenant = p.tenant AND c.id = p.customer_id WHERE p.tenant = ? AND p.phone = ANY(?) "
        + "ORDER BY c.created_at, c.id FOR UPDATE OF c")) {
      q.setString(1, tenant);
      q.setArray(2, c.createArrayOf("text", numbers.toArray()));
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          Customer found = rowAt(rs, 2);
          UUID id = UUID.fromString(found.id());
          existing.putIfAbsent(id, found);
          rank.putIfAbsent(id, rank.size());
          owner.putIfAbsent(rs.getString(1), id);
        }
      }
    }
    Map<UUID, CustomerFields> inserts = new LinkedHashMap<>();
    Map<UUID, CustomerFields> updates = new LinkedHashMap<>();
    for (CustomerFields row : rows) {
      UUID target = null;
      for (String n : row.phones()) {
        UUID o = owner.get(n);
        if (o != null && (target == null || rank.get(o) < rank.get(target))) {
          target = o;
        }
      }
      if (target == null) {
        UUID id = UUID.randomUUID();
        rank.put(id, rank.size());
        inserts.put(id, row);
        row.phones().forEach(n -> owner.putIfAbsent(n, id));
        continue;
      }
      Map<UUID, CustomerFields> into = inserts.containsKey(target) ? inserts : updates;
      CustomerFields before = into.containsKey(target) ? into.get(target) : existing.get(target).fields();
      CustomerFields merged = merge(before, row);
      into.put(target, merged);
      UUID t = target;
      merged.phones().forEach(n -> owner.putIfAbsent(n, t));
    }
    if (!inserts.isEmpty()) {
      try (PreparedStatement ins = c.prepareStatement(INSERT)) {
        for (Map.Entry<UUID, CustomerFields> e : inserts.entrySet()) {
          bindInsert(c, ins, tenant, e.getKey(), e.getValue(), now);
          ins.addBatch();
        }
        ins.executeBatch();
      }
    }
    if (!updates.isEmpty()) {
      try (PreparedStatement up = c.prepareStatement(UPDATE)) {
        for (Map.Entry<UUID, CustomerFields> e : updates.entrySet()) {
          bindUpdate(c, up, tenant, e.getKey(), e.getValue(), now);
          up.addBatch();
        }
        up.executeBatch();
      }
    }
    Map<UUID, List<String>> phones = new LinkedHashMap<>();
    inserts.forEach((id, f) -> phones.put(id, f.phones()));
    writePhones(c, tenant, phones, false);
    phones.clear();
    updates.forEach((id, f) -> {
      if (!f.phones().equals(existing.get(id).fields().phones())) { // most re-imports change no number
        phones.put(id, f.phones());
      }
    });
    writePhones(c, tenant, phones, true);
    return new Imported(inserts.size(), updates.size());
  }

  /** {@code row} imported over {@code before}: its values replace, numbers and e-mails add, attributes merge. */
  static CustomerFields merge(CustomerFields before, CustomerFields row) {
    List<String> phones = new ArrayList<>(before.phones());
    phones.addAll(row.phones());
    List<String> emails = new ArrayList<>(before.emails());
    emails.addAll(row.emails());
    Map<String, String> attributes = new LinkedHashMap<>(before.attributes());
    attributes.putAll(row.attributes());
    return new CustomerFields(row.displayName(), or(row.givenName(), before.givenName()),
        or(row.familyName(), before.familyName()),
        CustomerInput.distinct(phones).subList(0, Math.min(CustomerInput.MAX_PHONES, distinctCount(phones))),
        CustomerInput.distinctIgnoreCase(emails), or(row.company(), before.company()),
        or(row.language(), before.language()), or(row.timeZone(), before.timeZone()), attributes);
  }

  private static int distinctCount(List<String> values) {
    return new LinkedHashSet<>(values).size();
  }

  private static String or(String a, String b) {
    return a != null ? a : b;
  }

  @Override
  public List<PastCall> lastCalls(String tenant, Collection<String> callers, String exceptCallId, int limit)
      throws SQLException {
    if (callers.isEmpty()) {
      return List.of();
    }
    try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(
        "SELECT call_id, arrived_at, coalesce(final_queue, queue), outcome, disposition, agent_id FROM interactions "
            + "WHERE tenant = ? AND caller = ANY(?) AND call_id <> ? ORDER BY arrived_at DESC, call_id DESC LIMIT ?")) {
      q.setString(1, tenant);
      q.setArray(2, c.createArrayOf("text", callers.toArray()));
      q.setString(3, exceptCallId == null ? "" : exceptCallId);
      q.setInt(4, limit);
      List<PastCall> out = new ArrayList<>();
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          out.add(new PastCall(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getString(3),
              rs.getString(4), rs.getString(5), rs.getString(6)));
        }
      }
      return out;
    }
  }

  @Override
  public Settings settings(String tenant) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(
        "SELECT default_country, crm_url_template FROM customer_settings WHERE tenant = ?")) {
      q.setString(1, tenant);
      try (ResultSet rs = q.executeQuery()) {
        return rs.next() ? new Settings(rs.getString(1), rs.getString(2)) : new Settings(null, null);
      }
    }
  }

  @Override
  public void putSettings(String tenant, Settings s) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(
        "INSERT INTO customer_settings (tenant, default_country, crm_url_template, updated_at) VALUES (?, ?, ?, now()) "
            + "ON CONFLICT (tenant) DO UPDATE SET default_country = EXCLUDED.default_country, "
            + "crm_url_template = EXCLUDED.crm_url_template, updated_at = now()")) {
      q.setString(1, tenant);
      q.setString(2, s.defaultCountry());
      q.setString(3, s.crmUrlTemplate());
      q.executeUpdate();
    }
  }

  /** Replaces (or, {@code replace} false, adds) the customer_phones rows of each customer. */
  private static void writePhones(Connection c, String tenant, Map<UUID, List<String>> phones, boolean replace)
      throws SQLException {
    if (phones.isEmpty()) {
      return;
    }
    if (replace) {
      try (PreparedStatement del = c.prepareStatement(
          "DELETE FROM customer_phones WHERE tenant = ? AND customer_id = ANY(?::uuid[])")) {
        del.setString(1, tenant);
        del.setArray(2, c.createArrayOf("text", phones.keySet().stream().map(UUID::toString).toArray()));
        del.executeUpdate();
      }
    }
    try (PreparedStatement ins = c.prepareStatement(
        "INSERT INTO customer_phones (tenant, customer_id, phone) VALUES (?, ?, ?)")) {
      for (Map.Entry<UUID, List<String>> e : phones.entrySet()) {
        for (String n : e.getValue()) {
          ins.setString(1, tenant);
          ins.setObject(2, e.getKey());
          ins.setString(3, n);
          ins.addBatch();
        }
      }
      ins.executeBatch();
    }
  }

  private static void bindInsert(Connection c, PreparedStatement s, String tenant, UUID id, CustomerFields f,
      Instant now) throws SQLException {
    s.setString(1, tenant);
    s.setObject(2, id);
    bindFields(c, s, 3, f);
    s.setObject(12, time(now));
    s.setObject(13, time(now));
  }

  private static void bindUpdate(Connection c, PreparedStatement s, String tenant, UUID id, CustomerFields f,
      Instant now) throws SQLException {
    bindFields(c, s, 1, f);
    s.setObject(10, time(now));
    s.setString(11, tenant);
    s.setObject(12, id);
  }

  /** The nine field columns from parameter {@code at} on, in the order of INSERT and UPDATE. */
  private static void bindFields(Connection c, PreparedStatement s, int at, CustomerFields f) throws SQLException {
    s.setString(at, f.displayName());
    s.setString(at + 1, f.givenName());
    s.setString(at + 2, f.familyName());
    s.setArray(at + 3, c.createArrayOf("text", f.phones().toArray()));
    s.setArray(at + 4, c.createArrayOf("text", f.emails().toArray()));
    s.setString(at + 5, f.company());
    s.setString(at + 6, f.language());
    s.setString(at + 7, f.timeZone());
    s.setString(at + 8, new JsonObject(new LinkedHashMap<String, Object>(f.attributes())).encode());
  }

  private static Customer row(ResultSet rs) throws SQLException {
    return rowAt(rs, 1);
  }

  /** A customer from COLUMNS starting at column {@code at}. */
  private static Customer rowAt(ResultSet rs, int at) throws SQLException {
    Map<String, String> attributes = new LinkedHashMap<>();
    new JsonObject(rs.getString(at + 10)).forEach(e -> attributes.put(e.getKey(), String.valueOf(e.getValue())));
    CustomerFields f = new CustomerFields(rs.getString(at + 2), rs.getString(at + 3), rs.getString(at + 4),
        Rows.strings(rs.getArray(at + 5)), Rows.strings(rs.getArray(at + 6)), rs.getString(at + 7),
        rs.getString(at + 8), rs.getString(at + 9), attributes);
    return new Customer(rs.getString(at), rs.getLong(at + 1), f,
        rs.getObject(at + 11, OffsetDateTime.class).toInstant(), rs.getObject(at + 12, OffsetDateTime.class).toInstant());
  }


  static String likePrefix(String q) {
    return q.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
  }


  private static OffsetDateTime time(Instant t) {
    return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }

  /** Microseconds, as PostgreSQL keeps them: what is returned equals what a later read returns. */
  private static Instant now() {
    Instant n = Instant.now();
    return n.minusNanos(n.getNano() % 1000);
  }
}
