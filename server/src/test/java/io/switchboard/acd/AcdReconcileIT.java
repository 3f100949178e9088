package io.switchboard.acd;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.redis.Keys;
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
 * {@link Acd#reconcile} against a real Redis: the call's node is the source of truth for its calls, and Redis is
 * made to agree with it after losing writes (what a Sentinel failover with asynchronous replication does).
 * Lost writes are simulated by deleting exactly what the lost script would have written.
 */
class AcdReconcileIT {
  static final String T = "acme";
  static final String NODE = "n1";
  static final long START = Instant.parse("2026-12-06T10:00:00Z").toEpochMilli();

  TestClock clock;
  AcdFixture fx;
  Acd acd;

  @BeforeEach
  void setUp() {
    TestRedis.flushAll();
    clock = new TestClock(START);
    fx = new AcdFixture(NODE, clock);
    acd = fx.acd;
    fx.queue(T, "support", new JsonObject().put("wrapUpSeconds", 10).put("noAnswerSeconds", 15));
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  void agent(String id) {
    fx.agent(T, id, Map.of(), List.of("en"), List.of("support"));
    acd.setState(T, id, AgentState.AVAILABLE, null, NODE).await();
  }

  Enqueued enqueue(String callId) {
    clock.advanceMillis(10);
    return acd.enqueue(T, new CallSpec(callId, "support", null, Map.of(), null, "+1555" + callId, null, "eu", NODE))
        .await();
  }

  static Acd.HeldCall waiting(Enqueued e) {
    return new Acd.HeldCall(e.callId(), "support", e.score(), e.enqueuedAtMs(), "+1555" + e.callId(), null, "eu",
        false, null, false);
  }

  static Acd.HeldCall connected(Enqueued e, String agent) {
    return new Acd.HeldCall(e.callId(), "support", e.score(), e.enqueuedAtMs(), null, null, "eu", true, agent, false);
  }

  /** What a new master that never received the enqueue of {@code callId} holds: nothing of it. */
  void forget(String callId) {
    String p = Keys.tenant(T) + ":acd:";
    AcdFixture.await(fx.r().del(p + "call:" + callId));
    AcdFixture.await(fx.r().zrem(p + "q:support:waiting", callId));
    AcdFixture.await(fx.r().zrem(p + "q:support:since", callId));
    // the region bookkeeping of acd-region.lua: the enqueue wrote these too (calls here are of region eu)
    AcdFixture.await(fx.r().zrem(p + "q:support:waiting:r:eu", callId));
    AcdFixture.await(fx.r().zrem(p + "q:support:waiting:wide", callId));
    AcdFixture.await(fx.r().zrem(p + "widen", callId));
    AcdFixture.await(fx.r().srem(p + "node:" + NODE + ":calls", callId));
  }

  @Test
  void aWaitingCallRedisLostIsPutBackAtItsOriginalPlace() {
    Enqueued w1 = enqueue("w1");
    Enqueued w2 = enqueue("w2");
    Enqueued w3 = enqueue("w3");
    forget("w2");
    assertThat(fx.waiting(T, "support")).containsExactly("w1", "w3");

    Acd.Reconciled r = acd.reconcile(T, NODE, List.of(waiting(w1), waiting(w2), waiting(w3))).await();

    assertThat(r).isEqualTo(new Acd.Reconciled(1, 0, 0, List.of()));
    assertThat(fx.waiting(T, "support")).containsExactly("w1", "w2", "w3");
    CallStatus c = acd.call(T, "w2").await();
    assertThat(c.state()).isEqualTo("waiting");
    assertThat(c.enqueuedEpochMs()).isEqualTo(w2.enqueuedAtMs());
    assertThat(c.node()).isEqualTo(NODE);
    assertThat(c.caller()).isEqualTo("+1555w2");
    // and it is routed like any waiting call: the next agent takes w1, then w2
    agent("a");
    agent("b");
    assertThat(acd.agent(T, "b").await().callId()).isEqualTo("w2");
  }

  @Test
  void aRestoredCallIsOfferedAtOnceWhenAnAgentIsFree() {
    Enqueued k1 = enqueue("k1");
    forget("k1");
    agent("a"); // free, and the new master has no call for it
    assertThat(acd.agent(T, "a").await().state()).isEqualTo(AgentState.AVAILABLE);

    assertThat(acd.reconcile(T, NODE, List.of(waiting(k1))).await().restored()).isEqualTo(1);

    assertThat(acd.agent(T, "a").await().callId()).isEqualTo("k1");
    assertThat(acd.call(T, "k1").await().state()).isEqualTo("reserved");
  }

  @Test
  void aLostAcceptIsAppliedAgainAndAnotherAgentsOfferForThatCallIsTakenBack() {
    agent("b");
    Enqueued k1 = enqueue("k1");
    assertThat(k1.reservedAgent()).isEqualTo("b");
    agent("a");
    // the node connected the caller to a (a's accept reached the old master), but the new master has k1 offered to b

    Acd.Reconciled r = acd.reconcile(T, NODE, List.of(connected(k1, "a"))).await();

    assertThat(r.fixed()).isEqualTo(1);
    CallStatus c = acd.call(T, "k1").await();
    assertThat(c.state()).isEqualTo("connected");
    assertThat(c.agentId()).isEqualTo("a");
    assertThat(acd.agent(T, "a").await().state()).isEqualTo(AgentState.ON_CALL);
    assertThat(acd.agent(T, "b").await().state()).isEqualTo(AgentState.AVAILABLE);
    assertThat(fx.messages("b", "call.revoked")).singleElement()
        .satisfies(m -> assertThat(m.getString("reason")).isEqualTo("taken"));
    // nobody else can be offered k1 now
    agent("c");
    assertThat(acd.agent(T, "c").await().state()).isEqualTo(AgentState.AVAILABLE);
  }

  @Test
  void aCallRedisPlacesOnTheNodeThatTheNodeDoesNotHoldEndsAsAbandoned() {
    enqueue("x1");
    Enqueued w1 = enqueue("w1");

    Acd.Reconciled r = acd.reconcile(T, NODE, List.of(waiting(w1))).await();

    assertThat(r).isEqualTo(new Acd.Reconciled(0, 0, 1, List.of()));
    assertThat(acd.call(T, "x1").await().state()).isEqualTo("abandoned");
    assertThat(fx.waiting(T, "support")).containsExactly("w1");
  }

  @Test
  void callsTheAcdEndedAreHandedBackToTheNodeToHangUp() {
    Enqueued w1 = enqueue("w1");
    Enqueued w2 = enqueue("w2");
    acd.nodeLost(T, NODE).await(); // declared dead while paused: both lost

    Acd.Reconciled r = acd.reconcile(T, NODE, List.of(waiting(w1), waiting(w2))).await();

    assertThat(r.hangUp()).containsExactlyInAnyOrder("w1", "w2");
    assertThat(r.restored()).isZero();
    assertThat(fx.waiting(T, "support")).isEmpty();
  }

  @Test
  void aPendingCallIsNeitherRestoredNorDropped() {
    Enqueued w1 = enqueue("w1");
    Enqueued w2 = enqueue("w2");
    forget("w2");
    Acd.HeldCall pendingW2 = new Acd.HeldCall("w2", "support", w2.score(), w2.enqueuedAtMs(), null, null, null,
        false, null, true);
    Acd.HeldCall pendingW1 = new Acd.HeldCall("w1", "support", w1.score(), w1.enqueuedAtMs(), null, null, null,
        false, null, true);

    assertThat(acd.reconcile(T, NODE, List.of(pendingW1, pendingW2)).await())
        .isEqualTo(new Acd.Reconciled(0, 0, 0, List.of()));
    assertThat(fx.waiting(T, "support")).containsExactly("w1");
  }
}
