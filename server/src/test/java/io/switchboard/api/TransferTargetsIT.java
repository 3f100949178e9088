package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.Node;
import io.switchboard.acd.AgentState;
import io.switchboard.acd.CallSpec;
import io.switchboard.directory.Kind;
import io.switchboard.support.ApiClient;
import io.switchboard.support.ApiClient.Res;
import io.switchboard.support.TestNodes;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * GET /api/v1/transfer-targets on a real node (its Redis ACD and directory): an agent sees its tenant's voice queues
 * with the calls waiting and its colleagues (never itself, never a user without the agent role) with the presence
 * the ACD holds now, available first; a change of state shows at the next read; another tenant's agents, even one
 * with a colleague's id, never appear.
 */
class TransferTargetsIT {
  static final String TENANT = "demo";
  static Node node;
  static ApiClient api;

  @BeforeAll
  static void start() throws Exception {
    node = TestNodes.loopback("transfer-targets-it", Map.of());
    api = new ApiClient(node.httpPort());
    await(node.directory().createTenant("other"));
    for (String id : List.of("carol", "zed")) {
      await(node.directory().put("other", Kind.AGENT, id, new JsonObject().put("username", id)
          .put("displayName", "Other " + id).put("roles", new JsonArray().add("agent")).put("password", "other-pass-1"),
          null));
      await(node.acd().setState("other", id, AgentState.AVAILABLE, null, node.config().nodeId()));
    }
    await(node.directory().put(TENANT, Kind.QUEUE, "web", new JsonObject().put("name", "Web chat")
        .put("channel", "chat").put("widgetOrigins", new JsonArray().add("http://127.0.0.1:9")), null));
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.stop();
    }
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  static JsonObject targets(String token) {
    Res r = api.get("/api/v1/transfer-targets", token);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  static List<String> ids(JsonArray items) {
    return items.stream().map(o -> ((JsonObject) o).getString("id")).toList();
  }

  static JsonObject agent(JsonObject body, String id) {
    return body.getJsonArray("agents").stream().map(JsonObject.class::cast).filter(a -> a.getString("id").equals(id))
        .findFirst().orElseThrow();
  }

  @Test
  void presenceChangesShowAndOtherTenantsNeverAppear() throws Exception {
    String bob = TestNodes.login(node.httpPort(), "bob");
    String nodeId = node.config().nodeId();
    JsonObject before = targets(bob);
    assertThat(ids(before.getJsonArray("queues"))).as("voice queues by name")
        .containsExactly("billing", "sales", "support");
    assertThat(ids(before.getJsonArray("agents"))).as("colleagues by name, all offline, no bob, no sam")
        .containsExactly("alice", "carol", "dave");
    assertThat(agent(before, "carol").getString("presence")).as("the other tenant's carol is available")
        .isEqualTo("offline");
    assertThat(agent(before, "carol").getString("name")).isEqualTo("Carol Cruz");
    assertThat(agent(before, "carol").getString("team")).isEqualTo("tier1");

    await(node.acd().setState(TENANT, "dave", AgentState.AVAILABLE, null, nodeId));
    await(node.acd().setState(TENANT, "alice", AgentState.AVAILABLE, null, nodeId));
    await(node.acd().setState(TENANT, "alice", AgentState.AWAY, "lunch", nodeId));
    JsonObject after = targets(bob);
    assertThat(ids(after.getJsonArray("agents"))).as("available first, then away, then offline")
        .containsExactly("dave", "alice", "carol");
    assertThat(agent(after, "dave").getString("presence")).isEqualTo("available");
    assertThat(agent(after, "alice").getString("presence")).isEqualTo("away");
    assertThat(agent(after, "alice").getString("reason")).isEqualTo("lunch");
    assertThat(agent(after, "dave").containsKey("reason")).isFalse();

    await(node.acd().setState(TENANT, "dave", AgentState.OFFLINE, null, nodeId));
    await(node.acd().setState(TENANT, "alice", AgentState.OFFLINE, null, nodeId));
    assertThat(agent(targets(bob), "dave").getString("presence")).isEqualTo("offline");
  }

  @Test
  void aWaitingCallCountsInItsQueueAndEveryRoleMayRead() throws Exception {
    var queued = await(node.acd().enqueue(TENANT, new CallSpec("tt-waiting", "billing", null, Map.of(), null,
        "+15550109", null, null, node.config().nodeId())));
    try {
      JsonObject body = targets(TestNodes.login(node.httpPort(), "sam"));
      JsonObject billing = body.getJsonArray("queues").getJsonObject(0);
      assertThat(billing.getString("id")).isEqualTo("billing");
      assertThat(billing.getInteger("waiting")).as(queued.toString()).isEqualTo(1);
      assertThat(body.getJsonArray("queues").getJsonObject(1).getInteger("waiting")).isZero();
      assertThat(ids(body.getJsonArray("agents"))).as("sam is no agent; every agent listed")
          .containsExactlyInAnyOrder("alice", "bob", "carol", "dave");
    } finally {
      await(node.acd().callerHangup(TENANT, "tt-waiting"));
    }
    assertThat(api.get("/api/v1/transfer-targets", null).status()).isEqualTo(401);
  }
}
