package io.switchboard.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.switchboard.acd.CallSpec;
import io.switchboard.auth.Principal;
import io.switchboard.auth.Role;
import io.switchboard.cluster.wire.AgentMessage;
import io.switchboard.support.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The agent WebSocket end to end: real Redis, real HttpServers on loopback, real WebSocket clients; the
 * ACD is {@link InMemoryAcd}, which publishes offers through Redis like the real one.
 */
class SignalingIT {
  private static final AtomicInteger TENANTS = new AtomicInteger();
  private static Vertx vertx;
  private static WebSocketClient client;
  private static TestTokens tokens;
  private static InMemoryAcd acd;
  private static io.switchboard.redis.RedisConnections acdRedis;
  private static TestNode nodeA;
  private static TestNode nodeB;
  private static RedisClient redisClient;
  private static StatefulRedisConnection<String, String> redis;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(100));
    tokens = new TestTokens();
    acdRedis = TestRedis.connect();
    acd = new InMemoryAcd(acdRedis);
    nodeA = new TestNode(vertx, TestRedis.uri(), "sig-a", tokens, acd, Clock.systemUTC(), Map.of());
    nodeB = new TestNode(vertx, TestRedis.uri(), "sig-b", tokens, acd, Clock.systemUTC(),
        Map.of("ws.max-message-bytes", "1024"));
    redisClient = RedisClient.create(TestRedis.uri());
    redis = redisClient.connect();
  }

  @AfterAll
  static void stop() {
    nodeA.close();
    nodeB.close();
    acdRedis.close();
    redis.close();
    redisClient.shutdown();
    client.close().await();
    vertx.close().await();
  }

  /** Each test uses its own tenant, so tests never see each other's calls or agents. */
  private static String tenant() {
    return "t" + TENANTS.incrementAndGet();
  }

  private static WsClient agent(TestNode node, String tenant, String agentId) {
    return WsClient.connect(client, node.port(), tokens.issue(tenant, agentId, 300, Role.AGENT));
  }

  private static JsonObject msg(String type) {
    return new JsonObject().put("type", type);
  }

  private static int rejectStatus(String uri) {
    Throwable[] failure = new Throwable[1];
    assertThatThrownBy(() -> WsClient.open(client, nodeA.port(), uri).await())
        .isInstanceOf(UpgradeRejectedException.class)
        .satisfies(e -> failure[0] = e);
    return ((UpgradeRejectedException) failure[0]).getStatus();
  }

  @Test
  void agentTakesACallFromOfferToWrapUp() {
    String t = tenant();
    try (WsClient a = agent(nodeA, t, "alice")) {
      JsonObject hello = a.next("hello");
      assertThat(hello.getString("agentId")).isEqualTo("alice");
      assertThat(hello.getString("tenant")).isEqualTo(t);
      assertThat(hello.getJsonArray("roles")).isEqualTo(new JsonArray().add("agent"));
      assertThat(hello.getString("state")).isEqualTo("offline");
      assertThat(hello.getString("node")).isEqualTo("sig-a");

      assertThat(a.request("1", msg("state.set").put("state", "available")).getString("type")).isEqualTo("ack");
      assertThat(a.next("agent.state").getString("state")).isEqualTo("available");

      String callId = acd.enqueue(t, new CallSpec("call-1", "support", 5, Map.of(), "en", "+15551234", "Bob",
          "local", "sig-a")).await().callId();
      JsonObject offer = a.next("call.offered");
      assertThat(offer.getString("callId")).isEqualTo(callId);
      assertThat(offer.getString("caller")).isEqualTo("+15551234");
      assertThat(a.next("agent.state").getString("state")).isEqualTo("reserved");

      assertThat(a.request("2", msg("call.accept").put("callId", callId)).getString("type")).isEqualTo("ack");
      assertThat(a.next("agent.state").getString("state")).isEqualTo("on-call");
      assertThat(a.request("3", msg("call.hangup").put("callId", callId)).getString("type")).isEqualTo("ack");
      assertThat(a.next("agent.state").getString("state")).isEqualTo("wrap-up");
      JsonObject done = a.request("4", msg("wrapup.done").put("callId", callId).put("disposition", "resolved")
          .put("notes", "password reset"));
      assertThat(done.getString("type")).isEqualTo("ack");
      assertThat(a.next("agent.state").getString("state")).isEqualTo("available");
      assertThat(acd.call(t, callId).await().state()).isEqualTo("ended");
    }
  }

  @Test
  void bearerHeaderIsAcceptedLikeTheQueryParameter() {
    String t = tenant();
    WebSocketConnectOptions o = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(nodeA.port()).setURI("/ws")
        .addHeader("Authorization", "Bearer " + tokens.issue(t, "bea", 300, Role.AGENT));
    try (WsClient a = WsClient.open(client, o).await()) {
      assertThat(a.next("hello").getString("agentId")).isEqualTo("bea");
    }
  }

  @Test
  void badCredentialsAreRejectedBeforeTheSocketExists() {
    String t = tenant();
    String good = tokens.issue(t, "a1", 300, Role.AGENT);
    String forged = new TestTokens("another-secret-another-secret-another!", Clock.systemUTC())
        .issue(t, "a1", 300, Role.AGENT);
    String tampered = good.substring(0, good.length() - 2) + (good.endsWith("A") ? "BB" : "AA");
    String expired = tokens.issue(t, "a1", System.currentTimeMillis() / 1000 - 5, Principal.Kind.USER, Role.AGENT);
    assertThat(rejectStatus("/ws?access_token=" + forged)).isEqualTo(401);
    assertThat(rejectStatus("/ws?access_token=" + tampered)).isEqualTo(401);
    assertThat(rejectStatus("/ws?access_token=" + expired)).isEqualTo(401);
    assertThat(rejectStatus("/ws?access_token=garbage")).isEqualTo(401);
    assertThat(rejectStatus("/ws")).isEqualTo(401);
    assertThat(rejectStatus("/ws?access_token=" + tokens.issue(t, "root", 300, Role.ADMIN))).isEqualTo(403);
    String service = tokens.issue(t, "tok1", System.currentTimeMillis() / 1000 + 300, Principal.Kind.SERVICE,
        Role.AGENT);
    assertThat(rejectStatus("/ws?access_token=" + service)).isEqualTo(403);
    assertThat(rejectStatus("/other?access_token=" + good)).isEqualTo(404);
    assertThat(nodeA.signaling.sessionCount()).isZero();
  }

  @Test
  void badMessagesGetAnErrorAndTheSocketKeepsWorking() throws Exception {
    String t = tenant();
    try (WsClient a = agent(nodeA, t, "a1"); WsClient other = agent(nodeA, t, "a2")) {
      a.next("hello");
      other.next("hello");
      record Case(String text, String code, String field) {}
      List<Case> cases = List.of(
          new Case("{not json", "bad-json", null),
          new Case("[1,2]", "bad-json", null),
          new Case("{\"type\":\"call.teleport\",\"id\":\"x\"}", "unknown-type", "type"),
          new Case("{\"id\":\"x\"}", "missing-field", "type"),
          new Case("{\"type\":\"call.accept\",\"callId\":\"c1\",\"callId\":\"c2\"}", "duplicate-field", "callId"),
          new Case("{\"type\":\"call.accept\",\"id\":\"x\"}", "missing-field", "callId"),
          new Case("{\"type\":\"wrapup.done\",\"callId\":\"c1\"}", "missing-field", "disposition"),
          new Case("{\"type\":\"call.accept\",\"callId\":\"c1\",\"extra\":1}", "unknown-field", "extra"),
          new Case("{\"type\":\"call.accept\",\"callId\":5}", "invalid-field", "callId"),
          new Case("{\"type\":\"state.set\",\"state\":\"asleep\"}", "invalid-field", "state"),
          new Case("{\"type\":\"ping\",\"id\":7}", "invalid-field", "id"));
      int n = 0;
      for (Case c : cases) {
        a.sendText(c.text());
        JsonObject err = a.next("error");
        assertThat(err.getString("code")).as(c.text()).isEqualTo(c.code());
        assertThat(err.getString("field")).as(c.text()).isEqualTo(c.field());
        assertThat(err.getString("message")).as(c.text()).isNotBlank();
        JsonObject pong = a.request("p" + n++, msg("ping"));
        assertThat(pong.getString("type")).isEqualTo("pong");
      }
      JsonObject withId = a.request("q", new JsonObject().put("type", "nope"));
      assertThat(withId.getString("code")).isEqualTo("unknown-type");

      a.sendBinary(new byte[] {1, 2, 3});
      assertThat(a.next("error").getString("code")).isEqualTo("binary-unsupported");
      assertThat(a.request("after-binary", msg("ping")).getString("type")).isEqualTo("pong");
      // the other socket saw none of it
      assertThat(other.drain(100)).isEmpty();
      assertThat(other.request("o", msg("ping")).getString("type")).isEqualTo("pong");
    }
  }

  @Test
  void anOversizedMessageClosesTheSocketWith1009() throws Exception {
    String t = tenant();
    // node B allows 1024 bytes: one 2000-byte frame is refused by the frame decoder...
    try (WsClient a = agent(nodeB, t, "big")) {
      a.next("hello");
      // the server may close while the write is still in progress: its outcome does not matter here
      a.socket().writeTextMessage("{\"type\":\"ping\",\"id\":\"" + "x".repeat(2000) + "\"}");
      assertThat(a.awaitClose(5000)).isEqualTo((short) 1009);
    }
    // ...and so is a message that grows past the limit through small continuation frames
    try (WsClient b = agent(nodeB, t, "fragments")) {
      b.next("hello");
      b.socket().writeFrame(WebSocketFrame.textFrame("{\"type\":\"ping\",\"id\":\"" + "y".repeat(700), false)).await();
      b.socket().writeFrame(WebSocketFrame.continuationFrame(Buffer.buffer("z".repeat(700)), false));
      b.socket().writeFrame(WebSocketFrame.continuationFrame(Buffer.buffer("\"}"), true));
      assertThat(b.awaitClose(5000)).isEqualTo((short) 1009);
    }
    // a fragmented message within the limit is fine
    try (WsClient c = agent(nodeB, t, "small")) {
      c.next("hello");
      c.socket().writeFrame(WebSocketFrame.textFrame("{\"type\":\"pi", false)).await();
      c.socket().writeFrame(WebSocketFrame.continuationFrame(Buffer.buffer("ng\",\"id\":\"f\"}"), true)).await();
      assertThat(c.next("pong").getString("id")).isEqualTo("f");
    }
  }

  @Test
  void anAgentCannotActOnAnotherAgentsCall() {
    String t = tenant();
    try (WsClient a = agent(nodeA, t, "owner"); WsClient b = agent(nodeA, t, "thief")) {
      a.next("hello");
      b.next("hello");
      a.request("1", msg("state.set").put("state", "available"));
      String callId = acd.enqueue(t, new CallSpec(null, "sales", null, Map.of(), null, "+1555", null, null, "sig-a"))
          .await().callId();
      a.next("call.offered");
      for (String verb : List.of("call.accept", "call.reject", "call.hangup")) {
        JsonObject err = b.request(verb, msg(verb).put("callId", callId));
        assertThat(err.getString("code")).as(verb).isEqualTo("not-your-call");
        assertThat(err.getString("field")).isEqualTo("callId");
      }
      // wrap-up is checked against the agent's own record (a transferring agent wraps up a call that is now
      // another agent's): the thief is not wrapping anything up, so the ACD refuses
      JsonObject wrap = b.request("w", msg("wrapup.done").put("callId", callId).put("disposition", "x"));
      assertThat(wrap.getString("code")).isEqualTo("invalid-transition");
      // a call the ACD knows no agent for: the ACD's own code comes back
      JsonObject unknown = b.request("u", msg("call.accept").put("callId", "no-such-call"));
      assertThat(unknown.getString("code")).isEqualTo("not-reserved");
      assertThat(acd.call(t, callId).await().state()).isEqualTo("reserved");
      assertThat(acd.call(t, callId).await().agentId()).isEqualTo("owner");
      assertThat(a.request("2", msg("call.accept").put("callId", callId)).getString("type")).isEqualTo("ack");
    }
  }

  @Test
  void anAgentReconnectingDuringACallIsToldWhoIsOnTheLine() {
    String t = tenant();
    try (WsClient a = agent(nodeA, t, "rejoin")) {
      a.next("hello");
      assertThat(a.request("1", msg("state.set").put("state", "available")).getString("type")).isEqualTo("ack");
      String callId = acd.enqueue(t, new CallSpec(null, "support", null, Map.of(), null, "+15550123", "Ann Caller",
          null, "sig-a")).await().callId();
      a.next("call.offered");
      assertThat(a.request("2", msg("call.accept").put("callId", callId)).getString("type")).isEqualTo("ack");
      // a fresh page (another tab, a crashed browser) on another node: hello carries the call, not just its id
      try (WsClient again = agent(nodeB, t, "rejoin")) {
        JsonObject hello = again.next("hello");
        assertThat(hello.getString("state")).isEqualTo("on-call");
        assertThat(hello.getString("callId")).isEqualTo(callId);
        assertThat(hello.getString("queue")).isEqualTo("support");
        assertThat(hello.getString("caller")).isEqualTo("+15550123");
        assertThat(hello.getString("callerName")).isEqualTo("Ann Caller");
      }
    }
    // an agent with no call gets none of those fields
    try (WsClient idle = agent(nodeA, t, "idle")) {
      JsonObject hello = idle.next("hello");
      assertThat(hello.fieldNames()).doesNotContain("callId", "queue", "caller", "callerName");
    }
  }

  private static AgentMessage offered(String callId) {
    return new AgentMessage.CallOffered(callId, "support", "+1", null, 5, 1767224722100L);
  }

  @Test
  void anOfferForAnAgentOnAnotherNodeArrivesThroughRedis() throws Exception {
    String t = tenant();
    try (WsClient onB = agent(nodeB, t, "remote")) {
      onB.next("hello");
      // node A publishes for node B: exactly one subscriber (node B), and the agent's socket gets it
      assertThat(nodeA.bus.send("sig-b", t, "remote", offered("x1")).await()).isEqualTo(1L);
      JsonObject got = onB.next("call.offered");
      assertThat(got).isEqualTo(new JsonObject().put("type", "call.offered").put("callId", "x1").put("queue", "support")
          .put("caller", "+1").put("priority", 5).put("deadline", 1767224722100L));
      // addressed to node A, where the agent has no socket: not delivered
      nodeB.bus.send("sig-a", t, "remote", offered("x2")).await();
      // same agent id in another tenant: not delivered
      nodeA.bus.send("sig-b", tenant(), "remote", offered("x3")).await();
      assertThat(onB.drain(200)).isEmpty();

      // and through the ACD: the agent went available on node B, the call is enqueued by node A's side
      onB.request("1", msg("state.set").put("state", "available"));
      acd.enqueue(t, new CallSpec("x4", "support", null, Map.of(), null, "+1", null, null, "sig-a")).await();
      assertThat(onB.next("call.offered").getString("callId")).isEqualTo("x4");
    }
  }

  @Test
  void supervisorsGetTheirOwnTenantsStatsAndAgentsCannotSubscribe() throws Exception {
    String t = tenant();
    String other = tenant();
    acd.enqueue(t, new CallSpec(null, "support", null, Map.of(), null, "+1", null, null, "sig-a")).await();
    acd.enqueue(other, new CallSpec(null, "secret-queue", null, Map.of(), null, "+2", null, null, "sig-a")).await();
    acd.enqueue(other, new CallSpec(null, "secret-queue", null, Map.of(), null, "+3", null, null, "sig-a")).await();
    try (WsClient sup = WsClient.connect(client, nodeA.port(), tokens.issue(t, "boss", 300, Role.SUPERVISOR));
        WsClient a = agent(nodeA, t, "worker")) {
      assertThat(sup.next("hello").getJsonArray("roles")).isEqualTo(new JsonArray().add("supervisor"));
      a.next("hello");
      a.request("1", msg("state.set").put("state", "away").put("reason", "lunch"));

      JsonObject denied = a.request("s", msg("stats.subscribe"));
      assertThat(denied.getString("code")).isEqualTo("forbidden");
      JsonObject notAgent = sup.request("x", msg("state.set").put("state", "available"));
      assertThat(notAgent.getString("code")).isEqualTo("forbidden");

      assertThat(sup.request("sub", msg("stats.subscribe")).getString("type")).isEqualTo("ack");
      for (int i = 0; i < 3; i++) { // the immediate push and then periodic ones (every 100 ms here)
        JsonObject stats = sup.next("stats");
        assertThat(stats.getLong("at")).isPositive();
        assertThat(stats.getJsonArray("queues")).hasSize(1);
        JsonObject q = stats.getJsonArray("queues").getJsonObject(0);
        assertThat(q.getString("queue")).isEqualTo("support");
        assertThat(q.getInteger("waiting")).isEqualTo(1);
        assertThat(stats.getJsonObject("agents").getInteger("away")).isEqualTo(1);
        assertThat(stats.getJsonObject("agents").getInteger("available")).isZero();
      }
      sup.request("unsub", msg("stats.unsubscribe"));
      await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
        List<JsonObject> rest = sup.drain(300);
        assertThat(rest).noneMatch(m -> "stats".equals(m.getString("type")));
      });
      assertThat(a.drain(50)).noneMatch(m -> "stats".equals(m.getString("type")));
    }
  }

  @Test
  void anExpiredTokenClosesTheSocketWith4001UnlessRenewed() throws Exception {
    // the server's clock runs 60 s ahead of the token verifier's: tokens the verifier finds valid for
    // another ~60 s expire on the server's clock within a second or two, so the test need not wait a minute
    Clock ahead = Clock.offset(Clock.systemUTC(), Duration.ofSeconds(60));
    String t = tenant();
    try (TestNode node = new TestNode(vertx, TestRedis.uri(), "sig-exp", tokens, acd, ahead, Map.of())) {
      try (WsClient a = WsClient.connect(client, node.port(), expiringIn(ahead, t, "late", 500))) {
        assertThat(a.next("hello").getLong("tokenExpiresAt")).isGreaterThan(ahead.millis());
        assertThat(a.awaitClose(5000)).isEqualTo((short) 4001);
        assertThat(a.socket().closeReason()).isEqualTo("token expired");
      }
      try (WsClient b = WsClient.connect(client, node.port(), expiringIn(ahead, t, "late", 1000))) {
        long firstExpiry = b.next("hello").getLong("tokenExpiresAt");
        JsonObject mismatch = b.request("m", msg("authenticate")
            .put("token", tokens.issue(t, "someone-else", 300, Role.AGENT)));
        assertThat(mismatch.getString("code")).isEqualTo("token-mismatch");
        JsonObject bad = b.request("b", msg("authenticate").put("token", "forged.token.here"));
        assertThat(bad.getString("code")).isEqualTo("token-invalid");
        JsonObject renewed = b.request("r", msg("authenticate").put("token", expiringIn(ahead, t, "late", 30_000)));
        assertThat(renewed.getString("type")).isEqualTo("ack");
        Thread.sleep(Math.max(0, firstExpiry - ahead.millis()) + 300);
        assertThat(b.isClosed()).isFalse();
        assertThat(b.request("p", msg("ping")).getString("type")).isEqualTo("pong");
      }
    }
  }

  /** A token that expires {@code ms} (rounded up to the next second) from now on {@code clock}. */
  private static String expiringIn(Clock clock, String tenant, String agent, long ms) {
    long exp = (clock.millis() + ms + 999) / 1000;
    return tokens.issue(tenant, agent, exp, Principal.Kind.USER, Role.AGENT);
  }

  @Test
  void everySocketOfAnAgentGetsItsMessagesAndTheLastCloseDisconnectsIt() {
    String t = tenant();
    String member = t + "/twotabs";
    WsClient tab1 = agent(nodeA, t, "twotabs");
    WsClient tab2 = agent(nodeA, t, "twotabs");
    tab1.next("hello");
    tab2.next("hello");
    assertThat(redis.sync().sismember("sb:node:sig-a:agents", member)).isTrue();
    tab1.request("1", msg("state.set").put("state", "available"));
    assertThat(tab1.next("agent.state").getString("state")).isEqualTo("available");
    assertThat(tab2.next("agent.state").getString("state")).isEqualTo("available");

    tab1.close();
    await().atMost(Duration.ofSeconds(2)).until(() -> nodeA.signaling.sessionCount() == 1);
    assertThat(acd.agent(t, "twotabs").await().state()).isEqualTo(io.switchboard.acd.AgentState.AVAILABLE);
    assertThat(acd.disconnects()).doesNotContain(t + "/twotabs/sig-a");
    assertThat(redis.sync().sismember("sb:node:sig-a:agents", member)).isTrue();

    tab2.close();
    await().atMost(Duration.ofSeconds(2)).until(() -> acd.disconnects().contains(t + "/twotabs/sig-a"));
    assertThat(acd.disconnects()).filteredOn(s -> s.equals(t + "/twotabs/sig-a")).hasSize(1);
    assertThat(acd.agent(t, "twotabs").await().state()).isEqualTo(io.switchboard.acd.AgentState.OFFLINE);
    await().atMost(Duration.ofSeconds(2)).until(() -> !redis.sync().sismember("sb:node:sig-a:agents", member));
  }

  @Test
  void closingTheServerClosesSocketsWith1001AndDisconnectsAgents() throws Exception {
    String t = tenant();
    TestNode node = new TestNode(vertx, TestRedis.uri(), "sig-close", tokens, acd, Clock.systemUTC(), Map.of());
    WsClient a = agent(node, t, "leaving");
    a.next("hello");
    assertThat(node.signaling.sessionCount()).isEqualTo(1);
    node.close();
    assertThat(a.awaitClose(5000)).isEqualTo((short) 1001);
    assertThat(acd.disconnects()).contains(t + "/leaving/sig-close");
    assertThat(node.signaling.sessionCount()).isZero();
  }
}
