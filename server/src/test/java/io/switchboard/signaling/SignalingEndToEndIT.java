package io.switchboard.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.acd.AcdOptions;
import io.switchboard.acd.AgentState;
import io.switchboard.acd.CallSpec;
import io.switchboard.acd.RedisAcd;
import io.switchboard.auth.AuthService;
import io.switchboard.auth.AuthTestSupport;
import io.switchboard.auth.CredentialStore;
import io.switchboard.auth.PasswordHasher;
import io.switchboard.auth.Role;
import io.switchboard.config.Settings;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.redis.Keys;
import io.switchboard.redis.RedisConnections;
import io.switchboard.support.TestRedis;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Signaling with the real parts: {@link AuthService} (login, JWT access tokens, service tokens) verifies
 * sockets and {@link RedisAcd} routes, with its Lua scripts publishing to the nodes' channels. Two nodes
 * share one Redis; directory documents are written as the directory stores them.
 */
class SignalingEndToEndIT {
  private static final String T = "e2e";
  private static final String SECRET = "end-to-end-secret-end-to-end-secret!!";
  private static Vertx vertx;
  private static RedisConnections redis;
  private static AuthService auth;
  private static RedisAcd acdA;
  private static RedisAcd acdB;
  private static TestNode nodeA;
  private static TestNode nodeB;
  private static WebSocketClient client;
  private static final Users users = new Users();

  /** The directory's side of login, in memory (the real one is directory's CredentialStore). */
  static final class Users implements CredentialStore {
    final Map<String, StoredUser> byName = new ConcurrentHashMap<>();
    final PasswordHasher hasher = new PasswordHasher(4);

    void add(String id, String password, Role... roles) {
      byName.put(id, new StoredUser(T, id, id, hasher.hash(password), Set.of(roles), true));
    }

    @Override
    public Future<Optional<StoredUser>> findByUsername(String tenant, String username) {
      return Future.succeededFuture(Optional.ofNullable(byName.get(username)).filter(u -> u.tenant().equals(tenant)));
    }

    @Override
    public Future<Optional<StoredUser>> findById(String tenant, String id) {
      return findByUsername(tenant, id);
    }
  }

  private static SwitchboardConfig config(String node) {
    return SwitchboardConfig.from(Settings.of(Map.of("node.id", node, "auth.jwt.secret", SECRET,
        "auth.bcrypt.cost", "4", "stats.push-interval-ms", "100")));
  }

  @BeforeAll
  static void start() {
    TestRedis.flushAll();
    vertx = Vertx.vertx();
    redis = TestRedis.connect();
    for (String agent : new String[] {"ana", "ben", "cy"}) {
      users.add(agent, "secret-" + agent, Role.AGENT);
      directoryAgent(agent);
    }
    users.add("sue", "secret-sue", Role.SUPERVISOR);
    users.add("root", "secret-root", Role.ADMIN);
    put(Keys.directory(T, "queue", "support"), new JsonObject().put("id", "support").put("name", "Support")
        .put("noAnswerSeconds", 30).put("wrapUpSeconds", 60).put("version", 1));
    redis.commands().zadd(Keys.directoryIndex(T, "queue"), 0, "support").toCompletableFuture().join();
    auth = AuthService.create(vertx, redis, config("e2e-a"), users, users.hasher).await();
    acdA = new RedisAcd(vertx, redis, AcdOptions.defaults("e2e-a"), Clock.systemUTC());
    acdB = new RedisAcd(vertx, redis, AcdOptions.defaults("e2e-b"), Clock.systemUTC());
    nodeA = new TestNode(vertx, TestRedis.uri(), "e2e-a", auth, acdA, Clock.systemUTC(), Map.of());
    nodeB = new TestNode(vertx, TestRedis.uri(), "e2e-b", auth, acdB, Clock.systemUTC(), Map.of());
    client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(50));
  }

  @AfterAll
  static void stop() {
    nodeA.close();
    nodeB.close();
    auth.close();
    redis.close();
    client.close().await();
    vertx.close().await();
  }

  private static void put(String key, JsonObject doc) {
    redis.commands().set(key, doc.encode()).toCompletableFuture().join();
  }

  private static void directoryAgent(String id) {
    put(Keys.directory(T, "agent", id), new JsonObject().put("id", id).put("username", id).put("displayName", id)
        .put("roles", new JsonArray().add("agent")).put("skills", new JsonObject())
        .put("languages", new JsonArray().add("en")).put("team", "t1").put("region", "eu")
        .put("queues", new JsonArray().add("support")).put("enabled", true).put("version", 1));
  }

  private static String login(String user) {
    return auth.login(T, user, "secret-" + user).await().accessToken();
  }

  private static JsonObject msg(String type) {
    return new JsonObject().put("type", type);
  }

  private static int rejected(String token) {
    Throwable[] e = new Throwable[1];
    assertThatThrownBy(() -> WsClient.connect(client, nodeA.port(), token))
        .isInstanceOf(UpgradeRejectedException.class).satisfies(x -> e[0] = x);
    return ((UpgradeRejectedException) e[0]).getStatus();
  }

  @Test
  void anAgentLogsInGoesAvailableIsOfferedACallOnAnotherNodeAndWorksItToTheEnd() throws Exception {
    try (WsClient ana = WsClient.connect(client, nodeB.port(), login("ana"));
        WsClient ben = WsClient.connect(client, nodeA.port(), login("ben"))) {
      JsonObject hello = ana.next("hello");
      assertThat(hello.getString("tenant")).isEqualTo(T);
      assertThat(hello.getString("state")).isEqualTo("offline");
      assertThat(hello.getString("node")).isEqualTo("e2e-b");
      assertThat(hello.getLong("tokenExpiresAt")).isGreaterThan(System.currentTimeMillis());
      ben.next("hello");

      assertThat(ana.request("1", msg("state.set").put("state", "available")).getString("type")).isEqualTo("ack");
      assertThat(ana.next("agent.state").getString("state")).isEqualTo("available");

      // the call enters through node A; the ACD's script publishes the offer to node B, where ana's socket is
      String callId = acdA.enqueue(T, new CallSpec("e2e-call-1", "support", null, Map.of(), null,
          "+15550001", "Carol", "eu", "e2e-a")).await().callId();
      JsonObject offer = ana.next("call.offered");
      assertThat(offer.getString("callId")).isEqualTo(callId);
      assertThat(offer.getString("queue")).isEqualTo("support");
      assertThat(offer.getString("caller")).isEqualTo("+15550001");
      assertThat(offer.getLong("deadline")).isGreaterThan(System.currentTimeMillis());

      // another agent cannot take it
      assertThat(ben.request("x", msg("call.accept").put("callId", callId)).getString("code"))
          .isEqualTo("not-your-call");

      assertThat(ana.request("2", msg("call.accept").put("callId", callId)).getString("type")).isEqualTo("ack");
      assertThat(ana.next("agent.state").getString("state")).isEqualTo("reserved");
      assertThat(ana.next("agent.state").getString("state")).isEqualTo("on-call");
      assertThat(ana.request("3", msg("call.hangup").put("callId", callId)).getString("type")).isEqualTo("ack");
      assertThat(ana.next("agent.state").getString("state")).isEqualTo("wrap-up");
      assertThat(ana.request("4", msg("wrapup.done").put("callId", callId).put("disposition", "resolved"))
          .getString("type")).isEqualTo("ack");
      assertThat(ana.next("agent.state").getString("state")).isEqualTo("available");
      assertThat(acdA.call(T, callId).await().state()).isEqualTo("ended");

      // the ACD's own refusals come back with its code
      JsonObject again = ana.request("5", msg("call.hangup").put("callId", callId));
      assertThat(again.getString("type")).isEqualTo("error");
      assertThat(again.getString("code")).isNotBlank();
    }
    // both sockets closed: the ACD took the agents offline
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(3)).until(() ->
        acdA.agent(T, "ana").await().state() == AgentState.OFFLINE);
  }

  @Test
  void tokensFromTheRealAuthServiceAreCheckedInTheHandshake() {
    AuthService otherKey = AuthService.create(vertx, redis, SwitchboardConfig.from(Settings.of(Map.of(
        "node.id", "x", "auth.jwt.secret", "a-completely-different-secret-for-forging", "auth.bcrypt.cost", "4"))),
        users, users.hasher).await();
    try {
      assertThat(rejected(otherKey.login(T, "cy", "secret-cy").await().accessToken())).isEqualTo(401);
      assertThat(rejected(AuthTestSupport.expiredAccessToken(auth, T, "cy", Set.of(Role.AGENT)))).isEqualTo(401);
      String refresh = auth.login(T, "cy", "secret-cy").await().refreshToken();
      assertThat(rejected(refresh)).isEqualTo(401);
      assertThat(rejected(login("root"))).isEqualTo(403);
      String service = auth.createServiceToken(T, "terraform", Set.of(Role.ADMIN, Role.AGENT)).await().token();
      assertThat(rejected(service)).isEqualTo(403);
    } finally {
      otherKey.close();
    }
    try (WsClient cy = WsClient.connect(client, nodeA.port(), login("cy"))) {
      assertThat(cy.next("hello").getString("agentId")).isEqualTo("cy");
      assertThat(cy.request("r", msg("authenticate").put("token", login("cy"))).getString("type")).isEqualTo("ack");
      assertThat(cy.request("m", msg("authenticate").put("token", login("ben"))).getString("code"))
          .isEqualTo("token-mismatch");
    }
  }

  @Test
  void aSupervisorSeesTheTenantsLiveNumbersFromTheAcd() {
    acdA.enqueue(T, new CallSpec("e2e-waiting", "support", null, Map.of(), null, "+1", null, null, "e2e-a")).await();
    try (WsClient sue = WsClient.connect(client, nodeA.port(), login("sue"))) {
      sue.next("hello");
      assertThat(sue.request("s", msg("stats.subscribe")).getString("type")).isEqualTo("ack");
      JsonObject stats = sue.next("stats");
      JsonObject support = stats.getJsonArray("queues").stream().map(JsonObject.class::cast)
          .filter(q -> "support".equals(q.getString("queue"))).findFirst().orElseThrow();
      assertThat(support.getInteger("waiting")).isGreaterThanOrEqualTo(1);
      assertThat(stats.getJsonObject("agents").fieldNames())
          .contains("offline", "available", "reserved", "on-call", "wrap-up", "away");
      assertThat(sue.next("stats").getLong("at")).isGreaterThanOrEqualTo(stats.getLong("at"));
    } finally {
      acdA.callerHangup(T, "e2e-waiting").await();
    }
  }
}
