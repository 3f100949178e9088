package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.auth.AuthService;
import io.switchboard.auth.AuthTestSupport;
import io.switchboard.auth.HttpTestClient;
import io.switchboard.auth.HttpTestClient.Reply;
import io.switchboard.auth.InMemoryCredentialStore;
import io.switchboard.auth.PasswordHasher;
import io.switchboard.auth.Role;
import io.switchboard.config.Settings;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.directory.Directory;
import io.switchboard.directory.Kind;
import io.switchboard.records.Database;
import io.switchboard.records.PgEventStore;
import io.switchboard.records.PgInteractionQueries;
import io.switchboard.records.StreamEvent;
import io.switchboard.redis.RedisConnections;
import io.switchboard.support.TestPostgres;
import io.switchboard.support.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The interactions and agent-states API over real HTTP with real tokens (logins), on a real Redis (directory,
 * auth) and a real PostgreSQL filled through the records store from hand-made events: search filters and paging,
 * one interaction with its timeline and legs, state history, bad parameters, role checks and tenant isolation.
 */
class InteractionsApiIT {
  static final String ACME = "acme";
  static final String OTHER = "globex";
  static final String PASSWORD = "records-pass-1";
  static Vertx vertx;
  static RedisConnections redis;
  static Database db;
  static HttpServer server;
  static HttpTestClient http;
  static String supervisor;
  static String admin;
  static String agentA1;
  static String otherSupervisor;

  @BeforeAll
  static void start() throws Exception {
    TestRedis.flushAll();
    vertx = Vertx.vertx();
    redis = TestRedis.connect();
    PasswordHasher hasher = new PasswordHasher(4);
    Directory directory = new Directory(vertx, redis, hasher);
    for (String t : List.of(ACME, OTHER)) {
      directory.createTenant(t).await();
      directory.put(t, Kind.QUEUE, "support", new JsonObject().put("name", "Support"), null).await();
    }
    for (String a : List.of("a1", "a2")) {
      directory.put(ACME, Kind.AGENT, a, new JsonObject().put("username", a), null).await();
    }
    InMemoryCredentialStore users = new InMemoryCredentialStore();
    String hash = hasher.hash(PASSWORD);
    users.add(ACME, "boss", "boss", hash, Set.of(Role.ADMIN));
    users.add(ACME, "sam", "sam", hash, Set.of(Role.SUPERVISOR));
    users.add(ACME, "a1", "a1", hash, Set.of(Role.AGENT));
    users.add(OTHER, "olga", "olga", hash, Set.of(Role.SUPERVISOR));
    AuthService auth = AuthTestSupport.start(vertx, redis, AuthTestSupport.config(), users, hasher);
    admin = auth.login(ACME, "boss", PASSWORD).await().accessToken();
    supervisor = auth.login(ACME, "sam", PASSWORD).await().accessToken();
    agentA1 = auth.login(ACME, "a1", PASSWORD).await().accessToken();
    otherSupervisor = auth.login(OTHER, "olga", PASSWORD).await().accessToken();

    SwitchboardConfig config = SwitchboardConfig.from(Settings.of(Map.of("database.url",
        TestPostgres.newDatabase("interactions_api_it"), "media.bind-host", "127.0.0.1", "sip.host", "127.0.0.1")));
    db = Database.open(config.records(), Path.of("unused"));
    seed(new PgEventStore(db.dataSource()));

    Router router = Router.router(vertx);
    BearerGuard guard = new BearerGuard(auth);
    new AdminApi(directory, guard).mount(router);
    new InteractionsApi(new PgInteractionQueries(db.dataSource()), directory,
        Clock.fixed(Instant.parse("2026-11-12T00:00:00Z"), ZoneOffset.UTC)).mount(router, guard);
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    http = new HttpTestClient(server.actualPort());
  }

  @AfterAll
  static void stop() {
    server.close().await();
    db.close();
    redis.close();
    vertx.close().await();
  }

  static long ms(String iso) {
    return Instant.parse(iso).toEpochMilli();
  }

  static final List<StreamEvent> events = new ArrayList<>();

  static void ev(String tenant, String iso, String type, String... kv) {
    Map<String, String> f = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      f.put(kv[i], kv[i + 1]);
    }
    events.add(new StreamEvent(tenant, ms(iso) + "-" + events.size(), type, ms(iso), "n1", f));
  }

  /** k1 answered by a1 (sold), k2 abandoned, k3 answered by a2; globex's g1 has k1's caller. */
  static void seed(PgEventStore store) throws Exception {
    ev(ACME, "2026-11-10T08:00:00Z", "agent.state", "agentId", "a1", "state", "available");
    ev(ACME, "2026-11-10T09:00:00Z", "call.enqueued", "callId", "k1", "queue", "support", "caller", "+15550100",
        "priority", "0");
    ev(ACME, "2026-11-10T09:00:00Z", "call.reserved", "callId", "k1", "agentId", "a1", "queue", "support",
        "agentState", "reserved");
    ev(ACME, "2026-11-10T09:00:10Z", "call.accepted", "callId", "k1", "agentId", "a1", "queue", "support",
        "agentState", "on-call");
    ev(ACME, "2026-11-10T09:01:10Z", "call.ended", "callId", "k1", "agentId", "a1", "queue", "support",
        "by", "caller", "agentState", "wrap-up");
    ev(ACME, "2026-11-10T09:01:20Z", "wrapup.done", "callId", "k1", "agentId", "a1", "disposition", "sold",
        "reason", "done");
    ev(ACME, "2026-11-10T09:01:20Z", "agent.state", "agentId", "a1", "state", "available");
    ev(ACME, "2026-11-10T10:00:00Z", "call.enqueued", "callId", "k2", "queue", "support", "caller", "+15550200");
    ev(ACME, "2026-11-10T10:00:30Z", "call.abandoned", "callId", "k2", "queue", "support");
    ev(ACME, "2026-11-11T09:00:00Z", "call.enqueued", "callId", "k3", "queue", "support", "caller", "+15550300");
    ev(ACME, "2026-11-11T09:00:00Z", "call.reserved", "callId", "k3", "agentId", "a2", "queue", "support");
    ev(ACME, "2026-11-11T09:00:05Z", "call.accepted", "callId", "k3", "agentId", "a2", "queue", "support");
    ev(ACME, "2026-11-11T09:02:05Z", "call.ended", "callId", "k3", "agentId", "a2", "queue", "support",
        "by", "agent");
    ev(ACME, "2026-11-11T09:02:15Z", "wrapup.done", "callId", "k3", "agentId", "a2", "disposition", "support",
        "reason", "done");
    ev(OTHER, "2026-11-10T09:30:00Z", "call.enqueued", "callId", "g1", "queue", "support", "caller", "+15550100");
    store.store(events);
  }

  static List<String> ids(Reply r) {
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    r.json().getJsonArray("items").forEach(o -> ids.add(((JsonObject) o).getString("callId")));
    return ids;
  }

  static Reply get(String path, String token) {
    return http.get(path, token);
  }

  @Test
  void searchFiltersNewestFirst() {
    assertThat(ids(get("/api/v1/interactions", supervisor))).containsExactly("k3", "k2", "k1");
    assertThat(ids(get("/api/v1/interactions", admin))).containsExactly("k3", "k2", "k1");
    assertThat(ids(get("/api/v1/interactions?outcome=abandoned", supervisor))).containsExactly("k2");
    assertThat(ids(get("/api/v1/interactions?caller=%2B15550100", supervisor))).containsExactly("k1");
    assertThat(ids(get("/api/v1/interactions?agent=a1", supervisor))).containsExactly("k1");
    assertThat(ids(get("/api/v1/interactions?disposition=support", supervisor))).containsExactly("k3");
    assertThat(ids(get("/api/v1/interactions?queue=support&from=2026-11-11", supervisor))).containsExactly("k3");
    assertThat(ids(get("/api/v1/interactions?to=2026-11-10T10:00:00Z", supervisor))).containsExactly("k1");
    assertThat(ids(get("/api/v1/interactions?from=2026-11-10T10:00:00Z&to=2026-11-11T00:00:00Z", supervisor)))
        .containsExactly("k2");
    JsonObject k1 = get("/api/v1/interactions?agent=a1", supervisor).json().getJsonArray("items").getJsonObject(0);
    assertThat(k1.getString("arrivedAt")).isEqualTo("2026-11-10T09:00:00Z");
    assertThat(k1.getDouble("waitSeconds")).isEqualTo(10.0);
    assertThat(k1.getDouble("talkSeconds")).isEqualTo(60.0);
    assertThat(k1.getDouble("wrapSeconds")).isEqualTo(10.0);
    assertThat(k1.getString("outcome")).isEqualTo("answered");
    assertThat(k1.containsKey("timeline")).as("search items are summaries").isFalse();
  }

  @Test
  void pagesFollowTheCursor() {
    JsonObject first = get("/api/v1/interactions?limit=2", supervisor).json();
    assertThat(first.getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("callId")))
        .containsExactly("k3", "k2");
    String next = first.getString("next");
    assertThat(next).isNotNull();
    Reply second = get("/api/v1/interactions?limit=2&cursor=" + next, supervisor);
    assertThat(ids(second)).containsExactly("k1");
    assertThat(second.json().getValue("next")).isNull();
  }

  @Test
  void oneInteractionHasItsTimelineAndLegs() {
    Reply r = get("/api/v1/interactions/k1", supervisor);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonObject k1 = r.json();
    assertThat(k1.getString("caller")).isEqualTo("+15550100");
    assertThat(k1.getString("agent")).isEqualTo("a1");
    assertThat(k1.getString("endedBy")).isEqualTo("caller");
    assertThat(k1.getString("disposition")).isEqualTo("sold");
    JsonArray timeline = k1.getJsonArray("timeline");
    assertThat(timeline.stream().map(o -> ((JsonObject) o).getString("kind")))
        .containsExactly("queued", "offered", "answered", "ended", "wrapup");
    assertThat(timeline.getJsonObject(2).getString("at")).isEqualTo("2026-11-10T09:00:10Z");
    assertThat(k1.getJsonArray("legs").encode()).isEqualTo("[{\"seq\":1,\"agent\":\"a1\",\"queue\":\"support\","
        + "\"offeredAt\":\"2026-11-10T09:00:00Z\",\"outcome\":\"answered\",\"answeredAt\":\"2026-11-10T09:00:10Z\","
        + "\"endedAt\":\"2026-11-10T09:01:10Z\",\"talkSeconds\":60.0,\"holdSeconds\":0.0,\"wrapSeconds\":10.0,"
        + "\"transferred\":false}]");
    assertThat(get("/api/v1/interactions/nope", supervisor).status()).isEqualTo(404);
    Reply foreign = get("/api/v1/interactions/g1", supervisor);
    assertThat(foreign.status()).isEqualTo(404);
    assertThat(foreign.header("Content-Type")).isEqualTo(Problem.CONTENT_TYPE);
  }

  @Test
  void badParametersAreNamed() {
    for (String[] bad : new String[][] {{"limit=0", "limit"}, {"limit=201", "limit"}, {"outcome=won", "outcome"},
        {"from=yesterday", "from"}, {"from=2026-11-12&to=2026-11-11", "from"}, {"cursor=%21%21", "cursor"}}) {
      Reply r = get("/api/v1/interactions?" + bad[0], supervisor);
      assertThat(r.status()).as(bad[0]).isEqualTo(400);
      assertThat(r.json().getJsonArray("errors").getJsonObject(0).getString("field")).as(bad[0]).isEqualTo(bad[1]);
    }
    Reply queue = get("/api/v1/interactions?queue=sales", supervisor);
    assertThat(queue.status()).isEqualTo(404);
    assertThat(queue.json().getString("detail")).contains("queue 'sales'");
    Reply agent = get("/api/v1/interactions?agent=ghost", supervisor);
    assertThat(agent.status()).isEqualTo(404);
    assertThat(agent.json().getString("detail")).contains("agent 'ghost'");
  }

  @Test
  void rolesAndTenants() {
    // an agent searches the calls offered to it only (the softphone's recent calls), and reads no timeline
    assertThat(ids(get("/api/v1/interactions", agentA1))).containsExactly("k1");
    assertThat(ids(get("/api/v1/interactions?agent=a1&outcome=abandoned", agentA1))).isEmpty();
    assertThat(get("/api/v1/interactions?agent=a2", agentA1).status()).isEqualTo(403);
    assertThat(get("/api/v1/interactions/k1", agentA1).status()).isEqualTo(403);
    assertThat(get("/api/v1/interactions", null).status()).isEqualTo(401);
    assertThat(ids(get("/api/v1/interactions", otherSupervisor))).containsExactly("g1");
    assertThat(ids(get("/api/v1/interactions?caller=%2B15550100", otherSupervisor))).containsExactly("g1");
    assertThat(get("/api/v1/interactions/k1", otherSupervisor).status()).isEqualTo(404);
    assertThat(get("/api/v1/agent-states?agent=a1", otherSupervisor).status()).isEqualTo(404);
  }

  @Test
  void anAgentReadsItsOwnStateHistoryAndSupervisorsAnyones() {
    String range = "from=2026-11-10T08:30:00Z&to=2026-11-10T09:30:00Z";
    Reply own = get("/api/v1/agent-states?" + range, agentA1);
    assertThat(own.status()).as(own.body()).isEqualTo(200);
    assertThat(own.json().getJsonArray("intervals").encode()).isEqualTo("["
        + "{\"state\":\"available\",\"reason\":null,\"from\":\"2026-11-10T08:30:00Z\",\"to\":\"2026-11-10T09:00:00Z\","
        + "\"seconds\":1800.0,\"open\":false},"
        + "{\"state\":\"reserved\",\"reason\":null,\"from\":\"2026-11-10T09:00:00Z\",\"to\":\"2026-11-10T09:00:10Z\","
        + "\"seconds\":10.0,\"open\":false},"
        + "{\"state\":\"on-call\",\"reason\":null,\"from\":\"2026-11-10T09:00:10Z\",\"to\":\"2026-11-10T09:01:10Z\","
        + "\"seconds\":60.0,\"open\":false},"
        + "{\"state\":\"wrap-up\",\"reason\":null,\"from\":\"2026-11-10T09:01:10Z\",\"to\":\"2026-11-10T09:01:20Z\","
        + "\"seconds\":10.0,\"open\":false},"
        + "{\"state\":\"available\",\"reason\":null,\"from\":\"2026-11-10T09:01:20Z\",\"to\":\"2026-11-10T09:30:00Z\","
        + "\"seconds\":1720.0,\"open\":true}]");
    assertThat(get("/api/v1/agent-states?agent=a1&" + range, supervisor).json().getJsonArray("intervals"))
        .hasSize(5);
    assertThat(get("/api/v1/agent-states?agent=a2&" + range, agentA1).status()).isEqualTo(403);
    assertThat(get("/api/v1/agent-states?agent=ghost", supervisor).status()).isEqualTo(404);
    assertThat(get("/api/v1/agent-states?agent=a1&from=2026-11-11&to=2026-11-10", supervisor).status())
        .isEqualTo(400);
  }
}
