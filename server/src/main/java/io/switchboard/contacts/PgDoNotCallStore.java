package io.switchboard.contacts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** {@link DoNotCallStore} on PostgreSQL (do_not_call of V9). Blocking; thread-safe. */
public final class PgDoNotCallStore implements DoNotCallStore {
  private static final String COLUMNS = "phone, reason, added_by, added_at, expires_at";

  private final DataSource dataSource;

  public PgDoNotCallStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public DoNotCall put(String tenant, String phone, String reason, Instant expiresAt, String addedBy)
      throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("INSERT INTO do_not_call "
        + "(tenant, phone, reason, added_by, expires_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (tenant, phone) DO UPDATE "
        + "SET reason = EXCLUDED.reason, added_by = EXCLUDED.added_by, added_at = now(), "
        + "expires_at = EXCLUDED.expires_at RETURNING " + COLUMNS)) {
      s.setString(1, tenant);
      s.setString(2, phone);
      s.setString(3, reason);
      s.setString(4, addedBy);
      s.setTimestamp(5, expiresAt == null ? null : Timestamp.from(expiresAt));
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return row(rs);
      }
    }
  }

  @Override
  public int putAll(String tenant, List<Listing> batch, String addedBy) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("INSERT INTO do_not_call "
        + "(tenant, phone, reason, added_by, expires_at) SELECT ?, p, r, ?, e FROM unnest(?::text[], ?::text[], "
        + "?::timestamptz[]) AS t(p, r, e) ON CONFLICT (tenant, phone) DO UPDATE SET reason = EXCLUDED.reason, "
        + "added_by = EXCLUDED.added_by, added_at = now(), expires_at = EXCLUDED.expires_at "
        + "RETURNING (xmax = 0)")) {
      s.setString(1, tenant);
      s.setString(2, addedBy);
      s.setArray(3, c.createArrayOf("text", batch.stream().map(Listing::phone).toArray()));
      s.setArray(4, c.createArrayOf("text", batch.stream().map(Listing::reason).toArray()));
      s.setArray(5, c.createArrayOf("timestamptz", batch.stream()
          .map(l -> l.expiresAt() == null ? null : Timestamp.from(l.expiresAt())).toArray()));
      int added = 0;
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          added += rs.getBoolean(1) ? 1 : 0; // xmax 0: a fresh row, not an update
        }
      }
      return added;
    }
  }

  @Override
  public Optional<DoNotCall> get(String tenant, String phone) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
        "SELECT " + COLUMNS + " FROM do_not_call WHERE tenant = ? AND phone = ?")) {
      s.setString(1, tenant);
      s.setString(2, phone);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(row(rs)) : Optional.empty();
      }
    }
  }

  @Override
  public boolean delete(String tenant, String phone) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
        "DELETE FROM do_not_call WHERE tenant = ? AND phone = ?")) {
      s.setString(1, tenant);
      s.setString(2, phone);
      return s.executeUpdate() > 0;
    }
  }

  @Override
  public Page page(String tenant, String after, int limit) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS
        + " FROM do_not_call WHERE tenant = ? AND phone > ? ORDER BY phone LIMIT ?")) {
      s.setString(1, tenant);
      s.setString(2, after == null ? "" : after);
      s.setInt(3, limit + 1);
      List<DoNotCall> rows = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          rows.add(row(rs));
        }
      }
      if (rows.size() <= limit) {
        return new Page(List.copyOf(rows), null);
      }
      return new Page(List.copyOf(rows.subList(0, limit)), rows.get(limit - 1).phone());
    }
  }

  private static DoNotCall row(ResultSet rs) throws SQLException {
    OffsetDateTime expires = rs.getObject(5, OffsetDateTime.class);
    return new DoNotCall(rs.getString(1), rs.getString(2), rs.getString(3),
        rs.getObject(4, OffsetDateTime.class).toInstant(), expires == null ? null : expires.toInstant());
  }
}
