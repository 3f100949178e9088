package io.switchboard.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.Node;
import io.switchboard.directory.Directory;
import io.switchboard.directory.Kind;
import io.switchboard.records.EmbeddedDatabase;
import io.switchboard.redis.EmbeddedRedis;
import io.switchboard.signaling.WsClient;
import io.switchboard.support.ChildNode;
import io.switchboard.support.SippCaller;
import io.switchboard.support.SippPorts;
import io.switchboard.support.TestNodes;
import io.switchboard.support.TestRedis;
import io.switchboard.support.Tools;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The whole path, as the issue checks it: real sipp callers and WebSocket agents on two nodes sharing one Redis and
 * one PostgreSQL; a known scenario (answered within and beyond the service level, held, abandoned, short-abandoned,
 * rejected, missed, transferred); the second node is killed (SIGKILL) while its records pipeline is reading, and
 * PostgreSQL is stopped and started again while calls go on. Afterwards every count of the queue and agent reports
 * equals the value worked out by hand below, and every duration equals the one computed here independently from the
 * raw events' times; no event was lost or stored twice.
 */
class ReportsEndToEndIT {
  static final String TENANT = "demo";
  static final String QUEUE = "e2e";
  static final String NUMBER = "+15550188";
  static final String PASSWORD = "e2e-agent-secret";
  /** The queue's service level threshold (s): calls meant to be inside it wait well under, the others well over. */
  static final int SL_SECONDS = 3;
  final List<AutoCloseable> open = new ArrayList<>();
  final HttpClient http = HttpClient.newHttpClient();
  Node node;
  EmbeddedDatabase pg;
  Path pgDir;
  int pgPort;

  @AfterEach
  void tearDown() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    if (pg != null) {
      pg.close();
    }
  }

  @Test
  void everyFigureIsExactAfterANodeDiedMidBatchAndPostgresWasRestarted() throws Exception {
    Path sipp = Tools.require("sipp");
    TestRedis.flushAll();
    pgDir = Files.createTempDirectory("e2e-pg");
    pgPort = EmbeddedRedis.freePort();
    pg = EmbeddedDatabase.start(pgDir, pgPort);
    Map<String, String> settings = new HashMap<>(TestNodes.randomRtpPorts(40));
    settings.putAll(Map.of("redis.uri", TestRedis.uri(), "demo.data", "true", "database.url", pg.jdbcUrl(),
        "database.connect-timeout-ms", "1000", "records.claim-idle-ms", "2000", "records.poll-interval-ms", "50"));
    node = TestNodes.loopback("e2e-a", settings);
    open.add(node::stop);
    ChildNode other = ChildNode.start("e2e-b", settings);
    open.add(other);
    provision(node.directory());

    WebSocketClient ws = node.vertx().createWebSocketClient();
    open.add(() -> ws.close().await());
    WsClient ann = agent(ws, "e2e-ann");
    WsClient ben = agent(ws, "e2e-ben");
    String supervisor = TestNodes.login(node.httpPort(), TENANT, "e2e-sue", PASSWORD);

    // 1. answered at once by ann, held for a moment, hung up by ann, wrapped up "resolved"
    available(ann);
    SippCaller c1 = dial();
    String call1 = accept(ann);
    ann.request("h", msg("call.hold", call1));
    ann.next("call.held");
    Thread.sleep(400);
    ann.request("r", msg("call.resume", call1));
    ann.next("call.resumed");
    hangUpAndWrap(ann, call1, "resolved");
    c1.assertHungUpByNode(10);

    // 2. waits past the service level (nobody available), then ann answers. Meanwhile PostgreSQL stops, the other
    //    node reads a batch it cannot store (it stays pending in its name) and is killed: the surviving node must
    //    claim that batch, and store everything once PostgreSQL is back
    away(ann);
    long dialled = System.nanoTime();
    SippCaller c2 = dial();
    awaitWaiting(1);
    pg.close();
    pg = null;
    WsClient pat = agent(ws, "e2e-pat");  // not in the queue: its state changes only add events
    for (int i = 0; i < 50 && pendingOf(other.id) == 0; i++) {
      available(pat);
      away(pat);
      Thread.sleep(100);
    }
    assertThat(pendingOf(other.id)).as("the other node holds a batch it could not store").isPositive();
    other.kill();
    Thread.sleep(Math.max(0, (SL_SECONDS + 1) * 1000L - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - dialled)));
    available(ann);
    String call2 = accept(ann);
    hangUpAndWrap(ann, call2, "sale");
    c2.assertHungUpByNode(10);

    // 3. abandoned after 2 s (an abandon: over the 1 s short-abandon threshold asked for below); 4. abandoned after
    //    0.2 s (a short abandon); both while PostgreSQL is still down
    away(ann);
    abandonAfter(sipp, 2000);
    abandonAfter(sipp, 200);
    pg = EmbeddedDatabase.start(pgDir, pgPort);  // the same data directory and port

    // 5. offered to ann, who rejects it; then to ben, who lets it ring out (missed); ben again, who answers and
    //    transfers it to the queue; ann answers it and hangs up
    available(ann);
    SippCaller c5 = dial();
    String call5 = ann.next("call.offered").getString("callId");
    ann.request("rj", msg("call.reject", call5));
    available(ben);
    assertThat(ben.next("call.offered").getString("callId")).isEqualTo(call5);
    ben.await(m -> "call.revoked".equals(m.getString("type")), Duration.ofSeconds(10));  // no answer in 5 s
    available(ben);
    assertThat(accept(ben)).isEqualTo(call5);
    available(ann);
    ben.request("t", msg("call.transfer", call5).put("queue", QUEUE));
    assertThat(accept(ann)).isEqualTo(call5);
    wrap(ben, call5, "transferred");
    hangUpAndWrap(ann, call5, "resolved");
    c5.assertHungUpByNode(10);

    awaitRecorded();
    String day = LocalDate.now(ZoneOffset.UTC).toString();
    String range = "from=" + day + "&to=" + LocalDate.now(ZoneOffset.UTC).plusDays(1) + "&interval=day&tz=UTC"
        + "&shortAbandonSeconds=1";
    JsonObject queue = report(supervisor, "/api/v1/reports/queues?queue=" + QUEUE + "&" + range)
        .getJsonArray("totals").getJsonObject(0);
    Raw raw = Raw.read(pgUrl());
    assertThat(queue.getInteger("offered")).isEqualTo(5);
    assertThat(queue.getInteger("answered")).isEqualTo(3);           // calls 1, 2, 5
    assertThat(queue.getInteger("abandoned")).isEqualTo(1);          // call 3
    assertThat(queue.getInteger("shortAbandoned")).isEqualTo(1);     // call 4
    assertThat(queue.getInteger("answeredInServiceLevel")).isEqualTo(1);  // call 1 (5 rang out once: > 5 s)
    assertThat(queue.getDouble("serviceLevelPercent")).isEqualTo(25.0);   // 1 / (3 + 1)
    assertThat(queue.getDouble("abandonPercent")).isEqualTo(25.0);        // 1 / (5 - 1)
    assertThat(queue.getInteger("transfers")).isEqualTo(1);
    assertThat(queue.getDouble("asaSeconds")).isCloseTo(raw.meanWaitOfAnswered(), within());
    assertThat(queue.getDouble("longestWaitSeconds")).isCloseTo(raw.longestWait(), within());
    assertThat(queue.getDouble("avgHoldSeconds")).isCloseTo(raw.holdOfCall1() / 3, within());
    assertThat(raw.holdOfCall1()).as("call 1 was held ~0.4 s").isBetween(0.3, 3.0);

    JsonArray agents = report(supervisor, "/api/v1/reports/agents?agent=e2e-ann&agent=e2e-ben&" + range)
        .getJsonArray("totals");
    JsonObject annRow = row(agents, "e2e-ann");
    JsonObject benRow = row(agents, "e2e-ben");
    assertThat(annRow.getInteger("offered")).isEqualTo(4);     // calls 1, 2, 5 (rejected), 5 after the transfer
    assertThat(annRow.getInteger("answered")).isEqualTo(3);
    assertThat(annRow.getInteger("rejected")).isEqualTo(1);
    assertThat(annRow.getInteger("missed")).isZero();
    assertThat(benRow.getInteger("offered")).isEqualTo(2);     // call 5 missed, then answered
    assertThat(benRow.getInteger("answered")).isEqualTo(1);
    assertThat(benRow.getInteger("missed")).isEqualTo(1);
    assertThat(benRow.getInteger("transfers")).isEqualTo(1);

    assertThat(raw.events).as("every event of the stream stored once, through a node's death and PostgreSQL's")
        .isEqualTo(raw.distinctEntries).isEqualTo(streamLength());
  }

  // --- scenario steps ---------------------------------------------------------------------------------------

  private void provision(Directory d) {
    d.put(TENANT, Kind.QUEUE, QUEUE, new JsonObject().put("name", "End to end")
        .put("serviceLevel", new JsonObject().put("percent", 80).put("seconds", SL_SECONDS))
        .put("noAnswerSeconds", 5).put("wrapUpSeconds", 120), null).await();
    d.put(TENANT, Kind.PHONE_NUMBER, NUMBER.substring(1) /* its E.164 digits */, new JsonObject().put("number", NUMBER)
        .put("queue", QUEUE), null).await();
    for (String[] a : new String[][] {{"e2e-ann", "agent", QUEUE}, {"e2e-ben", "agent", QUEUE},
        {"e2e-pat", "agent", "support"}, {"e2e-sue", "supervisor", QUEUE}}) {
      d.put(TENANT, Kind.AGENT, a[0], new JsonObject().put("username", a[0]).put("displayName", a[0])
          .put("roles", new JsonArray().add(a[1])).put("queues", new JsonArray().add(a[2]))
          .put("password", PASSWORD), null).await();
    }
  }

  private WsClient agent(WebSocketClient ws, String id) throws Exception {
    WsClient c = WsClient.connect(ws, node.httpPort(), TestNodes.login(node.httpPort(), TENANT, id, PASSWORD));
    open.add(c);
    c.next("hello");
    return c;
  }

  private SippCaller dial() throws Exception {
    SippCaller c = SippCaller.dial(NUMBER, node.sipPort());
    open.add(c);
    return c;
  }

  /** A caller who hangs up {@code afterMs} after the node answered (music on hold): an abandon. */
  private void abandonAfter(Path sipp, int afterMs) throws Exception {
    Path scenario = Path.of(getClass().getResource("/sipp/abandon-after.xml").toURI());
    Process p = new ProcessBuilder(sipp.toString(), "-sf", scenario.toString(), "-s", NUMBER, "-d",
        String.valueOf(afterMs), "-i", "127.0.0.1", "-p", String.valueOf(SippPorts.freeSignalingPort()),
        "-mp", String.valueOf(SippPorts.freeMediaPort()), "-m", "1", "-l", "1", "-nostdin",
        "-timeout", "20s", "-timeout_error", "127.0.0.1:" + node.sipPort())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("the caller hung up and got 200").isZero();
  }

  private static JsonObject msg(String type, String callId) {
    return new JsonObject().put("type", type).put("callId", callId);
  }

  private static void available(WsClient a) {
    assertThat(a.request("s", new JsonObject().put("type", "state.set").put("state", "available"))
        .getString("type")).isEqualTo("ack");
  }

  private static void away(WsClient a) {
    assertThat(a.request("s", new JsonObject().put("type", "state.set").put("state", "away"))
        .getString("type")).isEqualTo("ack");
  }

  private static String accept(WsClient a) {
    String id = a.next("call.offered").getString("callId");
    assertThat(a.request("acc", msg("call.accept", id)).getString("type")).isEqualTo("ack");
    return id;
  }

  private static void hangUpAndWrap(WsClient a, String callId, String disposition) {
    assertThat(a.request("hup", msg("call.hangup", callId)).getString("type")).isEqualTo("ack");
    wrap(a, callId, disposition);
  }

  private static void wrap(WsClient a, String callId, String disposition) {
    a.await(m -> "agent.state".equals(m.getString("type")) && "wrap-up".equals(m.getString("state")));
    assertThat(a.request("w", msg("wrapup.done", callId).put("disposition", disposition)).getString("type"))
        .isEqualTo("ack");
  }

  private void awaitWaiting(int calls) {
    await().atMost(Duration.ofSeconds(10)).until(() -> node.calls().activeCalls() >= calls);
  }

  /** Until the surviving node's pipeline has stored everything (the dead node's pending batch claimed too). */
  private void awaitRecorded() {
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
      assertThat(node.records().status().storeUp()).isTrue();
      assertThat(node.records().status().lagEvents()).isZero();
      assertThat(Raw.read(pgUrl()).events).isEqualTo(streamLength());
    });
  }

  /** Entries the consumer {@code consumer} (a node id) read from the tenant's stream and has not acknowledged. */
  private long pendingOf(String consumer) {
    try (var redis = TestRedis.connect()) {
      var pending = redis.commands().xpending("sb:{" + TENANT + "}:events", "records").toCompletableFuture().get();
      Long n = pending.getConsumerMessageCount().get(consumer);
      return n == null ? 0 : n;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private long streamLength() {
    try (var redis = TestRedis.connect()) {
      return redis.commands().xlen("sb:{" + TENANT + "}:events").toCompletableFuture().get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private String pgUrl() {
    return pg.jdbcUrl();
  }

  private JsonObject report(String token, String path) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path))
        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body());
  }

  private static JsonObject row(JsonArray rows, String agent) {
    return rows.stream().map(JsonObject.class::cast).filter(r -> agent.equals(r.getString("agent"))).findFirst()
        .orElseThrow(() -> new AssertionError("no row for " + agent + " in " + rows.encode()));
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(0.0015);  // the API's seconds are rounded to the millisecond
  }

  /**
   * Figures computed here from the raw events (their ACD times), independently of the projection and the reports:
   * the wait of each answered call (enqueued to its first call.accepted), the longest wait of an answered or
   * abandoned call, and the time call 1 spent on hold.
   */
  record Raw(long events, long distinctEntries, List<Long> answeredWaits, long longestWaitMs, long holdMs) {
    static final String MS = "(extract(epoch FROM ts) * 1000)::bigint";

    static Raw read(String url) throws Exception {
      try (Connection c = DriverManager.getConnection(url, "postgres", null); Statement s = c.createStatement()) {
        ResultSet n = s.executeQuery("SELECT count(*), count(DISTINCT entry_id) FROM events WHERE tenant = 'demo'");
        n.next();
        long events = n.getLong(1);
        long distinct = n.getLong(2);
        String perCall = "SELECT fields->>'callId' AS call, "
            + "min(" + MS + ") FILTER (WHERE type = 'call.enqueued') AS enq, "
            + "min(" + MS + ") FILTER (WHERE type = 'call.accepted') AS ans, "
            + "min(" + MS + ") FILTER (WHERE type = 'call.abandoned') AS abd "
            + "FROM events WHERE tenant = 'demo' AND fields->>'callId' IN (SELECT fields->>'callId' FROM events "
            + "WHERE tenant = 'demo' AND type = 'call.enqueued' AND fields->>'queue' = '" + QUEUE + "') "
            + "GROUP BY 1";
        List<Long> waits = new ArrayList<>();
        long longest = 0;
        ResultSet w = s.executeQuery(perCall);
        while (w.next()) {
          long enq = w.getLong("enq");
          long ans = w.getLong("ans");
          boolean answered = !w.wasNull();
          long abd = w.getLong("abd");
          boolean abandoned = !w.wasNull();
          if (answered) {
            waits.add(ans - enq);
            longest = Math.max(longest, ans - enq);
          } else if (abandoned) {
            longest = Math.max(longest, abd - enq);
          }
        }
        ResultSet hold = s.executeQuery("SELECT coalesce(sum(CASE type WHEN 'call.resumed' THEN " + MS
            + " ELSE -" + MS + " END), 0) FROM events WHERE tenant = 'demo' AND type IN ('call.held', 'call.resumed')");
        hold.next();
        return new Raw(events, distinct, waits, longest, hold.getLong(1));
      }
    }

    double meanWaitOfAnswered() {
      assertThat(answeredWaits).hasSize(3);
      return answeredWaits.stream().mapToLong(Long::longValue).average().orElseThrow() / 1000.0;
    }

    double longestWait() {
      return longestWaitMs / 1000.0;
    }

    double holdOfCall1() {
      return holdMs / 1000.0;
    }
  }
}
