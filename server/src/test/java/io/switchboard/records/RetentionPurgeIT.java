package io.switchboard.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.config.RetentionConfig;
import io.switchboard.support.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The purge against a real PostgreSQL: what is past each tenant's retention goes (interactions, their legs, events),
 * what is within stays; in batches of one row; a second run finds nothing; a node finding another purging skips.
 */
class RetentionPurgeIT {
  static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
  static Database db;

  @BeforeAll
  static void open() throws Exception {
    db = Database.open(RecordsFixture.config(Map.of("database.url", TestPostgres.newDatabase("purge_it"))),
        Path.of("unused"));
    List<StreamEvent> events = new ArrayList<>();
    // tenant a keeps 400 days (the default): cutoff 2025-10-27; tenant b keeps 30: cutoff 2026-11-01
    call(events, "a", "a-old", "2025-10-01T12:00:00Z");
    call(events, "a", "a-new", "2025-11-15T12:00:00Z");
    call(events, "b", "b-old", "2026-10-15T12:00:00Z");
    call(events, "b", "b-new", "2026-11-15T12:00:00Z");
    events.add(event("a", "2025-10-02T00:00:00Z", "agent.state", Map.of("agentId", "x", "state", "away")));
    new PgEventStore(db.dataSource()).store(events);
  }

  static void call(List<StreamEvent> out, String tenant, String id, String at) {
    long t = Instant.parse(at).toEpochMilli();
    out.add(event(tenant, at, "call.enqueued", Map.of("callId", id, "queue", "q")));
    out.add(new StreamEvent(tenant, (t + 1000) + "-0", "call.reserved", t + 1000, "n",
        Map.of("callId", id, "queue", "q", "agentId", "x")));
    out.add(new StreamEvent(tenant, (t + 2000) + "-0", "call.accepted", t + 2000, "n",
        Map.of("callId", id, "queue", "q", "agentId", "x")));
  }

  static StreamEvent event(String tenant, String at, String type, Map<String, String> fields) {
    long t = Instant.parse(at).toEpochMilli();
    return new StreamEvent(tenant, t + "-0", type, t, "n", fields);
  }

  @AfterAll
  static void close() {
    db.close();
  }

  static long count(String sql) throws Exception {
    return Long.parseLong(column(sql).get(0));
  }

  static List<String> column(String sql) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection(); PreparedStatement q = c.prepareStatement(sql);
        ResultSet rs = q.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  @Test
  void whatIsPastRetentionGoesWhatIsWithinStays() throws Exception {
    RetentionPurge purge = new RetentionPurge(db.dataSource(),
        new RetentionConfig(400, Map.of("b", 30), Duration.ofHours(1), 1), Clock.fixed(NOW, ZoneOffset.UTC));
    try (Connection other = db.dataSource().getConnection();
        PreparedStatement lock = other.prepareStatement("SELECT pg_advisory_lock(?)")) {
      lock.setLong(1, RetentionPurge.LOCK_KEY);
      lock.executeQuery().close();
      assertThat(purge.runOnce()).as("another node is purging").isEqualTo(new RetentionPurge.Result(0, 0, 0, true));
    }  // closing the connection releases its lock

    long oldHours = count("SELECT count(*) FROM agent_hours WHERE hour + interval '1 hour' <= timestamptz '" + NOW
        + "' - CASE tenant WHEN 'b' THEN interval '30 days' ELSE interval '400 days' END");
    assertThat(oldHours).as("the roll-up has hours of the old calls").isPositive();
    RetentionPurge.Result purged = purge.runOnce();
    assertThat(purged).isEqualTo(new RetentionPurge.Result(2, 7, purged.agentHours(), false));
    assertThat(purged.agentHours()).isEqualTo(oldHours);
    assertThat(column("SELECT call_id FROM interactions ORDER BY call_id")).containsExactly("a-new", "b-new");
    assertThat(column("SELECT DISTINCT call_id FROM agent_legs ORDER BY call_id")).containsExactly("a-new", "b-new");
    assertThat(column("SELECT tenant || ' ' || type FROM events ORDER BY tenant, entry_id")).containsExactly(
        "a call.enqueued", "a call.reserved", "a call.accepted", "b call.enqueued", "b call.reserved",
        "b call.accepted");
    assertThat(count("SELECT count(*) FROM agent_hours")).as("the new calls' hours stay").isPositive();
    assertThat(purge.runOnce()).as("nothing left to do").isEqualTo(new RetentionPurge.Result(0, 0, 0, false));
  }
}
