package io.switchboard.reports;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reports API over real HTTP with real tokens, on a real node and PostgreSQL, against {@link ReportsScenario}'s
 * day: every figure of every queue, agent and team row and total equals the value worked out by hand (in the
 * comments), as JSON and as CSV; bad parameters, unknown ids, roles and tenants are refused as docs/reports.md says.
 */
class ReportsApiIT {
  static final String PASSWORD = "reports-secret-1";
  static final String RANGE = "from=2026-12-01T09:00:00Z&to=2026-12-01T11:00:00Z&interval=hour";
  static final String H9 = "2026-12-01T09:00:00Z";
  static final String H10 = "2026-12-01T10:00:00Z";
  static final String H11 = "2026-12-01T11:00:00Z";
  static Node node;
  static String supervisor;
  static String admin;
  static String agent;
  static String otherSupervisor;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    String url = TestPostgres.newDatabase("reports_it");
    node = TestNodes.loopback("reports-it", Map.of("database.url", url));
    Directory d = node.directory();
    for (String t : new String[] {"acme", "other"}) {
      d.createTenant(t).await();
    }
    put(d, "acme", Kind.TEAM, "t1", "{\"name\":\"Tier 1\",\"goals\":{\"callsPerDay\":40,\"ahtSeconds\":300}}");
    put(d, "acme", Kind.TEAM, "t2", "{\"name\":\"Tier 2\"}");
    put(d, "acme", Kind.QUEUE, "support", "{\"name\":\"Support\",\"serviceLevel\":{\"percent\":80,\"seconds\":20},"
        + "\"goals\":{\"asaSeconds\":20,\"abandonPercent\":5,\"ahtSeconds\":300}}");
    put(d, "acme", Kind.QUEUE, "sales", "{\"name\":\"Sales\",\"serviceLevel\":{\"percent\":90,\"seconds\":10}}");
    put(d, "acme", Kind.QUEUE, "billing", "{\"name\":\"Billing\"}");
    put(d, "acme", Kind.AGENT, "alice", user("alice", "Alice A", "t1", "agent") .put("goals",
        new JsonObject().put("callsPerDay", 50)).encode());
    put(d, "acme", Kind.AGENT, "bob", user("bob", "Bob B", "t1", "agent").encode());
    put(d, "acme", Kind.AGENT, "carol", user("carol", "Carol, \"C\"", "t2", "agent").encode());
    put(d, "acme", Kind.AGENT, "dave", user("dave", "Dave D", "t2", "agent").encode());
    put(d, "acme", Kind.AGENT, "sam", user("sam", "Sam S", null, "supervisor").encode());
    put(d, "acme", Kind.AGENT, "root", user("root", "Root", null, "admin").encode());
    put(d, "other", Kind.QUEUE, "support", "{\"name\":\"Other support\"}");
    put(d, "other", Kind.AGENT, "sam", user("sam", "Other Sam", null, "supervisor").encode());
    ReportsScenario.write(url);
    supervisor = login("acme", "sam");
    admin = login("acme", "root");
    agent = login("acme", "alice");
    otherSupervisor = login("other", "sam");
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.stop();
    }
  }

  static JsonObject user(String id, String name, String team, String role) {
    return new JsonObject().put("username", id).put("displayName", name).put("team", team)
        .put("roles", new JsonArray().add(role)).put("password", PASSWORD);
  }

  static void put(Directory d, String tenant, Kind kind, String id, String body) {
    d.put(tenant, kind, id, new JsonObject(body), null).await();
  }

  static String login(String tenant, String user) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri("/api/v1/auth/login"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("tenant", tenant).put("username", user)
            .put("password", PASSWORD).encode())).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body()).getString("accessToken");
  }

  static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + node.httpPort() + path);
  }

  HttpResponse<String> get(String token, String path, String accept) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (accept != null) {
      b.header("Accept", accept);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  JsonObject report(String path) throws Exception {
    HttpResponse<String> r = get(supervisor, path, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    return new JsonObject(r.body());
  }

  // ------------------------------------------------------------------ expected figures, in the API's order

  static JsonObject queue(long offered, long answered, long abandoned, long shortAbandoned, long inSl, int slSeconds,
      Double slPercent, Double abandonPercent, Double asa, Double aht, Double talk, Double hold, Double wrap,
      Double longest, long transfers, Double callsPerAgent) {
    return new JsonObject().put("offered", offered).put("answered", answered).put("abandoned", abandoned)
        .put("shortAbandoned", shortAbandoned).put("answeredInServiceLevel", inSl).put("serviceLevelSeconds", slSeconds)
        .put("serviceLevelPercent", slPercent).put("abandonPercent", abandonPercent).put("asaSeconds", asa)
        .put("ahtSeconds", aht).put("avgTalkSeconds", talk).put("avgHoldSeconds", hold).put("avgWrapSeconds", wrap)
        .put("longestWaitSeconds", longest).put("transfers", transfers).put("callsPerAgent", callsPerAgent);
  }

  static JsonObject agentFigures(long offered, long answered, long rejected, long missed, long transfers, Double aht,
      Double talk, Double hold, Double wrap, double staffed, Double occupancy, Double callsPerDay) {
    return new JsonObject().put("offered", offered).put("answered", answered).put("rejected", rejected)
        .put("missed", missed).put("transfers", transfers).put("ahtSeconds", aht).put("avgTalkSeconds", talk)
        .put("avgHoldSeconds", hold).put("avgWrapSeconds", wrap).put("staffedSeconds", staffed)
        .put("occupancyPercent", occupancy).put("callsPerDay", callsPerDay);
  }

  static JsonObject row(String start, String end, JsonObject keys, JsonObject figures) {
    return new JsonObject().put("start", start).put("end", end).mergeIn(keys).mergeIn(figures);
  }

  static JsonObject emptyQueue(int slSeconds) {
    return queue(0, 0, 0, 0, 0, slSeconds, null, null, null, null, null, null, null, null, 0, null);
  }

  // support 09h: c1..c6. offered 6, answered 4 (c1 c2 c5 c6), abandoned 1 (c3, 40 s), short 1 (c4, 3 s); in 20 s:
  // c1 (10) c5 (15) c6 (20) = 3. SL 3/(4+1) = 60 %; abandon 1/(6-1) = 20 %; ASA (10+30+15+20)/4 = 18.75;
  // talk 490/4 = 122.5, hold 30/4 = 7.5, wrap 45/4 = 11.25, AHT 565/4 = 141.25; longest 40; transfers 1 (c5);
  // calls per agent 4 / {alice, bob} = 2.
  static final JsonObject SUPPORT_9 = queue(6, 4, 1, 1, 3, 20, 60.0, 20.0, 18.75, 141.25, 122.5, 7.5, 11.25, 40.0, 1,
      2.0);
  // support 10h: c9 answered after 5 s, talk 30.
  static final JsonObject SUPPORT_10 = queue(1, 1, 0, 0, 1, 20, 100.0, 0.0, 5.0, 30.0, 30.0, 0.0, 0.0, 5.0, 0, 1.0);
  // support total: 7 offered, 5 answered, SL 4/6 = 66.67, abandon 1/6 = 16.67, ASA 80/5 = 16, talk 520/5 = 104,
  // hold 30/5 = 6, wrap 45/5 = 9, AHT 595/5 = 119, longest 40, calls per agent 5/2 = 2.5.
  static final JsonObject SUPPORT = queue(7, 5, 1, 1, 4, 20, 66.67, 16.67, 16.0, 119.0, 104.0, 6.0, 9.0, 40.0, 1, 2.5);
  // sales 10h: c7 answered after 8 s (within 10), c8 abandoned after 6 s. SL 1/2, abandon 1/2, AHT 120+20+30.
  static final JsonObject SALES_10 = queue(2, 1, 1, 0, 1, 10, 50.0, 50.0, 8.0, 170.0, 120.0, 20.0, 30.0, 8.0, 0, 1.0);

  @Test
  void everyQueueFigureIsTheHandComputedOne() throws Exception {
    JsonObject r = report("/api/v1/reports/queues?" + RANGE);
    assertThat(r.getString("from")).isEqualTo(H9);
    assertThat(r.getString("to")).isEqualTo(H11);
    assertThat(r.getString("interval")).isEqualTo("hour");
    assertThat(r.getString("timeZone")).isEqualTo("UTC");
    assertThat(r.getInteger("shortAbandonSeconds")).isEqualTo(5);
    JsonArray expected = new JsonArray()
        .add(row(H9, H10, new JsonObject().put("queue", "billing"), emptyQueue(20)))
        .add(row(H9, H10, new JsonObject().put("queue", "sales"), emptyQueue(10)))
        .add(row(H9, H10, new JsonObject().put("queue", "support"), SUPPORT_9))
        .add(row(H10, H11, new JsonObject().put("queue", "billing"), emptyQueue(20)))
        .add(row(H10, H11, new JsonObject().put("queue", "sales"), SALES_10))
        .add(row(H10, H11, new JsonObject().put("queue", "support"), SUPPORT_10));
    assertRows(r.getJsonArray("rows"), expected);
    assertRows(r.getJsonArray("totals"), new JsonArray()
        .add(new JsonObject().put("queue", "billing").mergeIn(emptyQueue(20)))
        .add(new JsonObject().put("queue", "sales").mergeIn(SALES_10))
        .add(new JsonObject().put("queue", "support").mergeIn(SUPPORT)));
    assertThat(r.getJsonObject("goals").encode()).isEqualTo(new JsonObject()
        .put("billing", goals(80, 20, null, null, null))
        .put("sales", goals(90, 10, null, null, null))
        .put("support", goals(80, 20, 20, 5, 300)).encode());
  }

  static JsonObject goals(Integer slPercent, Integer slSeconds, Integer asa, Integer abandon, Integer aht) {
    return new JsonObject().put("serviceLevelPercent", slPercent).put("serviceLevelSeconds", slSeconds)
        .put("asaSeconds", asa).put("abandonPercent", abandon).put("ahtSeconds", aht);
  }

  static void assertRows(JsonArray actual, JsonArray expected) {
    assertThat(actual.size()).as(actual.encodePrettily()).isEqualTo(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      assertThat(actual.getJsonObject(i).encode()).as("row " + i).isEqualTo(expected.getJsonObject(i).encode());
    }
  }

  @Test
  void theShortAbandonThresholdIsAParameter() throws Exception {
    // with 7 s, c8 (6 s) is a short abandon: sales SL 1/1, abandon 0/(2-1); support's c4 (3 s) stays short
    JsonObject r = report("/api/v1/reports/queues?" + RANGE + "&queue=sales&queue=support&shortAbandonSeconds=7");
    assertThat(r.getInteger("shortAbandonSeconds")).isEqualTo(7);
    assertRows(r.getJsonArray("totals"), new JsonArray()
        .add(new JsonObject().put("queue", "sales").mergeIn(
            queue(2, 1, 0, 1, 1, 10, 100.0, 0.0, 8.0, 170.0, 120.0, 20.0, 30.0, 8.0, 0, 1.0)))
        .add(new JsonObject().put("queue", "support").mergeIn(SUPPORT)));
    assertThat(r.getJsonArray("rows")).hasSize(4);
  }

  // ------------------------------------------------------------------ agents and teams
  // alice 09h: offers c1 (answered; talk 100, wrap 20), c2 (rejected), c5 (answered, transferred; talk 60, wrap 5).
  //   states: available from 08:30; on-call 100 + 60, wrap-up 20 + 5 = 185 busy; away 09:30-09:40 (600): ready 3000.
  static final JsonObject ALICE_9 = agentFigures(3, 2, 1, 0, 1, 92.5, 80.0, 0.0, 12.5, 3600.0, 6.17, 2.0);
  // alice 10h: c9 (talk 30); available 1802 + 865, reserved 3, on-call 30, offline from 10:45 (900).
  static final JsonObject ALICE_10 = agentFigures(1, 1, 0, 0, 0, 30.0, 30.0, 0.0, 0.0, 2700.0, 1.11, 1.0);
  // alice: AHT (120 + 65 + 30) / 3, occupancy 215 / 5700, 3 answered on 1 staffed day.
  static final JsonObject ALICE = agentFigures(4, 3, 1, 0, 1, 71.667, 63.333, 0.0, 8.333, 6300.0, 3.77, 3.0);
  // bob 09h: no state before 09:05 (not staffed); c2 (talk 200, hold 30, wrap 10), c6 (talk 40): busy 280 of 3300.
  static final JsonObject BOB_9 = agentFigures(2, 2, 0, 0, 0, 140.0, 120.0, 15.0, 5.0, 3300.0, 8.48, 2.0);
  // bob 10h: away all hour: staffed, but no ready time (occupancy null); 0 calls on a staffed day.
  static final JsonObject BOB_10 = agentFigures(0, 0, 0, 0, 0, null, null, null, null, 3600.0, null, 0.0);
  static final JsonObject BOB = agentFigures(2, 2, 0, 0, 0, 140.0, 120.0, 15.0, 5.0, 6900.0, 8.48, 2.0);
  // carol 09h: c5 (talk 90, wrap 15), c6 missed (reserved 15 s, then away 283 s): busy 105 of 3317 ready.
  static final JsonObject CAROL_9 = agentFigures(2, 1, 0, 1, 0, 105.0, 90.0, 0.0, 15.0, 3600.0, 3.17, 1.0);
  // carol 10h: c7 (talk 120, hold 20, wrap 30: 140 on call + 30 wrap-up = 170 busy), offline from 10:30.
  static final JsonObject CAROL_10 = agentFigures(1, 1, 0, 0, 0, 170.0, 120.0, 20.0, 30.0, 1800.0, 9.44, 1.0);
  static final JsonObject CAROL = agentFigures(3, 2, 0, 1, 0, 137.5, 105.0, 10.0, 22.5, 5400.0, 5.37, 2.0);
  // dave never logged in: listed with zeros.
  static final JsonObject NOBODY = agentFigures(0, 0, 0, 0, 0, null, null, null, null, 0.0, null, null);

  static JsonObject agentKeys(String id) {
    return switch (id) {
      case "alice" -> new JsonObject().put("agent", id).put("displayName", "Alice A").put("team", "t1");
      case "bob" -> new JsonObject().put("agent", id).put("displayName", "Bob B").put("team", "t1");
      case "carol" -> new JsonObject().put("agent", id).put("displayName", "Carol, \"C\"").put("team", "t2");
      default -> new JsonObject().put("agent", id).put("displayName", "Dave D").put("team", "t2");
    };
  }

  @Test
  void everyAgentFigureIsTheHandComputedOneAndOfflineAgentsAreListed() throws Exception {
    JsonObject r = report("/api/v1/reports/agents?" + RANGE);
    JsonArray expected = new JsonArray();
    Object[][] rows = {{H9, H10, "alice", ALICE_9}, {H9, H10, "bob", BOB_9}, {H9, H10, "carol", CAROL_9},
        {H9, H10, "dave", NOBODY}, {H10, H11, "alice", ALICE_10}, {H10, H11, "bob", BOB_10},
        {H10, H11, "carol", CAROL_10}, {H10, H11, "dave", NOBODY}};
    for (Object[] row : rows) {
      expected.add(row((String) row[0], (String) row[1], agentKeys((String) row[2]), (JsonObject) row[3]));
    }
    assertRows(r.getJsonArray("rows"), expected);
    assertRows(r.getJsonArray("totals"), new JsonArray().add(agentKeys("alice").mergeIn(ALICE))
        .add(agentKeys("bob").mergeIn(BOB)).add(agentKeys("carol").mergeIn(CAROL))
        .add(agentKeys("dave").mergeIn(NOBODY)));
    assertThat(r.getJsonObject("goals").encode()).isEqualTo(new JsonObject()
        .put("alice", people(50, 300)).put("bob", people(40, 300)).put("carol", people(null, null))
        .put("dave", people(null, null)).encode());

    JsonObject t2 = report("/api/v1/reports/agents?" + RANGE + "&team=t2");
    assertThat(t2.getJsonArray("totals").stream().map(o -> ((JsonObject) o).getString("agent")).toList())
        .containsExactly("carol", "dave");
    JsonObject bob = report("/api/v1/reports/agents?" + RANGE + "&agent=bob");
    assertRows(bob.getJsonArray("totals"), new JsonArray().add(agentKeys("bob").mergeIn(BOB)));
  }

  static JsonObject people(Integer callsPerDay, Integer aht) {
    return new JsonObject().put("callsPerDay", callsPerDay).put("ahtSeconds", aht);
  }

  @Test
  void teamFiguresAddUpTheirAgents() throws Exception {
    JsonObject r = report("/api/v1/reports/teams?" + RANGE);
    JsonObject t1 = new JsonObject().put("team", "t1").put("agents", 2);
    JsonObject t2 = new JsonObject().put("team", "t2").put("agents", 2);
    // t1 09h = alice + bob: AHT (185 + 280) / 4, occupancy 465 / (3000 + 3300), 4 calls / 2 agent-days
    JsonObject t1h9 = agentFigures(5, 4, 1, 0, 1, 116.25, 100.0, 7.5, 8.75, 6900.0, 7.38, 2.0);
    // t1 10h: alice's c9; occupancy 30 / 2700 (bob away); 1 call / 2 agent-days
    JsonObject t1h10 = agentFigures(1, 1, 0, 0, 0, 30.0, 30.0, 0.0, 0.0, 6300.0, 1.11, 0.5);
    assertRows(r.getJsonArray("rows"), new JsonArray()
        .add(row(H9, H10, t1, t1h9)).add(row(H9, H10, t2, CAROL_9))
        .add(row(H10, H11, t1, t1h10)).add(row(H10, H11, t2, CAROL_10)));
    // t1: AHT 495 / 5, talk 430 / 5, occupancy 495 / 9000, 5 calls / 2 agent-days
    assertRows(r.getJsonArray("totals"), new JsonArray()
        .add(t1.copy().mergeIn(agentFigures(6, 5, 1, 0, 1, 99.0, 86.0, 6.0, 7.0, 13200.0, 5.5, 2.5)))
        .add(t2.copy().mergeIn(CAROL)));
    assertThat(r.getJsonObject("goals").encode())
        .isEqualTo(new JsonObject().put("t1", people(40, 300)).put("t2", people(null, null)).encode());
    assertThat(report("/api/v1/reports/teams?" + RANGE + "&team=t2").getJsonArray("rows")).hasSize(2);
  }

  @Test
  void callsPerDayCountsLocalDaysOfTheTimeZone() throws Exception {
    // carol is staffed from 2026-11-30 22:00Z to 2026-12-01 10:30Z: two days in UTC, one (1 December) in Tokyo
    String path = "/api/v1/reports/agents?agent=carol&from=2026-11-30&to=2026-12-02&interval=day";
    JsonObject utc = report(path);
    assertThat(utc.getJsonArray("totals").getJsonObject(0).getDouble("callsPerDay")).isEqualTo(1.0);
    assertThat(utc.getJsonArray("totals").getJsonObject(0).getDouble("staffedSeconds")).isEqualTo(45_000.0);
    JsonObject first = utc.getJsonArray("rows").getJsonObject(0);
    assertThat(first.getDouble("staffedSeconds")).isEqualTo(7200.0);
    assertThat(first.getDouble("callsPerDay")).isEqualTo(0.0);
    assertThat(first.getDouble("occupancyPercent")).isEqualTo(0.0);
    // 275 busy of 37800 staffed - 283 away
    assertThat(utc.getJsonArray("rows").getJsonObject(1).getDouble("occupancyPercent")).isEqualTo(0.73);

    JsonObject tokyo = report(path + "&tz=Asia/Tokyo");
    assertThat(tokyo.getString("from")).isEqualTo("2026-11-29T15:00:00Z");
    JsonArray rows = tokyo.getJsonArray("rows");
    assertThat(rows.getJsonObject(0).getString("start")).isEqualTo("2026-11-30T00:00:00+09:00");
    assertThat(rows.getJsonObject(0).getValue("callsPerDay")).isNull();
    assertThat(rows.getJsonObject(1).getString("start")).isEqualTo("2026-12-01T00:00:00+09:00");
    assertThat(rows.getJsonObject(1).getDouble("callsPerDay")).isEqualTo(2.0);
    assertThat(tokyo.getJsonArray("totals").getJsonObject(0).getDouble("callsPerDay")).isEqualTo(2.0);
  }

  @Test
  void quarterHoursAndHalfHourZonesReadTheStateHistoryItselfAndAgreeWithTheRollUp() throws Exception {
    // 15-minute rows are not whole hours: time by state comes from the events, not from agent_hours
    JsonObject quarters = report("/api/v1/reports/agents?from=2026-12-01T09:00:00Z&to=2026-12-01T11:00:00Z"
        + "&interval=15m");
    assertThat(quarters.getJsonArray("rows")).hasSize(8 * 4);
    assertRows(quarters.getJsonArray("totals"), new JsonArray().add(agentKeys("alice").mergeIn(ALICE))
        .add(agentKeys("bob").mergeIn(BOB)).add(agentKeys("carol").mergeIn(CAROL))
        .add(agentKeys("dave").mergeIn(NOBODY)));
    // alice 09:00-09:15: c1 (talk 100, wrap 20) and 5 s reserved, all within it; 15 min staffed
    assertThat(quarters.getJsonArray("rows").getJsonObject(0).encode()).isEqualTo(row(H9, "2026-12-01T09:15:00Z",
        agentKeys("alice"), agentFigures(2, 1, 1, 0, 0, 120.0, 100.0, 0.0, 20.0, 900.0, 13.33, 1.0)).encode());
    // Kolkata is UTC+05:30: its days are not whole UTC hours. carol's staffed time (22:00Z to 10:30Z) is one day there
    JsonObject kolkata = report("/api/v1/reports/agents?agent=carol&from=2026-11-30&to=2026-12-02&interval=day"
        + "&tz=Asia/Kolkata");
    JsonObject total = kolkata.getJsonArray("totals").getJsonObject(0);
    assertThat(total.getDouble("staffedSeconds")).isEqualTo(45_000.0);
    assertThat(total.getDouble("callsPerDay")).isEqualTo(2.0);
    assertThat(total.getDouble("occupancyPercent")).isEqualTo(0.61);  // 275 / (45000 - 283)
  }

  @Test
  void intervalsAreLocalToTheTimeZone() throws Exception {
    JsonObject madrid = report("/api/v1/reports/queues?" + RANGE + "&tz=Europe/Madrid&queue=support");
    assertRows(madrid.getJsonArray("rows"), new JsonArray()
        .add(row("2026-12-01T10:00:00+01:00", "2026-12-01T11:00:00+01:00", new JsonObject().put("queue", "support"),
            SUPPORT_9))
        .add(row("2026-12-01T11:00:00+01:00", "2026-12-01T12:00:00+01:00", new JsonObject().put("queue", "support"),
            SUPPORT_10)));
    // the local day of 1 December in Madrid holds c10 (09:59:59 local) and c11 (12:00 local) too
    JsonObject day = report("/api/v1/reports/queues?from=2026-12-01&to=2026-12-02&interval=15m&tz=Europe/Madrid"
        + "&queue=support");
    assertThat(day.getJsonArray("rows")).hasSize(96);
    assertThat(day.getJsonArray("rows").getJsonObject(0).getString("start")).isEqualTo("2026-12-01T00:00:00+01:00");
    assertThat(day.getJsonArray("totals").getJsonObject(0).getLong("offered")).isEqualTo(9);
    assertThat(day.getJsonArray("rows").getJsonObject(40).getLong("offered")).as("10:00-10:15 local: c1, c2")
        .isEqualTo(2);
    assertThat(day.getJsonArray("rows").getJsonObject(39).getLong("offered")).as("09:45-10:00 local: c10")
        .isEqualTo(1);
  }

  @Test
  void csvHasTheRowsWithAHeaderInTheJsonOrder() throws Exception {
    HttpResponse<String> q = get(supervisor, "/api/v1/reports/queues?" + RANGE, "text/csv");
    assertThat(q.statusCode()).isEqualTo(200);
    assertThat(q.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
    String[] lines = q.body().split("\r\n");
    assertThat(lines).hasSize(7);
    assertThat(lines[0]).isEqualTo("start,end,queue,offered,answered,abandoned,shortAbandoned,answeredInServiceLevel,"
        + "serviceLevelSeconds,serviceLevelPercent,abandonPercent,asaSeconds,ahtSeconds,avgTalkSeconds,avgHoldSeconds,"
        + "avgWrapSeconds,longestWaitSeconds,transfers,callsPerAgent");
    assertThat(lines[1]).isEqualTo(H9 + "," + H10 + ",billing,0,0,0,0,0,20,,,,,,,,,0,");
    assertThat(lines[3]).isEqualTo(H9 + "," + H10 + ",support,6,4,1,1,3,20,60,20,18.75,141.25,122.5,7.5,11.25,40,1,2");
    HttpResponse<String> a = get(supervisor, "/api/v1/reports/agents?" + RANGE + "&agent=carol", "text/csv");
    assertThat(a.body().split("\r\n")[1]).isEqualTo(H9 + "," + H10
        + ",carol,\"Carol, \"\"C\"\"\",t2,2,1,0,1,0,105,90,0,15,3600,3.17,1");
  }

  // ------------------------------------------------------------------ errors, roles, tenants

  void assertProblem(String path, int status, String parameter) throws Exception {
    HttpResponse<String> r = get(supervisor, path, null);
    assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(new JsonObject(r.body()).getJsonArray("errors").getJsonObject(0).getString("field")).as(path)
        .isEqualTo(parameter);
  }

  @Test
  void badParametersAndUnknownIdsAreProblemsNamingTheParameter() throws Exception {
    String q = "/api/v1/reports/queues?";
    assertProblem(q + "from=last-week", 400, "from");
    assertProblem(q + "from=2026-12-02&to=2026-12-01", 400, "from");
    assertProblem(q + "to=2026-12-01T25:00:00Z", 400, "to");
    assertProblem(q + "interval=month", 400, "interval");
    assertProblem(q + "tz=Mars/Olympus", 400, "tz");
    assertProblem(q + "shortAbandonSeconds=ten", 400, "shortAbandonSeconds");
    assertProblem(q + "agent=alice", 400, "agent");
    // a year of quarter hours for 3 queues: 105,120 rows > reports.max-rows (20,000)
    assertProblem(q + "from=2026-01-01&to=2027-01-01&interval=15m", 400, "interval");
    assertProblem(q + "queue=support&queue=nope", 404, "queue");
    assertProblem("/api/v1/reports/agents?agent=nope", 404, "agent");
    assertProblem("/api/v1/reports/agents?team=nope", 404, "team");
    assertProblem("/api/v1/reports/teams?team=nope", 404, "team");
    HttpResponse<String> r = get(supervisor, q + "queue=nope", null);
    assertThat(new JsonObject(r.body()).getString("detail")).contains("nope");
  }

  @Test
  void onlySupervisorsAndAdminsOfTheTenantReadReports() throws Exception {
    for (String kind : List.of("queues", "agents", "teams")) {
      String path = "/api/v1/reports/" + kind + "?" + RANGE;
      assertThat(get(null, path, null).statusCode()).as(kind).isEqualTo(401);
      assertThat(get(agent, path, null).statusCode()).as(kind).isEqualTo(403);
      assertThat(get(admin, path, null).statusCode()).as(kind).isEqualTo(200);
    }
    // the other tenant sees its own support queue (x1 only), and none of acme's queues or agents
    HttpResponse<String> other = get(otherSupervisor, "/api/v1/reports/queues?" + RANGE, null);
    JsonObject totals = new JsonObject(other.body()).getJsonArray("totals").getJsonObject(0);
    assertThat(totals.getString("queue")).isEqualTo("support");
    assertThat(totals.getLong("offered")).isEqualTo(1);
    assertThat(new JsonObject(other.body()).getJsonArray("totals")).hasSize(1);
    assertThat(get(otherSupervisor, "/api/v1/reports/queues?queue=sales", null).statusCode()).isEqualTo(404);
    assertThat(get(otherSupervisor, "/api/v1/reports/agents?agent=alice", null).statusCode()).isEqualTo(404);
    assertThat(new JsonObject(get(otherSupervisor, "/api/v1/reports/agents?" + RANGE, null).body())
        .getJsonArray("rows")).isEmpty();
  }
}
