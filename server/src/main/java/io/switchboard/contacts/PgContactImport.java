package io.switchboard.contacts;

import io.switchboard.customers.CsvImport;
import io.switchboard.customers.CustomerFields;
import io.switchboard.customers.CustomerStore;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One import into one list, inside the caller's transaction (the list row locked, so imports into a list run one
 * at a time). Rows are streamed with COPY into a temporary table as the CSV is read, then merged by a few
 * set-based statements, so the cost is the file's, not a round trip per row:
 * <ol>
 *   <li>duplicates: a row with a number an earlier row of the file has is skipped (and reported);
 *   <li>matches: a remaining row with a number a contact of the list has updates that contact (the first of its
 *       numbers that matches decides); a second row matching the same contact is a duplicate too;
 *   <li>the other rows are new contacts, their numbers added to contact_phones in the same statement.
 * </ol>
 * Not thread-safe: one instance per import.
 */
final class PgContactImport {
  private static final Logger LOG = LoggerFactory.getLogger(PgContactImport.class);
  private final Connection c;
  private final String tenant;
  private final UUID list;

  PgContactImport(Connection c, String tenant, UUID list) {
    this.c = c;
    this.tenant = tenant;
    this.list = list;
  }

  ContactStore.ImportResult run(ContactStore.Reader read) throws Exception {
    long started = System.nanoTime();
    exec("CREATE TEMP TABLE import_rows (line bigint NOT NULL, display_name text NOT NULL, given_name text, "
        + "family_name text, phones text[] NOT NULL, emails text[] NOT NULL, company text, language text, "
        + "time_zone text, attributes jsonb NOT NULL) ON COMMIT DROP");
    CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY import_rows FROM STDIN");
    CsvImport.Result csv;
    try {
      csv = read.read(batch -> {
        byte[] bytes = CopyText.rows(batch).getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        return new CustomerStore.Imported(0, 0);
      });
      copy.endCopy();
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    }
    long copied = System.nanoTime();
    exec("ANALYZE import_rows");
    exec("CREATE TEMP TABLE import_phones ON COMMIT DROP AS SELECT r.line, p.phone, p.ord "
        + "FROM import_rows r, unnest(r.phones) WITH ORDINALITY AS p(phone, ord)");
    exec("CREATE TEMP TABLE import_dups ON COMMIT DROP AS SELECT DISTINCT ON (p.line) p.line, p.phone, f.first "
        + "FROM import_phones p JOIN (SELECT phone, min(line) AS first FROM import_phones GROUP BY phone) f "
        + "USING (phone) WHERE f.first < p.line ORDER BY p.line, p.ord");
    exec("CREATE UNIQUE INDEX ON import_dups (line)");
    long dups = System.nanoTime();
    long updated = matchExisting();
    long duplicates = count("import_dups");
    long matched = System.nanoTime();
    long created = insertNew();
    long done = System.nanoTime();
    LOG.info("contacts.import list={} rows={} created={} updated={} duplicates={} readMs={} duplicatesMs={} "
        + "updateMs={} insertMs={}", list, csv.rows(), created, updated, duplicates, ms(copied - started),
        ms(dups - copied), ms(matched - dups), ms(done - matched));
    return new ContactStore.ImportResult(csv.rows(), created, updated, duplicates, csv.rejectedRows(),
        rejected(csv.rejected()));
  }

  /** Rows matching a contact of the list update it; returns how many contacts were updated. */
  private long matchExisting() throws SQLException {
    exec("CREATE TEMP TABLE import_matches (line bigint NOT NULL, contact_id bigint NOT NULL) ON COMMIT DROP");
    update("INSERT INTO import_matches SELECT DISTINCT ON (p.line) p.line, cp.contact_id "
        + "FROM import_phones p JOIN contact_phones cp ON cp.tenant = ? AND cp.list_id = ? AND cp.phone = p.phone "
        + "WHERE NOT EXISTS (SELECT 1 FROM import_dups d WHERE d.line = p.line) ORDER BY p.line, p.ord");
    exec("INSERT INTO import_dups (line, phone, first) SELECT m.line, NULL, f.first FROM import_matches m "
        + "JOIN (SELECT contact_id, min(line) AS first FROM import_matches GROUP BY contact_id) f USING (contact_id) "
        + "WHERE f.first < m.line");
    exec("DELETE FROM import_matches m USING import_dups d WHERE d.line = m.line");
    long updated = update("UPDATE contacts c SET version = c.version + 1, display_name = r.display_name, "
        + "given_name = coalesce(r.given_name, c.given_name), family_name = coalesce(r.family_name, c.family_name), "
        + "emails = c.emails || ARRAY(SELECT e FROM unnest(r.emails) e WHERE NOT lower(e) = ANY("
        + "SELECT lower(x) FROM unnest(c.emails) x)), company = coalesce(r.company, c.company), "
        + "language = coalesce(r.language, c.language), time_zone = coalesce(r.time_zone, c.time_zone), "
        + "attributes = c.attributes || r.attributes, updated_at = now() "
        + "FROM import_matches m JOIN import_rows r USING (line) "
        + "WHERE c.tenant = ? AND c.list_id = ? AND c.id = m.contact_id");
    // the matched rows' other numbers, unless another contact of the list has them
    update("WITH added AS (INSERT INTO contact_phones (tenant, list_id, phone, contact_id) "
        + "SELECT ?, ?, p.phone, m.contact_id FROM import_matches m JOIN import_phones p USING (line) ORDER BY p.ord "
        + "ON CONFLICT DO NOTHING RETURNING contact_id, phone) "
        + "UPDATE contacts c SET phones = c.phones || a.phones FROM (SELECT contact_id, array_agg(phone) AS phones "
        + "FROM added GROUP BY contact_id) a WHERE c.tenant = ? AND c.list_id = ? AND c.id = a.contact_id");
    return updated;
  }

  /** The rows neither duplicates nor matches: new contacts and their numbers. */
  private long insertNew() throws SQLException {
    try (PreparedStatement s = c.prepareStatement("WITH fresh AS (INSERT INTO contacts (tenant, list_id, "
        + "display_name, given_name, family_name, phones, emails, company, language, time_zone, attributes) "
        + "SELECT ?, ?, r.display_name, r.given_name, r.family_name, r.phones, r.emails, r.company, r.language, "
        + "r.time_zone, r.attributes FROM import_rows r "
        + "WHERE NOT EXISTS (SELECT 1 FROM import_dups d WHERE d.line = r.line) "
        + "AND NOT EXISTS (SELECT 1 FROM import_matches m WHERE m.line = r.line) ORDER BY r.line "
        + "RETURNING id, phones), "
        + "numbers AS (INSERT INTO contact_phones (tenant, list_id, phone, contact_id) "
        + "SELECT ?, ?, unnest(phones), id FROM fresh) "
        + "SELECT count(*) FROM fresh")) {
      s.setString(1, tenant);
      s.setObject(2, list);
      s.setString(3, tenant);
      s.setObject(4, list);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** The reader's rejections and the duplicates, in line order, at most {@link CsvImport#MAX_LISTED}. */
  private List<CsvImport.Rejected> rejected(List<CsvImport.Rejected> read) throws SQLException {
    List<CsvImport.Rejected> all = new ArrayList<>(read);
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT line, phone, first "
        + "FROM import_dups ORDER BY line LIMIT " + CsvImport.MAX_LISTED)) {
      while (rs.next()) {
        String phone = rs.getString(2);
        all.add(new CsvImport.Rejected(rs.getLong(1), "phone", phone != null
            ? phone + " is on line " + rs.getLong(3) + " too: the row was skipped as a duplicate"
            : "its contact is on line " + rs.getLong(3) + " too: the row was skipped as a duplicate"));
      }
    }
    all.sort(Comparator.comparingLong(CsvImport.Rejected::line));
    return List.copyOf(all.subList(0, Math.min(all.size(), CsvImport.MAX_LISTED)));
  }

  private static long ms(long nanos) {
    return nanos / 1_000_000;
  }

  private long count(String table) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private void exec(String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** Runs {@code sql} with (tenant, list) bound to each pair of placeholders in turn. */
  private long update(String sql) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      int n = s.getParameterMetaData().getParameterCount();
      for (int i = 1; i <= n; i += 2) {
        s.setString(i, tenant);
        s.setObject(i + 1, list);
      }
      return s.executeUpdate();
    }
  }

  /** Rows in COPY's text format (tab-separated, \N for null, backslash escapes). */
  static final class CopyText {
    private CopyText() {}

    static String rows(List<CsvImport.Row> batch) {
      StringBuilder b = new StringBuilder(batch.size() * 96);
      for (CsvImport.Row row : batch) {
        CustomerFields f = ContactTimeZones.inferred(row.fields());
        b.append(row.line()).append('\t');
        field(b, f.displayName()).append('\t');
        field(b, f.givenName()).append('\t');
        field(b, f.familyName()).append('\t');
        field(b, array(f.phones())).append('\t');
        field(b, array(f.emails())).append('\t');
        field(b, f.company()).append('\t');
        field(b, f.language()).append('\t');
        field(b, f.timeZone()).append('\t');
        field(b, new JsonObject(new LinkedHashMap<String, Object>(f.attributes())).encode()).append('\n');
      }
      return b.toString();
    }

    /** A PostgreSQL array literal of strings, every element quoted. */
    static String array(List<String> values) {
      StringBuilder a = new StringBuilder("{");
      for (int i = 0; i < values.size(); i++) {
        a.append(i == 0 ? "\"" : ",\"");
        String v = values.get(i);
        for (int k = 0; k < v.length(); k++) {
          char ch = v.charAt(k);
          if (ch == '"' || ch == '\\') {
            a.append('\\');
          }
          a.append(ch);
        }
        a.append('"');
      }
      return a.append('}').toString();
    }

    static StringBuilder field(StringBuilder b, String v) {
      if (v == null) {
        return b.append("\\N");
      }
      for (int i = 0; i < v.length(); i++) {
        char ch = v.charAt(i);
        switch (ch) {
          case '\\' -> b.append("\\\\");
          case '\t' -> b.append("\\t");
          case '\n' -> b.append("\\n");
          case '\r' -> b.append("\\r");
          default -> b.append(ch);
        }
      }
      return b;
    }
  }
}
