package io.switchboard.acd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.StreamMessage;
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
 * Failure handling in the ACD against a real Redis, with two "nodes" (fixtures with their own channels): an agent
 * follows its socket to another node in any state, an agent whose socket never comes back goes offline instead of
 * available, a dead node's calls end exactly once and are never offered again, and hold and mute are kept for the
 * page.
 */
class AcdFailoverIT {
  static final String T = "acme";
  static final String DEAD = "n1";
  static final String LIVE = "n2";
  static final long START = Instant.parse("2026-12-06T10:00:00Z").toEpochMilli();

  TestClock clock;
  AcdFixture dead;
  AcdFixture live;
  Acd acd;

  @BeforeEach
  void setUp() {
    TestRedis.flushAll();
    clock = new TestClock(START);
    dead = new AcdFixture(DEAD, clock);
    live = new AcdFixture(LIVE, clock);
    acd = live.acd;
    live.queue(T, "support", new JsonObject().put("wrapUpSeconds", 10).put("noAnswerSeconds", 15));
  }

  @AfterEach
  void tearDown() {
    dead.close();
    live.close();
  }

  void agentOn(String id, String node) {
    live.agent(T, id, Map.of(), List.of("en"), List.of("support"));
    acd.setState(T, id, AgentState.AVAILABLE, null, node).await();
  }

  Enqueued enqueueOn(String callId, String node) {
    return acd.enqueue(T, new CallSpec(callId, "support", null, Map.of(), null, "+15550100", "Ann", "eu", node))
        .await();
  }

  AgentStatus agent(String id) {
    return acd.agent(T, id).await();
  }

  String hashNode(String agentId) {
    return AcdFixture.await(live.r().hget(Keys.tenant(T) + ":acd:agent:" + agentId, "node"));
  }

  List<StreamMessage<String, String>> events(String type) {
    return live.events(T).stream().filter(e -> type.equals(e.getBody().get("type"))).toList();
  }

  @Test
  void anAgentOnACallFollowsItsSocketToAnotherNodeAndKeepsWorking() {
    agentOn("a", DEAD);
    assertThat(enqueueOn("c1", LIVE).reservedAgent()).isEqualTo("a");
    acd.accept(T, "a", "c1").await();

    AgentStatus st = acd.attach(T, "a", LIVE).await();

    assertThat(st.state()).isEqualTo(AgentState.ON_CALL);
    assertThat(st.callId()).isEqualTo("c1");
    assertThat(hashNode("a")).isEqualTo(LIVE);
    acd.callerHangup(T, "c1").await();
    clock.advanceSeconds(11);
    acd.sweep(T).await();
    // wrap-up, then available: both reach the node holding the socket now, none the old one
    assertThat(live.messages("a", "agent.state")).extracting(m -> m.getString("state"))
        .containsExactly("wrap-up", "available");
    assertThat(dead.messages("a", "agent.state")).extracting(m -> m.getString("state"))
        .containsExactly("available", "reserved", "on-call");
    assertThat(events("agent.attached")).singleElement()
        .satisfies(e -> assertThat(e.getBody()).containsEntry("from", DEAD).containsEntry("to", LIVE));
    // and the next offer goes there too
    assertThat(enqueueOn("c2", LIVE).reservedAgent()).isEqualTo("a");
    assertThat(live.messages("a", "call.offered")).extracting(m -> m.getString("callId")).containsExactly("c2");
  }

  @Test
  void anAgentWhoseSocketNeverComesBackGoesOfflineAfterWrapUpAndIsNeverOffered() {
    agentOn("a", DEAD);
    enqueueOn("c1", LIVE);
    acd.accept(T, "a", "c1").await();
    acd.disconnected(T, "a", DEAD).await();
    assertThat(agent("a").state()).isEqualTo(AgentState.ON_CALL); // the call goes on

    acd.callerHangup(T, "c1").await();
    assertThat(agent("a").state()).isEqualTo(AgentState.WRAP_UP);
    clock.advanceSeconds(11);
    acd.sweep(T).await();

    AgentStatus st = agent("a");
    assertThat(st.state()).isEqualTo(AgentState.OFFLINE);
    assertThat(st.reason()).isEqualTo("disconnected");
    assertThat(enqueueOn("c2", LIVE).reservedAgent()).isNull();
    assertThat(live.waiting(T, "support")).containsExactly("c2");
  }

  @Test
  void aSocketThatComesBackBeforeWrapUpEndsKeepsTheAgentWorking() {
    agentOn("a", DEAD);
    enqueueOn("c1", LIVE);
    acd.accept(T, "a", "c1").await();
    acd.disconnected(T, "a", DEAD).await();
    acd.callerHangup(T, "c1").await();

    acd.attach(T, "a", LIVE).await();
    acd.wrapUpDone(T, "a", "c1", "resolved", "").await();

    assertThat(agent("a").state()).isEqualTo(AgentState.AVAILABLE);
    assertThat(enqueueOn("c2", LIVE).reservedAgent()).isEqualTo("a");
  }

  @Test
  void aSocketClosingOnTheOldNodeAfterTheMoveChangesNothing() {
    agentOn("a", DEAD);
    acd.attach(T, "a", LIVE).await();
    acd.disconnected(T, "a", DEAD).await();
    assertThat(agent("a").state()).isEqualTo(AgentState.AVAILABLE);
    assertThat(enqueueOn("c1", LIVE).reservedAgent()).isEqualTo("a");
  }

  @Test
  void aDeadNodesCallsEndExactlyOnceAndTheOthersAreStillServed() {
    agentOn("b", LIVE);
    agentOn("c", LIVE);
    assertThat(enqueueOn("k1", DEAD).reservedAgent()).isEqualTo("b"); // b idle longest
    acd.accept(T, "b", "k1").await();
    assertThat(enqueueOn("r1", DEAD).reservedAgent()).isEqualTo("c");
    enqueueOn("w1", DEAD);
    enqueueOn("w2", LIVE);
    assertThat(live.waiting(T, "support")).containsExactly("w1", "w2");

    Acd.NodeLoss loss = acd.nodeLost(T, DEAD).await();

    assertThat(loss).isEqualTo(new Acd.NodeLoss(2, 1));
    assertThat(acd.call(T, "w1").await().state()).isEqualTo("lost");
    assertThat(acd.call(T, "r1").await().state()).isEqualTo("lost");
    assertThat(live.callHash(T, "k1")).containsEntry("state", "ended").containsEntry("endedBy", "node-lost");
    // c's offer was taken back and, not its fault, it took the next call at once: the live node's w2
    assertThat(live.messages("c", "call.revoked")).singleElement()
        .satisfies(m -> assertThat(m.getString("reason")).isEqualTo("lost"));
    assertThat(agent("c").callId()).isEqualTo("w2");
    assertThat(live.waiting(T, "support")).isEmpty();
    // b was told why its call ended, and wraps up
    assertThat(live.messages("b", "call.ended")).singleElement()
        .satisfies(m -> assertThat(m.getString("reason")).isEqualTo("lost"));
    assertThat(agent("b").state()).isEqualTo(AgentState.WRAP_UP);
    // counted lost, not abandoned; every lost call is in the event stream with its node
    TenantStats.QueueStats q = acd.stats(T).await().queues().get(0);
    assertThat(q.lost()).isEqualTo(2);
    assertThat(q.abandoned()).isZero();
    assertThat(events("call.lost")).extracting(e -> e.getBody().get("callId")).containsExactlyInAnyOrder("w1", "r1");
    assertThat(events("call.lost")).allSatisfy(e -> assertThat(e.getBody()).containsEntry("from", DEAD));
    // idempotent: a second survivor (or a retry) finds nothing left
    assertThat(acd.nodeLost(T, DEAD).await()).isEqualTo(new Acd.NodeLoss(0, 0));
    // never offered afterwards
    acd.wrapUpDone(T, "b", "k1", "resolved", "").await();
    assertThat(agent("b").state()).isEqualTo(AgentState.AVAILABLE);
    assertThat(live.messages("b", "call.offered")).extracting(m -> m.getString("callId")).containsExactly("k1");
  }

  @Test
  void anAgentReservedOnTheDeadNodeItselfGoesOfflineInsteadOfTakingTheNextCall() {
    agentOn("e", DEAD);
    assertThat(enqueueOn("r1", DEAD).reservedAgent()).isEqualTo("e");
    enqueueOn("w2", LIVE);

    acd.nodeLost(T, DEAD).await();

    assertThat(agent("e").state()).isEqualTo(AgentState.OFFLINE);
    assertThat(live.waiting(T, "support")).containsExactly("w2");
  }

  @Test
  void callsThatEndedNormallyLeaveTheNodesSetAndAreNotCountedLost() {
    agentOn("a", LIVE);
    enqueueOn("k1", DEAD);
    acd.accept(T, "a", "k1").await();
    acd.hangup(T, "a", "k1").await();
    enqueueOn("w1", DEAD);
    acd.callerHangup(T, "w1").await();

    assertThat(AcdFixture.await(live.r().scard(Keys.tenant(T) + ":acd:node:" + DEAD + ":calls"))).isZero();
    assertThat(acd.nodeLost(T, DEAD).await()).isEqualTo(new Acd.NodeLoss(0, 0));
    assertThat(acd.call(T, "w1").await().state()).isEqualTo("abandoned");
  }

  @Test
  void holdAndMuteAreKeptOnTheConnectedCallForTheOwnerOnly() {
    agentOn("a", LIVE);
    agentOn("b", LIVE);
    enqueueOn("k1", LIVE);
    clock.advanceSeconds(3);
    acd.accept(T, "a", "k1").await();

    acd.setCallFlag(T, "a", "k1", Acd.CallFlag.HELD, true).await();
    acd.setCallFlag(T, "a", "k1", Acd.CallFlag.MUTED, true).await();
    CallStatus c = acd.call(T, "k1").await();
    assertThat(c.held()).isTrue();
    assertThat(c.muted()).isTrue();
    assertThat(c.answeredEpochMs()).isEqualTo(START + 3000);

    acd.setCallFlag(T, "a", "k1", Acd.CallFlag.HELD, false).await();
    assertThat(acd.call(T, "k1").await().held()).isFalse();
    assertThatThrownBy(() -> acd.setCallFlag(T, "b", "k1", Acd.CallFlag.MUTED, false).await())
        .isInstanceOfSatisfying(AcdException.class, e -> assertThat(e.code()).isEqualTo("not-your-call"));
    assertThat(acd.call(T, "k1").await().muted()).isTrue();
  }

  @Test
  void aReservedCallCarriesItsDeadlineForHello() {
    agentOn("a", LIVE);
    enqueueOn("r1", LIVE);
    CallStatus c = acd.call(T, "r1").await();
    assertThat(c.state()).isEqualTo("reserved");
    assertThat(c.deadlineEpochMs()).isEqualTo(START + 15_000);
  }
}
