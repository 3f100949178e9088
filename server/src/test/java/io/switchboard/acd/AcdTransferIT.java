package io.switchboard.acd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.lettuce.core.StreamMessage;
import io.switchboard.support.TestClock;
import io.switchboard.support.TestRedis;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Blind transfer ({@link Acd#transfer}) against a real Redis: to a queue (waits and is routed there, counted
 * offered), to an agent (reserved for it at once, back to its queue when the offer expires), every refusal
 * leaving Redis untouched, and exactly one winner when two nodes transfer the same call at once.
 */
class AcdTransferIT {
  static final String T = "acme";
  static final String NODE = "n1";
  static final String NODE2 = "n2";
  static final long START = Instant.parse("2026-11-16T10:00:00Z").toEpochMilli();

  TestClock clock;
  AcdFixture fx;
  AcdFixture fx2;
  Acd acd;

  @BeforeEach
  void setUp() {
    TestRedis.flushAll();
    clock = new TestClock(START);
    fx = new AcdFixture(NODE, clock);
    fx2 = new AcdFixture(NODE2, clock);
    acd = fx.acd;
    fx.queue(T, "support", new JsonObject().put("wrapUpSeconds", 10).put("noAnswerSeconds", 15));
    fx.queue(T, "billing", new JsonObject().put("noAnswerSeconds", 25)
        .put("requiredSkills", new JsonObject().put("billing", 3)));
    fx.agent(T, "a1", Map.of(), List.of("en"), List.of("support"));
    fx.agent(T, "a2", Map.of(), List.of("en"), List.of("support"));
    fx.agent(T, "b-weak", Map.of("billing", 2), List.of("en"), List.of("billing"));
    fx.agent(T, "b-strong", Map.of("billing", 4), List.of("en"), List.of("billing"));
    fx.agent(T, "x", Map.of(), List.of("en"), List.of()); // in no queue: only ever gets transfers
  }

  @AfterEach
  void tearDown() {
    fx.close();
    fx2.close();
  }

  // --- helpers -------------------------------------------------------------------------------------------

  AgentStatus available(String agentId, String node) {
    return acd.setState(T, agentId, AgentState.AVAILABLE, null, node).await();
  }

  /** a1 (the only available agent of support) answers call {@code callId} and talks {@code talkSeconds}. */
  void connected(String callId, int talkSeconds) {
    available("a1", NODE);
    Enqueued e = acd.enqueue(T, new CallSpec(callId, "support", 40, Map.of(), null, "+15550100", "Ann", "eu", NODE))
        .await();
    assertThat(e.reservedAgent()).isEqualTo("a1");
    acd.accept(T, "a1", callId).await();
    clock.advanceSeconds(talkSeconds);
  }

  AgentStatus agent(String agentId) {
    return acd.agent(T, agentId).await();
  }

  TenantStats.QueueStats queueStats(String queue) {
    return acd.stats(T).await().queues().stream().filter(q -> q.queue().equals(queue)).findFirst().orElseThrow();
  }

  /** Messages of {@code type} published to node {@code fixture} about the call (envelopes carrying callId). */
  static List<JsonObject> callMessages(AcdFixture fixture, String callId, String type) {
    fixture.delivered();
    List<JsonObject> out = new ArrayList<>();
    for (JsonObject m : fixture.published) {
      if (callId.equals(m.getString("callId")) && type.equals(m.getJsonObject("message").getString("type"))) {
        out.add(m.getJsonObject("message"));
      }
    }
    return out;
  }

  List<Map<String, String>> events(String type) {
    return fx.events(T).stream().map(StreamMessage::getBody).filter(b -> type.equals(b.get("type"))).toList();
  }

  static AcdException refused(Future<?> f) {
    try {
      f.await();
    } catch (AcdException e) {
      return e;
    } catch (Throwable e) {
      fail("expected an AcdException, got " + e);
    }
    fail("expected a refusal, the call succeeded");
    return null;
  }

  // --- to a queue ----------------------------------------------------------------------------------------

  @Test
  void transferToAQueueWrapsUpTheAgentAndTheCallWaitsThereUntilAnAgentWithItsSkillsComes() {
    available("b-weak", NODE); // in billing's list, but billing 2 < 3: must not get the call
    connected("c1", 30);
    long transferredAt = clock.millis();

    acd.transfer(T, "a1", "c1", "billing", null).await();

    AgentStatus a1 = agent("a1");
    assertThat(a1.state()).isEqualTo(AgentState.WRAP_UP);
    assertThat(a1.callId()).isEqualTo("c1");
    assertThat(fx.callHash(T, "c1")).doesNotContainKey("answeredAt"); // answered again by the next agent
    assertThat(AcdFixture.await(fx.r().hget(io.switchboard.redis.Keys.tenant(T) + ":acd:agent:a1", "talk"))).isEqualTo("30");
    CallStatus call = acd.call(T, "c1").await();
    assertThat(call.state()).isEqualTo("waiting");
    assertThat(call.queue()).isEqualTo("billing");
    assertThat(call.priority()).isEqualTo(40); // its own priority, not the queue's
    assertThat(call.enqueuedEpochMs()).isEqualTo(transferredAt); // a fresh enqueue time
    assertThat(call.agentId()).isNull();
    assertThat(fx.waiting(T, "billing")).containsExactly("c1");
    assertThat(agent("b-weak").state()).isEqualTo(AgentState.AVAILABLE);
    assertThat(callMessages(fx, "c1", "call.transferred")).singleElement()
        .satisfies(m -> assertThat(m.getMap()).containsEntry("queue", "billing").doesNotContainKey("agentId"));
    assertThat(events("call.transferred")).singleElement().satisfies(e -> assertThat(e)
        .containsEntry("agentId", "a1").containsEntry("queue", "billing").containsEntry("from", "support")
        .containsEntry("state", "waiting").containsEntry("agentState", "wrap-up").containsEntry("talkSeconds", "30"));

    TenantStats.QueueStats billing = queueStats("billing");
    assertThat(billing.offered()).isEqualTo(1);
    assertThat(billing.waiting()).isEqualTo(1);
    assertThat(queueStats("support").offered()).isEqualTo(1);

    clock.advanceSeconds(4);
    assertThat(available("b-strong", NODE2).callId()).isEqualTo("c1"); // routed as any waiting call
    assertThat(fx2.messages("b-strong", "call.offered")).singleElement()
        .satisfies(m -> assertThat(m.getString("queue")).isEqualTo("billing"));
    acd.accept(T, "b-strong", "c1").await();
    assertThat(queueStats("billing").answered()).isEqualTo(1);
    assertThat(queueStats("billing").answeredInTarget()).isEqualTo(1); // 4 s after the transfer
    assertThat(queueStats("support").answered()).isEqualTo(1);
  }

  @Test
  void transferToAQueueWithAnIdleEligibleAgentIsOfferedAtOnce() {
    available("b-strong", NODE2);
    connected("c1", 5);
    acd.transfer(T, "a1", "c1", "billing", null).await();
    assertThat(agent("b-strong").callId()).isEqualTo("c1");
    assertThat(acd.call(T, "c1").await().state()).isEqualTo("reserved");
    assertThat(fx.waiting(T, "billing")).isEmpty();
    assertThat(fx2.messages("b-strong", "call.offered")).singleElement()
        .satisfies(m -> assertThat(m.getLong("deadline")).isEqualTo(clock.millis() + 25_000));
    assertThat(events("call.transferred").stream().map(e -> e.get("type"))).hasSize(1);
    List<String> types = fx.events(T).stream().map(m -> m.getBody().get("type")).toList();
    assertThat(types.subList(types.size() - 2, types.size())).containsExactly("call.transferred", "call.reserved");
  }

  // --- to an agent ---------------------------------------------------------------------------------------

  @Test
  void transferToAnAvailableAgentReservesTheCallForItOnItsNode() {
    connected("c1", 12);
    available("a2", NODE2);

    acd.transfer(T, "a1", "c1", null, "a2").await();

    assertThat(agent("a1").state()).isEqualTo(AgentState.WRAP_UP);
    AgentStatus a2 = agent("a2");
    assertThat(a2.state()).isEqualTo(AgentState.RESERVED);
    assertThat(a2.callId()).isEqualTo("c1");
    CallStatus call = acd.call(T, "c1").await();
    assertThat(call.state()).isEqualTo("reserved");
    assertThat(call.agentId()).isEqualTo("a2");
    assertThat(call.queue()).isEqualTo("support");
    assertThat(fx2.messages("a2", "call.offered")).singleElement().satisfies(m -> {
      assertThat(m.getString("callId")).isEqualTo("c1");
      assertThat(m.getString("queue")).isEqualTo("support");
      assertThat(m.getString("caller")).isEqualTo("+15550100");
      assertThat(m.getLong("deadline")).isEqualTo(clock.millis() + 15_000);
    });
    assertThat(fx2.messages("a2", "agent.state")).last()
        .satisfies(m -> assertThat(m.getString("state")).isEqualTo("reserved"));
    assertThat(fx.messages("a2", "call.offered")).isEmpty(); // only a2's own node is told
    assertThat(callMessages(fx, "c1", "call.transferred")).singleElement()
        .satisfies(m -> assertThat(m.getMap()).containsEntry("agentId", "a2").doesNotContainKey("queue"));
    assertThat(events("call.transferred")).singleElement()
        .satisfies(e -> assertThat(e).containsEntry("to", "a2").containsEntry("state", "reserved"));

    acd.accept(T, "a2", "c1").await();
    TenantStats.QueueStats support = queueStats("support");
    assertThat(support.offered()).isEqualTo(1);
    assertThat(support.answered()).isEqualTo(1); // one call, answered once in its queue
    clock.advanceSeconds(3);
    acd.hangup(T, "a2", "c1").await();
    assertThat(agent("a2").state()).isEqualTo(AgentState.WRAP_UP);
  }

  @Test
  void anExpiredOfferAfterATransferToAnAgentPutsTheCallBackInItsQueue() {
    connected("c1", 12);
    available("a2", NODE2);
    acd.transfer(T, "a1", "c1", null, "a2").await();
    acd.setState(T, "a1", AgentState.AWAY, "break", NODE).await(); // after its wrap-up (10 s) ends

    clock.advanceSeconds(16);
    assertThat(acd.sweep(T).await()).isGreaterThanOrEqualTo(1);

    assertThat(acd.call(T, "c1").await().state()).isEqualTo("waiting");
    assertThat(fx.waiting(T, "support")).containsExactly("c1");
    AgentStatus a2 = agent("a2");
    assertThat(a2.state()).isEqualTo(AgentState.AWAY);
    assertThat(a2.reason()).isEqualTo("no-answer");
    assertThat(fx2.messages("a2", "call.revoked")).singleElement()
        .satisfies(m -> assertThat(m.getString("reason")).isEqualTo("no-answer"));

    assertThat(agent("a1").state()).isEqualTo(AgentState.AWAY);
    assertThat(available("a1", NODE).callId()).isEqualTo("c1"); // a1 comes back and takes it
    acd.accept(T, "a1", "c1").await();
    assertThat(queueStats("support").answered()).isEqualTo(1);
    assertThat(queueStats("support").offered()).isEqualTo(1);
  }

  // --- refusals change nothing ---------------------------------------------------------------------------

  @Test
  void aTargetAgentThatIsNotAvailableIsRefusedAndNothingChanges() {
    fx.agentDoc(T, "sup", new JsonObject().put("roles", new JsonArray().add("supervisor")));
    fx.agentDoc(T, "gone", new JsonObject().put("enabled", false));
    connected("c1", 5);
    available("a2", NODE2);
    acd.setState(T, "a2", AgentState.AWAY, "lunch", NODE2).await();
    Map<String, String> before = fx.snapshot(T);

    AcdException away = refused(acd.transfer(T, "a1", "c1", null, "a2"));
    assertThat(away.code()).isEqualTo("agent-unavailable");
    assertThat(away.getMessage()).contains("a2").contains("away");
    assertThat(refused(acd.transfer(T, "a1", "c1", null, "b-strong")).code()).isEqualTo("agent-unavailable");
    assertThat(refused(acd.transfer(T, "a1", "c1", null, "sup")).code()).isEqualTo("not-an-agent");
    assertThat(refused(acd.transfer(T, "a1", "c1", null, "gone")).code()).isEqualTo("not-an-agent");
    assertThat(refused(acd.transfer(T, "a1", "c1", null, "nobody")).code()).isEqualTo("not-an-agent");
    assertThat(refused(acd.transfer(T, "a1", "c1", null, "a1")).code()).isEqualTo("invalid-argument");

    assertThat(fx.snapshot(T)).isEqualTo(before);
    assertThat(agent("a1").state()).isEqualTo(AgentState.ON_CALL);
    assertThat(callMessages(fx, "c1", "call.transferred")).isEmpty();
  }

  @Test
  void onlyTheConnectedAgentMayTransferAndTheQueueMustExist() {
    connected("c1", 5);
    available("a2", NODE2);
    Map<String, String> before = fx.snapshot(T);

    assertThat(refused(acd.transfer(T, "a2", "c1", "billing", null)).code()).isEqualTo("not-your-call");
    assertThat(refused(acd.transfer(T, "a1", "nope", "billing", null)).code()).isEqualTo("unknown-call");
    AcdException unknownQueue = refused(acd.transfer(T, "a1", "c1", "nowhere", null));
    assertThat(unknownQueue.code()).isEqualTo("unknown-queue");
    assertThat(unknownQueue.getMessage()).contains("nowhere");
    assertThat(refused(acd.transfer(T, "a1", "c1", "billing", "a2")).code()).isEqualTo("invalid-argument");
    assertThat(refused(acd.transfer(T, "a1", "c1", null, null)).getMessage()).startsWith("queue:");
    assertThat(refused(acd.transfer(T, "a1", "c1", "bad{slot}", null)).getMessage()).startsWith("queue:");
    assertThat(fx.snapshot(T)).isEqualTo(before);

    // a call only reserved (not answered yet) cannot be transferred
    acd.enqueue(T, new CallSpec("c2", "support", null, Map.of(), null, null, null, null, NODE)).await();
    assertThat(agent("a2").callId()).isEqualTo("c2");
    assertThat(refused(acd.transfer(T, "a2", "c2", "billing", null)).code()).isEqualTo("invalid-transition");
    // nor one that has ended
    acd.hangup(T, "a1", "c1").await();
    assertThat(refused(acd.transfer(T, "a1", "c1", "billing", null)).code()).isEqualTo("invalid-transition");
  }

  // --- dialed calls ---------------------------------------------------------------------------------------

  @Test
  void anAnsweredClickToDialCallIsTransferredToAnAgentAndWaitsInItsQueueWhenTheOfferRunsOut() {
    available("a1", NODE);
    acd.dial(T, "a1", "o1", new Acd.Dial("+14155550199", "+15550100", "support", "trunk")).await();
    assertThat(refused(acd.transfer(T, "a1", "o1", null, "x")).getMessage()).as("still ringing")
        .contains("being dialed");
    acd.dialAnswered(T, "o1").await();
    clock.advanceSeconds(12);
    available("x", NODE);

    acd.transfer(T, "a1", "o1", null, "x").await();
    assertThat(agent("a1").state()).isEqualTo(AgentState.WRAP_UP);
    assertThat(agent("x").callId()).isEqualTo("o1");
    assertThat(fx.messages("x", "call.offered")).singleElement()
        .satisfies(m -> assertThat(m.getString("callback")).isNull());
    assertThat(callMessages(fx, "o1", "call.transferred")).singleElement()
        .satisfies(m -> assertThat(m.getString("agentId")).isEqualTo("x"));
    assertThat(events("call.transferred")).singleElement().satisfies(e -> assertThat(e)
        .containsEntry("agentId", "a1").containsEntry("from", "support").containsEntry("to", "x"));

    // the offer runs out: it waits in the queue it was dialed for, with a place in line it never had before
    acd.setState(T, "a1", AgentState.AWAY, "break", NODE).await(); // after its wrap-up (10 s) ends
    clock.advanceSeconds(16);
    assertThat(acd.sweep(T).await()).isGreaterThanOrEqualTo(1);
    assertThat(acd.call(T, "o1").await().state()).isEqualTo("waiting");
    assertThat(fx.waiting(T, "support")).containsExactly("o1");
    available("a2", NODE);
    assertThat(agent("a2").callId()).isEqualTo("o1");
    acd.accept(T, "a2", "o1").await();
    assertThat(callMessages(fx, "o1", "call.connected")).singleElement()
        .satisfies(m -> assertThat(m.getString("agentId")).isEqualTo("a2"));
    assertThat(acd.reconcile(T, NODE, List.of()).await().dropped()).as("the dialer's call: left alone").isZero();
    assertThat(acd.call(T, "o1").await().state()).isEqualTo("connected");
    acd.hangup(T, "a2", "o1").await();
    assertThat(agent("a2").state()).isEqualTo(AgentState.WRAP_UP);
    assertThat(callMessages(fx, "o1", "call.ended")).singleElement();
  }

  @Test
  void aCallDialedForNoQueueCanBeTransferredToAQueueOnly() {
    available("a1", NODE);
    acd.dial(T, "a1", "o2", new Acd.Dial("+14155550199", "+15550100", null, "trunk")).await();
    acd.dialAnswered(T, "o2").await();
    Map<String, String> before = fx.snapshot(T);
    AcdException toAgent = refused(acd.transfer(T, "a1", "o2", null, "a2"));
    assertThat(toAgent.code()).isEqualTo("invalid-transition");
    assertThat(toAgent.getMessage()).contains("no queue");
    assertThat(fx.snapshot(T)).isEqualTo(before);

    acd.transfer(T, "a1", "o2", "support", null).await();
    assertThat(fx.waiting(T, "support")).containsExactly("o2");
    assertThat(queueStats("support").offered()).isEqualTo(1);
  }

  // --- concurrency ---------------------------------------------------------------------------------------

  @Test
  void twoNodesTransferringTheSameCallAtOnceExactlyOneWins() throws Exception {
    available("x", NODE2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 20; round++) {
        String callId = "race-" + round;
        connected(callId, 1);
        CountDownLatch go = new CountDownLatch(1);
        var toQueue = pool.submit(() -> outcome(go, () -> fx.acd.transfer(T, "a1", callId, "billing", null)));
        var toAgent = pool.submit(() -> outcome(go, () -> fx2.acd.transfer(T, "a1", callId, null, "x")));
        go.countDown();
        List<String> outcomes = List.of(toQueue.get(10, TimeUnit.SECONDS), toAgent.get(10, TimeUnit.SECONDS));
        assertThat(outcomes).as("round %d", round).containsOnlyOnce("ok")
            .allMatch(o -> o.equals("ok") || o.equals("not-your-call") || o.equals("invalid-transition"));
        assertThat(events("call.transferred").stream().filter(e -> callId.equals(e.get("callId")))).hasSize(1);
        assertThat(agent("a1").state()).isEqualTo(AgentState.WRAP_UP);
        assertThat(agent("x").state()).isEqualTo(outcomes.get(1).equals("ok") ? AgentState.RESERVED : AgentState.AVAILABLE);
        // the caller leaves: x (if offered) is free again; a1 finishes wrap-up for the next round
        acd.callerHangup(T, callId).await();
        assertThat(agent("x").state()).isEqualTo(AgentState.AVAILABLE);
        acd.wrapUpDone(T, "a1", callId, "", "").await();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Waits for the start signal, then transfers: "ok" or the refusal's code. */
  private static String outcome(CountDownLatch go, java.util.function.Supplier<Future<Void>> transfer)
      throws InterruptedException {
    go.await();
    try {
      transfer.get().await();
      return "ok";
    } catch (AcdException e) {
      return e.code();
    }
  }
}
