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
        List.of(new TenantStats.QueueStats("support", 3, 41, 120, 97, 81, 6, 0,
            new TenantStats.QueueGoals(80, 20, 30, null, null))),
        Map.of(AgentState.ON_CALL, 1, AgentState.AWAY, 1),
        List.of(
            new TenantStats.AgentEntry("a1", "Ann", AgentState.ON_CALL, 1_000L, null, "c7", "eu"),
            new TenantStats.AgentEntry("a2", null, AgentState.AWAY, 2_000L, "lunch", null)),
        List.of(
            new TenantStats.CallEntry("c7", "support", "connected", "us", 900L, "a1",
                List.of(new TenantStats.Monitor("sam", "barge"), new TenantStats.Monitor("mona", "listen"))),
            new TenantStats.CallEntry("c8", "support", "waiting", null, 950L, null)));

    JsonObject m = StatsPusher.message(stats);

    assertThat(m.fieldNames()).containsExactlyInAnyOrder("type", "at", "queues", "agents", "agentList", "callList");
    assertThat(m.getString("type")).isEqualTo("stats");
    assertThat(m.getLong("at")).isEqualTo(1_767_224_702_000L);
    JsonObject support = m.getJsonArray("queues").getJsonObject(0);
    assertThat(support.getInteger("waiting")).isEqualTo(3);
    assertThat(support.getDouble("serviceLevelPercent")).isCloseTo(78.64, org.assertj.core.data.Offset.offset(0.01));
    assertThat(support.getDouble("abandonPercent")).isEqualTo(5.0);
    assertThat(support.getJsonObject("goals")).isEqualTo(new JsonObject().put("serviceLevelPercent", 80)
        .put("serviceLevelSeconds", 20).put("asaSeconds", 30));
    assertThat(m.getJsonObject("agents").getInteger("on-call")).isEqualTo(1);
    assertThat(m.getJsonObject("agents").getInteger("available")).isZero();
    assertThat(m.getJsonArray("agentList")).isEqualTo(new JsonArray()
        .add(new JsonObject().put("agentId", "a1").put("name", "Ann").put("state", "on-call").put("since", 1_000L)
            .put("callId", "c7").put("region", "eu"))
        .add(new JsonObject().put("agentId", "a2").put("state", "away").put("since", 2_000L).put("reason", "lunch")));
    assertThat(m.getJsonArray("callList")).isEqualTo(new JsonArray()
        .add(new JsonObject().put("callId", "c7").put("queue", "support").put("state", "connected").put("region", "us")
            .put("enqueuedAt", 900L).put("agentId", "a1").put("monitors", new JsonArray()
                .add(new JsonObject().put("supervisorId", "sam").put("mode", "barge"))
                .add(new JsonObject().put("supervisorId", "mona").put("mode", "listen"))))
        .add(new JsonObject().put("callId", "c8").put("queue", "support").put("state", "waiting")
            .put("enqueuedAt", 950L)));
  }

  @Test
  void queueRatesAreNullUntilThereIsSomethingToMeasureAndGoalsLeaveUnsetOnesOut() {
    TenantStats stats = new TenantStats(5L, List.of(
        new TenantStats.QueueStats("fresh", 0, 0, 0, 0, 0, 0, 0, new TenantStats.QueueGoals(90, 10, null, 5, 300)),
        new TenantStats.QueueStats("ringing", 2, 7, 2, 0, 0, 0, 0, null),
        new TenantStats.QueueStats("busy", 0, 0, 8, 6, 3, 2, 0, new TenantStats.QueueGoals(80, 20, null, null, null))),
        Map.of());

    JsonArray queues = StatsPusher.message(stats).getJsonArray("queues");

    JsonObject fresh = queues.getJsonObject(0);
    assertThat(fresh.containsKey("serviceLevelPercent")).isTrue();
    assertThat(fresh.getValue("serviceLevelPercent")).isNull();
    assertThat(fresh.getValue("abandonPercent")).isNull();
    assertThat(fresh.getJsonObject("goals")).isEqualTo(new JsonObject().put("serviceLevelPercent", 90)
        .put("serviceLevelSeconds", 10).put("abandonPercent", 5).put("ahtSeconds", 300));
    JsonObject ringing = queues.getJsonObject(1);
    assertThat(ringing.getValue("serviceLevelPercent")).isNull();  // offered, but nothing answered or abandoned yet
    assertThat(ringing.getDouble("abandonPercent")).isEqualTo(0.0);
    assertThat(ringing.getValue("goals")).isNull();
    JsonObject busy = queues.getJsonObject(2);
    assertThat(busy.getDouble("serviceLevelPercent")).isEqualTo(37.5);  // 3 of 6 answered + 2 abandoned
    assertThat(busy.getDouble("abandonPercent")).isEqualTo(25.0);       // 2 of 8 offered
  }

  @Test
  void eachQueueCarriesItsWaitEstimateAndItsInputs() {
    TenantStats stats = new TenantStats(5L, List.of(
        new TenantStats.QueueStats("long", 3, 90, 10, 5, 4, 0, 0, null, 2, 2, 0, 120_000),
        new TenantStats.QueueStats("idle", 0, 0, 10, 10, 10, 0, 0, null, 0, 3, 1, 200_400)), Map.of());

    JsonArray queues = StatsPusher.message(stats).getJsonArray("queues");

    JsonObject waiting = queues.getJsonObject(0);
    assertThat(waiting.getLong("estimatedWaitSeconds")).as("4th place x 120 s / 2 agents").isEqualTo(240);
    assertThat(waiting.getInteger("staffed")).isEqualTo(2);
    assertThat(waiting.getLong("handleSeconds")).isEqualTo(120);
    assertThat(waiting.getLong("closed")).isEqualTo(2);
    JsonObject idle = queues.getJsonObject(1);
    assertThat(idle.getLong("estimatedWaitSeconds")).as("an idle agent takes a new caller at once").isZero();
    assertThat(idle.getLong("handleSeconds")).isEqualTo(200);
  }

  @Test
  void statsWithoutAnAgentListSendAnEmptyList() {
    JsonObject m = StatsPusher.message(new TenantStats(5L, List.of(), Map.of()));
    assertThat(m.getJsonArray("agentList")).isEmpty();
    assertThat(m.getJsonArray("callList")).isEmpty();
  }
}
