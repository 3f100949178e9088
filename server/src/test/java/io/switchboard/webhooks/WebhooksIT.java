package io.switchboard.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.Node;
import io.switchboard.signaling.WsClient;
import io.switchboard.support.ApiClient;
import io.switchboard.support.SippCaller;
import io.switchboard.support.TestNodes;
import io.switchboard.support.TestPostgres;
import io.switchboard.support.Tools;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Webhooks on a real node (its own PostgreSQL database, real logins), a real sipp caller and an agent over the
 * signaling WebSocket, and HTTP receivers on loopback: a call's events reach the CRM once each, signed (checked with
 * the openssl CLI), through failed attempts; an endpoint that is down gets its deliveries dead after the last
 * attempt, listed for the admin, and delivered when sent again; a disabled webhook gets nothing; the whole
 * interaction record arrives once, signed, when the call is complete (wrap-up done); bad webhooks are
 * refused naming the field; only admins reach any of it.
 */
class WebhooksIT {
  static final String ADMIN_PASSWORD = "webhooks-admin-1";
  static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(randomBytes(32));
  static final List<String> CRM_EVENTS = List.of("call.enqueued", "call.accepted", "call.ended", "wrapup.done");
  static Node node;
  static ApiClient api;
  static String admin;
  static Vertx receivers;

  /** A request a receiver got, and what it answered. */
  record Received(String path, String id, String timestamp, String signature, String body, int answered) {}

  @BeforeAll
  static void start() throws Exception {
    node = TestNodes.loopback("webhooks-it", Map.of("database.url", TestPostgres.newDatabase("webhooks_it"),
        "bootstrap.admin.password", ADMIN_PASSWORD, "webhooks.allow-insecure", "true", "webhooks.poll-ms", "100",
        "webhooks.retry-base-seconds", "1", "webhooks.retry-max-seconds", "1", "webhooks.max-attempts", "3",
        "webhooks.refresh-ms", "100"));
    api = new ApiClient(node.httpPort());
    admin = TestNodes.login(node.httpPort(), "demo", "admin", ADMIN_PASSWORD);
    receivers = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.stop();
    }
    if (receivers != null) {
      receivers.close().await();
    }
  }

  @Test
  void aCallsEventsReachTheCrmSignedOnceEachThroughFailedAttempts() throws Exception {
    List<Received> crm = new CopyOnWriteArrayList<>();
    HttpServer crmServer = receiver(0, crm, 2);
    int downPort = freePort();
    put("crm", "http://127.0.0.1:" + crmServer.actualPort() + "/crm", new JsonArray(CRM_EVENTS), true);
    put("down", "http://127.0.0.1:" + downPort + "/down", new JsonArray().add("*"), true);
    put("off", "http://127.0.0.1:" + crmServer.actualPort() + "/off", new JsonArray().add("*"), false);
    Thread.sleep(300);  // webhooks.refresh-ms: the pipeline sees the three

    String callId = oneAnsweredCall();

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(deliveries("crm", "delivered")).as("the CRM's deliveries").hasSize(CRM_EVENTS.size()));
    List<JsonObject> delivered = deliveries("crm", "delivered");
    assertThat(delivered).extracting(d -> d.getString("eventType")).containsExactlyInAnyOrderElementsOf(CRM_EVENTS);
    assertThat(deliveries("crm", null)).as("nothing else queued for the CRM").hasSize(CRM_EVENTS.size());

    List<Received> ok = crm.stream().filter(r -> r.answered() == 204).toList();
    List<Received> failed = crm.stream().filter(r -> r.answered() == 503).toList();
    assertThat(ok).as("one successful request per event").hasSize(CRM_EVENTS.size());
    assertThat(failed).as("the receiver's first two answers were 503").hasSize(2);
    Set<String> ids = new HashSet<>();
    for (Received r : ok) {
      assertThat(ids.add(r.id())).as("webhook-id %s once", r.id()).isTrue();
      assertThat(r.path()).isEqualTo("/crm");
      assertThat(r.signature()).isEqualTo(opensslSignature(r));
      assertThat(Long.parseLong(r.timestamp())).isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data
          .Offset.offset(60L));
      JsonObject body = new JsonObject(r.body());
      assertThat(body.getJsonObject("data").getString("callId")).isEqualTo(callId);
      assertThat(CRM_EVENTS).contains(body.getString("type"));
    }
    assertThat(ids).as("a retried event keeps its webhook-id").containsAll(failed.stream().map(Received::id).toList());
    JsonObject wrapup = api.send("GET", "/api/v1/webhooks/crm/deliveries/" + delivered.stream()
        .filter(d -> d.getString("eventType").equals("wrapup.done")).findFirst().orElseThrow().getString("id"),
        admin, null, null).json();
    assertThat(wrapup.getJsonObject("body").getJsonObject("data").getString("disposition")).isEqualTo("resolved");
    assertThat(crm.stream().filter(r -> r.path().equals("/off")).toList()).as("the disabled webhook").isEmpty();
    assertThat(deliveries("off", null)).isEmpty();

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      List<JsonObject> all = deliveries("down", null);
      assertThat(all).as("every event queued for the endpoint that is down").hasSizeGreaterThanOrEqualTo(4);
      assertThat(all).allSatisfy(d -> assertThat(d.getString("status")).isEqualTo("dead"));
    });
    for (JsonObject d : deliveries("down", "dead")) {
      assertThat(d.getInteger("attempts")).isEqualTo(3);
      assertThat(d.getString("lastError")).contains("Connect");
      assertThat(d.getValue("lastStatus")).isNull();
    }
    int dead = deliveries("down", "dead").size();
    List<Received> late = new CopyOnWriteArrayList<>();
    receiver(downPort, late, 0);
    ApiClient.Res retried = api.send("POST", "/api/v1/webhooks/down/deliveries/retry", admin, null, null);
    assertThat(retried.status()).isEqualTo(200);
    assertThat(retried.json().getInteger("retried")).isEqualTo(dead);
    // An agent.state event stored since (the agent's socket closing) goes straight to the now-working endpoint.
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(deliveries("down", "delivered")).hasSizeGreaterThanOrEqualTo(dead);
      assertThat(deliveries("down", null)).allSatisfy(d -> assertThat(d.getString("status")).isEqualTo("delivered"));
    });
    assertThat(late).as("one request per delivery").hasSize(deliveries("down", "delivered").size());

    ApiClient.Res again = api.send("POST", "/api/v1/webhooks/crm/deliveries/" + delivered.get(0).getString("id")
        + "/retry", admin, null, null);
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.body()).contains("only a dead delivery is sent again");
  }

  @Test
  void theWholeInteractionReachesItsSubscriberSignedOnceItIsComplete() throws Exception {
    List<Received> got = new CopyOnWriteArrayList<>();
    HttpServer server = receiver(0, got, 1);
    put("records", "http://127.0.0.1:" + server.actualPort() + "/records",
        new JsonArray().add("interaction.completed"), true);
    Thread.sleep(300);  // webhooks.refresh-ms

    String callId = oneAnsweredCall();

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(got.stream()
        .filter(r -> r.answered() == 204 && r.body().contains(callId)).toList()).hasSize(1));
    Received r = got.stream().filter(x -> x.answered() == 204 && x.body().contains(callId)).findFirst()
        .orElseThrow();
    assertThat(r.signature()).as("signed as every event").isEqualTo(opensslSignature(r));
    assertThat(got.stream().filter(x -> x.answered() == 503).map(Received::id).toList())
        .as("retried after the receiver's 503, with the same id").containsExactly(r.id());
    JsonObject body = new JsonObject(r.body());
    assertThat(body.getString("type")).isEqualTo("interaction.completed");
    JsonObject data = body.getJsonObject("data");
    assertThat(data.getString("callId")).isEqualTo(callId);
    assertThat(data.getString("outcome")).isEqualTo("answered");
    assertThat(data.getString("agent")).isEqualTo("alice");
    assertThat(data.getString("queue")).isEqualTo("support");
    assertThat(data.getString("disposition")).as("sent once the wrap-up is done").isEqualTo("resolved");
    assertThat(data.getJsonArray("legs")).hasSize(1);
    assertThat(data.getJsonArray("legs").getJsonObject(0).getString("outcome")).isEqualTo("answered");
    List<String> steps = new ArrayList<>();
    data.getJsonArray("timeline").forEach(s -> steps.add(((JsonObject) s).getString("kind")));
    assertThat(steps).as("the steps, in order").contains("wrapup").last().isEqualTo("wrapup");
    assertThat(data.getJsonArray("recordings")).as("support records nothing").isEmpty();
    assertThat(data.getDouble("talkSeconds")).isGreaterThanOrEqualTo(0.0);
    JsonObject shown = api.send("GET", "/api/v1/interactions/" + callId, admin, null, null).json();
    assertThat(data.getString("endedAt")).as("as the interactions API shows it").isEqualTo(shown.getString("endedAt"));
    assertThat(data.getJsonArray("legs")).isEqualTo(shown.getJsonArray("legs"));

    Thread.sleep(500); // later refolds (the agent going offline) queue nothing new
    assertThat(deliveries("records", null).stream().filter(d -> d.getString("eventId", "").contains(callId))
        .toList()).as("one delivery for the call").hasSize(1);
  }

  @Test
  void badWebhooksAreRefusedNamingTheFieldAndOnlyAdminsReachThem() throws Exception {
    String base = "{\"name\":\"X\",\"url\":\"https://crm.example/x\",\"events\":[\"call.ended\"],\"secret\":\""
        + SECRET + "\"}";
    assertThat(bad(base.replace("https://crm.example/x", "ftp://crm.example/x"))).containsExactly("url");
    assertThat(bad(base.replace("https://crm.example/x", "https://u:p@crm.example/x"))).containsExactly("url");
    assertThat(bad(base.replace("call.ended", "call.dtmf"))).containsExactly("events");
    assertThat(bad(base.replace("[\"call.ended\"]", "[]"))).containsExactly("events");
    assertThat(bad(base.replace(SECRET, "whsec_c2hvcnQ="))).containsExactly("secret");
    assertThat(bad(base.replace(SECRET, "hunter2"))).containsExactly("secret");
    ApiClient.Res noSecret = api.send("PUT", "/api/v1/webhooks/nosecret", admin, "application/json",
        base.replace(",\"secret\":\"" + SECRET + "\"", ""));
    assertThat(noSecret.status()).as(noSecret.body()).isEqualTo(400);
    assertThat(noSecret.fields()).containsExactly("secret");

    put("kept", "https://crm.example/kept", new JsonArray().add("call.ended"), true);
    ApiClient.Res read = api.send("GET", "/api/v1/webhooks/kept", admin, null, null);
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.body()).doesNotContain("whsec_").doesNotContain("secret");
    ApiClient.Res renamed = api.send("PUT", "/api/v1/webhooks/kept", admin, "application/json",
        read.json().put("name", "Kept").encode());
    assertThat(renamed.status()).as("a write without secret keeps the stored one").isEqualTo(200);

    String sam = TestNodes.login(node.httpPort(), "sam");
    String alice = TestNodes.login(node.httpPort(), "alice");
    for (String token : List.of(sam, alice)) {
      assertThat(api.send("GET", "/api/v1/webhooks", token, null, null).status()).isEqualTo(403);
      assertThat(api.send("GET", "/api/v1/webhooks/kept", token, null, null).status()).isEqualTo(403);
      assertThat(api.send("GET", "/api/v1/webhooks/kept/deliveries", token, null, null).status()).isEqualTo(403);
      assertThat(api.send("POST", "/api/v1/webhooks/kept/deliveries/retry", token, null, null).status())
          .isEqualTo(403);
    }
    assertThat(api.send("GET", "/api/v1/webhooks/kept/deliveries", null, null, null).status()).isEqualTo(401);
    ApiClient.Res unknown = api.send("GET", "/api/v1/webhooks/nope/deliveries", admin, null, null);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.body()).contains("no such webhook 'nope'");
    assertThat(api.send("GET", "/api/v1/webhooks/kept/deliveries?status=lost", admin, null, null).fields())
        .containsExactly("status");
    assertThat(api.send("GET", "/api/v1/webhooks/kept/deliveries?limit=0", admin, null, null).fields())
        .containsExactly("limit");
    assertThat(api.send("GET", "/api/v1/webhooks/kept/deliveries/x1", admin, null, null).fields())
        .containsExactly("deliveryId");
    assertThat(api.send("GET", "/api/v1/webhooks/kept/deliveries/999999", admin, null, null).status())
        .isEqualTo(404);
  }

  /** Alice answers one sipp call to the support line, hangs up and wraps up with "resolved"; its call id. */
  private static String oneAnsweredCall() throws Exception {
    String token = TestNodes.login(node.httpPort(), "alice");
    WebSocketClient ws = node.vertx().createWebSocketClient();
    try (WsClient agent = WsClient.connect(ws, node.httpPort(), token);
         SippCaller caller = SippCaller.dial("+15550100", node.sipPort())) {
      agent.next("hello");
      agent.request("s", new JsonObject().put("type", "state.set").put("state", "available"));
      String callId = agent.next("call.offered").getString("callId");
      assertThat(agent.request("a", new JsonObject().put("type", "call.accept").put("callId", callId))
          .getString("type")).isEqualTo("ack");
      assertThat(agent.request("h", new JsonObject().put("type", "call.hangup").put("callId", callId))
          .getString("type")).isEqualTo("ack");
      caller.assertHungUpByNode(20);
      assertThat(agent.request("w", new JsonObject().put("type", "wrapup.done").put("callId", callId)
          .put("disposition", "resolved")).getString("type")).isEqualTo("ack");
      agent.request("o", new JsonObject().put("type", "state.set").put("state", "offline"));
      return callId;
    } finally {
      ws.close().await();
    }
  }

  /** An HTTP server on 127.0.0.1 that answers 503 to its first {@code failures} requests, then 204. */
  private static HttpServer receiver(int port, List<Received> log, int failures) {
    AtomicInteger seen = new AtomicInteger();
    return receivers.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      int status = seen.incrementAndGet() <= failures ? 503 : 204;
      log.add(new Received(req.path(), req.getHeader("webhook-id"), req.getHeader("webhook-timestamp"),
          req.getHeader("webhook-signature"), body.toString(StandardCharsets.UTF_8), status));
      req.response().setStatusCode(status).end();
    })).listen(port, "127.0.0.1").await();
  }

  /** The signature of a received request as the openssl CLI computes it (HMAC-SHA256 over id.timestamp.body). */
  private static String opensslSignature(Received r) throws Exception {
    byte[] key = Base64.getDecoder().decode(SECRET.substring("whsec_".length()));
    Process p = new ProcessBuilder(Tools.require("openssl").toString(), "dgst", "-sha256", "-mac", "HMAC",
        "-macopt", "hexkey:" + HexFormat.of().formatHex(key), "-binary").start();
    p.getOutputStream().write((r.id() + "." + r.timestamp() + "." + r.body()).getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    byte[] mac = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(mac).hasSize(32);
    return "v1," + Base64.getEncoder().encodeToString(mac);
  }

  private static void put(String id, String url, JsonArray events, boolean enabled) {
    ApiClient.Res r = api.send("PUT", "/api/v1/webhooks/" + id, admin, "application/json", new JsonObject()
        .put("name", id).put("url", url).put("events", events).put("enabled", enabled).put("secret", SECRET)
        .encode());
    assertThat(r.status()).as(r.body()).isIn(200, 201);
  }

  private static List<JsonObject> deliveries(String webhook, String status) {
    ApiClient.Res r = api.send("GET", "/api/v1/webhooks/" + webhook + "/deliveries?limit=200"
        + (status == null ? "" : "&status=" + status), admin, null, null);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    List<JsonObject> out = new ArrayList<>();
    r.json().getJsonArray("items").forEach(o -> out.add((JsonObject) o));
    return out;
  }

  private static List<String> bad(String body) {
    ApiClient.Res r = api.send("POST", "/api/v1/webhooks", admin, "application/json", body);
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    return r.fields();
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    new SecureRandom().nextBytes(b);
    return b;
  }
}
