package io.switchboard.bench;

import io.switchboard.Node;
import io.switchboard.directory.Directory;
import io.switchboard.directory.Kind;
import io.switchboard.support.TestNodes;
import io.switchboard.support.TestPostgres;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Map;

/**
 * Report latency over a month of a busy tenant: 1,000,000 interactions over 30 days (10 queues, 200 agents in 10
 * teams), their agent legs (one per answered call, plus a rejected one for 1 answered call in 10) and the agents'
 * state changes (reserved, on-call, wrap-up, available per answered call: ~3.4 million events), written with
 * generate_series into the embedded PostgreSQL; then the reports API of a real node, over HTTP with a supervisor's
 * token, after a warm-up: a day by 15-minute interval for all queues (960 rows) and a month by day for all agents
 * (6,000 rows) and teams, each {@code runs} times, p50 / p95 / max.
 *
 * <p>Run: {@code mvn -B -q -pl server -am test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.switchboard.bench.ReportsBenchmark [-Dexec.args="runs"]} (default 30).
 */
public final class ReportsBenchmark {
  static final String T = "bench";
  static final String PASSWORD = "bench-secret-1";

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    System.out.println(BenchMachine.describe());
    String url = TestPostgres.newDatabase("reports_bench");
    Node node = TestNodes.loopback("reports-bench", Map.of("database.url", url));
    try {
      directory(node.directory());
      long t0 = System.nanoTime();
      fill(url);
      System.out.printf("filled in %.1f s%n", (System.nanoTime() - t0) / 1e9);
      String token = login(node);
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + node.httpPort() + "/api/v1/reports/";
      measure(http, token, base + "queues?from=2026-11-15&to=2026-11-16&interval=15m&tz=Europe/Madrid",
          "queues, one day by 15 min (10 queues, 960 rows)", runs);
      measure(http, token, base + "agents?from=2026-11-01&to=2026-12-01&interval=day&tz=Europe/Madrid",
          "agents, a month by day (200 agents, 6,000 rows)", runs);
      measure(http, token, base + "teams?from=2026-11-01&to=2026-12-01&interval=day&tz=Europe/Madrid",
          "teams, a month by day (10 teams of 20, 300 rows)", runs);
      System.out.println("after: load average " + BenchMachine.loadavg());
    } finally {
      node.stop();
    }
    System.exit(0);
  }

  static void directory(Directory d) {
    d.createTenant(T).await();
    for (int t = 0; t < 10; t++) {
      d.put(T, Kind.TEAM, "tm" + t, new JsonObject().put("name", "Team " + t), null).await();
      d.put(T, Kind.QUEUE, "q" + t, new JsonObject().put("name", "Queue " + t), null).await();
    }
    for (int a = 0; a < 200; a++) {
      d.put(T, Kind.AGENT, "a" + a, new JsonObject().put("username", "a" + a).put("team", "tm" + (a % 10))
          .put("roles", new JsonArray().add("agent")), null).await();
    }
    d.put(T, Kind.AGENT, "boss", new JsonObject().put("username", "boss").put("password", PASSWORD)
        .put("roles", new JsonArray().add("supervisor")), null).await();
  }

  /** The month, in SQL: call i arrives every 2.592 s from 1 November; agent a(i % 200) answers 17 calls in 20. */
  static void fill(String url) throws Exception {
    try (Connection c = DriverManager.getConnection(url, "postgres", null); Statement s = c.createStatement()) {
      s.execute("""
          INSERT INTO interactions (tenant, call_id, queue, final_queue, arrived_at, answered_at, agent_id, ended_at,
            outcome, ended_by, wait_ms, talk_ms, hold_ms, wrap_ms, transfers, offers, timeline)
          SELECT 'bench', 'c' || i, 'q' || (i % 10), 'q' || (i % 10), arrived,
            CASE WHEN ans THEN arrived + w * interval '1 ms' END,
            CASE WHEN ans THEN 'a' || (i % 200) END,
            arrived + (w + CASE WHEN ans THEN tk + hd ELSE 0 END) * interval '1 ms',
            CASE WHEN ans THEN 'answered' ELSE 'abandoned' END, 'caller',
            w, CASE WHEN ans THEN tk ELSE 0 END, CASE WHEN ans THEN hd ELSE 0 END, CASE WHEN ans THEN wr ELSE 0 END,
            CASE WHEN ans AND i % 50 = 0 THEN 1 ELSE 0 END, CASE WHEN ans THEN 1 ELSE 0 END, '[]'::jsonb
          FROM (SELECT i, timestamptz '2026-11-01 00:00:00+00' + i * interval '2592 ms' AS arrived,
                  i % 20 < 17 AS ans,
                  CASE WHEN i % 20 = 19 THEN 2000 ELSE 2000 + (i * 7919) % 58000 END AS w,
                  60000 + (i * 104729) % 240000 AS tk,
                  CASE WHEN i % 7 = 0 THEN 15000 ELSE 0 END AS hd,
                  (i * 31) % 60000 AS wr
                FROM generate_series(0::bigint, 999999) i) s""");
      s.execute("""
          INSERT INTO agent_legs (tenant, call_id, seq, agent_id, queue, offered_at, outcome, answered_at, ended_at,
            talk_ms, hold_ms, wrap_ms, transferred)
          SELECT tenant, call_id, 2, agent_id, queue, answered_at - interval '2 s', 'answered', answered_at,
            answered_at + (talk_ms + hold_ms) * interval '1 ms', talk_ms, hold_ms, wrap_ms, transfers > 0
          FROM interactions WHERE tenant = 'bench' AND answered_at IS NOT NULL""");
      s.execute("""
          INSERT INTO agent_legs (tenant, call_id, seq, agent_id, queue, offered_at, outcome)
          SELECT tenant, call_id, 1, 'a' || ((substr(call_id, 2)::int + 1) % 200), queue,
            arrived_at + interval '1 s', 'rejected'
          FROM interactions WHERE tenant = 'bench' AND answered_at IS NOT NULL AND substr(call_id, 2)::int % 10 = 3""");
      s.execute("""
          INSERT INTO events (tenant, entry_id, type, ts, node, fields)
          SELECT 'bench', (extract(epoch FROM v.t) * 1000)::bigint || '-' || (substr(i.call_id, 2)::bigint * 4 + v.n),
            v.type, v.t, 'n1',
            CASE WHEN v.type = 'agent.state' THEN jsonb_build_object('agentId', i.agent_id, 'state', 'available')
                 ELSE jsonb_build_object('agentId', i.agent_id, 'callId', i.call_id, 'agentState', v.st) END
          FROM interactions i CROSS JOIN LATERAL (VALUES
            (0, 'call.reserved', 'reserved', i.answered_at - interval '2 s'),
            (1, 'call.accepted', 'on-call', i.answered_at),
            (2, 'call.ended', 'wrap-up', i.answered_at + (i.talk_ms + i.hold_ms) * interval '1 ms'),
            (3, 'agent.state', NULL, i.answered_at + (i.talk_ms + i.hold_ms + i.wrap_ms) * interval '1 ms')
          ) AS v(n, type, st, t)
          WHERE i.tenant = 'bench' AND i.answered_at IS NOT NULL""");
      s.execute("""
          INSERT INTO events (tenant, entry_id, type, ts, node, fields)
          SELECT 'bench', '1793487600000-' || a, 'agent.state', timestamptz '2026-10-31 23:00:00+00', 'n1',
            jsonb_build_object('agentId', 'a' || a, 'state', 'available')
          FROM generate_series(0, 199) a""");
      s.execute("VACUUM ANALYZE interactions");
      s.execute("VACUUM ANALYZE agent_legs");
      s.execute("VACUUM ANALYZE events");
      for (String table : new String[] {"interactions", "agent_legs", "events"}) {
        try (ResultSet rs = s.executeQuery("SELECT count(*), pg_size_pretty(pg_total_relation_size('" + table
            + "')) FROM " + table)) {
          rs.next();
          System.out.printf("%s: %,d rows, %s with indexes%n", table, rs.getLong(1), rs.getString(2));
        }
      }
    }
  }

  static String login(Node node) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + node.httpPort() + "/api/v1/auth/login"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("tenant", T).put("username", "boss")
            .put("password", PASSWORD).encode())).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("login: " + r.body());
    }
    return new JsonObject(r.body()).getString("accessToken");
  }

  static void measure(HttpClient http, String token, String url, String what, int runs) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).GET().build();
    int rows = 0;
    for (int i = 0; i < 5; i++) {  // warm-up: JIT, PostgreSQL's buffers and plans
      HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException(what + ": " + r.statusCode() + " " + r.body());
      }
      rows = new JsonObject(r.body()).getJsonArray("rows").size();
    }
    long[] ms = new long[runs];
    int bytes = 0;
    for (int i = 0; i < runs; i++) {
      long t = System.nanoTime();
      HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
      ms[i] = (System.nanoTime() - t) / 1_000_000;
      bytes = r.body().length();
    }
    Arrays.sort(ms);
    System.out.printf("%s: %d rows, %,d bytes; p50 %d ms, p95 %d ms, max %d ms (%d runs)%n", what, rows, bytes,
        ms[runs / 2], ms[(int) Math.ceil(runs * 0.95) - 1], ms[runs - 1], runs);
  }
}
