package io.switchboard.contacts;

import io.switchboard.customers.CustomerFields;
import io.switchboard.sql.Rows;
import io.switchboard.sql.Transactions;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * {@link ContactStore} on PostgreSQL (tables of V9__contact_lists_do_not_call.sql). Blocking; thread-safe (each
 * call takes its own pooled connection). A contact and its rows in contact_phones are written in one transaction; a
 * number another contact of the list has is refused by contact_phones' key, which this turns into CONFLICT naming
 * the number.
 */
public final class PgContactStore implements ContactStore {
  private static final String LIST_COLUMNS = "l.id::text, l.version, l.name, l.description, "
      + "(SELECT count(*) FROM contacts c WHERE c.tenant = l.tenant AND c.list_id = l.id), l.created_at, l.updated_at";
  static final String CONTACT_COLUMNS = "c.list_id::text, c.id::text, c.version, c.display_name, c.given_name, "
      + "c.family_name, c.phones, c.emails, c.company, c.language, c.time_zone, c.attributes::text, c.created_at, "
      + "c.updated_at";
  private static final String UNIQUE_VIOLATION = "23505";

  private final DataSource dataSource;

  public PgContactStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public ContactList createList(String tenant, ListFields f) throws SQLException {
    UUID id = UUID.randomUUID();
    try (Connection c = dataSource.getConnection(); PreparedStatement ins = c.prepareStatement(
        "INSERT INTO contact_lists (tenant, id, name, description) VALUES (?, ?, ?, ?)")) {
      ins.setString(1, tenant);
      ins.setObject(2, id);
      ins.setString(3, f.name());
      ins.setString(4, f.description());
      ins.executeUpdate();
      return list(c, tenant, id, false).orElseThrow();
    } catch (SQLException e) {
      throw nameTaken(e, f.name());
    }
  }

  @Override
  public List<ContactList> lists(String tenant) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(
        "SELECT " + LIST_COLUMNS + " FROM contact_lists l WHERE l.tenant = ? ORDER BY l.name")) {
      q.setString(1, tenant);
      List<ContactList> out = new ArrayList<>();
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          out.add(listRow(rs));
        }
      }
      return out;
    }
  }

  @Override
  public Optional<ContactList> list(String tenant, String id) throws SQLException {
    UUID uuid = Rows.uuid(id);
    if (uuid == null) {
      return Optional.empty();
    }
    try (Connection c = dataSource.getConnection()) {
      return list(c, tenant, uuid, false);
    }
  }

  static Optional<ContactList> list(Connection c, String tenant, UUID id, boolean lock) throws SQLException {
    try (PreparedStatement q = c.prepareStatement("SELECT " + LIST_COLUMNS + " FROM contact_lists l WHERE l.tenant = ? "
        + "AND l.id = ?" + (lock ? " FOR UPDATE" : ""))) {
      q.setString(1, tenant);
      q.setObject(2, id);
      try (ResultSet rs = q.executeQuery()) {
        return rs.next() ? Optional.of(listRow(rs)) : Optional.empty();
      }
    }
  }

  @Override
  public ContactList updateList(String tenant, String id, ListFields f, Long expectedVersion) throws Exception {
    return Transactions.inTransaction(dataSource, c -> {
      UUID uuid = checkedList(c, tenant, id, expectedVersion);
      try (PreparedStatement up = c.prepareStatement("UPDATE contact_lists SET version = version + 1, name = ?, "
          + "description = ?, updated_at = now() WHERE tenant = ? AND id = ?")) {
        up.setString(1, f.name());
        up.setString(2, f.description());
        up.setString(3, tenant);
        up.setObject(4, uuid);
        up.executeUpdate();
      } catch (SQLException e) {
        throw nameTaken(e, f.name());
      }
      return list(c, tenant, uuid, false).orElseThrow();
    });
  }

  @Override
  public void deleteList(String tenant, String id, Long expectedVersion) throws Exception {
    Transactions.inTransaction(dataSource, c -> {
      UUID uuid = checkedList(c, tenant, id, expectedVersion);
      for (String table : new String[] {"contact_phones", "contact_lists"}) {
        try (PreparedStatement del = c.prepareStatement("DELETE FROM " + table + " WHERE tenant = ? AND "
            + (table.equals("contact_phones") ? "list_id" : "id") + " = ?")) {
          del.setString(1, tenant);
          del.setObject(2, uuid);
          del.executeUpdate(); // the list's contacts go with it (ON DELETE CASCADE)
        }
      }
      return null;
    });
  }

  /** The list's id, the list locked for this transaction, if it exists and has the expected version. */
  static UUID checkedList(Connection c, String tenant, String id, Long expectedVersion) throws SQLException {
    UUID uuid = Rows.uuid(id);
    ContactList l = uuid == null ? null : list(c, tenant, uuid, true).orElse(null);
    if (l == null) {
      throw ContactException.noList(id);
    }
    if (expectedVersion != null && expectedVersion != l.version()) {
      throw new ContactException(ContactException.Reason.VERSION_MISMATCH, null, "contact list '" + id
          + "' is at version " + l.version() + ", not " + expectedVersion);
    }
    return uuid;
  }

  @Override
  public Contact addContact(String tenant, String listId, CustomerFields f) throws Exception {
    return Transactions.inTransaction(dataSource, c -> {
      UUID list = checkedList(c, tenant, listId, null);
      long id;
      try (PreparedStatement ins = c.prepareStatement("INSERT INTO contacts (tenant, list_id, display_name, "
          + "given_name, family_name, phones, emails, company, language, time_zone, attributes) "
          + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb) RETURNING id")) {
        ins.setString(1, tenant);
        ins.setObject(2, list);
        bindFields(c, ins, 3, f);
        try (ResultSet rs = ins.executeQuery()) {
          rs.next();
          id = rs.getLong(1);
        }
      }
      addPhones(c, tenant, list, id, f.phones());
      return contact(c, tenant, list, id, false).orElseThrow();
    });
  }

  @Override
  public Optional<Contact> contact(String tenant, String listId, String id) throws SQLException {
    UUID list = Rows.uuid(listId);
    Long n = number(id);
    if (list == null || n == null) {
      return Optional.empty();
    }
    try (Connection c = dataSource.getConnection()) {
      return contact(c, tenant, list, n, false);
    }
  }

  private static Optional<Contact> contact(Connection c, String tenant, UUID list, long id, boolean lock)
      throws SQLException {
    try (PreparedStatement q = c.prepareStatement("SELECT " + CONTACT_COLUMNS + " FROM contacts c WHERE c.tenant = ? "
        + "AND c.list_id = ? AND c.id = ?" + (lock ? " FOR UPDATE" : ""))) {
      q.setString(1, tenant);
      q.setObject(2, list);
      q.setLong(3, id);
      try (ResultSet rs = q.executeQuery()) {
        return rs.next() ? Optional.of(contactRow(rs)) : Optional.empty();
      }
    }
  }

  @Override
  public Contact updateContact(String tenant, String listId, String id, CustomerFields f, Long expectedVersion)
      throws Exception {
    return Transactions.inTransaction(dataSource, c -> {
      UUID list = Rows.uuid(listId);
      long n = checkedContact(c, tenant, list, listId, id, expectedVersion);
      try (PreparedStatement up = c.prepareStatement("UPDATE contacts SET version = version + 1, display_name = ?, "
          + "given_name = ?, family_name = ?, phones = ?, emails = ?, company = ?, language = ?, time_zone = ?, "
          + "attributes = ?::jsonb, updated_at = now() WHERE tenant = ? AND list_id = ? AND id = ?")) {
        int next = bindFields(c, up, 1, f);
        up.setString(next, tenant);
        up.setObject(next + 1, list);
        up.setLong(next + 2, n);
        up.executeUpdate();
      }
      deletePhones(c, tenant, list, n);
      addPhones(c, tenant, list, n, f.phones());
      return contact(c, tenant, list, n, false).orElseThrow();
    });
  }

  @Override
  public void deleteContact(String tenant, String listId, String id, Long expectedVersion) throws Exception {
    Transactions.inTransaction(dataSource, c -> {
      UUID list = Rows.uuid(listId);
      long n = checkedContact(c, tenant, list, listId, id, expectedVersion);
      deletePhones(c, tenant, list, n);
      try (PreparedStatement del = c.prepareStatement(
          "DELETE FROM contacts WHERE tenant = ? AND list_id = ? AND id = ?")) {
        del.setString(1, tenant);
        del.setObject(2, list);
        del.setLong(3, n);
        del.executeUpdate();
      }
      return null;
    });
  }

  /** The contact's id, the contact locked, if it exists and has the expected version. */
  private static long checkedContact(Connection c, String tenant, UUID list, String listId, String id,
      Long expectedVersion) throws SQLException {
    Long n = number(id);
    Contact old = list == null || n == null ? null : contact(c, tenant, list, n, true).orElse(null);
    if (old == null) {
      throw ContactException.noContact(listId, id);
    }
    if (expectedVersion != null && expectedVersion != old.version()) {
      throw new ContactException(ContactException.Reason.VERSION_MISMATCH, null, "contact '" + id
          + "' is at version " + old.version() + ", not " + expectedVersion);
    }
    return n;
  }

  @Override
  public Page contacts(String tenant, String listId, String after, int limit) throws SQLException {
    UUID list = Rows.uuid(listId);
    Long from = after == null ? Long.valueOf(0) : number(after);
    try (Connection c = dataSource.getConnection()) {
      if (list == null || list(c, tenant, list, false).isEmpty()) {
        throw ContactException.noList(listId);
      }
      if (from == null) {
        throw new ContactException(ContactException.Reason.NOT_FOUND, "after", "'" + after + "' is not a contact id");
      }
      try (PreparedStatement q = c.prepareStatement("SELECT " + CONTACT_COLUMNS + " FROM contacts c WHERE "
          + "c.tenant = ? AND c.list_id = ? AND c.id > ? ORDER BY c.id LIMIT ?")) {
        q.setString(1, tenant);
        q.setObject(2, list);
        q.setLong(3, from);
        q.setInt(4, limit + 1);
        List<Contact> rows = new ArrayList<>();
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            rows.add(contactRow(rs));
          }
        }
        if (rows.size() <= limit) {
          return new Page(List.copyOf(rows), null);
        }
        rows = rows.subList(0, limit);
        return new Page(List.copyOf(rows), rows.get(limit - 1).id());
      }
    }
  }

  @Override
  public Optional<Contact> byPhone(String tenant, String listId, String e164) throws SQLException {
    UUID list = Rows.uuid(listId);
    if (list == null) {
      return Optional.empty();
    }
    try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement("SELECT "
        + CONTACT_COLUMNS + " FROM contact_phones p JOIN contacts c ON c.tenant = p.tenant AND c.list_id = p.list_id "
        + "AND c.id = p.contact_id WHERE p.tenant = ? AND p.list_id = ? AND p.phone = ?")) {
      q.setString(1, tenant);
      q.setObject(2, list);
      q.setString(3, e164);
      try (ResultSet rs = q.executeQuery()) {
        return rs.next() ? Optional.of(contactRow(rs)) : Optional.empty();
      }
    }
  }

  @Override
  public ImportResult importRows(String tenant, String listId, Reader read) throws Exception {
    return Transactions.inTransaction(dataSource, c -> new PgContactImport(c, tenant,
        checkedList(c, tenant, listId, null)).run(read));
  }

  private static void deletePhones(Connection c, String tenant, UUID list, long id) throws SQLException {
    try (PreparedStatement del = c.prepareStatement(
        "DELETE FROM contact_phones WHERE tenant = ? AND list_id = ? AND contact_id = ?")) {
      del.setString(1, tenant);
      del.setObject(2, list);
      del.setLong(3, id);
      del.executeUpdate();
    }
  }

  /** The contact's numbers; one another contact of the list has is CONFLICT naming it. */
  private static void addPhones(Connection c, String tenant, UUID list, long id, List<String> phones)
      throws SQLException {
    try (PreparedStatement ins = c.prepareStatement("INSERT INTO contact_phones (tenant, list_id, phone, contact_id) "
        + "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
      for (String phone : phones) {
        ins.setString(1, tenant);
        ins.setObject(2, list);
        ins.setString(3, phone);
        ins.setLong(4, id);
        if (ins.executeUpdate() == 0) {
          throw new ContactException(ContactException.Reason.CONFLICT, "phones", phone
              + " is another contact's number in this list");
        }
      }
    }
  }

  /** Binds the nine field columns from {@code at}; returns the next index. */
  private static int bindFields(Connection c, PreparedStatement s, int at, CustomerFields f) throws SQLException {
    s.setString(at, f.displayName());
    s.setString(at + 1, f.givenName());
    s.setString(at + 2, f.familyName());
    s.setArray(at + 3, c.createArrayOf("text", f.phones().toArray()));
    s.setArray(at + 4, c.createArrayOf("text", f.emails().toArray()));
    s.setString(at + 5, f.company());
    s.setString(at + 6, f.language());
    s.setString(at + 7, f.timeZone());
    s.setString(at + 8, new JsonObject(new LinkedHashMap<String, Object>(f.attributes())).encode());
    return at + 9;
  }

  private static ContactList listRow(ResultSet rs) throws SQLException {
    return new ContactList(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getLong(5),
        rs.getObject(6, OffsetDateTime.class).toInstant(), rs.getObject(7, OffsetDateTime.class).toInstant());
  }

  static Contact contactRow(ResultSet rs) throws SQLException {
    Map<String, String> attributes = new LinkedHashMap<>();
    new JsonObject(rs.getString(12)).forEach(e -> attributes.put(e.getKey(), String.valueOf(e.getValue())));
    CustomerFields f = new CustomerFields(rs.getString(4), rs.getString(5), rs.getString(6),
        Rows.strings(rs.getArray(7)), Rows.strings(rs.getArray(8)), rs.getString(9), rs.getString(10), rs.getString(11), attributes);
    return new Contact(rs.getString(1), rs.getString(2), rs.getLong(3), f,
        rs.getObject(13, OffsetDateTime.class).toInstant(), rs.getObject(14, OffsetDateTime.class).toInstant());
  }


  private static ContactException nameTaken(SQLException e, String name) throws SQLException {
    if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
      return new ContactException(ContactException.Reason.CONFLICT, "name", "the tenant has a contact list named '"
          + name + "' already");
    }
    throw e;
  }


  private static Long number(String id) {
    return id != null && id.matches("[0-9]{1,18}") ? Long.valueOf(id) : null;
  }
}
