package io.switchboard.acd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.cluster.wire.AgentMessage;
import io.switchboard.cluster.wire.BusCodec;
import io.switchboard.cluster.wire.CallMessage;
import io.switchboard.cluster.wire.Envelope;
import io.switchboard.cluster.wire.WireException;
import io.switchboard.support.TestClock;
import io.switchboard.support.TestRedis;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract between the ACD's Lua scripts and the node bus: every script that publishes is run against a real
 * Redis, and EVERYTHING published on the node channels must decode with {@link BusCodec}, the one codec the nodes
 * read the bus with. A field a script adds, renames or types differently than the records fails here, not in
 * production where the envelope would be dropped. Node {@code n1} holds the calls' SIP legs, {@code n2} the agents'
 * sockets.
 */
class AcdBusContractIT {
  static final String T = "acme";
  static final String CALLS = "n1";
  static final String AGENTS = "n2";
  static final long START = Instant.parse("2026-12-06T10:00:00Z").toEpochMilli();

  TestClock clock;
  AcdFixture calls;
  AcdFixture agents;
  Acd acd;

  @BeforeEach
  void setUp() {
    TestRedis.flushAll();
    clock = new TestClock(START);
    calls = new AcdFixture(CALLS, clock);
    agents = new AcdFixture(AGENTS, clock);
    acd = agents.acd;
    agents.queue(T, "support", new JsonObject().put("wrapUpSeconds", 10).put("noAnswerSeconds", 15));
    agents.queue(T, "sales", new JsonObject().put("wrapUpSeconds", 10).put("noAnswerSeconds", 15));
    agents.agent(T, "ann", Map.of(), List.of("en"), List.of("support"));
    agents.agent(T, "bob", Map.of(), List.of("en"), List.of("sales"));
  }

  @AfterEach
  void tearDown() {
    calls.close();
    agents.close();
  }

  @Test
  void everyMessageTheScriptsPublishDecodesWithTheBusCodec() {
    answerDtmfAndHangUp();
    rejectThenCallerHangsUpWhileRinging();
    noAnswerIsSweptAndStatesChange();
    transferToAQueueThenToAnAgent();
    callerHangsUpOnAConnectedCall();
    aVoicemailIsOfferedAcceptedAndEnded();
    theCallsNodeDies();

    List<Envelope> all = new ArrayList<>(decodeAll(calls));
    all.addAll(decodeAll(agents));
    assertThat(kinds(all)).containsAll(Set.of(
        "agent:call.offered", "agent:call.revoked", "agent:agent.state", "agent:call.ended", "agent:call.dtmf",
        "call:call.connected", "call:call.ended", "call:call.transferred"));
    assertThat(all).contains(
        new Envelope.ToAgent(T, "ann", new AgentMessage.CallRevoked("c7", "lost")),
        new Envelope.ToAgent(T, "bob", new AgentMessage.CallEnded("c8", "lost", "the caller's connection was lost")),
        new Envelope.ToAgent(T, "ann", new AgentMessage.CallDtmf("c1", "#")),
        new Envelope.AboutCall(T, "c1", new CallMessage.CallConnected("c1", "ann")),
        new Envelope.AboutCall(T, "c1", new CallMessage.CallEnded("c1", "agent")),
        new Envelope.AboutCall(T, "c4", new CallMessage.CallTransferred("c4", "sales", null)),
        new Envelope.AboutCall(T, "c4", new CallMessage.CallTransferred("c4", null, "ann")));
    assertThat(all).filteredOn(e -> e instanceof Envelope.ToAgent a && a.message() instanceof AgentMessage.CallOffered o
            && o.callId().equals("c9"))
        .singleElement().satisfies(e -> {
          AgentMessage.CallOffered o = (AgentMessage.CallOffered) ((Envelope.ToAgent) e).message();
          assertThat(o.voicemail()).isEqualTo("vm-c9");
          assertThat(o.voicemailMs()).isEqualTo(4200L);
          assertThat(o.caller()).isEqualTo("+15550100");
          assertThat(o.callback()).isNull();
        });
    assertThat(all).filteredOn(e -> e instanceof Envelope.ToAgent a && a.message() instanceof AgentMessage.CallOffered)
        .as("every offer says when its call entered the queue").isNotEmpty()
        .allSatisfy(e -> assertThat(((AgentMessage.CallOffered) ((Envelope.ToAgent) e).message()).enqueuedAt())
            .isNotNull().isPositive());
  }

  @Test
  void theContractCheckWouldCatchAScriptThatDrifts() {
    // the check above is only worth something if a drifting message is refused: the real offer, one field renamed
    available("ann");
    enqueue("c1");
    String offer = agents.delivered().publishedText.stream().filter(t -> t.contains("call.offered")).findFirst()
        .orElseThrow();
    assertThat(BusCodec.decode(offer)).isInstanceOf(Envelope.ToAgent.class);
    assertThatThrownBy(() -> BusCodec.decode(offer.replace("\"deadline\"", "\"deadLine\"")))
        .isInstanceOfSatisfying(WireException.class, e -> assertThat(e.field()).isIn("message.deadLine",
            "message.deadline"));
  }

  // ------------------------------------------------------------------ scenarios, one per publishing script

  /** enqueue → call.offered; accept → call.connected; dtmf → call.dtmf; hangup → call.ended; wrap-up done. */
  private void answerDtmfAndHangUp() {
    available("ann");
    assertThat(enqueue("c1").reservedAgent()).isEqualTo("ann");
    acd.accept(T, "ann", "c1").await();
    acd.setCallFlag(T, "ann", "c1", Acd.CallFlag.HELD, true).await();
    acd.dtmf(T, "c1", "support", "ann", '#', 80).await();
    acd.hangup(T, "ann", "c1").await();
    acd.wrapUpDone(T, "ann", "c1", "resolved", "notes").await();
  }

  /** reject → agent.state away; available again → the call is offered again; caller leaves → call.revoked. */
  private void rejectThenCallerHangsUpWhileRinging() {
    assertThat(enqueue("c2").reservedAgent()).isEqualTo("ann");
    acd.reject(T, "ann", "c2").await();
    available("ann");
    acd.callerHangup(T, "c2").await();
  }

  /** The sweep takes back an unanswered offer (call.revoked no-answer) and ends a wrap-up; away, offline, attach. */
  private void noAnswerIsSweptAndStatesChange() {
    assertThat(enqueue("c3").reservedAgent()).isEqualTo("ann");
    clock.advanceSeconds(16);
    assertThat(acd.sweep(T).await()).isPositive();
    acd.setState(T, "ann", AgentState.AWAY, "lunch", AGENTS).await();
    acd.setState(T, "ann", AgentState.OFFLINE, null, AGENTS).await();
    acd.attach(T, "ann", AGENTS).await();
    acd.disconnected(T, "ann", AGENTS).await();
    acd.callerHangup(T, "c3").await();
  }

  /** transfer to a queue → call.transferred {queue}; to an agent → call.transferred {agentId} and call.offered. */
  private void transferToAQueueThenToAnAgent() {
    available("ann");
    available("bob");
    assertThat(enqueue("c4").reservedAgent()).isEqualTo("ann");
    acd.accept(T, "ann", "c4").await();
    acd.transfer(T, "ann", "c4", "sales", null).await();
    acd.accept(T, "bob", "c4").await();
    acd.wrapUpDone(T, "ann", "c4", "transferred", null).await();
    acd.transfer(T, "bob", "c4", null, "ann").await();
    acd.accept(T, "ann", "c4").await();
    acd.hangup(T, "ann", "c4").await();
    clock.advanceSeconds(11);
    acd.sweep(T).await(); // both wrap-ups time out: available again
  }

  private void callerHangsUpOnAConnectedCall() {
    assertThat(enqueue("c5").reservedAgent()).isEqualTo("ann");
    acd.accept(T, "ann", "c5").await();
    acd.callerHangup(T, "c5").await();
    acd.wrapUpDone(T, "ann", "c5", "resolved", null).await();
  }

  /** voicemail → call.offered with its recording; accept connects nobody (no call message); hangup; wrap-up. */
  private void aVoicemailIsOfferedAcceptedAndEnded() {
    acd.voicemail(T, new CallSpec("c9", "support", 50, Map.of(), null, "+15550100", "Ann Caller", "eu", CALLS),
        "vm-c9", 4200, false).await();
    CallStatus offered = acd.call(T, "c9").await();
    assertThat(offered.state()).isEqualTo("reserved");
    assertThat(offered.priority()).as("a flow's set node's priority").isEqualTo(50);
    assertThat(offered.agentId()).isEqualTo("ann");
    assertThat(offered.node()).as("owned by no node").isNull();
    assertThat(offered.voicemail()).isEqualTo("vm-c9");
    acd.accept(T, "ann", "c9").await();
    assertThat(acd.call(T, "c9").await().state()).isEqualTo("connected");
    acd.hangup(T, "ann", "c9").await();
    acd.wrapUpDone(T, "ann", "c9", "resolved", null).await();
  }

  /** node-lost: a reserved call is revoked (lost), a connected one ends (lost), a waiting one is just gone. */
  private void theCallsNodeDies() {
    assertThat(acd.enqueue(T, new CallSpec("c8", "sales", null, Map.of(), null, "+15550100", null, "eu", CALLS))
        .await().reservedAgent()).isEqualTo("bob");
    acd.accept(T, "bob", "c8").await();
    assertThat(enqueue("c7").reservedAgent()).isEqualTo("ann");
    assertThat(enqueue("c6").reservedAgent()).isNull();
    Acd.NodeLoss loss = acd.nodeLost(T, CALLS).await();
    assertThat(loss).isEqualTo(new Acd.NodeLoss(2, 1));
  }

  // ------------------------------------------------------------------ helpers

  private void available(String agent) {
    acd.setState(T, agent, AgentState.AVAILABLE, null, AGENTS).await();
  }

  private Enqueued enqueue(String callId) {
    return acd.enqueue(T, new CallSpec(callId, "support", null, Map.of(), null, "+15550100", "Ann Caller", "eu",
        CALLS)).await();
  }

  /** Decodes every message published on the fixture's channel; one the codec refuses fails the test, named. */
  private static List<Envelope> decodeAll(AcdFixture node) {
    List<Envelope> out = new ArrayList<>();
    for (String text : node.delivered().publishedText) {
      try {
        out.add(BusCodec.decode(text));
      } catch (WireException e) {
        throw new AssertionError("the bus codec refuses a message published on sb:node:" + node.nodeId + ": "
            + e.getMessage() + "\n" + text, e);
      }
    }
    return out;
  }

  private static Set<String> kinds(List<Envelope> all) {
    Set<String> out = new TreeSet<>();
    for (Envelope e : all) {
      out.add(e instanceof Envelope.ToAgent a ? "agent:" + BusCodec.type(a.message())
          : "call:" + BusCodec.type(((Envelope.AboutCall) e).message()));
    }
    return out;
  }
}
