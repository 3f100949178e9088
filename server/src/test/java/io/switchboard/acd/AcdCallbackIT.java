package io.switchboard.acd;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.cluster.wire.AgentMessage;
import io.switchboard.cluster.wire.BusCodec;
import io.switchboard.cluster.wire.Envelope;
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
 * Callbacks in the ACD's scripts on a real Redis (acd-callback, and what acd-accept, acd-dial-failed, acd-dial-answered,
 * acd-sweep, acd-node-lost and acd-reconcile do with a virtual call): the call keeps its place and belongs to no
 * node, so the loss or reconciliation of the node that took the caller leaves it alone; any node's agent is offered
 * it marked callback; a failed attempt frees the agent at once and brings the call back to its place after the retry
 * delay; the last one ends it callback-failed. Everything published decodes with the bus codec.
 */
class AcdCallbackIT {
  static final String T = "cb";
  static final String NUMBER = "+14155550100";
  static final long START = Instant.parse("2026-12-07T10:00:00Z").toEpochMilli();

  TestClock clock;
  AcdFixture n1;
  AcdFixture n2;

  @BeforeEach
  void setUp() {
    TestRedis.flushAll();
    clock = new TestClock(START);
    n1 = new AcdFixture("n1", clock);
    n2 = new AcdFixture("n2", clock);
    n1.queue(T, "support", new JsonObject().put("wrapUpSeconds", 10).put("noAnswerSeconds", 15));
    n1.agent(T, "ann", Map.of(), List.of("en"), List.of("support"));
  }

  @AfterEach
  void tearDown() {
    n1.close();
    n2.close();
  }

  private void enqueue(String callId) {
    n1.acd.enqueue(T, new CallSpec(callId, "support", null, Map.of(), null, NUMBER, null, null, "n1")).await();
  }

  private String state(String agent) {
    return n1.acd.agent(T, agent).await().state().wire();
  }

  @Test
  void aVirtualCallKeepsItsPlaceOutlivesItsNodeAndIsRetriedUntilItsLastAttempt() {
    enqueue("c1");
    clock.advanceSeconds(1);
    enqueue("c2");
    assertThat(n1.acd.callbackRequested(T, "c1", NUMBER, 2, 5000).await()).isTrue();
    assertThat(n1.acd.callbackRequested(T, "c1", NUMBER, 2, 5000).await()).as("asked again: done already").isTrue();
    CallStatus virtual = n1.acd.call(T, "c1").await();
    assertThat(virtual.state()).isEqualTo("waiting");
    assertThat(virtual.node()).isNull();
    assertThat(virtual.callback()).isEqualTo(NUMBER);
    assertThat(virtual.enqueuedEpochMs()).isEqualTo(START);
    assertThat(n1.waiting(T, "support")).containsExactly("c1", "c2");

    // the node that took the caller dies (its other caller is lost with it), then comes back holding nothing
    assertThat(n2.acd.nodeLost(T, "n1").await().lost()).isEqualTo(1);
    n1.acd.reconcile(T, "n1", List.of()).await();
    assertThat(n1.acd.call(T, "c1").await().state()).isEqualTo("waiting");
    assertThat(n1.waiting(T, "support")).containsExactly("c1");

    // an agent on another node is offered it, marked callback; accepting moves it to that node
    n2.acd.setState(T, "ann", AgentState.AVAILABLE, null, "n2").await();
    assertThat(state("ann")).isEqualTo("reserved");
    List<Envelope> sent = n2.delivered().publishedText.stream().map(BusCodec::decode).toList();
    assertThat(sent).anyMatch(e -> e instanceof Envelope.ToAgent a && a.message() instanceof AgentMessage.CallOffered o
        && o.callId().equals("c1") && NUMBER.equals(o.callback()));
    n2.acd.accept(T, "ann", "c1").await();
    CallStatus dialing = n2.acd.call(T, "c1").await();
    assertThat(dialing.state()).isEqualTo("connected");
    assertThat(dialing.node()).isEqualTo("n2");
    assertThat(dialing.answeredEpochMs()).isZero();

    // busy: the agent is free at once (no wrap-up), the call is out of routing for the retry delay, then back first
    n2.acd.dialFailed(T, "c1", "busy").await();
    assertThat(state("ann")).isEqualTo("available");
    assertThat(n1.acd.call(T, "c1").await().state()).isEqualTo("waiting");
    assertThat(n1.waiting(T, "support")).isEmpty();
    clock.advanceSeconds(4);
    n1.acd.sweep(T).await();
    assertThat(state("ann")).as("not before the retry delay").isEqualTo("available");
    clock.advanceSeconds(2);
    n1.acd.sweep(T).await();
    assertThat(state("ann")).isEqualTo("reserved");
    assertThat(n1.acd.call(T, "c1").await().agentId()).isEqualTo("ann");
    assertThat(n1.callHash(T, "c1")).containsEntry("enqueuedAt", String.valueOf(START));

    // the last attempt fails: the call ends callback-failed, the agent is available
    n2.acd.accept(T, "ann", "c1").await();
    n2.acd.dialFailed(T, "c1", "no-answer").await();
    assertThat(n1.acd.call(T, "c1").await().state()).isEqualTo("ended");
    assertThat(n1.callHash(T, "c1")).containsEntry("outcome", "callback-failed").containsEntry("cbAttempt", "2");
    assertThat(state("ann")).isEqualTo("available");
    List<Map<String, String>> events = n1.events(T).stream().map(e -> e.getBody()).toList();
    assertThat(events.stream().map(e -> e.get("type")).filter(t -> t.startsWith("call.callback")).toList())
        .containsExactly("call.callback-requested", "call.callback-dialing", "call.callback-attempt",
            "call.callback-dialing", "call.callback-attempt", "call.callback-failed");
    assertThat(events).anySatisfy(e -> assertThat(e).containsEntry("type", "call.callback-attempt")
        .containsEntry("attempt", "1").containsEntry("outcome", "busy"));
    assertThat(events).anySatisfy(e -> assertThat(e).containsEntry("type", "call.callback-attempt")
        .containsEntry("attempt", "2").containsEntry("outcome", "no-answer"));
  }

  @Test
  void anAnsweredCallbackIsAnOrdinaryConnectedCallCountedAnswered() {
    enqueue("c1");
    n1.acd.callbackRequested(T, "c1", NUMBER, 3, 60_000).await();
    n2.acd.setState(T, "ann", AgentState.AVAILABLE, null, "n2").await();
    n2.acd.accept(T, "ann", "c1").await();
    clock.advanceSeconds(5);
    n2.acd.dialAnswered(T, "c1").await();
    assertThat(n2.acd.call(T, "c1").await().answeredEpochMs()).isEqualTo(START + 5000);
    clock.advanceSeconds(20);
    n2.acd.callerHangup(T, "c1").await();
    assertThat(state("ann")).isEqualTo("wrap-up");
    assertThat(n1.callHash(T, "c1")).containsEntry("talkSeconds", "20").containsEntry("state", "ended");
    TenantStats.QueueStats support = n1.acd.stats(T).await().queues().stream()
        .filter(q -> q.queue().equals("support")).findFirst().orElseThrow();
    assertThat(support.offered()).isEqualTo(1);
    assertThat(support.answered()).isEqualTo(1);
  }

  @Test
  void aCallReservedMeanwhileStaysOnTheLineAndAnAgentsHangUpWhileDialingIsAFailedAttempt() {
    n1.acd.setState(T, "ann", AgentState.AVAILABLE, null, "n1").await();
    enqueue("c1");
    assertThat(state("ann")).isEqualTo("reserved");
    assertThat(n1.acd.callbackRequested(T, "c1", NUMBER, 1, 5000).await()).as("an agent is about to answer").isFalse();
    assertThat(n1.acd.call(T, "c1").await().callback()).isNull();
    assertThat(n1.acd.call(T, "c1").await().node()).isEqualTo("n1");

    n1.acd.reject(T, "ann", "c1").await();
    assertThat(n1.acd.callbackRequested(T, "c1", NUMBER, 1, 5000).await()).isTrue();
    n1.acd.setState(T, "ann", AgentState.AVAILABLE, null, "n1").await();
    n1.acd.accept(T, "ann", "c1").await();
    n1.acd.hangup(T, "ann", "c1").await(); // gave up before the answer: the only attempt
    assertThat(n1.callHash(T, "c1")).containsEntry("outcome", "callback-failed").containsEntry("endedBy", "agent");
    assertThat(state("ann")).isEqualTo("available");
  }

  @Test
  void aNumberOnTheDoNotCallListEndsTheCallbackWithoutAnotherAttempt() {
    enqueue("c1");
    n1.acd.callbackRequested(T, "c1", NUMBER, 3, 60_000).await();
    n2.acd.setState(T, "ann", AgentState.AVAILABLE, null, "n2").await();
    n2.acd.accept(T, "ann", "c1").await();
    n2.acd.dialFailed(T, "c1", "do-not-call").await();
    assertThat(n1.callHash(T, "c1")).containsEntry("state", "ended").containsEntry("outcome", "callback-failed")
        .containsEntry("cbAttempt", "1");
    assertThat(state("ann")).isEqualTo("available");
  }
}
