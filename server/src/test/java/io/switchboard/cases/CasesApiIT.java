package io.switchboard.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.Node;
import io.switchboard.directory.Kind;
import io.switchboard.support.ApiClient;
import io.switchboard.support.ApiClient.Res;
import io.switchboard.support.TestNodes;
import io.switchboard.support.TestPostgres;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cases on a real node (its own PostgreSQL database, real logins, the demo tenant): created from a call by an agent,
 * forwarded to another department whose agent then sees it and the first no longer does, escalated to the team
 * leader and then the manager, escalated by itself when its due time passes, refused changes naming the field with
 * nothing changed, every change in the history, what agents may see, and the changes queued for a webhook.
 */
class CasesApiIT {
  static final String ADMIN_PASSWORD = "cases-admin-1";
  static final String OTHER_PASSWORD = "cases-other-1";
  static final String BASE = "/api/v1/cases";
  static Node node;
  static ApiClient api;
  static String admin;
  static String alice; // agent: support, sales; team tier1
  static String bob;   // agent: support; leader of tier1
  static String carol; // agent: sales, billing
  static String sam;   // supervisor; manager of tier1
  static String olga;  // admin of another tenant

  @BeforeAll
  static void start() throws Exception {
    node = TestNodes.loopback("cases-it", Map.of("database.url", TestPostgres.newDatabase("cases_it"),
        "bootstrap.admin.password", ADMIN_PASSWORD, "cases.breach-check-seconds", "1", "webhooks.refresh-ms", "100"));
    int port = node.httpPort();
    api = new ApiClient(port);
    admin = TestNodes.login(port, "demo", "admin", ADMIN_PASSWORD);
    alice = TestNodes.login(port, "alice");
    bob = TestNodes.login(port, "bob");
    carol = TestNodes.login(port, "carol");
    sam = TestNodes.login(port, "sam");
    Res team = api.send("PUT", "/api/v1/teams/tier1", admin, "application/json",
        "{\"name\":\"Tier 1\",\"leader\":\"bob\",\"manager\":\"sam\"}");
    assertThat(team.status()).as(team.body()).isEqualTo(200);
    node.directory().createTenant("other").await();
    node.directory().put("other", Kind.AGENT, "olga", new JsonObject().put("username", "olga")
        .put("roles", new JsonArray().add("admin")).put("password", OTHER_PASSWORD), null).await();
    olga = TestNodes.login(port, "other", "olga", OTHER_PASSWORD);
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.stop();
    }
  }

  @Test
  void aCaseFromACallIsForwardedAndTheOtherDepartmentGetsIt() {
    JsonObject created = ok(201, api.send("POST", BASE, alice, "application/json", new JsonObject()
        .put("subject", "Refund for order 1234").put("description", "Charged twice").put("department", "support")
        .put("priority", "high").put("callId", "call-refund-1").encode()));
    String id = created.getString("id");
    assertThat(created.getString("owner")).as("an agent's new case is its own").isEqualTo("alice");
    assertThat(created.getString("status")).isEqualTo("new");
    assertThat(created.getJsonArray("callIds")).containsExactly("call-refund-1");
    assertThat(created.getBoolean("overdue")).isFalse();

    JsonObject forwarded = ok(200, api.send("POST", BASE + "/" + id + "/forward", alice, "application/json",
        "{\"department\":\"billing\",\"note\":\"billing refunds orders\"}"));
    assertThat(forwarded.getString("department")).isEqualTo("billing");
    assertThat(forwarded.getValue("owner")).as("waits in billing's backlog").isNull();
    assertThat(api.send("GET", BASE + "/" + id, alice, null, null).status())
        .as("alice is in neither the case nor billing any more").isEqualTo(404);

    List<String> backlog = ids(api.send("GET", BASE + "?department=billing&active=true", carol, null, null));
    assertThat(backlog).as("billing's agent sees it in the backlog").contains(id);
    JsonObject taken = ok(200, api.send("PATCH", BASE + "/" + id, carol, "application/json",
        "{\"owner\":\"carol\",\"status\":\"open\"}"));
    assertThat(taken.getString("owner")).isEqualTo("carol");
    assertThat(ids(api.send("GET", BASE + "?owner=me", carol, null, null))).contains(id);

    JsonObject full = ok(200, api.send("GET", BASE + "/" + id, carol, null, null));
    List<String> actions = new ArrayList<>();
    full.getJsonArray("history").forEach(h -> actions.add(((JsonObject) h).getString("action")));
    assertThat(actions).containsExactly("created", "forwarded", "updated");
    JsonObject fwd = full.getJsonArray("history").getJsonObject(1);
    assertThat(fwd.getString("actor")).isEqualTo("alice");
    assertThat(fwd.getString("note")).isEqualTo("billing refunds orders");
    assertThat(fwd.getJsonObject("changes").getJsonObject("department").getMap())
        .isEqualTo(Map.of("from", "support", "to", "billing"));

    Res unknown = api.send("POST", BASE + "/" + id + "/forward", carol, "application/json",
        "{\"department\":\"nowhere\"}");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.fields()).containsExactly("department");
    assertThat(unknown.body()).contains("no such queue 'nowhere'");
    assertThat(ok(200, api.send("GET", BASE + "/" + id, carol, null, null)).getString("department"))
        .as("nothing changed").isEqualTo("billing");
  }

  @Test
  void escalationGoesToTheLeaderThenTheManagerThenRefuses() {
    String id = ok(201, api.send("POST", BASE, alice, "application/json",
        "{\"subject\":\"Angry customer\",\"department\":\"support\"}")).getString("id");
    JsonObject toLeader = ok(200, api.send("POST", BASE + "/" + id + "/escalate", alice, "application/json",
        "{\"note\":\"wants a manager\"}"));
    assertThat(toLeader.getString("owner")).isEqualTo("bob");
    assertThat(toLeader.getInteger("escalations")).isEqualTo(1);
    JsonObject toManager = ok(200, api.send("POST", BASE + "/" + id + "/escalate", bob, "application/json", "{}"));
    assertThat(toManager.getString("owner")).isEqualTo("sam");
    Res none = api.send("POST", BASE + "/" + id + "/escalate", sam, "application/json", "{}");
    assertThat(none.status()).isEqualTo(400);
    assertThat(none.fields()).containsExactly("owner");
    assertThat(none.body()).contains("team 'tier1' has no one above 'sam'");
    assertThat(ok(200, api.send("GET", BASE + "/" + id, sam, null, null)).getInteger("escalations"))
        .as("nothing changed").isEqualTo(2);
  }

  @Test
  void aPassedDueTimeEscalatesByItself() throws Exception {
    String id = ok(201, api.send("POST", BASE, alice, "application/json",
        "{\"subject\":\"Urgent outage\",\"department\":\"support\",\"priority\":\"urgent\"}")).getString("id");
    try (Connection c = node.database().dataSource().getConnection(); Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE cases SET due_at = now() - interval '1 minute' WHERE tenant = 'demo' AND id = " + id);
    }
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
        assertThat(ok(200, api.send("GET", BASE + "/" + id, admin, null, null)).getString("owner")).isEqualTo("bob"));
    JsonObject full = ok(200, api.send("GET", BASE + "/" + id, admin, null, null));
    assertThat(full.getBoolean("overdue")).isTrue();
    JsonObject last = full.getJsonArray("history").getJsonObject(full.getJsonArray("history").size() - 1);
    assertThat(last.getString("actor")).isEqualTo("system");
    assertThat(last.getString("action")).isEqualTo("escalated");
    assertThat(last.getString("note")).isEqualTo("due time passed");
    assertThat(ids(api.send("GET", BASE + "?overdue=true", admin, null, null))).contains(id);
    Thread.sleep(2_500);
    assertThat(ok(200, api.send("GET", BASE + "/" + id, admin, null, null)).getJsonArray("history"))
        .as("escalated once, not at every check").hasSize(full.getJsonArray("history").size());
  }

  @Test
  void refusedChangesNameTheFieldAndChangeNothing() {
    JsonObject k = ok(201, api.send("POST", BASE, sam, "application/json",
        "{\"subject\":\"Lost parcel\",\"department\":\"support\",\"status\":\"open\"}"));
    String id = k.getString("id");
    assertThat(k.getValue("owner")).as("a supervisor's new case waits in the backlog").isNull();
    ok(200, api.send("PATCH", BASE + "/" + id, sam, "application/json", "{\"status\":\"closed\"}"));
    Res pending = api.send("PATCH", BASE + "/" + id, sam, "application/json", "{\"status\":\"pending\"}");
    assertThat(pending.status()).isEqualTo(400);
    assertThat(pending.fields()).containsExactly("status");
    assertThat(pending.body()).contains("a closed case cannot become pending").contains("reopen it first");
    JsonObject reopened = ok(200, api.send("PATCH", BASE + "/" + id, sam, "application/json",
        "{\"status\":\"open\"}"));
    assertThat(reopened.getValue("closedAt")).isNull();

    long version = reopened.getLong("version");
    Res stale = api.send("PATCH", BASE + "/" + id, sam, "application/json", "{\"priority\":\"low\"}",
        "If-Match", "\"" + (version - 1) + "\"");
    assertThat(stale.status()).isEqualTo(412);
    JsonObject low = ok(200, api.send("PATCH", BASE + "/" + id, sam, "application/json", "{\"priority\":\"low\"}",
        "If-Match", "\"" + version + "\""));
    assertThat(java.time.Instant.parse(low.getString("dueAt")))
        .as("a new priority moves the due time").isAfter(java.time.Instant.parse(reopened.getString("dueAt")));

    assertThat(bad(api.send("POST", BASE, sam, "application/json", "{\"subject\":\"x\",\"department\":\"nope\"}")))
        .containsExactly("department");
    assertThat(bad(api.send("POST", BASE, sam, "application/json", "{\"department\":\"support\"}")))
        .containsExactly("subject");
    assertThat(bad(api.send("POST", BASE, sam, "application/json",
        "{\"subject\":\"x\",\"department\":\"support\",\"customerId\":\"" + java.util.UUID.randomUUID() + "\"}")))
        .containsExactly("customerId");
    assertThat(bad(api.send("PATCH", BASE + "/" + id, alice, "application/json", "{\"owner\":\"bob\"}")))
        .as("an agent gives a case only to itself").containsExactly("owner");
    assertThat(bad(api.send("GET", BASE + "?status=lost", sam, null, null))).containsExactly("status");
    assertThat(ok(200, api.send("GET", BASE + "/" + id, sam, null, null)).getLong("version"))
        .isEqualTo(low.getLong("version"));
  }

  @Test
  void searchFiltersByPriorityAndEveryoneListsTheDepartments() {
    String urgent = ok(201, api.send("POST", BASE, alice, "application/json",
        "{\"subject\":\"Filter probe urgent\",\"department\":\"support\",\"priority\":\"urgent\"}")).getString("id");
    String low = ok(201, api.send("POST", BASE, alice, "application/json",
        "{\"subject\":\"Filter probe low\",\"department\":\"support\",\"priority\":\"low\"}")).getString("id");
    assertThat(ids(api.send("GET", BASE + "?q=filter%20probe&priority=urgent", alice, null, null)))
        .containsExactly(urgent);
    assertThat(ids(api.send("GET", BASE + "?q=filter%20probe&priority=low&owner=me", alice, null, null)))
        .containsExactly(low);
    assertThat(bad(api.send("GET", BASE + "?priority=asap", alice, null, null))).containsExactly("priority");

    // an agent may not read the directory's queues, but picks where to forward a case from this list
    assertThat(api.send("GET", "/api/v1/queues", alice, null, null).status()).isEqualTo(403);
    JsonArray departments = ok(200, api.send("GET", "/api/v1/case-departments", alice, null, null))
        .getJsonArray("items");
    assertThat(departments.stream().map(o -> ((JsonObject) o).getString("id")).toList())
        .contains("support", "sales", "billing");
    assertThat(departments.getJsonObject(0).fieldNames()).containsExactlyInAnyOrder("id", "name");
    assertThat(ok(200, api.send("GET", "/api/v1/case-departments", olga, null, null)).getJsonArray("items"))
        .as("another tenant's queues").isEmpty();
  }

  @Test
  void whoSeesWhat() {
    String billing = ok(201, api.send("POST", BASE, admin, "application/json",
        "{\"subject\":\"Invoice copy\",\"department\":\"billing\"}")).getString("id");
    assertThat(api.send("GET", BASE + "/" + billing, bob, null, null).status()).as("not bob's queue").isEqualTo(404);
    assertThat(ids(api.send("GET", BASE, bob, null, null))).doesNotContain(billing);
    assertThat(api.send("GET", BASE + "/" + billing, carol, null, null).status()).isEqualTo(200);
    assertThat(api.send("GET", BASE + "/" + billing, olga, null, null).status()).as("another tenant").isEqualTo(404);
    assertThat(api.send("POST", BASE + "/" + billing + "/escalate", olga, "application/json", "{}").status())
        .isEqualTo(404);
    assertThat(api.send("GET", BASE, null, null, null).status()).isEqualTo(401);
  }

  @Test
  void changesAreQueuedForAWebhookInTheirTransaction() throws Exception {
    Res hook = api.send("PUT", "/api/v1/webhooks/cases", admin, "application/json", new JsonObject()
        .put("name", "cases").put("url", "https://crm.example/cases").put("enabled", true)
        .put("events", new JsonArray().add("case.created").add("case.escalated"))
        .put("secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").encode());
    assertThat(hook.status()).as(hook.body()).isEqualTo(201);
    Thread.sleep(300);  // webhooks.refresh-ms: the node sees the new webhook
    String id = ok(201, api.send("POST", BASE, alice, "application/json",
        "{\"subject\":\"Webhook me\",\"department\":\"support\"}")).getString("id");
    ok(200, api.send("POST", BASE + "/" + id + "/escalate", alice, "application/json", "{}"));
    ok(200, api.send("PATCH", BASE + "/" + id, bob, "application/json", "{\"status\":\"open\"}"));
    JsonArray items = ok(200, api.send("GET", "/api/v1/webhooks/cases/deliveries", admin, null, null))
        .getJsonArray("items");
    List<String> events = new ArrayList<>();
    items.forEach(d -> events.add(((JsonObject) d).getString("eventType") + " " + ((JsonObject) d)
        .getString("eventId").replaceAll("-[0-9]+$", "")));
    assertThat(events).as("case.updated is not subscribed")
        .containsExactlyInAnyOrder("case.created case-" + id, "case.escalated case-" + id);
  }

  private static JsonObject ok(int status, Res r) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    return r.json();
  }

  private static List<String> bad(Res r) {
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    return r.fields();
  }

  private static List<String> ids(Res r) {
    List<String> out = new ArrayList<>();
    ok(200, r).getJsonArray("items").forEach(o -> out.add(((JsonObject) o).getString("id")));
    return out;
  }
}
