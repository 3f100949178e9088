package io.switchboard.records;

import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.switchboard.acd.AcdOptions;
import io.switchboard.acd.AgentState;
import io.switchboard.acd.CallSpec;
import io.switchboard.acd.Enqueued;
import io.switchboard.acd.RedisAcd;
import io.switchboard.config.RecordsConfig;
import io.switchboard.config.Settings;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.redis.Keys;
import io.switchboard.redis.RedisConnections;
import io.switchboard.support.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * Real ACD traffic on the shared test Redis (a tenant of its own per test, with queue "support" and two agents),
 * and what the stream and the events table hold. Blocking helpers for JUnit threads.
 */
final class RecordsFixture implements AutoCloseable {
  private static final AtomicInteger TENANTS = new AtomicInteger();
  final Vertx vertx = Vertx.vertx();
  final RedisConnections redis;
  final RedisAcd acd;
  final String tenant = "rec-" + ProcessHandle.current().pid() + "-" + TENANTS.incrementAndGet();

  /** Empties the shared Redis first: every pipeline reads all tenants, and only this test's may be there. */
  RecordsFixture() {
    TestRedis.flushAll();
    redis = TestRedis.connect();
    acd = new RedisAcd(vertx, redis, AcdOptions.defaults("records-it"), Clock.systemUTC());
    await(redis.commands().sadd(Keys.TENANTS, tenant));
    JsonObject queue = new JsonObject().put("id", "support").put("name", "support").put("version", 1)
        .put("wrapUpSeconds", 30);
    await(redis.commands().set(Keys.directory(tenant, "queue", "support"), queue.encode()));
    await(redis.commands().zadd(Keys.directoryIndex(tenant, "queue"), 0, "support"));
    for (String agent : List.of("a1", "a2")) {
      JsonObject doc = new JsonObject().put("id", agent).put("username", agent).put("displayName", agent)
          .put("roles", new JsonArray().add("agent")).put("skills", new JsonObject())
          .put("languages", new JsonArray().add("en")).put("queues", new JsonArray().add("support"))
          .put("enabled", true).put("version", 1);
      await(redis.commands().set(Keys.directory(tenant, "agent", agent), doc.encode()));
      acd.setState(tenant, agent, AgentState.AVAILABLE, null, "records-it").await();
    }
  }

  /** Settings of the pipeline: the reference ones with {@code overrides}. */
  static RecordsConfig config(Map<String, String> overrides) {
    Map<String, String> s = new HashMap<>(Map.of("media.bind-host", "127.0.0.1", "sip.host", "127.0.0.1"));
    s.putAll(overrides);
    return SwitchboardConfig.from(Settings.of(s)).records();
  }

  /** {@code n} calls, each enqueued, offered, answered, hung up and wrapped up through the ACD. */
  void calls(int n) {
    for (int i = 0; i < n; i++) {
      Enqueued e = acd.enqueue(tenant, new CallSpec(null, "support", null, Map.of(), null, "+1555010" + (i % 10),
          null, null, "records-it")).await();
      if (e.reservedAgent() == null) {
        throw new AssertionError("no agent was offered call " + i);
      }
      acd.accept(tenant, e.reservedAgent(), e.callId()).await();
      acd.hangup(tenant, e.reservedAgent(), e.callId()).await();
      acd.wrapUpDone(tenant, e.reservedAgent(), e.callId(), "resolved", "").await();
    }
  }

  /** A consumer group that never reads: it keeps every entry in the stream (the pipeline trims past groups). */
  void auditGroup() {
    await(redis.commands().xgroupCreate(XReadArgs.StreamOffset.from(Keys.events(tenant), "0-0"), "audit",
        io.lettuce.core.XGroupCreateArgs.Builder.mkstream(true)));
  }

  void dropAuditGroup() {
    await(redis.commands().xgroupDestroy(Keys.events(tenant), "audit"));
  }

  long streamLength() {
    return await(redis.commands().xlen(Keys.events(tenant)));
  }

  Set<String> streamIds() {
    Set<String> ids = new TreeSet<>();
    for (StreamMessage<String, String> m : await(redis.commands().xrange(Keys.events(tenant), Range.create("-", "+")))) {
      ids.add(m.getId());
    }
    return ids;
  }

  long pendingInGroup() {
    return await(redis.commands().xpending(Keys.events(tenant), EventStream.GROUP)).getCount();
  }

  long storedCount(DataSource db) throws Exception {
    try (Connection c = db.getConnection();
        PreparedStatement q = c.prepareStatement("SELECT count(*) FROM events WHERE tenant = ?")) {
      q.setString(1, tenant);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** The tenant's interaction records, counted by outcome. */
  Map<String, Long> interactionOutcomes(DataSource db) throws Exception {
    Map<String, Long> out = new HashMap<>();
    try (Connection c = db.getConnection(); PreparedStatement q = c.prepareStatement(
        "SELECT outcome, count(*) FROM interactions WHERE tenant = ? GROUP BY outcome")) {
      q.setString(1, tenant);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), rs.getLong(2));
        }
      }
    }
    return out;
  }

  Set<String> storedIds(DataSource db) throws Exception {
    Set<String> ids = new TreeSet<>();
    try (Connection c = db.getConnection();
        PreparedStatement q = c.prepareStatement("SELECT entry_id FROM events WHERE tenant = ?")) {
      q.setString(1, tenant);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
    }
    return ids;
  }

  RecordsPipeline pipeline(String consumer, EventStore store, RecordsConfig config) {
    return new RecordsPipeline(new EventStream(redis.commands(), consumer), store, config,
        // past the stream's retention window, so that what is recorded is trimmed at once
        Clock.offset(Clock.systemUTC(), java.time.Duration.ofMillis(RecordsPipeline.STREAM_RETENTION_MS + 60_000)));
  }

  static <T> T await(java.util.concurrent.CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    redis.close();
    vertx.close().await();
  }
}
