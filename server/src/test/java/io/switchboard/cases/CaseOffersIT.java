package io.switchboard.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.Node;
import io.switchboard.signaling.WsClient;
import io.switchboard.support.ApiClient;
import io.switchboard.support.ApiClient.Res;
import io.switchboard.support.SippCaller;
import io.switchboard.support.TestNodes;
import io.switchboard.support.TestPostgres;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cases offered from their department's backlog on a real node (its own PostgreSQL database, the demo tenant, agents
 * over the signaling WebSocket, a real caller from sipp): a case waiting for an owner is offered to one free agent of
 * its queue, exactly once; accepting makes that agent its owner (open, in its history); a rejected offer goes to the
 * next agent; a waiting caller is offered before the case; a case forwarded to another department is offered there;
 * a case the ACD was never told of (changed in the database alone) is offered by the backlog sync; a queue's own
 * offer order ranks its backlog, or keeps it from being offered.
 */
class CaseOffersIT {
  static final String ADMIN_PASSWORD = "case-offers-admin-1";
  static final String BASE = "/api/v1/cases";
  static Node node;
  static ApiClient api;
  static String admin;
  static String sam; // supervisor: its cases wait in the backlog
  static WebSocketClient ws;
  final List<WsClient> open = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    Map<String, String> settings = new HashMap<>(TestNodes.randomRtpPorts(20));
    settings.putAll(Map.of("database.url", TestPostgres.newDatabase("case_offers_it"),
        "bootstrap.admin.password", ADMIN_PASSWORD, "cases.backlog-sync-seconds", "1",
        // a low case due before an urgent one, so the two orders differ
        "cases.due-minutes.low", "30", "cases.due-minutes.urgent", "60"));
    node = TestNodes.loopback("case-offers-it", settings);
    api = new ApiClient(node.httpPort());
    admin = TestNodes.login(node.httpPort(), "demo", "admin", ADMIN_PASSWORD);
    sam = TestNodes.login(node.httpPort(), "sam");
    ws = node.vertx().createWebSocketClient();
  }

  @AfterAll
  static void stop() {
    if (ws != null) {
      ws.close().await();
    }
    if (node != null) {
      node.stop();
    }
  }

  /** Agents log out, and every case still active is closed: nothing waits in a backlog for the next test. */
  @AfterEach
  void cleanUp() {
    open.forEach(WsClient::close);
    JsonArray active = new JsonObject(api.send("GET", BASE + "?active=true&limit=200", admin, null, null).body())
        .getJsonArray("items");
    for (int i = 0; i < active.size(); i++) {
      String id = active.getJsonObject(i).getString("id");
      assertThat(api.send("PATCH", BASE + "/" + id, admin, "application/json", "{\"status\":\"closed\"}").status())
          .isEqualTo(200);
    }
  }

  private WsClient agent(String id) throws Exception {
    WsClient c = WsClient.connect(ws, node.httpPort(), TestNodes.login(node.httpPort(), id));
    open.add(c);
    c.next("hello");
    return c;
  }

  private static void state(WsClient a, String state) {
    assertThat(a.request("s", new JsonObject().put("type", "state.set").put("state", state)).getString("type"))
        .isEqualTo("ack");
  }

  private static JsonObject msg(String type, String callId) {
    return new JsonObject().put("type", type).put("callId", callId);
  }

  private static boolean offerOf(JsonObject m, String caseId) {
    return "call.offered".equals(m.getString("type")) && caseId.equals(String.valueOf(m.getValue("caseId")));
  }

  private String newCase(String subject, String department, String priority) {
    Res r = api.send("POST", BASE, sam, "application/json", new JsonObject().put("subject", subject)
        .put("department", department).put("priority", priority).encode());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    JsonObject k = new JsonObject(r.body());
    assertThat(k.getValue("owner")).as("a supervisor's case waits in the backlog").isNull();
    return k.getString("id");
  }

  private JsonObject read(String id) {
    Res r = api.send("GET", BASE + "/" + id, admin, null, null);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body());
  }

  @Test
  void aCaseIsOfferedToOneFreeAgentOnceAndAcceptingMakesItTheOwner() throws Exception {
    WsClient alice = agent("alice");
    WsClient bob = agent("bob");
    state(alice, "available");
    state(bob, "available");
    String id = newCase("Refund for order 1234", "support", "high");

    Map<WsClient, List<JsonObject>> offers = new HashMap<>();
    for (WsClient a : List.of(alice, bob)) {
      offers.put(a, a.drain(1500).stream().filter(m -> offerOf(m, id)).toList());
    }
    assertThat(offers.get(alice).size() + offers.get(bob).size()).as("exactly one agent, exactly once").isEqualTo(1);
    WsClient taker = offers.get(alice).isEmpty() ? bob : alice;
    JsonObject offer = offers.get(taker).get(0);
    assertThat(offer.getString("callId")).isEqualTo("case-" + id);
    assertThat(offer.getString("queue")).isEqualTo("support");
    assertThat(offer.getString("subject")).isEqualTo("Refund for order 1234");
    assertThat(offer.getString("casePriority")).isEqualTo("high");
    assertThat(offer.getLong("dueAt")).isEqualTo(java.time.Instant.parse(read(id).getString("dueAt")).toEpochMilli());

    String agentId = taker == alice ? "alice" : "bob";
    assertThat(taker.request("acc", msg("call.accept", "case-" + id)).getString("type")).isEqualTo("ack");
    JsonObject k = read(id);
    assertThat(k.getString("owner")).isEqualTo(agentId);
    assertThat(k.getString("status")).as("a new case taken is open").isEqualTo("open");
    JsonObject last = k.getJsonArray("history").getJsonObject(k.getJsonArray("history").size() - 1);
    assertThat(last.getString("actor")).isEqualTo(agentId);
    assertThat(last.getJsonObject("changes").getJsonObject("owner").getValue("to")).isEqualTo(agentId);

    assertThat(taker.request("done", msg("call.hangup", "case-" + id)).getString("type")).isEqualTo("ack");
    taker.await(m -> "agent.state".equals(m.getString("type")) && "available".equals(m.getString("state")));
    assertThat(read(id).getString("owner")).as("still its own after the work item ends").isEqualTo(agentId);
    assertThat(alice.drain(500).stream().filter(m -> offerOf(m, id)).toList()).as("never offered again").isEmpty();
    assertThat(bob.drain(0).stream().filter(m -> offerOf(m, id)).toList()).isEmpty();
  }

  @Test
  void aRejectedCaseGoesToTheNextAgent() throws Exception {
    WsClient alice = agent("alice");
    WsClient bob = agent("bob");
    state(alice, "away");
    state(bob, "available");
    String id = newCase("Broken headset", "support", "normal");
    bob.await(m -> offerOf(m, id));
    state(alice, "available");
    assertThat(alice.drain(500).stream().filter(m -> offerOf(m, id)).toList()).as("not while bob holds it").isEmpty();

    assertThat(bob.request("rej", msg("call.reject", "case-" + id)).getString("type")).isEqualTo("ack");
    alice.await(m -> offerOf(m, id));
    assertThat(alice.request("acc", msg("call.accept", "case-" + id)).getString("type")).isEqualTo("ack");
    assertThat(read(id).getString("owner")).isEqualTo("alice");
    assertThat(alice.request("done", msg("call.hangup", "case-" + id)).getString("type")).isEqualTo("ack");
  }

  @Test
  void aWaitingCallerIsOfferedBeforeACase() throws Exception {
    WsClient bob = agent("bob");
    state(bob, "away");
    String id = newCase("Call me back about my invoice", "support", "urgent");
    try (SippCaller caller = SippCaller.dial("+15550100", node.sipPort())) {
      await().atMost(Duration.ofSeconds(15)).until(() -> node.acd().stats("demo").await().queues().stream()
          .anyMatch(q -> q.queue().equals("support") && q.waiting() == 1));
      state(bob, "available");
      JsonObject first = bob.next("call.offered");
      assertThat(first.containsKey("caseId")).as("the caller first: " + first).isFalse();
      String callId = first.getString("callId");
      assertThat(bob.request("acc", msg("call.accept", callId)).getString("type")).isEqualTo("ack");
      assertThat(bob.drain(300).stream().filter(m -> offerOf(m, id)).toList()).as("not while on the call").isEmpty();
      assertThat(bob.request("hup", msg("call.hangup", callId)).getString("type")).isEqualTo("ack");
      caller.assertHungUpByNode(10);
      bob.await(m -> "agent.state".equals(m.getString("type")) && "wrap-up".equals(m.getString("state")));
      assertThat(bob.request("w", msg("wrapup.done", callId).put("disposition", "resolved")).getString("type"))
          .isEqualTo("ack");
      bob.await(m -> offerOf(m, id));
    }
  }

  @Test
  void aCaseTheAcdWasNeverToldOfIsOfferedByTheBacklogSync() throws Exception {
    WsClient bob = agent("bob");
    state(bob, "available");
    Res mine = api.send("POST", BASE, TestNodes.login(node.httpPort(), "alice"), "application/json",
        "{\"subject\":\"Written behind the node's back\",\"department\":\"support\"}");
    assertThat(mine.status()).as(mine.body()).isEqualTo(201);
    String id = new JsonObject(mine.body()).getString("id");
    assertThat(bob.drain(500).stream().filter(m -> offerOf(m, id)).toList()).as("alice's: in no backlog").isEmpty();

    try (Connection c = node.database().dataSource().getConnection(); Statement s = c.createStatement()) {
      assertThat(s.executeUpdate("UPDATE cases SET owner = NULL WHERE tenant = 'demo' AND id = " + id)).isOne();
    }
    bob.await(m -> offerOf(m, id), Duration.ofSeconds(10));
    assertThat(bob.request("acc", msg("call.accept", "case-" + id)).getString("type")).isEqualTo("ack");
    assertThat(read(id).getString("owner")).isEqualTo("bob");
    assertThat(bob.request("done", msg("call.hangup", "case-" + id)).getString("type")).isEqualTo("ack");
    assertThat(bob.drain(2500).stream().filter(m -> offerOf(m, id)).toList()).as("owned: never again").isEmpty();
  }

  @Test
  void aForwardedCaseIsOfferedInTheOtherDepartment() throws Exception {
    WsClient carol = agent("carol"); // sales, billing
    state(carol, "available");
    String id = newCase("Charged twice", "support", "normal");
    assertThat(carol.drain(500).stream().filter(m -> offerOf(m, id)).toList()).as("not carol's queue").isEmpty();

    Res fwd = api.send("POST", BASE + "/" + id + "/forward", sam, "application/json",
        "{\"department\":\"billing\",\"note\":\"billing refunds\"}");
    assertThat(fwd.status()).as(fwd.body()).isEqualTo(200);
    JsonObject offer = carol.await(m -> offerOf(m, id));
    assertThat(offer.getString("queue")).isEqualTo("billing");
    assertThat(carol.request("acc", msg("call.accept", "case-" + id)).getString("type")).isEqualTo("ack");
    JsonObject k = read(id);
    assertThat(k.getString("owner")).isEqualTo("carol");
    assertThat(k.getString("department")).isEqualTo("billing");
    assertThat(carol.request("done", msg("call.hangup", "case-" + id)).getString("type")).isEqualTo("ack");
  }

  /** Sets queue {@code id}'s {@code caseOfferOrder} through the admin API (null: the node's). */
  private void queueOrder(String id, String order) {
    JsonObject q = new JsonObject(api.send("GET", "/api/v1/queues/" + id, admin, null, null).body());
    Res r = api.send("PUT", "/api/v1/queues/" + id, admin, "application/json", q.put("caseOfferOrder", order).encode());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(new JsonObject(r.body()).getValue("caseOfferOrder")).isEqualTo(order);
  }

  private static String caseOf(JsonObject offer) {
    return String.valueOf(offer.getValue("caseId"));
  }

  @Test
  void aQueuesOwnOfferOrderRanksItsBacklogOrKeepsItFromAgents() throws Exception {
    String urgentSupport = newCase("Urgent, due later", "support", "urgent");
    String lowSupport = newCase("Low, due first", "support", "low");
    queueOrder("billing", "due");
    try {
      String urgentBilling = newCase("Urgent, due later", "billing", "urgent");
      String lowBilling = newCase("Low, due first", "billing", "low");
      assertThat(read(lowBilling).getString("dueAt")).isLessThan(read(urgentBilling).getString("dueAt"));
      WsClient bob = agent("bob"); // support: the node's cases.offer-order, priority
      state(bob, "available");
      assertThat(caseOf(bob.next("call.offered"))).as("the most urgent first").isEqualTo(urgentSupport);
      WsClient carol = agent("carol"); // billing, which sets due
      state(carol, "available");
      assertThat(caseOf(carol.next("call.offered"))).as("the earliest due first").isEqualTo(lowBilling);

      assertThat(bob.request("acc", msg("call.accept", "case-" + urgentSupport)).getString("type")).isEqualTo("ack");
      queueOrder("support", "off");
      Thread.sleep(2500); // cases.backlog-sync-seconds: the low case is withdrawn from the ACD
      assertThat(bob.request("done", msg("call.hangup", "case-" + urgentSupport)).getString("type"))
          .isEqualTo("ack");
      bob.await(m -> "agent.state".equals(m.getString("type")) && "available".equals(m.getString("state")));
      assertThat(bob.drain(2500).stream().filter(m -> offerOf(m, lowSupport)).toList()).as("support offers none")
          .isEmpty();
      queueOrder("support", null);
      bob.await(m -> offerOf(m, lowSupport), Duration.ofSeconds(10));
    } finally {
      queueOrder("billing", null);
      queueOrder("support", null);
    }
  }
}
