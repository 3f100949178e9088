package io.switchboard.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.acd.AgentState;
import io.switchboard.acd.TenantStats;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code stats} message: the documented fields plus {@code agentList} and {@code callList}, absent values left out. */
class StatsPusherTest {

  @Test
  void statsMessageKeepsTheQueueAndCountFieldsAndAddsTheAgentList() {
    TenantStats stats = new TenantStats(1_767_224_702_000L,
        List.of(new TenantStats.QueueStats("support", 3, 41, 120, 97, 81, 6, 0, 78.64)),
        Map.of(AgentState.ON_CALL, 1, AgentState.AWAY, 1),
        List.of(
            new TenantStats.AgentEntry("a1", "Ann", AgentState.ON_CALL, 1_000L, null, "c7", "eu"),
            new TenantStats.AgentEntry("a2", null, AgentState.AWAY, 2_000L, "lunch", null)),
        List.of(
            new TenantStats.CallEntry("c7", "support", "connected", "us", 900L, "a1"),
            new TenantStats.CallEntry("c8", "support", "waiting", null, 950L, null)));

    JsonObject m = StatsPusher.message(stats);

    assertThat(m.fieldNames()).containsExactlyInAnyOrder("type", "at", "queues", "agents", "agentList", "callList");
    assertThat(m.getString("type")).isEqualTo("stats");
    assertThat(m.getLong("at")).isEqualTo(1_767_224_702_000L);
    assertThat(m.getJsonArray("queues").getJsonObject(0).getInteger("waiting")).isEqualTo(3);
    assertThat(m.getJsonObject("agents").getInteger("on-call")).isEqualTo(1);
    assertThat(m.getJsonObject("agents").getInteger("available")).isZero();
    assertThat(m.getJsonArray("agentList")).isEqualTo(new JsonArray()
        .add(new JsonObject().put("agentId", "a1").put("name", "Ann").put("state", "on-call").put("since", 1_000L)
            .put("callId", "c7").put("region", "eu"))
        .add(new JsonObject().put("agentId", "a2").put("state", "away").put("since", 2_000L).put("reason", "lunch")));
    assertThat(m.getJsonArray("callList")).isEqualTo(new JsonArray()
        .add(new JsonObject().put("callId", "c7").put("queue", "support").put("state", "connected").put("region", "us")
            .put("enqueuedAt", 900L).put("agentId", "a1"))
        .add(new JsonObject().put("callId", "c8").put("queue", "support").put("state", "waiting")
            .put("enqueuedAt", 950L)));
  }

  @Test
  void statsWithoutAnAgentListSendAnEmptyList() {
    JsonObject m = StatsPusher.message(new TenantStats(5L, List.of(), Map.of()));
    assertThat(m.getJsonArray("agentList")).isEmpty();
    assertThat(m.getJsonArray("callList")).isEmpty();
  }
}
