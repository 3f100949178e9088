package io.switchboard.acd;

import static org.assertj.core.api.Assertions.assertThat;

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
 * Callbacks wait for their queue's open hours (acd-hours.lua and the routing it holds back, on a real Redis): while a
 * node says the queue is closed its callbacks keep their place but are offered to nobody (an idle agent stays idle,
 * live callers are still offered), one ringing an agent when it closes is taken back, a retry falling due at night
 * waits too, and opening the queue routes them, best place first.
 */
class AcdClosedQueueIT {
  static final String T = "closed";
  static final String NUMBER = "+14155550100";
  static final long START = Instant.parse("2026-12-07T20:00:00Z").toEpochMilli();

  TestClock clock;
  AcdFixture n1;

  @BeforeEach
  void setUp() {
    TestRedis.flushAll();
    clock = new TestClock(START);
    n1 = new AcdFixture("n1", clock);
    n1.queue(T, "support", new JsonObject().put("wrapUpSeconds", 10).put("noAnswerSeconds", 15));
    n1.agent(T, "ann", Map.of(), List.of("en"), List.of("support"));
  }

  @AfterEach
  void tearDown() {
    n1.close();
  }

  private void enqueue(String callId) {
    n1.acd.enqueue(T, new CallSpec(callId, "support", null, Map.of(), null, NUMBER, null, null, "n1")).await();
  }

  private void callback(String callId) {
    assertThat(n1.acd.callbackRequested(T, callId, NUMBER, 2, 5000).await()).isTrue();
  }

  private String state(String agent) {
    return n1.acd.agent(T, agent).await().state().wire();
  }

  @Test
  void aClosedQueuesCallbacksKeepTheirPlaceUnofferedUntilItOpens() {
    enqueue("c1");
    clock.advanceSeconds(1);
    enqueue("c2");
    callback("c1");
    callback("c2");
    assertThat(n1.acd.queueHours(T, "support", false).await()).as("closed now").isTrue();
    assertThat(n1.acd.queueHours(T, "support", false).await()).as("told again: known").isFalse();

    n1.acd.setState(T, "ann", AgentState.AVAILABLE, null, "n1").await();
    assertThat(state("ann")).as("nothing offered while closed").isEqualTo("available");
    clock.advanceSeconds(60);
    n1.acd.sweep(T).await();
    assertThat(state("ann")).isEqualTo("available");
    assertThat(n1.waiting(T, "support")).as("their places").containsExactly("c1", "c2");
    assertThat(n1.acd.waitEstimate(T, "support", "c2").await().position()).isEqualTo(2);

    enqueue("live"); // a caller on the line is not held back (its node closes it out by the hours)
    assertThat(n1.acd.agent(T, "ann").await().callId()).isEqualTo("live");
    n1.acd.callerHangup(T, "live").await();
    assertThat(state("ann")).as("its offer gone, the callbacks still held").isEqualTo("available");

    assertThat(n1.acd.queueHours(T, "support", true).await()).as("open now").isTrue();
    assertThat(state("ann")).isEqualTo("reserved");
    assertThat(n1.acd.agent(T, "ann").await().callId()).as("the first place first").isEqualTo("c1");
    assertThat(n1.delivered().messages("ann", "call.offered")).anyMatch(m -> "c1".equals(m.getString("callId"))
        && NUMBER.equals(m.getString("callback")));
    assertThat(n1.waiting(T, "support")).containsExactly("c2");
  }

  @Test
  void aCallbackRingingWhenItsQueueClosesIsTakenBackAndARetryDueAtNightWaitsForTheOpening() {
    enqueue("c1");
    callback("c1");
    n1.acd.setState(T, "ann", AgentState.AVAILABLE, null, "n1").await();
    assertThat(state("ann")).isEqualTo("reserved");
    n1.acd.queueHours(T, "support", false).await();
    assertThat(state("ann")).as("the offer taken back").isEqualTo("available");
    assertThat(n1.acd.call(T, "c1").await().state()).isEqualTo("waiting");
    assertThat(n1.callHash(T, "c1")).containsEntry("enqueuedAt", String.valueOf(START));
    assertThat(n1.delivered().messages("ann", "call.revoked")).anyMatch(m -> "c1".equals(m.getString("callId"))
        && "closed".equals(m.getString("reason")));
    assertThat(n1.events(T).stream().map(e -> e.getBody()))
        .anySatisfy(e -> assertThat(e).containsEntry("type", "call.revoked").containsEntry("reason", "closed"));

    // open: dialed, busy; closed again before the retry is due; the retry waits for the next opening
    n1.acd.queueHours(T, "support", true).await();
    n1.acd.accept(T, "ann", "c1").await();
    n1.acd.dialFailed(T, "c1", "busy").await();
    assertThat(state("ann")).isEqualTo("available");
    n1.acd.queueHours(T, "support", false).await();
    clock.advanceSeconds(6);
    n1.acd.sweep(T).await();
    assertThat(n1.waiting(T, "support")).as("back at its place").containsExactly("c1");
    assertThat(state("ann")).as("but not offered while closed").isEqualTo("available");
    n1.acd.queueHours(T, "support", true).await();
    assertThat(n1.acd.agent(T, "ann").await().callId()).isEqualTo("c1");
  }
}
