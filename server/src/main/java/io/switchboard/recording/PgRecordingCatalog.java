package io.switchboard.recording;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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

/** {@link RecordingCatalog} on PostgreSQL (tables {@code recordings}, {@code recording_listens}: V5). Thread-safe. */
public final class PgRecordingCatalog implements RecordingCatalog {
  static final String COLUMNS = "id, tenant, call_id, agent_id, queue, started_at, ended_at, duration_ms, status, "
      + "paused_spans::text, storage_key, bytes, channels, failure";
  static final String SAVE = "INSERT INTO recordings (" + COLUMNS.replace("::text", "") + ") "
      + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
      + "ended_at = EXCLUDED.ended_at, duration_ms = EXCLUDED.duration_ms, status = EXCLUDED.status, "
      + "paused_spans = EXCLUDED.paused_spans, bytes = EXCLUDED.bytes, failure = EXCLUDED.failure";

  private final DataSource dataSource;

  public PgRecordingCatalog(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public void save(Recording r) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(SAVE)) {
      int i = 1;
      s.setString(i++, r.id());
      s.setString(i++, r.tenant());
      s.setString(i++, r.callId());
      s.setString(i++, r.agentId());
      s.setString(i++, r.queue());
      s.setObject(i++, time(r.startedAt()));
      s.setObject(i++, time(r.endedAt()));
      s.setLong(i++, r.durationMs());
      s.setString(i++, r.status().wire());
      s.setString(i++, spans(r.pausedSpans()).encode());
      s.setString(i++, r.storageKey());
      s.setLong(i++, r.bytes());
      s.setInt(i++, r.channels());
      s.setString(i, r.failure());
      s.executeUpdate();
    }
  }

  @Override
  public List<Recording> ofCall(String tenant, String callId) throws SQLException {
    return query("SELECT " + COLUMNS + " FROM recordings WHERE tenant = ? AND call_id = ? ORDER BY started_at, id",
        tenant, callId);
  }

  @Override
  public Optional<Recording> get(String tenant, String id) throws SQLException {
    return query("SELECT " + COLUMNS + " FROM recordings WHERE tenant = ? AND id = ?", tenant, id).stream()
        .findFirst();
  }

  @Override
  public void listened(String tenant, String id, String user, String range) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
        "INSERT INTO recording_listens (recording_id, tenant, user_id, byte_range) VALUES (?, ?, ?, ?)")) {
      s.setString(1, id);
      s.setString(2, tenant);
      s.setString(3, user);
      s.setString(4, range);
      s.executeUpdate();
    }
  }

  private List<Recording> query(String sql, String tenant, String key) throws SQLException {
    List<Recording> out = new ArrayList<>();
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, tenant);
      s.setString(2, key);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(row(rs));
        }
      }
    }
    return out;
  }

  private static Recording row(ResultSet rs) throws SQLException {
    OffsetDateTime ended = rs.getObject(7, OffsetDateTime.class);
    List<Recording.Span> spans = new ArrayList<>();
    for (Object o : new JsonArray(rs.getString(10))) {
      JsonObject j = (JsonObject) o;
      Long to = j.getLong("toMs");
      spans.add(new Recording.Span(j.getLong("fromMs"), to == null ? -1 : to));
    }
    return new Recording(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getObject(6, OffsetDateTime.class).toInstant(), ended == null ? null : ended.toInstant(), rs.getLong(8),
        Recording.Status.of(rs.getString(9)), spans, rs.getString(11), rs.getLong(12), rs.getInt(13),
        rs.getString(14));
  }

  /** The spans as stored: {@code [{"fromMs":..,"toMs":..|null}]}. */
  static JsonArray spans(List<Recording.Span> spans) {
    JsonArray a = new JsonArray();
    spans.forEach(s -> a.add(new JsonObject().put("fromMs", s.fromMs()).put("toMs", s.toMs() < 0 ? null : s.toMs())));
    return a;
  }

  private static OffsetDateTime time(Instant t) {
    return t == null ? null : OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }
}
