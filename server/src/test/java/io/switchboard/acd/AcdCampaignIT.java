package io.switchboard.acd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
 * Campaign calls in the ACD's scripts on a real Redis (acd-campaign-call, -view, -withdraw, and the callback scripts
 * they ride on): a blended agent in an inbound queue and the campaign's queue takes the inbound caller first even when
 * the campaign's call waited longer (queue priority, in the one routing script), then the campaign's call, offered as
 * a callback with the contact's label; the pacer's view tells outcomes, answers and the end of the wrap-up apart; a
 * waiting call is withdrawn, a reserved one is not.
 */
class AcdCampaignIT {
  static final String T = "cmp";
  static final String NUMBER = "+14155550123";
  static final String CALLER_ID = "+14155550100";
  static final long START = Instant.parse("2026-12-07T15:00:00Z").toEpochMilli();

  TestClock clock;
  AcdFixture n1;
  RedisCampaignCalls calls;

  @BeforeEach
  void setUp() {
    TestRedis.flushAll();
    clock = new TestClock(START);
    n1 = new AcdFixture("n1", clock);
    calls = new RedisCampaignCalls(n1.acd);
    n1.queue(T, "support", new JsonObject().put("priority", 10).put("wrapUpSeconds", 30).put("noAnswerSeconds", 15));
    n1.queue(T, "outbound", new JsonObject().put("priority", 0).put("wrapUpSeconds", 30).put("noAnswerSeconds", 15));
    n1.agent(T, "ann", Map.of(), List.of("en"), List.of("support", "outbound"));
  }

  @AfterEach
  void tearDown() {
    n1.close();
  }

  /** The contact card every campaign call carries to its offer (the wrap-up's call-back picker). */
  private static final String CARD = "{\"from\":\"08:00\",\"to\":\"21:00\",\"zone\":\"America/New_York\"}";

  private CampaignCalls.Call call(String id) {
    return new CampaignCalls.Call(id, "outbound", NUMBER, "Renewals: Ana Pérez", "c-1", "list:1", CALLER_ID, null, 0,
        CARD);
  }

  private String state(String agent) {
    return n1.acd.agent(T, agent).await().state().wire();
  }

  private CampaignCalls.CallView view(String id) {
    return calls.view(T, "outbound", List.of(id)).await().calls().get(0);
  }

  @Test
  void aBlendedAgentTakesTheInboundCallerFirstThenTheCampaignsCallOfferedAsACallback() {
    assertThat(calls.place(T, call("k1")).await()).as("nobody idle: it waits").isNull();
    assertThat(n1.acd.call(T, "k1").await().callerId()).as("kept for the dial").isEqualTo(CALLER_ID);
    clock.advanceSeconds(5);
    n1.acd.enqueue(T, new CallSpec("i1", "support", null, Map.of(), null, "+15550001", null, null, "n1")).await();
    assertThat(calls.view(T, "outbound", List.of("k1")).await().idleAgents()).isZero();

    n1.acd.setState(T, "ann", AgentState.AVAILABLE, null, "n1").await();
    assertThat(n1.acd.agent(T, "ann").await().callId()).as("support's priority 10 beats outbound's 0")
        .isEqualTo("i1");
    n1.acd.accept(T, "ann", "i1").await();
    n1.acd.hangup(T, "ann", "i1").await();
    n1.acd.wrapUpDone(T, "ann", "i1", "solved", "").await();

    assertThat(n1.acd.agent(T, "ann").await().callId()).isEqualTo("k1");
    List<Envelope> sent = n1.delivered().publishedText.stream().map(BusCodec::decode).toList();
    assertThat(sent).anyMatch(e -> e instanceof Envelope.ToAgent a && a.message() instanceof AgentMessage.CallOffered o
        && o.callId().equals("k1") && NUMBER.equals(o.callback()) && "Renewals: Ana Pérez".equals(o.callerName())
        && o.contact() != null && new JsonObject(o.contact()).equals(new JsonObject(CARD)));
    assertThat(n1.acd.call(T, "k1").await().contactCard()).as("for hello after a reload").isNotNull();
    assertThat(view("k1").state()).isEqualTo("reserved");

    // accepted: the agent's node dials (CALLBACK), the number is busy: the call ends, the outcome is kept
    n1.acd.accept(T, "ann", "k1").await();
    assertThat(n1.acd.call(T, "k1").await().node()).isEqualTo("n1");
    n1.acd.dialFailed(T, "k1", "busy").await();
    CampaignCalls.CallView busy = view("k1");
    assertThat(busy.state()).as("one attempt: it ends").isEqualTo("ended");
    assertThat(busy.outcome()).isEqualTo("busy");
    assertThat(busy.answered()).isFalse();
    assertThat(state("ann")).as("nobody talked: no wrap-up").isEqualTo("available");
    assertThat(calls.view(T, "outbound", List.of()).await().idleAgents()).isEqualTo(1);
    List<Map<String, String>> events = n1.events(T).stream().map(e -> e.getBody()).toList();
    assertThat(events).anySatisfy(e -> assertThat(e).containsEntry("type", "call.enqueued")
        .containsEntry("callId", "k1").containsEntry("campaign", "c-1").containsEntry("contact", "list:1"));
  }

  @Test
  void anAnsweredCallIsWrappedOnlyOnceItsAgentsWrapUpIsOver() {
    n1.acd.setState(T, "ann", AgentState.AVAILABLE, null, "n1").await();
    assertThat(calls.place(T, call("k2")).await()).as("routed at once").isEqualTo("ann");
    n1.acd.accept(T, "ann", "k2").await();
    n1.acd.dialAnswered(T, "k2").await();
    CampaignCalls.CallView talking = view("k2");
    assertThat(talking.state()).isEqualTo("connected");
    assertThat(talking.answered()).isTrue();
    n1.acd.hangup(T, "ann", "k2").await();
    CampaignCalls.CallView over = view("k2");
    assertThat(over.state()).isEqualTo("ended");
    assertThat(over.answered()).isTrue();
    assertThat(over.wrapped()).as("in wrap-up").isFalse();
    n1.acd.wrapUpDone(T, "ann", "k2", "sale", "two licences").await();
    assertThat(view("k2").wrapped()).isTrue();
    assertThat(view("k2").disposition()).isEqualTo("sale");
  }

  @Test
  void aWaitingCallIsWithdrawnAReservedOneIsNot() {
    calls.place(T, call("k3")).await();
    assertThat(calls.withdraw(T, "k3").await()).isTrue();
    CampaignCalls.CallView gone = view("k3");
    assertThat(gone.state()).isEqualTo("ended");
    assertThat(gone.outcome()).isEqualTo("withdrawn");
    assertThat(n1.waiting(T, "outbound")).isEmpty();
    assertThat(calls.withdraw(T, "k3").await()).as("over already").isFalse();

    n1.acd.setState(T, "ann", AgentState.AVAILABLE, null, "n1").await();
    calls.place(T, call("k4")).await();
    assertThat(calls.withdraw(T, "k4").await()).as("reserved: it goes on").isFalse();
    assertThat(view("k4").state()).isEqualTo("reserved");
    assertThat(view("nope").state()).isEqualTo("unknown");
  }

  @Test
  void anAnsweredCampaignCallTransferredToAQueueIsOfferedAsACallerNotANumberToDialAndIsNeverWithdrawn() {
    n1.agent(T, "bea", Map.of(), List.of("en"), List.of("support"));
    n1.acd.setState(T, "ann", AgentState.AVAILABLE, null, "n1").await();
    assertThat(calls.place(T, call("k5")).await()).isEqualTo("ann");
    n1.acd.accept(T, "ann", "k5").await();
    AcdException dialing = AcdTransferIT.refused(n1.acd.transfer(T, "ann", "k5", "support", null));
    assertThat(dialing.code()).as("not answered yet").isEqualTo("invalid-transition");
    assertThat(dialing.getMessage()).contains("being dialed");
    n1.acd.dialAnswered(T, "k5").await();
    clock.advanceSeconds(20);

    n1.acd.transfer(T, "ann", "k5", "support", null).await();
    assertThat(state("ann")).isEqualTo("wrap-up");
    CallStatus waiting = n1.acd.call(T, "k5").await();
    assertThat(waiting.state()).isEqualTo("waiting");
    assertThat(waiting.queue()).isEqualTo("support");
    assertThat(waiting.callback()).as("its accept connects the contact: nothing to dial").isNull();
    assertThat(waiting.node()).as("the dialing node holds the contact's leg").isEqualTo("n1");
    assertThat(AcdFixture.await(n1.r().sismember(io.switchboard.redis.Keys.tenant(T) + ":acd:node:n1:calls", "k5")))
        .as("a dead node's survivor counts it lost").isTrue();
    assertThat(calls.withdraw(T, "k5").await()).as("its contact is on the line: never withdrawn").isFalse();
    assertThat(view("k5").state()).isEqualTo("waiting");
    Acd.Reconciled r = n1.acd.reconcile(T, "n1", List.of()).await();
    assertThat(r.dropped()).as("the dialer's call is not in the node's list: left alone").isZero();

    n1.acd.setState(T, "bea", AgentState.AVAILABLE, null, "n1").await();
    assertThat(n1.acd.agent(T, "bea").await().callId()).isEqualTo("k5");
    List<Envelope> sent = n1.delivered().publishedText.stream().map(BusCodec::decode).toList();
    assertThat(sent.stream().filter(e -> e instanceof Envelope.ToAgent a && a.agentId().equals("bea")
        && a.message() instanceof AgentMessage.CallOffered o && o.callId().equals("k5")).toList())
        .singleElement().satisfies(e -> assertThat(((AgentMessage.CallOffered) ((Envelope.ToAgent) e).message())
            .callback()).isNull());
    n1.acd.accept(T, "bea", "k5").await();
    assertThat(AcdTransferIT.callMessages(n1, "k5", "call.connected")).singleElement()
        .satisfies(m -> assertThat(m.getString("agentId")).isEqualTo("bea"));
    n1.acd.callerHangup(T, "k5").await();
    assertThat(state("bea")).isEqualTo("wrap-up");
    n1.acd.wrapUpDone(T, "ann", "k5", "transferred", "").await();
    n1.acd.wrapUpDone(T, "bea", "k5", "sale", "").await();
    CampaignCalls.CallView over = view("k5");
    assertThat(over.state()).isEqualTo("ended");
    assertThat(over.answered()).isTrue();
    assertThat(over.wrapped()).isTrue();
    assertThat(over.disposition()).isEqualTo("sale");
  }

  @Test
  void aPredictiveCallRingsThenWaitsAnsweredAndIsAbandonedWhenNoAgentTookIt() {
    calls.dialing(T, call("p1")).await();
    assertThat(view("p1").state()).as("dialed before any agent").isEqualTo("ringing");
    assertThat(n1.waiting(T, "outbound")).as("in no queue while it rings").isEmpty();
    clock.advanceSeconds(3);
    assertThat(calls.answered(T, "p1").await()).as("nobody idle: it waits").isNull();
    assertThat(view("p1").state()).isEqualTo("waiting");
    assertThat(n1.acd.call(T, "p1").await().node()).as("its SIP leg's node").isEqualTo("n1");
    clock.advanceSeconds(2);
    assertThat(calls.abandon(T, "p1").await()).isTrue();
    CampaignCalls.CallView abandoned = view("p1");
    assertThat(abandoned.state()).isEqualTo("ended");
    assertThat(abandoned.outcome()).isEqualTo("abandoned");
    assertThat(abandoned.answered()).as("no agent answered it").isFalse();
    assertThat(n1.waiting(T, "outbound")).isEmpty();
    assertThat(calls.abandon(T, "p1").await()).as("over already").isFalse();
    List<Map<String, String>> events = n1.events(T).stream().map(e -> e.getBody()).toList();
    assertThat(events).anySatisfy(e -> assertThat(e).containsEntry("type", "call.abandoned")
        .containsEntry("callId", "p1").containsEntry("by", "campaign").containsEntry("campaign", "c-1"));
    assertThat(events).anySatisfy(e -> assertThat(e).containsEntry("type", "call.enqueued")
        .containsEntry("callId", "p1").containsEntry("contact", "list:1").containsEntry("ringMs", "3000"));

    // an agent free: reserved at once, the grace time's end leaves it alone; the agent's accept connects it
    n1.acd.setState(T, "ann", AgentState.AVAILABLE, null, "n1").await();
    calls.dialing(T, call("p2")).await();
    assertThat(calls.answered(T, "p2").await()).isEqualTo("ann");
    assertThat(n1.delivered().publishedText.stream().map(BusCodec::decode).toList()).as("its card offered")
        .anyMatch(e -> e instanceof Envelope.ToAgent a && a.message() instanceof AgentMessage.CallOffered o
            && o.callId().equals("p2") && o.contact() != null && new JsonObject(o.contact()).equals(new JsonObject(CARD)));
    assertThat(calls.abandon(T, "p2").await()).as("reserved: it goes on").isFalse();
    n1.acd.accept(T, "ann", "p2").await();
    CampaignCalls.CallView talking = view("p2");
    assertThat(talking.state()).isEqualTo("connected");
    assertThat(talking.answered()).isTrue();
    assertThat(n1.delivered().publishedText.stream().map(BusCodec::decode).toList()).as("told to the call's node")
        .anyMatch(e -> e instanceof Envelope.AboutCall c && c.callId().equals("p2")
            && c.message() instanceof io.switchboard.cluster.wire.CallMessage.CallConnected);

    // unanswered: the outcome is kept, and a call not being dialed any more is left alone
    calls.dialing(T, call("p3")).await();
    assertThat(calls.dialFailed(T, "p3", "no-answer").await()).isTrue();
    assertThat(view("p3").state()).isEqualTo("ended");
    assertThat(view("p3").outcome()).isEqualTo("no-answer");
    assertThat(calls.dialFailed(T, "p3", "busy").await()).isFalse();
    assertThatThrownBy(() -> calls.answered(T, "p3").await()).isInstanceOf(AcdException.class)
        .hasMessageContaining("not a campaign call being dialed");
  }

  private CampaignCalls.Call preview(String id) {
    return new CampaignCalls.Call(id, "outbound", NUMBER, "Renewals: Ana Pérez", "c-1", "list:1", CALLER_ID,
        "{\"name\":\"Ana Pérez\",\"attributes\":{\"plan\":\"gold\"},\"attempts\":[{\"outcome\":\"busy\","
            + "\"at\":\"2026-12-06T10:00:00Z\",\"disposition\":null}]}", 60);
  }

  private List<AgentMessage> toAgents() {
    return n1.delivered().publishedText.stream().map(BusCodec::decode)
        .filter(e -> e instanceof Envelope.ToAgent).map(e -> ((Envelope.ToAgent) e).message()).toList();
  }

  @Test
  void aPreviewIsOfferedWithItsCardRequeuedWhenTheSocketDropsSkippedByItsAgentOrAtItsDeadline() {
    n1.agent(T, "bo", Map.of(), List.of("en"), List.of("outbound"));
    n1.acd.setState(T, "ann", AgentState.AVAILABLE, null, "n1").await();
    assertThat(calls.place(T, preview("v1")).await()).isEqualTo("ann");
    AgentMessage.CallOffered offer = toAgents().stream().filter(m -> m instanceof AgentMessage.CallOffered)
        .map(m -> (AgentMessage.CallOffered) m).filter(o -> o.callId().equals("v1")).findFirst().orElseThrow();
    JsonObject card = new JsonObject(offer.preview());
    assertThat(card.getJsonObject("attributes").getString("plan")).isEqualTo("gold");
    assertThat(card.getJsonArray("attempts").getJsonObject(0).getString("outcome")).isEqualTo("busy");
    assertThat(offer.deadline()).as("the campaign's preview time, not the queue's 15 s").isEqualTo(START + 60_000);
    assertThat(offer.callback()).isEqualTo(NUMBER);
    assertThat(n1.acd.call(T, "v1").await().preview()).contains("Ana Pérez");

    // the agent's socket drops: the preview goes back to its place, nothing ended, nothing dialed
    n1.acd.disconnected(T, "ann", "n1").await();
    assertThat(view("v1").state()).isEqualTo("waiting");
    assertThat(n1.waiting(T, "outbound")).containsExactly("v1");
    n1.acd.setState(T, "bo", AgentState.AVAILABLE, null, "n1").await();
    assertThat(view("v1").state()).isEqualTo("reserved");
    assertThat(n1.acd.call(T, "v1").await().agentId()).isEqualTo("bo");

    // only its agent may skip it; skipped: ended, the agent available at once
    assertThatThrownBy(() -> calls.skipPreview(T, "ann", "v1", null).await()).isInstanceOf(AcdException.class)
        .satisfies(e -> assertThat(((AcdException) e).code()).isEqualTo("not-reserved"));
    calls.skipPreview(T, "bo", "v1", "not-now").await();
    CampaignCalls.CallView skipped = view("v1");
    assertThat(skipped.state()).isEqualTo("ended");
    assertThat(skipped.outcome()).isEqualTo("skipped");
    assertThat(state("bo")).isEqualTo("available");
    assertThat(toAgents()).anyMatch(m -> m instanceof AgentMessage.CallRevoked r && r.callId().equals("v1")
        && r.reason().equals("skipped"));
    assertThat(n1.events(T).stream().map(e -> e.getBody()).toList()).anySatisfy(e -> assertThat(e)
        .containsEntry("type", "call.callback-failed").containsEntry("callId", "v1").containsEntry("by", "agent")
        .containsEntry("reason", "not-now"));
    assertThatThrownBy(() -> calls.skipPreview(T, "bo", "v1", null).await()).as("over already")
        .isInstanceOf(AcdException.class);
    assertThatThrownBy(() -> calls.skipPreview(T, "bo", "i9", null).await()).as("not a preview")
        .isInstanceOf(AcdException.class).satisfies(e -> assertThat(((AcdException) e).code())
            .isEqualTo("unknown-call"));

    // nobody decides: at the deadline the sweep skips it and its agent stays available
    assertThat(calls.place(T, preview("v2")).await()).isEqualTo("bo");
    clock.advanceSeconds(59);
    n1.acd.sweep(T).await();
    assertThat(view("v2").state()).isEqualTo("reserved");
    clock.advanceSeconds(2);
    n1.acd.sweep(T).await();
    assertThat(view("v2").state()).isEqualTo("ended");
    assertThat(view("v2").outcome()).isEqualTo("skipped");
    assertThat(state("bo")).as("not away: a preview nobody decided on is no missed call").isEqualTo("available");
    assertThat(toAgents()).anyMatch(m -> m instanceof AgentMessage.CallRevoked r && r.callId().equals("v2")
        && r.reason().equals("timeout"));
  }

  @Test
  void badCallsAreRefusedBeforeAnyWrite() {
    assertThatThrownBy(() -> calls.place(T, new CampaignCalls.Call("k5", "outbound", "4155550123", "x", "c-1", "l:1",
        null)).await()).isInstanceOf(AcdException.class).hasMessageContaining("E.164");
    assertThatThrownBy(() -> calls.place(T, new CampaignCalls.Call("k5", "nope", NUMBER, "x", "c-1", "l:1", null))
        .await())
        .isInstanceOf(AcdException.class).satisfies(e -> assertThat(((AcdException) e).code()).isEqualTo("unknown-queue"));
    assertThatThrownBy(() -> calls.place(T, new CampaignCalls.Call("k5", "outbound", NUMBER, "x", "c-1", "l:1",
        "14155550100")).await()).isInstanceOf(AcdException.class).hasMessageContaining("callerId must be E.164");
    calls.place(T, call("k5")).await();
    assertThatThrownBy(() -> calls.place(T, call("k5")).await()).isInstanceOf(AcdException.class)
        .hasMessageContaining("already in use");
    assertThatThrownBy(() -> calls.place(T, new CampaignCalls.Call("k6", "outbound", NUMBER, "x", "c-1", "l:1", null,
        "not json", 60)).await()).isInstanceOf(AcdException.class).hasMessageContaining("preview must be a JSON object");
    assertThatThrownBy(() -> calls.place(T, new CampaignCalls.Call("k6", "outbound", NUMBER, "x", "c-1", "l:1", null,
        "{}", 0)).await()).isInstanceOf(AcdException.class).hasMessageContaining("offerSeconds");
  }
}
