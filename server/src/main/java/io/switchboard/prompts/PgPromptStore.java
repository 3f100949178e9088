package io.switchboard.prompts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** {@link PromptStore} on PostgreSQL (table {@code tenant_prompts}: V8). Thread-safe. */
public final class PgPromptStore implements PromptStore {
  private static final String INFO = "SELECT tenant, language, name, octet_length(ulaw), updated_at, updated_by "
      + "FROM tenant_prompts ";

  private final DataSource dataSource;

  public PgPromptStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public PromptInfo save(String tenant, String language, String name, byte[] ulaw, String updatedBy, Instant at)
      throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
        "INSERT INTO tenant_prompts (tenant, language, name, ulaw, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (tenant, language, name) DO UPDATE SET ulaw = EXCLUDED.ulaw, "
            + "updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by")) {
      s.setString(1, tenant);
      s.setString(2, language);
      s.setString(3, name);
      s.setBytes(4, ulaw);
      s.setObject(5, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
      s.setString(6, updatedBy);
      s.executeUpdate();
    }
    return new PromptInfo(tenant, language, name, ulaw.length, at, updatedBy);
  }

  @Override
  public Optional<byte[]> audio(String tenant, String language, String name) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
        "SELECT ulaw FROM tenant_prompts WHERE tenant = ? AND language = ? AND name = ?")) {
      s.setString(1, tenant);
      s.setString(2, language);
      s.setString(3, name);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
      }
    }
  }

  @Override
  public List<PromptInfo> list(String tenant) throws SQLException {
    return infos(INFO + "WHERE tenant = ? ORDER BY language, name", tenant);
  }

  @Override
  public List<PromptInfo> all() throws SQLException {
    return infos(INFO + "ORDER BY tenant, language, name", null);
  }

  @Override
  public boolean delete(String tenant, String language, String name) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
        "DELETE FROM tenant_prompts WHERE tenant = ? AND language = ? AND name = ?")) {
      s.setString(1, tenant);
      s.setString(2, language);
      s.setString(3, name);
      return s.executeUpdate() > 0;
    }
  }

  private List<PromptInfo> infos(String sql, String tenant) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      if (tenant != null) {
        s.setString(1, tenant);
      }
      List<PromptInfo> out = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(new PromptInfo(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
              rs.getObject(5, OffsetDateTime.class).toInstant(), rs.getString(6)));
        }
      }
      return out;
    }
  }
}
