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
import io.switchboard.quality.PgEvaluationStore;
import io.switchboard.recording.PgRecordingCatalog;
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
 * Scorecards and evaluations over real HTTP with real logins, on a real Redis (directory, auth) and a PostgreSQL
 * database of its own filled through the records store from hand-made events: scorecard CRUD and its validation
 * naming fields, an evaluation scored by the server (and kept when the scorecard changes), the agent seeing only its
 * own and acknowledging once, a team leader's scope, another tenant's 404s and the report's averages.
 * Calls: k1 answered by a1 (team t1, led by tl), k2 answered by a2 (no team), both in queue support.
 */
class QualityApiIT {
  static final String ACME = "acme";
  static final String OTHER = "globex";
  static final String PASSWORD = "quality-pass-1";
  static final String CARD = """
      {"name":"Standard","sections":[
        {"title":"Greeting","weight":30,"questions":[{"id":"greet","text":"Greeted?","type":"yes-no","weight":1}]},
        {"title":"Resolution","weight":70,"questions":[
          {"id":"fixed","text":"Fixed?","type":"scale","scaleMax":5,"weight":3},
          {"id":"compliance","text":"Verified?","type":"yes-no","weight":1,"critical":true,"allowNa":true}]}]}""";
  static Vertx vertx;
  static RedisConnections redis;
  static Database db;
  static HttpServer server;
  static HttpTestClient http;
  static String admin;
  static String sam;
  static String tl;
  static String a1;
  static String a2;
  static String olga;

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
    directory.put(ACME, Kind.AGENT, "tl", new JsonObject().put("username", "tl"), null).await();
    directory.put(ACME, Kind.TEAM, "t1", new JsonObject().put("name", "Tier 1").put("leader", "tl"), null).await();
    directory.put(ACME, Kind.AGENT, "a1", new JsonObject().put("username", "a1").put("team", "t1"), null).await();
    directory.put(ACME, Kind.AGENT, "a2", new JsonObject().put("username", "a2"), null).await();
    InMemoryCredentialStore users = new InMemoryCredentialStore();
    String hash = hasher.hash(PASSWORD);
    users.add(ACME, "boss", "boss", hash, Set.of(Role.ADMIN));
    users.add(ACME, "sam", "sam", hash, Set.of(Role.SUPERVISOR));
    users.add(ACME, "tl", "tl", hash, Set.of(Role.TEAM_LEADER));
    users.add(ACME, "a1", "a1", hash, Set.of(Role.AGENT));
    users.add(ACME, "a2", "a2", hash, Set.of(Role.AGENT));
    users.add(OTHER, "olga", "olga", hash, Set.of(Role.ADMIN, Role.SUPERVISOR));
    AuthService auth = AuthTestSupport.start(vertx, redis, AuthTestSupport.config(), users, hasher);
    admin = auth.login(ACME, "boss", PASSWORD).await().accessToken();
    sam = auth.login(ACME, "sam", PASSWORD).await().accessToken();
    tl = auth.login(ACME, "tl", PASSWORD).await().accessToken();
    a1 = auth.login(ACME, "a1", PASSWORD).await().accessToken();
    a2 = auth.login(ACME, "a2", PASSWORD).await().accessToken();
    olga = auth.login(OTHER, "olga", PASSWORD).await().accessToken();

    SwitchboardConfig config = SwitchboardConfig.from(Settings.of(Map.of("database.url",
        TestPostgres.newDatabase("quality_api_it"), "media.bind-host", "127.0.0.1", "sip.host", "127.0.0.1")));
    db = Database.open(config.records(), Path.of("unused"));
    seed(new PgEventStore(db.dataSource()));

    Router router = Router.router(vertx);
    BearerGuard guard = new BearerGuard(auth);
    new AdminApi(directory, guard).mount(router);
    Clock clock = Clock.fixed(Instant.parse("2026-11-12T00:00:00Z"), ZoneOffset.UTC);
    var store = new PgEvaluationStore(db.dataSource());
    new EvaluationsApi(store, new PgInteractionQueries(db.dataSource()), new PgRecordingCatalog(db.dataSource()),
        directory, clock, 1 << 20).mount(router, guard);
    new QualityReportApi(vertx, store, directory).mount(router, guard);
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    http = new HttpTestClient(server.actualPort());
    assertThat(http.send("PUT", "/api/v1/scorecards/std", "Bearer " + admin, "application/json", CARD).status())
        .isEqualTo(201);
  }

  @AfterAll
  static void stop() {
    server.close().await();
    db.close();
    redis.close();
    vertx.close().await();
  }

  static final List<StreamEvent> events = new ArrayList<>();

  static void ev(String tenant, String iso, String type, String... kv) {
    Map<String, String> f = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      f.put(kv[i], kv[i + 1]);
    }
    long ms = Instant.parse(iso).toEpochMilli();
    events.add(new StreamEvent(tenant, ms + "-" + events.size(), type, ms, "n1", f));
  }

  static void answered(String tenant, String callId, String agent, String day) throws Exception {
    ev(tenant, day + "T09:00:00Z", "call.enqueued", "callId", callId, "queue", "support", "caller", "+15550100");
    ev(tenant, day + "T09:00:00Z", "call.reserved", "callId", callId, "agentId", agent, "queue", "support");
    ev(tenant, day + "T09:00:05Z", "call.accepted", "callId", callId, "agentId", agent, "queue", "support");
    ev(tenant, day + "T09:02:05Z", "call.ended", "callId", callId, "agentId", agent, "queue", "support",
        "by", "agent");
  }

  static void seed(PgEventStore store) throws Exception {
    answered(ACME, "k1", "a1", "2026-11-10");
    answered(ACME, "k2", "a2", "2026-11-11");
    answered(OTHER, "g1", "x1", "2026-11-10");
    store.store(events);
  }

  static Reply post(String path, String token, String json) {
    return http.postJson(path, token, json);
  }

  static String answers(String greet, Object fixed, String compliance) {
    return "{\"greet\":\"" + greet + "\",\"fixed\":" + (fixed instanceof String s ? "\"" + s + "\"" : fixed)
        + ",\"compliance\":\"" + compliance + "\"}";
  }

  static Reply evaluate(String token, String callId, String answers) {
    return post("/api/v1/evaluations", token, "{\"callId\":\"" + callId + "\",\"scorecardId\":\"std\",\"answers\":"
        + answers + "}");
  }

  static List<String> fields(Reply r) {
    List<String> out = new ArrayList<>();
    JsonArray errors = r.json().getJsonArray("errors", new JsonArray());
    errors.forEach(e -> out.add(((JsonObject) e).getString("field")));
    return out;
  }

  @Test
  void scorecardValidationNamesTheField() {
    Reply zero = http.send("PUT", "/api/v1/scorecards/bad", "Bearer " + admin, "application/json",
        CARD.replace("\"weight\":3}", "\"weight\":0}"));
    assertThat(zero.status()).isEqualTo(400);
    assertThat(zero.header("Content-Type")).startsWith("application/problem+json");
    assertThat(fields(zero)).containsExactly("sections.1.questions.0.weight");
    Reply sum = http.send("PUT", "/api/v1/scorecards/bad", "Bearer " + admin, "application/json",
        CARD.replace("\"weight\":70", "\"weight\":60"));
    assertThat(fields(sum)).containsExactly("sections");
    Reply dup = http.send("PUT", "/api/v1/scorecards/bad", "Bearer " + admin, "application/json",
        CARD.replace("\"id\":\"fixed\"", "\"id\":\"greet\""));
    assertThat(fields(dup)).containsExactly("sections.1.questions.0.id");
    assertThat(http.get("/api/v1/scorecards/bad", admin).status()).isEqualTo(404);
    assertThat(http.get("/api/v1/scorecards/std", tl).status()).as("team leaders evaluate").isEqualTo(200);
    assertThat(http.get("/api/v1/scorecards/std", a1).status()).isEqualTo(403);
    assertThat(http.send("PUT", "/api/v1/scorecards/std", "Bearer " + sam, "application/json", CARD).status())
        .isEqualTo(403);
    assertThat(http.get("/api/v1/scorecards/std", olga).status()).as("another tenant's").isEqualTo(404);
  }

  @Test
  void anEvaluationIsScoredByTheServerAndKeepsItsScorecard() {
    Reply bad = evaluate(sam, "k2", "{\"greet\":\"maybe\",\"fixed\":9}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(fields(bad)).containsExactlyInAnyOrder("answers.greet", "answers.fixed", "answers.compliance");
    Reply ok = evaluate(sam, "k2", answers("yes", 4, "na"));
    assertThat(ok.status()).as(ok.body()).isEqualTo(201);
    JsonObject e = ok.json();
    // Greeting 1.0 → 30; Resolution: fixed 4 of 5 = 0.75 (compliance N/A) → 52.5
    assertThat(e.getDouble("score")).isEqualTo(82.5);
    assertThat(e.getBoolean("failed")).isFalse();
    assertThat(e.getString("agentId")).isEqualTo("a2");
    assertThat(e.getString("queue")).isEqualTo("support");
    long version = e.getLong("scorecardVersion");

    Reply failed = evaluate(sam, "k2", answers("yes", 5, "no"));
    assertThat(failed.json().getDouble("score")).isEqualTo(0.0);
    assertThat(failed.json().getDouble("rawScore")).isEqualTo(82.5); // 30 + 70 * 3/4
    assertThat(failed.json().getBoolean("failed")).isTrue();

    // editing the scorecard changes no past evaluation
    assertThat(http.send("PUT", "/api/v1/scorecards/std", "Bearer " + admin, "application/json",
        CARD.replace("\"weight\":30", "\"weight\":50").replace("\"weight\":70", "\"weight\":50")).status())
        .isEqualTo(200);
    JsonObject again = http.get("/api/v1/evaluations/" + e.getString("id"), sam).json();
    assertThat(again.getDouble("score")).isEqualTo(82.5);
    assertThat(again.getLong("scorecardVersion")).isEqualTo(version);
    assertThat(again.getJsonObject("scorecard").getJsonArray("sections").getJsonObject(0).getInteger("weight"))
        .isEqualTo(30);
    http.send("PUT", "/api/v1/scorecards/std", "Bearer " + admin, "application/json", CARD);

    assertThat(evaluate(sam, "nope", answers("yes", 4, "na")).status()).isEqualTo(404);
    assertThat(evaluate(olga, "k2", answers("yes", 4, "na")).status()).as("another tenant's call").isEqualTo(404);
    assertThat(evaluate(a1, "k1", answers("yes", 4, "na")).status()).isEqualTo(403);
  }

  @Test
  void theAgentSeesItsOwnAndAcknowledgesOnce() {
    String id = evaluate(admin, "k1", answers("no", 3, "yes")).json().getString("id");
    Reply mine = http.get("/api/v1/evaluations", a1);
    assertThat(mine.status()).isEqualTo(200);
    mine.json().getJsonArray("items").forEach(o -> assertThat(((JsonObject) o).getString("agentId")).isEqualTo("a1"));
    assertThat(mine.json().getJsonArray("items")).isNotEmpty();
    assertThat(http.get("/api/v1/evaluations?agent=a2", a1).status()).isEqualTo(403);
    assertThat(http.get("/api/v1/evaluations/" + id, a2).status()).as("someone else's").isEqualTo(404);
    http.get("/api/v1/evaluations", a2).json().getJsonArray("items")
        .forEach(o -> assertThat(((JsonObject) o).getString("agentId")).isEqualTo("a2"));
    assertThat(post("/api/v1/evaluations/" + id + "/acknowledge", a2, "{}").status()).isEqualTo(404);

    Reply ack = post("/api/v1/evaluations/" + id + "/acknowledge", a1, "{\"comment\":\"Will greet properly\"}");
    assertThat(ack.status()).as(ack.body()).isEqualTo(200);
    assertThat(ack.json().getString("acknowledgedAt")).isEqualTo("2026-11-12T00:00:00Z");
    assertThat(ack.json().getString("ackComment")).isEqualTo("Will greet properly");
    assertThat(post("/api/v1/evaluations/" + id + "/acknowledge", a1, "{}").status()).isEqualTo(409);
    assertThat(post("/api/v1/evaluations/" + id + "/acknowledge", a1, "{\"mood\":1}").status()).isEqualTo(400);
    assertThat(http.get("/api/v1/evaluations/" + id, olga).status()).as("another tenant").isEqualTo(404);
  }

  @Test
  void aTeamLeaderEvaluatesAndSeesOnlyItsMembers() {
    Reply own = evaluate(tl, "k1", answers("yes", 5, "yes"));
    assertThat(own.status()).as(own.body()).isEqualTo(201);
    assertThat(evaluate(tl, "k2", answers("yes", 5, "yes")).status()).as("a2 is in no team of tl's").isEqualTo(404);
    http.get("/api/v1/evaluations", tl).json().getJsonArray("items")
        .forEach(o -> assertThat(((JsonObject) o).getString("agentId")).isEqualTo("a1"));
    assertThat(http.get("/api/v1/evaluations?agent=a2", tl).status()).isEqualTo(404);
  }

  @Test
  void theReportAveragesPerAgentTeamAndQueue() {
    // its own calls' evaluations: k1 twice more (100 and 0 on a critical no) over what other tests add
    evaluate(sam, "k1", answers("yes", 5, "yes"));
    Reply r = http.get("/api/v1/reports/quality?from=2026-11-11T00:00:00Z&to=2026-11-13T00:00:00Z", sam);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    List<JsonObject> all = new ArrayList<>();
    http.get("/api/v1/evaluations?limit=200", sam).json().getJsonArray("items").forEach(o -> all.add((JsonObject) o));
    for (String by : List.of("agent", "queue")) {
      for (Object o : r.json().getJsonArray(by + "s")) {
        JsonObject row = (JsonObject) o;
        String key = row.getString(by);
        List<JsonObject> mine = all.stream()
            .filter(e -> key.equals(by.equals("agent") ? e.getString("agentId") : e.getString("queue"))).toList();
        assertThat(row.getInteger("evaluations")).as(by + " " + key).isEqualTo(mine.size());
        double avg = mine.stream().mapToDouble(e -> e.getDouble("score")).average().orElseThrow();
        assertThat(row.getDouble("averageScore")).as(by + " " + key).isCloseTo(avg, org.assertj.core.data.Offset
            .offset(0.006));
        assertThat(row.getInteger("failed")).isEqualTo((int) mine.stream().filter(e -> e.getBoolean("failed"))
            .count());
      }
    }
    JsonArray teams = r.json().getJsonArray("teams");
    assertThat(teams).hasSize(1);
    JsonObject a1Row = r.json().getJsonArray("agents").stream().map(o -> (JsonObject) o)
        .filter(o -> o.getString("agent").equals("a1")).findFirst().orElseThrow();
    assertThat(teams.getJsonObject(0).getString("team")).isEqualTo("t1");
    assertThat(teams.getJsonObject(0).getInteger("evaluations")).isEqualTo(a1Row.getInteger("evaluations"));

    Reply led = http.get("/api/v1/reports/quality?from=2026-11-11T00:00:00Z&to=2026-11-13T00:00:00Z", tl);
    assertThat(led.json().getJsonArray("agents").stream().map(o -> ((JsonObject) o).getString("agent")))
        .containsOnly("a1");
    assertThat(http.get("/api/v1/reports/quality?from=2026-11-13T00:00:00Z&to=2026-11-11T00:00:00Z", sam).status())
        .isEqualTo(400);
    assertThat(http.get("/api/v1/reports/quality?from=2026-11-11T00:00:00Z&to=2026-11-13T00:00:00Z", olga)
        .json().getJsonArray("agents")).as("another tenant's").isEmpty();
    assertThat(http.get("/api/v1/reports/quality?from=2026-11-11T00:00:00Z&to=2026-11-13T00:00:00Z", a1).status())
        .isEqualTo(403);
  }
}
