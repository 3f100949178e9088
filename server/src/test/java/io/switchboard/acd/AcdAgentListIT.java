package io.switchboard.acd;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisFuture;
import io.switchboard.redis.Keys;
import io.switchboard.support.TestClock;
import io.switchboard.support.TestRedis;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The wallboard's agent list in {@link Acd#stats}: who is in which state since when, sorted and capped. */
class AcdAgentListIT {
  static final String T = "acme";
  static final String NODE = "n1";
  static final long START = Instant.parse("2026-11-16T10:00:00Z").toEpochMilli();

  TestClock clock;
  AcdFixture fx;
  Acd acd;

  @BeforeEach
  void setUp() {
    TestRedis.flushAll();
    clock = new TestClock(START);
    fx = new AcdFixture(NODE, clock);
    acd = fx.acd;
    fx.queue(T, "support", new JsonObject());
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  @Test
  void statsListEveryAgentSortedByIdWithNameStateSinceReasonAndCall() {
    for (String a : List.of("dora", "carl", "bea", "abe", "eve")) {
      fx.agent(T, a, Map.of(), List.of("en"), List.of("support"));
    }
    fx.agent("other", "zed", Map.of(), List.of("en"), List.of("support")); // another tenant's agent
    acd.setState("other", "zed", AgentState.AVAILABLE, null, NODE).await();
    acd.setState(T, "dora", AgentState.AVAILABLE, null, NODE).await();
    clock.advanceSeconds(1);
    acd.setState(T, "carl", AgentState.AVAILABLE, null, NODE).await();
    acd.enqueue(T, new CallSpec("c1", "support", null, Map.of(), null, null, null, null, NODE)).await(); // dora
    clock.advanceSeconds(1);
    acd.accept(T, "dora", "c1").await();
    long onCallSince = clock.millis();
    acd.setState(T, "bea", AgentState.AWAY, "lunch", NODE).await();
    acd.setState(T, "abe", AgentState.AVAILABLE, null, NODE).await();
    acd.setState(T, "abe", AgentState.OFFLINE, null, NODE).await();
    // eve never logged in: not in the ACD, not listed

    TenantStats stats = acd.stats(T).await();

    assertThat(stats.agentList()).extracting(TenantStats.AgentEntry::agentId)
        .containsExactly("abe", "bea", "carl", "dora");
    assertThat(stats.agentList().get(0)).isEqualTo(
        new TenantStats.AgentEntry("abe", "ABE", AgentState.OFFLINE, clock.millis(), null, null, "eu"));
    assertThat(stats.agentList().get(1)).isEqualTo(
        new TenantStats.AgentEntry("bea", "BEA", AgentState.AWAY, clock.millis(), "lunch", null, "eu"));
    assertThat(stats.agentList().get(2)).isEqualTo(
        new TenantStats.AgentEntry("carl", "CARL", AgentState.AVAILABLE, START + 1000, null, null, "eu"));
    assertThat(stats.agentList().get(3)).isEqualTo(
        new TenantStats.AgentEntry("dora", "DORA", AgentState.ON_CALL, onCallSince, null, "c1", "eu"));
    assertThat(stats.agentsByState()).containsEntry(AgentState.AVAILABLE, 1).containsEntry(AgentState.ON_CALL, 1);
  }

  @Test
  void statsListCallsWithTheirRegionAgentsCallsFirstThenWaitingOnesBestFirst() {
    fx.agentDoc(T, "ana", new JsonObject().put("region", "us").put("queues", new io.vertx.core.json.JsonArray().add("support")));
    acd.setState(T, "ana", AgentState.AVAILABLE, null, NODE).await();
    acd.enqueue(T, new CallSpec("talking", "support", null, Map.of(), null, null, null, "us", NODE)).await();
    acd.accept(T, "ana", "talking").await();
    clock.advanceSeconds(1);
    acd.enqueue(T, new CallSpec("w-low", "support", 1, Map.of(), null, null, null, "eu", NODE)).await();
    acd.enqueue(T, new CallSpec("w-high", "support", 90, Map.of(), null, null, null, null, NODE)).await();

    TenantStats stats = acd.stats(T).await();

    assertThat(stats.callList()).containsExactly(
        new TenantStats.CallEntry("talking", "support", "connected", "us", START, "ana"),
        new TenantStats.CallEntry("w-high", "support", "waiting", null, START + 1000, null),
        new TenantStats.CallEntry("w-low", "support", "waiting", "eu", START + 1000, null));
    assertThat(stats.agentList()).singleElement().extracting(TenantStats.AgentEntry::region).isEqualTo("us");
  }

  @Test
  void statsListTheSupervisorsOnACallInTheOrderTheyJoinedEachInItsMode() {
    fx.agent(T, "ana", Map.of(), List.of("en"), List.of("support"));
    acd.setState(T, "ana", AgentState.AVAILABLE, null, NODE).await();
    acd.enqueue(T, new CallSpec("talking", "support", null, Map.of(), null, null, null, null, NODE)).await();
    acd.accept(T, "ana", "talking").await();
    acd.monitorEvent(T, "monitor.started", "talking", "ana", "support", "sam", "listen").await();
    acd.monitorEvent(T, "monitor.started", "talking", "ana", "support", "mona", "whisper").await();
    acd.monitorEvent(T, "monitor.changed", "talking", "ana", "support", "sam", "barge").await();
    assertThat(acd.stats(T).await().callList()).singleElement().extracting(TenantStats.CallEntry::monitors)
        .isEqualTo(List.of(new TenantStats.Monitor("sam", "barge"), new TenantStats.Monitor("mona", "whisper")));

    acd.monitorEvent(T, "monitor.ended", "talking", "ana", "support", "sam", "barge").await();
    assertThat(acd.stats(T).await().callList()).singleElement().extracting(TenantStats.CallEntry::monitors)
        .isEqualTo(List.of(new TenantStats.Monitor("mona", "whisper")));
    acd.monitorEvent(T, "monitor.ended", "talking", "ana", "support", "mona", "whisper").await();
    assertThat(acd.stats(T).await().callList()).singleElement().extracting(TenantStats.CallEntry::monitors)
        .isEqualTo(List.of());
    assertThat(fx.callHash(T, "talking")).as("no supervisor left: no field").doesNotContainKey("monitors");

    // an end written for a call whose hash is gone brings nothing back
    acd.monitorEvent(T, "monitor.ended", "gone", "ana", "support", "sam", "listen").await();
    assertThat(fx.callHash(T, "gone")).isEmpty();
  }

  @Test
  void theListIsCappedAtAThousandAndLoggedInAgentsComeBeforeOfflineOnes() {
    // written the way the scripts keep agents (hash + per-state set), to make 1,200 agents quickly
    String p = Keys.tenant(T) + ":acd:";
    List<RedisFuture<?>> writes = new ArrayList<>();
    for (int i = 0; i < 1200; i++) {
      String a = String.format("ag%04d", i);
      String state = i < 300 ? "offline" : "available";
      writes.add(fx.r().hset(p + "agent:" + a, Map.of("state", state, "since", "5", "name", "N" + i)));
      writes.add(fx.r().sadd(p + "agents:" + state, a));
    }
    writes.forEach(AcdFixture::await);

    TenantStats stats = acd.stats(T).await();

    assertThat(stats.agentList()).hasSize(TenantStats.AGENT_LIST_MAX);
    // all 900 available agents, then the offline ones first by id fill the last 100 places
    assertThat(stats.agentList().get(0).agentId()).isEqualTo("ag0000");
    assertThat(stats.agentList().get(0).state()).isEqualTo(AgentState.OFFLINE);
    assertThat(stats.agentList().get(99).agentId()).isEqualTo("ag0099");
    assertThat(stats.agentList().get(100).agentId()).isEqualTo("ag0300");
    assertThat(stats.agentList().get(100).state()).isEqualTo(AgentState.AVAILABLE);
    assertThat(stats.agentList().get(999).agentId()).isEqualTo("ag1199");
    assertThat(stats.agentList().get(999).name()).isEqualTo("N1199");
    assertThat(stats.agentsByState()).containsEntry(AgentState.AVAILABLE, 900).containsEntry(AgentState.OFFLINE, 300);
  }
}
