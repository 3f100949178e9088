package io.switchboard.acd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.cluster.wire.AgentMessage;
import io.switchboard.cluster.wire.BusCodec;
import io.switchboard.cluster.wire.CallMessage;
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
 * Click-to-dial in the ACD's scripts on a real Redis (acd-dial, acd-dial-answered, acd-dial-failed, and acd-hangup
 * before the answer): the agent goes on-call atomically and is offered nothing meanwhile, an offer that raced in
 * refuses the dial, an unanswered call puts the agent back where it dialed from, an answered one ends in wrap-up,
 * and no queue counts any of it. Everything the scripts publish decodes with the bus codec.
 */
class AcdDialIT {
  static final String T = "dial";
  static final long START = Instant.parse("2026-12-07T10:00:00Z").toEpochMilli();

  TestClock clock;
  AcdFixture node;
  Acd acd;

  @BeforeEach
  void setUp() {
    TestRedis.flushAll();
    clock = new TestClock(START);
    node = new AcdFixture("n1", clock);
    acd = node.acd;
    node.queue(T, "support", new JsonObject().put("wrapUpSeconds", 10).put("noAnswerSeconds", 15));
    node.agent(T, "ann", Map.of(), List.of("en"), List.of("support"));
  }

  @AfterEach
  void tearDown() {
    node.close();
  }

  private static Acd.Dial dial(String queue) {
    return new Acd.Dial("+14155550100", "+15550100", queue, "carrier");
  }

  private String state(String agent) {
    return acd.agent(T, agent).await().state().wire();
  }

  private Enqueued enqueue(String callId) {
    return acd.enqueue(T, new CallSpec(callId, "support", null, Map.of(), null, "+15550199", null, null, "n1"))
        .await();
  }

  @Test
  void anAgentOnAnOutboundCallIsOfferedNothingAndTakesTheWaitingCallWhenTheDialFails() {
    acd.setState(T, "ann", AgentState.AVAILABLE, null, "n1").await();
    acd.dial(T, "ann", "o1", dial("support")).await();
    assertThat(state("ann")).isEqualTo("on-call");
    CallStatus o1 = acd.call(T, "o1").await();
    assertThat(o1.state()).isEqualTo("connected");
    assertThat(o1.agentId()).isEqualTo("ann");
    assertThat(o1.node()).isEqualTo("n1");
    assertThat(o1.caller()).isEqualTo("+14155550100");
    assertThat(o1.answeredEpochMs()).isZero();

    assertThat(enqueue("c1").reservedAgent()).as("not offered to an agent on an outbound call").isNull();
    assertThat(node.waiting(T, "support")).containsExactly("c1");

    clock.advanceSeconds(3);
    acd.dialFailed(T, "o1", "busy").await();
    assertThat(acd.call(T, "o1").await().state()).isEqualTo("ended");
    assertThat(node.callHash(T, "o1")).containsEntry("outcome", "busy").containsEntry("endedBy", "node");
    assertThat(state("ann")).as("back to available, and routed at once").isEqualTo("reserved");
    assertThat(acd.agent(T, "ann").await().callId()).isEqualTo("c1");
    acd.dialFailed(T, "o1", "no-answer").await(); // a late second report changes nothing

    TenantStats.QueueStats support = acd.stats(T).await().queues().stream()
        .filter(q -> q.queue().equals("support")).findFirst().orElseThrow();
    assertThat(support.offered()).as("only the inbound call").isEqualTo(1);
    assertThat(support.answered()).isZero();
    List<String> types = node.events(T).stream().map(e -> e.getBody().get("type")).toList();
    assertThat(types).contains("call.dialed", "call.dial.failed");
    assertThat(node.events(T).stream().filter(e -> "call.dialed".equals(e.getBody().get("type"))).findFirst()
        .orElseThrow().getBody()).containsEntry("direction", "outbound").containsEntry("number", "+14155550100")
        .containsEntry("callerId", "+15550100").containsEntry("queue", "support").containsEntry("agentState", "on-call");
  }

  @Test
  void anOfferThatRacedInRefusesTheDialAndOnlyAvailableOrAwayAgentsDial() {
    acd.setState(T, "ann", AgentState.AVAILABLE, null, "n1").await();
    assertThat(enqueue("c1").reservedAgent()).isEqualTo("ann");
    assertThatThrownBy(() -> acd.dial(T, "ann", "o1", dial(null)).await())
        .isInstanceOfSatisfying(AcdException.class, e -> assertThat(e.code()).isEqualTo("agent-busy"));
    assertThat(node.callHash(T, "o1")).as("nothing written").isEmpty();
    assertThat(state("ann")).isEqualTo("reserved");

    acd.accept(T, "ann", "c1").await();
    assertThatThrownBy(() -> acd.dial(T, "ann", "o2", dial(null)).await())
        .isInstanceOfSatisfying(AcdException.class, e -> assertThat(e.code()).isEqualTo("invalid-transition"));
    assertThatThrownBy(() -> acd.dial(T, "bob", "o3", dial(null)).await())
        .isInstanceOfSatisfying(AcdException.class, e -> assertThat(e.code()).isEqualTo("invalid-transition"));
  }

  @Test
  void fromAwayTheAgentsHangUpBeforeTheAnswerCancelsAndItIsAwayAgainWithItsReason() {
    acd.setState(T, "ann", AgentState.AWAY, "lunch", "n1").await();
    acd.dial(T, "ann", "o1", dial(null)).await();
    assertThat(state("ann")).isEqualTo("on-call");
    acd.hangup(T, "ann", "o1").await();
    AgentStatus ann = acd.agent(T, "ann").await();
    assertThat(ann.state().wire()).isEqualTo("away");
    assertThat(ann.reason()).isEqualTo("lunch");
    assertThat(ann.callId()).isNull();
    assertThat(node.callHash(T, "o1")).containsEntry("outcome", "cancelled").containsEntry("endedBy", "agent");
    List<Envelope> all = node.delivered().publishedText.stream().map(BusCodec::decode).toList();
    assertThat(all).contains(new Envelope.AboutCall(T, "o1", new CallMessage.CallEnded("o1", "agent")));
    assertThat(all).anyMatch(e -> e instanceof Envelope.ToAgent a && a.message() instanceof AgentMessage.AgentStateChanged s
        && s.state().equals("away") && "lunch".equals(s.reason()));

    // answered from away: wrap-up, then away again with the same reason (not available)
    acd.dial(T, "ann", "o2", dial("support")).await();
    acd.dialAnswered(T, "o2").await();
    acd.hangup(T, "ann", "o2").await();
    assertThat(state("ann")).isEqualTo("wrap-up");
    acd.wrapUpDone(T, "ann", "o2", "sale", "").await();
    AgentStatus after = acd.agent(T, "ann").await();
    assertThat(after.state().wire()).isEqualTo("away");
    assertThat(after.reason()).isEqualTo("lunch");
  }

  @Test
  void anAnsweredOutboundCallCountsTalkAndEndsInTheQueuesWrapUp() {
    acd.setState(T, "ann", AgentState.AVAILABLE, null, "n1").await();
    acd.dial(T, "ann", "o1", dial("support")).await();
    clock.advanceSeconds(4);
    assertThatThrownBy(() -> acd.transfer(T, "ann", "o1", "support", null).await()).as("still ringing")
        .isInstanceOfSatisfying(AcdException.class, e -> assertThat(e.code()).isEqualTo("invalid-transition"));
    acd.dialAnswered(T, "o1").await();
    assertThat(acd.call(T, "o1").await().answeredEpochMs()).isEqualTo(START + 4000);
    assertThatThrownBy(() -> acd.dialFailed(T, "o1", "busy").await()).isInstanceOf(AcdException.class);
    clock.advanceSeconds(30);
    acd.callerHangup(T, "o1").await(); // the called party's BYE
    AgentStatus ann = acd.agent(T, "ann").await();
    assertThat(ann.state().wire()).isEqualTo("wrap-up");
    assertThat(node.callHash(T, "o1")).containsEntry("talkSeconds", "30").containsEntry("endedBy", "caller");
    acd.wrapUpDone(T, "ann", "o1", "sale", "").await();
    assertThat(state("ann")).isEqualTo("available");
    TenantStats.QueueStats support = acd.stats(T).await().queues().stream()
        .filter(q -> q.queue().equals("support")).findFirst().orElseThrow();
    assertThat(support.offered()).isZero();
    assertThat(support.answered()).isZero();
    assertThat(AcdFixture.await(node.r().hget(io.switchboard.redis.Keys.tenant(T) + ":acd:handle", "support")))
        .as("no handle time from outbound calls").isNull();
  }
}
