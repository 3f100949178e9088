package io.switchboard.records;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import javax.sql.DataSource;

/**
 * The {@code events} table: one JDBC batch per call, in one transaction, {@code ON CONFLICT DO NOTHING} on the
 * (tenant, entry id) key; in the same transaction the interaction records of every call the batch touched are
 * refolded ({@link InteractionProjection}). Blocking; thread-safe (each call takes its own pooled connection).
 */
public final class PgEventStore implements EventStore {
  static final String INSERT = "INSERT INTO events (tenant, entry_id, type, ts, node, fields) "
      + "VALUES (?, ?, ?, ?, ?, ?::jsonb) ON CONFLICT (tenant, entry_id) DO NOTHING";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final DataSource dataSource;
  private final InteractionProjection projection = new InteractionProjection();

  public PgEventStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public void store(List<StreamEvent> events) throws SQLException {
    if (events.isEmpty()) {
      return;
    }
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement insert = c.prepareStatement(INSERT)) {
        for (StreamEvent e : events) {
          insert.setString(1, e.tenant());
          insert.setString(2, e.entryId());
          insert.setString(3, e.type());
          insert.setObject(4, OffsetDateTime.ofInstant(Instant.ofEpochMilli(e.tsMillis()), ZoneOffset.UTC));
          insert.setString(5, e.node());
          insert.setString(6, json(e));
          insert.addBatch();
        }
        insert.executeBatch();
        projection.refold(c, InteractionProjection.calls(events));
        c.commit();
      } catch (SQLException | RuntimeException ex) {
        rollbackQuietly(c);
        throw ex;
      }
    }
  }

  private static String json(StreamEvent e) {
    try {
      return JSON.writeValueAsString(e.fields());
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("a map of strings always serialises", ex);
    }
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // the connection is broken; the pool discards it
    }
  }
}
