package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.Node;
import io.switchboard.acd.AgentState;
import io.switchboard.acd.CallSpec;
import io.switchboard.recording.Recording;
import io.switchboard.recording.RecordingStore;
import io.switchboard.signaling.WsClient;
import io.switchboard.support.ApiClient;
import io.switchboard.support.ApiClient.Res;
import io.switchboard.support.TestNodes;
import io.switchboard.support.TestPostgres;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a team leader and a manager see, on a real node with real logins (docs/roles.md). The demo's agents are all in
 * team tier1 but carol, moved here to team tier2, which tina leads (the team-leader role alone); max has the manager
 * role alone. Tina sees carol and tier2 in the directory, the reports, the cases and the live wallboard numbers, and
 * may join only carol's calls; everyone and everything else is unknown to her (404) or refused (403). Max sees every
 * team, changes none.
 */
class TeamScopesIT {
  static final String PASSWORD = "scopes-pass-1";
  static final String MONITOR_SDP = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\n";
  static Node node;
  static ApiClient api;
  static String admin;
  static String tina;
  static String max;
  static String alice;
  static String carol;

  @BeforeAll
  static void start() throws Exception {
    node = TestNodes.loopback("team-scopes-it", Map.of("database.url", TestPostgres.newDatabase("team_scopes_it"),
        "bootstrap.admin.password", PASSWORD, "stats.push-interval-ms", "200"));
    int port = node.httpPort();
    api = new ApiClient(port);
    admin = TestNodes.login(port, "demo", "admin", PASSWORD);
    for (String[] user : new String[][] {{"tina", "team-leader"}, {"max", "manager"}}) {
      created(api.put("/api/v1/agents/" + user[0], admin, new JsonObject().put("username", user[0])
          .put("roles", new JsonArray().add(user[1])).put("password", PASSWORD).encode()));
    }
    created(api.put("/api/v1/teams/tier2", admin, "{\"name\":\"Tier 2\",\"leader\":\"tina\",\"manager\":\"max\"}"));
    Res moved = api.put("/api/v1/agents/carol", admin, new JsonObject().put("username", "carol")
        .put("displayName", "Carol Cruz").put("roles", new JsonArray().add("agent"))
        .put("skills", new JsonObject().put("sales", 5).put("billing", 4)).put("team", "tier2")
        .put("queues", new JsonArray().add("sales").add("billing")).put("password", TestNodes.DEMO_PASSWORD)
        .encode());
    assertThat(moved.status()).as(moved.body()).isEqualTo(200);
    tina = TestNodes.login(port, "demo", "tina", PASSWORD);
    max = TestNodes.login(port, "demo", "max", PASSWORD);
    alice = TestNodes.login(port, "alice");
    carol = TestNodes.login(port, "carol");
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.stop();
    }
  }

  private static void created(Res r) {
    assertThat(r.status()).as(r.body()).isEqualTo(201);
  }

  private static JsonObject ok(Res r) {
    assertThat(r.status()).as(r.body()).isBetween(200, 201);
    return r.json();
  }

  private static List<String> values(JsonArray items, String key) {
    List<String> out = new ArrayList<>();
    items.forEach(o -> out.add(((JsonObject) o).getString(key)));
    return out;
  }

  @Test
  void aTeamLeaderReadsTheAgentsAndTeamsItLeadsAndAManagerReadsAll() {
    assertThat(values(ok(api.get("/api/v1/agents", tina)).getJsonArray("items"), "id")).containsExactly("carol");
    assertThat(ok(api.get("/api/v1/agents/carol", tina)).getString("team")).isEqualTo("tier2");
    assertThat(api.get("/api/v1/agents/alice", tina).status()).as("not in a team she leads").isEqualTo(404);
    assertThat(values(ok(api.get("/api/v1/teams", tina)).getJsonArray("items"), "id")).containsExactly("tier2");
    assertThat(api.get("/api/v1/teams/tier1", tina).status()).isEqualTo(404);
    assertThat(api.get("/api/v1/queues", tina).status()).isEqualTo(403);
    assertThat(api.put("/api/v1/teams/tier2", tina, "{\"name\":\"Mine\",\"leader\":\"tina\"}").status())
        .isEqualTo(403);

    assertThat(values(ok(api.get("/api/v1/agents", max)).getJsonArray("items"), "id"))
        .contains("alice", "bob", "carol", "dave", "sam", "tina", "max");
    assertThat(values(ok(api.get("/api/v1/teams", max)).getJsonArray("items"), "id")).containsExactly("tier1",
        "tier2");
    assertThat(ok(api.get("/api/v1/queues/support", max)).getJsonObject("goals").getInteger("asaSeconds"))
        .as("a manager reads the goals").isEqualTo(20);
    assertThat(api.put("/api/v1/teams/tier1", max, "{\"name\":\"Tier 1\",\"goals\":{\"callsPerDay\":9}}").status())
        .as("but does not set them").isEqualTo(403);
  }

  @Test
  void aTeamLeadersReportsCoverItsTeamsMembersAndTheirQueuesOnly() {
    String day = "?interval=day";
    assertThat(values(ok(api.get("/api/v1/reports/agents" + day, tina)).getJsonArray("totals"), "agent"))
        .containsExactly("carol");
    assertThat(values(ok(api.get("/api/v1/reports/teams" + day, tina)).getJsonArray("totals"), "team"))
        .containsExactly("tier2");
    assertThat(values(ok(api.get("/api/v1/reports/queues" + day, tina)).getJsonArray("totals"), "queue"))
        .containsExactly("billing", "sales");
    for (String beyond : List.of("agents" + day + "&agent=alice", "agents" + day + "&team=tier1",
        "teams" + day + "&team=tier1", "queues" + day + "&queue=support")) {
      Res r = api.get("/api/v1/reports/" + beyond, tina);
      assertThat(r.status()).as(beyond + ": " + r.body()).isEqualTo(404);
      assertThat(r.fields()).as(beyond).hasSize(1);
      assertThat(r.body()).as("as unknown as one that does not exist").doesNotContain("team you lead");
    }
    assertThat(ok(api.get("/api/v1/reports/agents" + day + "&agent=carol", tina)).getJsonArray("totals"))
        .hasSize(1);

    assertThat(values(ok(api.get("/api/v1/reports/agents" + day, max)).getJsonArray("totals"), "agent"))
        .containsExactly("alice", "bob", "carol", "dave");
    assertThat(values(ok(api.get("/api/v1/reports/teams" + day, max)).getJsonArray("totals"), "team"))
        .containsExactly("tier1", "tier2");
    assertThat(values(ok(api.get("/api/v1/reports/queues" + day, max)).getJsonArray("totals"), "queue"))
        .containsExactly("billing", "sales", "support");
  }

  @Test
  void aTeamLeaderHandlesTheCasesOfItsMembersAndThoseEscalatedToIt() {
    String alices = ok(api.post("/api/v1/cases", alice, "{\"subject\":\"Alice's\",\"department\":\"support\"}"))
        .getString("id");
    String carols = ok(api.post("/api/v1/cases", carol, "{\"subject\":\"Carol's\",\"department\":\"sales\"}"))
        .getString("id");
    assertThat(api.get("/api/v1/cases/" + alices, tina).status()).as("not her team's").isEqualTo(404);
    assertThat(ok(api.get("/api/v1/cases/" + carols, tina)).getString("owner")).isEqualTo("carol");
    List<String> seen = values(ok(api.get("/api/v1/cases", tina)).getJsonArray("items"), "id");
    assertThat(seen).contains(carols).doesNotContain(alices);

    JsonObject escalated = ok(api.post("/api/v1/cases/" + carols + "/escalate", carol, "{\"note\":\"help\"}"));
    assertThat(escalated.getString("owner")).as("tier2's leader").isEqualTo("tina");
    assertThat(values(ok(api.get("/api/v1/cases?owner=me", tina)).getJsonArray("items"), "id")).contains(carols);
    Res toAlice = api.send("PATCH", "/api/v1/cases/" + carols, tina, "application/json", "{\"owner\":\"alice\"}");
    assertThat(toAlice.status()).as(toAlice.body()).isEqualTo(400);
    assertThat(toAlice.fields()).containsExactly("owner");
    assertThat(ok(api.get("/api/v1/cases/" + carols, tina)).getString("owner")).as("nothing changed")
        .isEqualTo("tina");
    assertThat(ok(api.send("PATCH", "/api/v1/cases/" + carols, tina, "application/json", "{\"owner\":\"carol\"}"))
        .getString("owner")).isEqualTo("carol");

    assertThat(ok(api.get("/api/v1/cases/" + alices, max)).getString("owner")).as("a manager sees every case")
        .isEqualTo("alice");
    assertThat(values(ok(api.get("/api/v1/cases", max)).getJsonArray("items"), "id")).contains(alices, carols);
  }

  @Test
  void aTeamLeadersWallboardShowsItsMembersAndTheirQueuesOnly() {
    WebSocketClient client = node.vertx().createWebSocketClient();
    try (WsClient a = WsClient.connect(client, node.httpPort(), alice);
        WsClient c = WsClient.connect(client, node.httpPort(), carol);
        WsClient t = WsClient.connect(client, node.httpPort(), tina);
        WsClient m = WsClient.connect(client, node.httpPort(), max)) {
      for (WsClient agent : List.of(a, c)) {
        agent.next("hello");
        assertThat(agent.request("away", new JsonObject().put("type", "state.set").put("state", "away")
            .put("reason", "break")).getString("type")).isEqualTo("ack");
      }
      assertThat(t.next("hello").getJsonArray("roles").getList()).as("the token carries the role")
          .containsExactly("team-leader");
      m.next("hello");
      assertThat(t.request("s", new JsonObject().put("type", "stats.subscribe")).getString("type")).isEqualTo("ack");
      assertThat(m.request("s", new JsonObject().put("type", "stats.subscribe")).getString("type")).isEqualTo("ack");
      for (int i = 0; i < 2; i++) { // the first push and a periodic one
        JsonObject mine = t.next("stats");
        assertThat(values(mine.getJsonArray("agentList"), "agentId")).containsExactly("carol");
        assertThat(values(mine.getJsonArray("queues"), "queue")).isNotEmpty().isSubsetOf("sales", "billing");
        assertThat(mine.getJsonObject("agents").getInteger("away")).as("carol, not alice").isEqualTo(1);
        JsonObject all = m.next("stats");
        assertThat(values(all.getJsonArray("agentList"), "agentId")).contains("alice", "carol");
        assertThat(values(all.getJsonArray("queues"), "queue")).contains("billing", "sales", "support");
        assertThat(all.getJsonObject("agents").getInteger("away")).isEqualTo(2);
      }
    } finally {
      client.close().await();
    }
  }

  @Test
  void aTeamLeaderMayJoinOnlyItsMembersCalls() {
    WebSocketClient client = node.vertx().createWebSocketClient();
    try (WsClient t = WsClient.connect(client, node.httpPort(), tina);
        WsClient m = WsClient.connect(client, node.httpPort(), max)) {
      t.next("hello");
      m.next("hello");
      JsonObject refused = t.request("1", monitor("alice"));
      assertThat(refused.getString("code")).as(refused.encode()).isEqualTo("forbidden");
      assertThat(refused.getString("field")).isEqualTo("agentId");
      JsonObject hers = t.request("2", monitor("carol"));
      assertThat(hers.getString("code")).as("passes the scope; carol has no call").isEqualTo("no-call");
      JsonObject manager = m.request("3", monitor("alice"));
      assertThat(manager.getString("code")).as("a manager joins any agent's call").isEqualTo("no-call");
    } finally {
      client.close().await();
    }
  }

  /**
   * Carol (tina's team) and alice (not) each take a real ACD call: tina pops, searches, reads and hears carol's only;
   * alice's call, interaction and recording are as unknown to her as ones that do not exist.
   */
  @Test
  void aTeamLeaderReadsItsMembersInteractionsRecordingsAndScreenPopsOnly() throws Exception {
    String nodeId = node.config().nodeId();
    node.acd().setState("demo", "carol", AgentState.AVAILABLE, null, nodeId).await();
    String toCarol = node.acd().enqueue("demo", new CallSpec("ts-carol", "sales", null, Map.of(), null,
        "+15550111", "Carol's caller", null, nodeId)).await().reservedAgent();
    node.acd().setState("demo", "alice", AgentState.AVAILABLE, null, nodeId).await();
    String toAlice = node.acd().enqueue("demo", new CallSpec("ts-alice", "support", null, Map.of(), null,
        "+15550222", "Alice's caller", null, nodeId)).await().reservedAgent();
    try {
      assertThat(List.of(toCarol, toAlice)).containsExactly("carol", "alice");
      assertThat(ok(api.get("/api/v1/screen-pop/ts-carol", tina)).getString("caller")).isEqualTo("+15550111");
      Res othersPop = api.get("/api/v1/screen-pop/ts-alice", tina);
      assertThat(othersPop.status()).as(othersPop.body()).isEqualTo(404);
      assertThat(othersPop.body()).as("as an unknown call").isEqualTo(api.get("/api/v1/screen-pop/ts-none", tina)
          .body().replace("ts-none", "ts-alice"));
      for (String[] call : new String[][] {{"carol", "ts-carol"}, {"alice", "ts-alice"}}) {
        node.acd().accept("demo", call[0], call[1]).await();
        node.acd().hangup("demo", call[0], call[1]).await();
        node.acd().wrapUpDone("demo", call[0], call[1], null, null).await();
      }
    } finally {
      for (String agent : List.of("carol", "alice")) {
        node.acd().setState("demo", agent, AgentState.OFFLINE, null, nodeId).await();
      }
    }
    long deadline = System.currentTimeMillis() + 15_000;
    while (ok(api.get("/api/v1/interactions?caller=%2B15550222", admin)).getJsonArray("items").isEmpty()
        || ok(api.get("/api/v1/interactions?caller=%2B15550111", admin)).getJsonArray("items").isEmpty()) {
      assertThat(System.currentTimeMillis()).as("the calls reach the store of record").isLessThan(deadline);
      Thread.sleep(100);
    }
    List<String> seen = values(ok(api.get("/api/v1/interactions", tina)).getJsonArray("items"), "callId");
    assertThat(seen).contains("ts-carol").doesNotContain("ts-alice");
    assertThat(values(ok(api.get("/api/v1/interactions", max)).getJsonArray("items"), "callId"))
        .contains("ts-carol", "ts-alice");
    assertThat(ok(api.get("/api/v1/interactions/ts-carol", tina)).getJsonArray("legs")).isNotEmpty();
    assertThat(api.get("/api/v1/interactions/ts-alice", tina).status()).isEqualTo(404);
    Res byAlice = api.get("/api/v1/interactions?agent=alice", tina);
    assertThat(byAlice.status()).as(byAlice.body()).isEqualTo(404);
    assertThat(byAlice.fields()).containsExactly("agent");

    byte[] wav = new byte[100];
    for (String[] r : new String[][] {{"ts-rec-carol", "ts-carol", "carol"}, {"ts-rec-alice", "ts-alice", "alice"}}) {
      String key = "demo/team-scopes/" + r[0] + ".wav";
      try (RecordingStore.Upload up = node.recordings().store().create(key)) {
        up.put(wav, new byte[0]);
        up.finish();
      }
      node.recordings().catalog().save(new Recording(r[0], "demo", r[1], r[2], "sales", Instant.now(), Instant.now(),
          1000, Recording.Status.COMPLETE, List.of(), key, wav.length, 2, null));
    }
    assertThat(values(ok(api.get("/api/v1/recordings?callId=ts-carol", tina)).getJsonArray("items"), "id"))
        .containsExactly("ts-rec-carol");
    assertThat(ok(api.get("/api/v1/recordings?callId=ts-alice", tina)).getJsonArray("items")).isEmpty();
    Res part = api.send("GET", "/api/v1/recordings/ts-rec-carol/audio", tina, null, null, "Range", "bytes=0-9");
    assertThat(part.status()).as(part.body()).isEqualTo(206);
    assertThat(part.header("Content-Range")).isEqualTo("bytes 0-9/100");
    assertThat(api.get("/api/v1/recordings/ts-rec-alice/audio", tina).status()).isEqualTo(404);
    try (var c = node.database().dataSource().getConnection(); var q = c.prepareStatement(
        "SELECT recording_id, byte_range FROM recording_listens WHERE user_id = 'tina'")) {
      var rows = q.executeQuery();
      assertThat(rows.next()).as("tina's listen is logged").isTrue();
      assertThat(rows.getString(1) + " " + rows.getString(2)).isEqualTo("ts-rec-carol bytes=0-9");
      assertThat(rows.next()).as("and the refused one is not").isFalse();
    }
  }

  private static JsonObject monitor(String agentId) {
    return new JsonObject().put("type", "monitor.start").put("agentId", agentId).put("mode", "listen")
        .put("sdp", MONITOR_SDP);
  }
}
