package io.switchboard.acd;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.StreamMessage;
import io.switchboard.redis.Keys;
import io.switchboard.support.TestClock;
import io.switchboard.support.TestRedis;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Region preference against a real Redis: a call is offered to agents of its own region (and agents without one)
 * until its queue's regionWideningSeconds have passed, then the sweep widens it to every region, once.
 */
class AcdRegionIT {
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
    fx.queue(T, "support", new JsonObject()); // stored without the field: the default delay, 5 s
    fx.queue(T, "anywhere", new JsonObject().put("regionWideningSeconds", 0));
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  // --- helpers -------------------------------------------------------------------------------------------

  /** An agent of {@code region} ("" = none) serving support and anywhere, available now. */
  void available(String agentId, String region) {
    JsonObject doc = new JsonObject().put("queues", new JsonArray().add("support").add("anywhere"));
    doc.put("region", region.isEmpty() ? null : region);
    fx.agentDoc(T, agentId, doc);
    acd.setState(T, agentId, AgentState.AVAILABLE, null, NODE).await();
  }

  String enqueue(String callId, String queue, String region) {
    Enqueued e = acd.enqueue(T, new CallSpec(callId, queue, null, Map.of(), null, "+15550100", null, region, NODE))
        .await();
    return e.reservedAgent();
  }

  String agentOf(String callId) {
    return acd.call(T, callId).await().agentId();
  }

  List<Map<String, String>> events(String type) {
    return fx.events(T).stream().map(StreamMessage::getBody).filter(b -> type.equals(b.get("type"))).toList();
  }

  long card(String suffix) {
    return AcdFixture.await(fx.r().zcard(Keys.tenant(T) + ":acd:" + suffix));
  }

  // --- a call that starts waiting ------------------------------------------------------------------------

  @Test
  void aCallGoesToAnAgentOfItsRegionEvenWhenAnotherRegionsAgentWaitedLonger() {
    available("eu1", "eu");
    clock.advanceSeconds(30);
    available("us1", "us");

    assertThat(enqueue("c1", "support", "us")).isEqualTo("us1");
    assertThat(enqueue("c2", "support", "eu")).isEqualTo("eu1");

    Map<String, String> reserved = events("call.reserved").get(0);
    assertThat(reserved).containsEntry("callId", "c1").containsEntry("region", "us").containsEntry("agentRegion", "us");
    assertThat(events("call.enqueued").get(0)).containsEntry("region", "us");
  }

  @Test
  void withOnlyAnotherRegionIdleTheCallWaitsThenWidensOnceAfterTheQueuesDelay() {
    available("eu1", "eu");
    assertThat(enqueue("c1", "support", "us")).isNull();
    assertThat(fx.waiting(T, "support")).containsExactly("c1");

    clock.advanceMillis(4_999);
    assertThat(acd.sweep(T).await()).isZero();
    assertThat(acd.call(T, "c1").await().state()).isEqualTo("waiting");

    clock.advanceMillis(1);
    assertThat(acd.sweep(T).await()).isEqualTo(1);
    assertThat(agentOf("c1")).isEqualTo("eu1");
    assertThat(acd.agent(T, "eu1").await().state()).isEqualTo(AgentState.RESERVED);
    clock.advanceSeconds(1);
    assertThat(acd.sweep(T).await()).isZero();

    assertThat(events("call.widened")).singleElement().satisfies(e -> assertThat(e)
        .containsEntry("callId", "c1").containsEntry("region", "us").containsEntry("queue", "support"));
    assertThat(events("call.reserved")).singleElement().satisfies(e -> assertThat(e).containsEntry("agentId", "eu1"));
    assertThat(fx.messages("eu1", "call.offered")).hasSize(1);
    // nothing left behind in the region bookkeeping
    assertThat(card("widen") + card("q:support:waiting:r:us") + card("q:support:waiting:wide")
        + card("q:support:idle:r:eu")).isZero();
  }

  @Test
  void aDelayOfZeroTurnsPreferenceOff() {
    available("eu1", "eu");
    clock.advanceSeconds(1);
    available("us1", "us");
    assertThat(enqueue("c1", "anywhere", "us")).as("longest idle, whatever its region").isEqualTo("eu1");
    assertThat(card("widen")).isZero();
  }

  @Test
  void agentsWithoutARegionServeEveryRegionAtOnceAndCallsWithoutOneGoToAnyone() {
    available("roamer", "");
    clock.advanceSeconds(1);
    available("eu1", "eu");
    assertThat(enqueue("c1", "support", "us")).isEqualTo("roamer");
    assertThat(enqueue("c2", "support", null)).isEqualTo("eu1");
  }

  @Test
  void aCallSentBackBeforeItWidensWaitsInItsRegionAgain() {
    available("us1", "us");
    available("eu1", "eu");
    assertThat(enqueue("c1", "support", "us")).isEqualTo("us1");
    clock.advanceSeconds(2);
    acd.reject(T, "us1", "c1").await();
    assertThat(acd.call(T, "c1").await().state()).as("eu1 is idle but not of region us").isEqualTo("waiting");

    clock.advanceSeconds(2);
    acd.sweep(T).await();
    assertThat(acd.call(T, "c1").await().state()).isEqualTo("waiting");
    clock.advanceSeconds(1); // 5 s after it was first enqueued
    acd.sweep(T).await();
    assertThat(agentOf("c1")).isEqualTo("eu1");
  }

  // --- an agent that becomes idle --------------------------------------------------------------------------

  @Test
  void anAgentBecomingIdleTakesAnOlderCallOfAnotherRegionOnlyAfterItWidened() {
    enqueue("us-old", "support", "us");
    clock.advanceSeconds(1);
    enqueue("eu-new", "support", "eu");
    clock.advanceSeconds(1);

    available("eu1", "eu");
    assertThat(acd.agent(T, "eu1").await().callId()).as("its own region first, though newer").isEqualTo("eu-new");
    available("eu2", "eu");
    assertThat(acd.agent(T, "eu2").await().state()).as("us-old has not widened").isEqualTo(AgentState.AVAILABLE);

    clock.advanceSeconds(3);
    acd.sweep(T).await();
    assertThat(agentOf("us-old")).isEqualTo("eu2");
  }

  @Test
  void anAgentBecomingIdleSeesACallWhoseDelayPassedBeforeAnySweepReachedIt() {
    enqueue("us-old", "support", "us");
    clock.advanceSeconds(5); // due, but no sweep has run
    available("eu1", "eu");
    assertThat(acd.agent(T, "eu1").await().callId()).isEqualTo("us-old");
    assertThat(events("call.widened")).hasSize(1);
    assertThat(acd.sweep(T).await()).isZero();
  }

  @Test
  void aDueCallGoesToTheAgentIdleLongestNotToTheOneWhoseChangeNoticedIt() {
    available("eu-long", "eu");
    enqueue("us-old", "support", "us");
    clock.advanceSeconds(6);
    available("eu-new", "eu");
    assertThat(agentOf("us-old")).isEqualTo("eu-long");
    assertThat(acd.agent(T, "eu-new").await().state()).isEqualTo(AgentState.AVAILABLE);
  }

  @Test
  void anAgentBecomingIdleTakesAWidenedCallAheadOfAYoungerOneOfItsRegion() {
    enqueue("us-old", "support", "us");
    clock.advanceSeconds(5);
    assertThat(acd.sweep(T).await()).as("widened, but nobody idle to route it to").isZero();
    assertThat(events("call.widened")).hasSize(1);
    enqueue("eu-new", "support", "eu");

    available("eu1", "eu");
    assertThat(acd.agent(T, "eu1").await().callId()).as("FIFO among what it may take").isEqualTo("us-old");
    available("eu2", "eu");
    assertThat(acd.agent(T, "eu2").await().callId()).isEqualTo("eu-new");
  }

  @Test
  void callsAndAgentsThatLeaveLeaveNoRegionEntryBehind() {
    available("eu1", "eu");
    acd.setState(T, "eu1", AgentState.AWAY, "lunch", NODE).await();
    available("us1", "us");
    acd.disconnected(T, "us1", NODE).await();
    available("roamer", "");
    acd.setState(T, "roamer", AgentState.OFFLINE, null, NODE).await();
    assertThat(card("q:support:idle") + card("q:support:idle:r:eu") + card("q:support:idle:r:us")
        + card("q:support:idle:any")).as("idle entries").isZero();

    enqueue("gone", "support", "us");
    acd.callerHangup(T, "gone").await();
    acd.enqueue(T, new CallSpec("lost", "support", null, Map.of(), null, "+1", null, "us", "dead-node")).await();
    acd.nodeLost(T, "dead-node").await();
    assertThat(card("q:support:waiting") + card("q:support:waiting:r:us") + card("q:support:waiting:wide")
        + card("widen")).as("waiting entries").isZero();
    clock.advanceSeconds(10);
    assertThat(acd.sweep(T).await()).isZero();
    assertThat(events("call.widened")).isEmpty();
    assertThat(events("call.lost")).singleElement().satisfies(e -> assertThat(e).containsEntry("region", "us"));
  }

  @Test
  void eventsAboutAgentsCarryTheirRegion() {
    available("eu1", "eu");
    acd.setState(T, "eu1", AgentState.AWAY, "lunch", NODE).await();
    assertThat(events("agent.state")).extracting(e -> e.get("region")).containsExactly("eu", "eu");
  }
}
