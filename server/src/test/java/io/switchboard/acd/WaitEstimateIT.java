package io.switchboard.acd;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.StreamMessage;
import io.switchboard.support.TestClock;
import io.switchboard.support.TestRedis;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The wait estimate's live inputs kept by the ACD's scripts on a real Redis (place, staffed agents, the queue's
 * recent handle time), the estimate the stats push carries per queue, and call.closed (business hours).
 */
class WaitEstimateIT {
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
    fx = new AcdFixture(NODE, clock, new AcdOptions(NODE, 32, 64, 1_000_000, 120));
    acd = fx.acd;
    fx.queue(T, "support", new JsonObject().put("wrapUpSeconds", 600).put("noAnswerSeconds", 15));
    for (String a : List.of("a1", "a2", "a3")) {
      fx.agent(T, a, Map.of(), List.of("en"), List.of("support"));
    }
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  private Enqueued enqueue(String callId) {
    return acd.enqueue(T, new CallSpec(callId, "support", null, Map.of(), null, "+15550100", null, null, NODE))
        .await();
  }

  private WaitEstimate estimate(String callId) {
    return acd.waitEstimate(T, "support", callId).await();
  }

  private TenantStats.QueueStats support() {
    return acd.stats(T).await().queues().stream().filter(q -> q.queue().equals("support")).findFirst().orElseThrow();
  }

  @Test
  void estimateFollowsPositionStaffingAndHandleTime() {
    enqueue("c1");
    enqueue("c2");
    enqueue("c3");
    // nobody staffed, no handle time yet: one agent and the default (120 s) are assumed
    assertThat(estimate("c1")).isEqualTo(new WaitEstimate(1, 0, 120_000));
    assertThat(estimate("c3").seconds()).isEqualTo(360);
    assertThat(support().estimatedWaitSeconds()).as("a caller arriving now: 4th").isEqualTo(480);

    // a1 and a2 log in and take c1 and c2: c3 moves to the front, two agents staffed
    acd.setState(T, "a1", AgentState.AVAILABLE, null, NODE).await();
    acd.setState(T, "a2", AgentState.AVAILABLE, null, NODE).await();
    assertThat(estimate("c3")).isEqualTo(new WaitEstimate(1, 2, 120_000));
    assertThat(estimate("c3").seconds()).isEqualTo(60);
    assertThat(estimate("c1").position()).as("no longer waiting").isZero();

    // a1 handles c1 in 90 s talk + 30 s wrap-up = 120 s... a2 handles c2 in 200 + 40 = 240 s
    acd.accept(T, "a1", "c1").await();
    acd.accept(T, "a2", "c2").await();
    clock.advanceSeconds(90);
    acd.hangup(T, "a1", "c1").await();
    clock.advanceSeconds(30);
    acd.setState(T, "a1", AgentState.AWAY, "break", NODE).await();  // pending: goes away when wrap-up ends
    acd.wrapUpDone(T, "a1", "c1", "resolved", "").await();
    assertThat(acd.agent(T, "a1").await().state()).isEqualTo(AgentState.AWAY);
    WaitEstimate afterFirst = estimate("c3");
    assertThat(afterFirst.staffed()).as("away agents are not staffed").isEqualTo(1);
    assertThat(afterFirst.handleMs()).as("first handle time taken as is").isEqualTo(120_000);
    clock.advanceSeconds(80);
    acd.hangup(T, "a2", "c2").await();
    clock.advanceSeconds(40);
    acd.wrapUpDone(T, "a2", "c2", "resolved", "").await();  // a2 takes c3 at once
    assertThat(estimate("c3").position()).isZero();
    TenantStats.QueueStats q = support();
    assertThat(q.handleMs()).as("0.9 x 120 s + 0.1 x 240 s").isEqualTo(132_000);
    assertThat(q.staffed()).isEqualTo(1);

    // a third agent: more staff, shorter estimates for the next callers
    enqueue("c4");
    enqueue("c5");
    assertThat(estimate("c5")).isEqualTo(new WaitEstimate(2, 1, 132_000));
    long before = estimate("c5").seconds();
    acd.setState(T, "a3", AgentState.AVAILABLE, null, NODE).await();  // takes c4; c5 is first, two staffed
    WaitEstimate after = estimate("c5");
    assertThat(after).isEqualTo(new WaitEstimate(1, 2, 132_000));
    assertThat(after.seconds()).isEqualTo(66).isLessThan(before);
    assertThat(support().estimatedWaitSeconds()).as("a caller arriving now: 2nd of 2").isEqualTo(132);

    // going offline leaves the staffed set too
    acd.setState(T, "a1", AgentState.OFFLINE, null, NODE).await();
    assertThat(estimate("c5").staffed()).isEqualTo(2);
  }

  @Test
  void closedTakesAWaitingCallOutAsClosedAndRecordsOneTurnedAwayOnArrival() {
    enqueue("c1");
    clock.advanceSeconds(7);
    CallSpec c1 = new CallSpec("c1", "support", null, Map.of(), null, "+15550100", null, null, NODE);
    assertThat(acd.closed(T, c1).await()).isTrue();
    assertThat(fx.callHash(T, "c1")).containsEntry("state", "closed").containsEntry("endedBy", "closed");
    assertThat(fx.waiting(T, "support")).isEmpty();
    assertThat(acd.closed(T, c1).await()).as("twice: nothing more").isFalse();

    CallSpec late = new CallSpec("c9", "support", null, Map.of(), null, "+15550199", null, "eu", NODE);
    assertThat(acd.closed(T, late).await()).isTrue();
    assertThat(fx.callHash(T, "c9")).as("never queued").isEmpty();

    List<StreamMessage<String, String>> closed = fx.events(T).stream()
        .filter(e -> "call.closed".equals(e.getBody().get("type"))).toList();
    assertThat(closed).hasSize(2);
    assertThat(closed.get(0).getBody()).containsEntry("callId", "c1").containsEntry("waitMs", "7000")
        .doesNotContainKey("atArrival");
    assertThat(closed.get(1).getBody()).containsEntry("callId", "c9").containsEntry("atArrival", "1")
        .containsEntry("caller", "+15550199");
    assertThat(support().closed()).isEqualTo(2);
    assertThat(support().abandoned()).isZero();
    assertThat(support().offered()).as("turned away: not offered").isEqualTo(1);
  }

  @Test
  void closingARingingCallRevokesTheOfferAndFreesTheAgent() {
    acd.setState(T, "a1", AgentState.AVAILABLE, null, NODE).await();
    enqueue("c1");
    assertThat(acd.agent(T, "a1").await().state()).isEqualTo(AgentState.RESERVED);
    assertThat(acd.closed(T, new CallSpec("c1", "support", null, Map.of(), null, "x", null, null, NODE)).await())
        .isTrue();
    assertThat(acd.agent(T, "a1").await().state()).isEqualTo(AgentState.AVAILABLE);
    assertThat(fx.delivered().messages("a1", "call.revoked")).singleElement()
        .satisfies(m -> assertThat(m.getString("reason")).isEqualTo("closed"));
  }
}
