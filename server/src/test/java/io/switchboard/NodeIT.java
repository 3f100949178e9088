package io.switchboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.acd.CallSpec;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.directory.Kind;
import io.switchboard.signaling.WsClient;
import io.switchboard.support.TestNodes;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole node as the README runs it: default settings (embedded Redis, demo data, embedded PostgreSQL, here in a
 * temp directory), a free HTTP port.
 * Proves the layers are wired: REST with real tokens, the WebSocket offer flow through the real ACD,
 * tenant isolation end to end, health and metrics.
 */
class NodeIT {
  static final String ADMIN_PASSWORD = "node-it-admin-pw";
  static Node node;
  static String base;
  static final HttpClient http = HttpClient.newHttpClient();
  static final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  static WebSocketClient wsClient;
  static java.nio.file.Path postgresDir;

  @BeforeAll
  static void start() throws Exception {
    postgresDir = java.nio.file.Files.createTempDirectory("node-it-pg");
    SwitchboardConfig config = SwitchboardConfig.from(TestNodes.settings(Map.of(
        "database.embedded-dir", postgresDir.toString(),
        "http.host", "127.0.0.1",
        "http.port", "0",
        "sip.host", "127.0.0.1",
        "sip.port", "0",
        "node.id", "node-it",
        "bootstrap.admin.password", ADMIN_PASSWORD,
        "auth.bcrypt.cost", "4")));
    node = Node.start(config, new PrintStream(stdout, true, StandardCharsets.UTF_8));
    base = "http://127.0.0.1:" + node.httpPort();
    wsClient = node.vertx().createWebSocketClient();
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.stop();
    }
  }

  @Test
  void healthAndReadinessAnswerWithoutAToken() throws Exception {
    HttpResponse<String> live = get("/health/live", null);
    assertThat(live.statusCode()).isEqualTo(200);
    HttpResponse<String> ready = get("/health/ready", null);
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(ready.body()).getJsonObject("checks").getJsonObject("redis").getString("status"))
        .isEqualTo("UP");
    JsonObject records = new JsonObject(ready.body()).getJsonObject("checks").getJsonObject("records");
    assertThat(records.getString("status")).isEqualTo("UP");
    assertThat(records.getLong("lagEvents")).isNotNull();
    assertThat(records.getDouble("oldestPendingSeconds")).isNotNull();
  }

  /** No database configured: an embedded PostgreSQL in database.embedded-dir, migrated, fed by the ACD's events. */
  @Test
  void theAcdsEventsReachTheEmbeddedPostgres() throws Exception {
    assertThat(node.database().description()).contains(postgresDir.toString());
    assertThat(postgresDir.resolve("PG_VERSION")).exists();
    String callId = node.acd().enqueue("demo", new CallSpec(null, "support", null, Map.of(), null, "+15550199",
        null, "local", "node-it")).await().callId();
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).untilAsserted(() -> {
      try (var c = node.database().dataSource().getConnection();
          var q = c.prepareStatement("SELECT type FROM events WHERE tenant = 'demo' AND fields->>'callId' = ?")) {
        q.setString(1, callId);
        var rs = q.executeQuery();
        assertThat(rs.next()).as("call.enqueued of " + callId + " in PostgreSQL").isTrue();
        assertThat(rs.getString(1)).isEqualTo("call.enqueued");
      }
    });
    node.acd().callerHangup("demo", callId).await();
  }

  @Test
  void metricsNeedAnAdminOrSupervisorToken() throws Exception {
    assertThat(get("/metrics", null).statusCode()).isEqualTo(401);
    assertThat(get("/metrics", login("alice", "switchboard")).statusCode()).as("agent").isEqualTo(403);
    HttpResponse<String> ok = get("/metrics", login("admin", ADMIN_PASSWORD));
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).contains("jvm_memory_used_bytes").contains("node=\"node-it\"")
        .contains("switchboard_ws_sessions")
        .contains("switchboard_media_loop_late_polls_total{node=\"node-it\",over=\"2ms\",region=\"local\"}")
        .contains("switchboard_sip_overload_shed_total").contains("switchboard_sip_overload_active")
        .contains("switchboard_records_lag_events{node=\"node-it\",region=\"local\"}")
        .contains("switchboard_records_oldest_pending_seconds{").contains("switchboard_records_store_up{")
        .contains("switchboard_records_events_recorded_total{")
        .contains("switchboard_http_server_requests_seconds_count{method=\"POST\",node=\"node-it\",region=\"local\","
            + "route=\"/api/v1/auth/login\",status=\"200\"}");
    assertThat(ok.body()).contains("switchboard_rtp_sessions{").contains("switchboard_rtp_port_pairs_used{")
        .contains("switchboard_rtp_port_pairs_capacity{node=\"node-it\",region=\"local\"} 5000.0")
        .contains("switchboard_rtp_dropped_total{node=\"node-it\",reason=\"stranger\",region=\"local\"}")
        .contains("switchboard_rtp_dropped_total{node=\"node-it\",reason=\"probation\",region=\"local\"}");
  }

  @Test
  void servesTheWebClient() throws Exception {
    HttpResponse<String> page = get("/", null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<title>Switchboard");
    assertThat(get("/js/signaling.js", null).body()).contains("new WebSocket(");
  }

  @Test
  void demoDataIsVisibleThroughTheApiAndThePasswordIsNotPrintedWhenConfigured() throws Exception {
    HttpResponse<String> queues = get("/api/v1/queues", login("admin", ADMIN_PASSWORD));
    assertThat(queues.statusCode()).isEqualTo(200);
    JsonArray items = new JsonObject(queues.body()).getJsonArray("items");
    assertThat(items.stream().map(o -> ((JsonObject) o).getString("id"))).contains("support", "sales", "billing");
    assertThat(stdout.toString(StandardCharsets.UTF_8)).doesNotContain(ADMIN_PASSWORD);
  }

  @Test
  void unknownRoutesAndBadBodiesGetProblemJson() throws Exception {
    String admin = login("admin", ADMIN_PASSWORD);
    HttpResponse<String> missing = get("/api/v1/no-such-thing", admin);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue("Content-Type")).contains("application/problem+json");
    HttpResponse<String> bad = send("PUT", "/api/v1/queues/vip", admin,
        "{\"name\":\"VIP\",\"serviceLevel\":{\"percent\":80,\"seconds\":0}}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(bad.body()).getJsonArray("errors").getJsonObject(0).getString("field"))
        .isEqualTo("serviceLevel.seconds");
    assertThat(get("/health/live", null).statusCode()).as("still serving").isEqualTo(200);
  }

  @Test
  void anAgentIsOfferedACallAndAcceptsItWhileASupervisorWatches() throws Exception {
    try (WsClient bob = WsClient.connect(wsClient, node.httpPort(), login("bob", "switchboard"));
         WsClient sam = WsClient.connect(wsClient, node.httpPort(), login("sam", "switchboard"))) {
      assertThat(bob.next("hello").getString("agentId")).isEqualTo("bob");
      assertThat(bob.request("1", new JsonObject().put("type", "state.set").put("state", "available"))
          .getString("type")).isEqualTo("ack");
      sam.next("hello");
      assertThat(sam.request("s", new JsonObject().put("type", "stats.subscribe")).getString("type")).isEqualTo("ack");

      String callId = node.acd().enqueue("demo", new CallSpec(null, "support", null, Map.of(), null,
          "+15550199", "Node IT", "local", "node-it")).await().callId();
      JsonObject offer = bob.next("call.offered");
      assertThat(offer.getString("callId")).isEqualTo(callId);
      assertThat(offer.getString("queue")).isEqualTo("support");
      assertThat(bob.request("2", new JsonObject().put("type", "call.accept").put("callId", callId))
          .getString("type")).isEqualTo("ack");

      JsonObject stats = sam.await(m -> "stats".equals(m.getString("type"))
          && m.getJsonObject("agents", new JsonObject()).getInteger("on-call", 0) >= 1);
      assertThat(stats.encode()).contains("support");

      assertThat(bob.request("3", new JsonObject().put("type", "call.hangup").put("callId", callId))
          .getString("type")).isEqualTo("ack");
      assertThat(bob.request("4", new JsonObject().put("type", "wrapup.done").put("callId", callId)
          .put("disposition", "resolved")).getString("type")).isEqualTo("ack");
      assertThat(node.acd().call("demo", callId).await().state()).isEqualTo("ended");
    }
  }

  @Test
  void forgedTokensNeverOpenASocket() {
    assertThatThrownBy(() -> WsClient.connect(wsClient, node.httpPort(), "eyJhbGciOiJIUzI1NiJ9.e30.forged"))
        .isInstanceOfSatisfying(UpgradeRejectedException.class, e -> assertThat(e.getStatus()).isEqualTo(401));
  }

  @Test
  void anotherTenantSeesNothingOfDemoEvenWithARealToken() throws Exception {
    node.directory().createTenant("rival").await();
    node.directory().put("rival", Kind.AGENT, "boss", new JsonObject()
        .put("username", "boss").put("roles", new JsonArray().add("admin").add("agent"))
        .put("password", "rival-password-1"), null).await();
    String rival = login("rival", "boss", "rival-password-1");

    assertThat(get("/api/v1/queues/support", rival).statusCode()).isEqualTo(404);
    assertThat(new JsonObject(get("/api/v1/agents", rival).body()).getJsonArray("items").stream()
        .map(o -> ((JsonObject) o).getString("id"))).containsExactly("boss");
    assertThat(send("DELETE", "/api/v1/skills/billing", rival, null).statusCode()).isEqualTo(404);
    assertThat(get("/api/v1/skills/billing", login("admin", ADMIN_PASSWORD)).statusCode()).isEqualTo(200);

    // a demo call id means nothing to the rival tenant's agent
    String callId = node.acd().enqueue("demo", new CallSpec(null, "billing", null, Map.of(), null,
        "+15550142", null, "local", "node-it")).await().callId();
    try (WsClient boss = WsClient.connect(wsClient, node.httpPort(), rival)) {
      boss.next("hello");
      JsonObject err = boss.request("x", new JsonObject().put("type", "call.accept").put("callId", callId));
      assertThat(err.getString("type")).isEqualTo("error");
    }
    assertThat(node.acd().call("demo", callId).await().state()).isIn("waiting", "reserved");
    node.acd().callerHangup("demo", callId).await();
  }

  static String login(String username, String password) throws Exception {
    return login("demo", username, password);
  }

  static String login(String tenant, String username, String password) throws Exception {
    HttpResponse<String> r = send("POST", "/api/v1/auth/login", null, new JsonObject()
        .put("tenant", tenant).put("username", username).put("password", password).encode());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body()).getString("accessToken");
  }

  static HttpResponse<String> get(String path, String token) throws Exception {
    return send("GET", path, token, null);
  }

  static HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
