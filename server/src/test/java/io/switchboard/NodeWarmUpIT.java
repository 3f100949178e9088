package io.switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.switchboard.ops.WarmUp;
import io.switchboard.redis.Lua;
import io.switchboard.support.TestNodes;
import io.switchboard.support.TestPostgres;
import io.switchboard.support.TestRedis;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The warm-up at start (NodeWarmUp) runs every step and leaves no trace: on a node with a tenant's demo data (queues,
 * agents, numbers) in Redis and a database of its own, the keys of Redis (with each stream's length and the tenants'
 * set) and the row count of every table are the same before and after it, and no key names its probe tenant. Its
 * scripts step is seen working: after SCRIPT FLUSH, Redis knows the ACD's enqueue script again.
 */
class NodeWarmUpIT {
  static Node node;
  static String dbUrl;
  static RedisClient client;
  static StatefulRedisConnection<String, String> conn;

  @BeforeAll
  static void start() {
    dbUrl = TestPostgres.newDatabase("warmup_it");
    node = TestNodes.loopback("warmup-it", Map.of("redis.uri", TestRedis.uri(), "demo.data", "true",
        "bootstrap.tenant", "warmup-it", "database.url", dbUrl, "warmup.enabled", "false"));
    client = RedisClient.create(TestRedis.uri());
    conn = client.connect();
  }

  @AfterAll
  static void stop() {
    if (conn != null) {
      conn.close();
      client.shutdown();
    }
    if (node != null) {
      node.stop();
    }
  }

  @Test
  void everyStepRunsAndNothingIsLeftInRedisOrPostgres() throws Exception {
    RedisCommands<String, String> redis = conn.sync();
    String[] shas = Lua.all().stream().map(Lua::sha).toArray(String[]::new);
    assertThat(Lua.all()).as("the node's scripts").anyMatch(lua -> lua.name().equals("acd-enqueue"));
    Thread.sleep(1500);  // the start's own writes (records pipeline's groups, heartbeats) settle first
    Map<String, String> redisBefore = redisState(redis);
    Map<String, Long> rowsBefore = rowCounts();
    assertThat(redisBefore.keySet()).as("the demo tenant is there to be left alone")
        .anyMatch(k -> k.contains("warmup-it"));
    redis.scriptFlush();

    WarmUp.Report report = node.warmUp();

    assertThat(report.timedOut()).as(report.toString()).isFalse();
    assertThat(report.names()).containsExactly("acd", "scripts", "sip", "media", "signaling", "database");
    assertThat(report.millis()).as(report.toString()).allMatch(ms -> ms >= 0);
    assertThat(redis.scriptExists(shas)).as("every script (the ACD's as assembled), loaded again")
        .hasSize(shas.length).containsOnly(true);
    assertThat(redisState(redis)).isEqualTo(redisBefore);
    assertThat(redis.keys("*" + NodeWarmUp.TENANT + "*")).isEmpty();
    assertThat(rowCounts()).isEqualTo(rowsBefore);
  }

  /** Every key with its type; for a stream also its length and last id; the tenants' set in full. */
  private static Map<String, String> redisState(RedisCommands<String, String> redis) {
    Map<String, String> state = new TreeMap<>();
    for (String key : redis.keys("*")) {
      String type = redis.type(key);
      state.put(key, type.equals("stream") ? type + " " + redis.xlen(key) + " " + lastId(redis, key) : type);
    }
    state.put("(tenants)", String.join(",", new java.util.TreeSet<>(redis.smembers("sb:tenants"))));
    return state;
  }

  private static String lastId(RedisCommands<String, String> redis, String key) {
    var last = redis.xrevrange(key, io.lettuce.core.Range.create("-", "+"), io.lettuce.core.Limit.from(1));
    return last.isEmpty() ? "-" : last.get(0).getId();
  }

  private static Map<String, Long> rowCounts() throws Exception {
    Map<String, Long> counts = new TreeMap<>();
    try (Connection c = DriverManager.getConnection(dbUrl, "postgres", null); Statement s = c.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rs = s.executeQuery("SELECT schemaname || '.' || tablename FROM pg_tables "
          + "WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      for (String t : tables) {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + t)) {
          rs.next();
          counts.put(t, rs.getLong(1));
        }
      }
    }
    assertThat(counts).as("the node's tables").hasSizeGreaterThan(5);
    return counts;
  }
}
