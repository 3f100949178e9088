package io.switchboard.acd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.lettuce.core.StreamMessage;
import io.switchboard.redis.Keys;
import io.switchboard.support.TestClock;
import io.switchboard.support.TestRedis;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ACD against a real Redis: ordering, filtering, strategies, reservations, abandon, wrap-up, stats. */
class RedisAcdIT {
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
    fx.queue(T, "support", new JsonObject().put("wrapUpSeconds", 10).put("noAnswerSeconds", 15));
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  // --- helpers -------------------------------------------------------------------------------------------

  void agent(String id, String... queues) {
    fx.agent(T, id, Map.of(), List.of("en"), List.of(queues));
  }

  AgentStatus available(String agentId) {
    return acd.setState(T, agentId, AgentState.AVAILABLE, null, NODE).await();
  }

  Enqueued enqueue(String callId, String queue, Integer priority) {
    return acd.enqueue(T, new CallSpec(callId, queue, priority, Map.of(), null, "+15550100", "Ann", "eu", NODE)).await();
  }

  Enqueued enqueue(String callId, String queue, Map<String, Integer> skills, String language) {
    return acd.enqueue(T, new CallSpec(callId, queue, null, skills, language, "+15550100", null, "eu", NODE)).await();
  }

  AgentState state(String agentId) {
    return acd.agent(T, agentId).await().state();
  }

  /** Agent answers, talks {@code talkSeconds}, hangs up and finishes wrap-up at once: available again. */
  void handle(String agentId, String callId, int talkSeconds) {
    acd.accept(T, agentId, callId).await();
    clock.advanceSeconds(talkSeconds);
    acd.hangup(T, agentId, callId).await();
    acd.wrapUpDone(T, agentId, callId, "resolved", "").await();
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

  List<String> eventTypes() {
    return fx.events(T).stream().map(m -> m.getBody().get("type")).collect(Collectors.toList());
  }

  // --- ordering ------------------------------------------------------------------------------------------

  @Test
  void callsOfOnePriorityAreServedFirstInFirstOutEvenWithinTheSameMillisecond() {
    agent("a1", "support");
    agent("a2", "support");
    agent("a3", "support");
    // the clock does not move and the ids are not in alphabetical order: only a sequence gives FIFO
    for (String c : List.of("zulu", "alpha", "mike")) {
      enqueue(c, "support", 50);
    }
    assertThat(fx.waiting(T, "support")).containsExactly("zulu", "alpha", "mike");
    assertThat(available("a3").callId()).isEqualTo("zulu");
    assertThat(available("a1").callId()).isEqualTo("alpha");
    assertThat(available("a2").callId()).isEqualTo("mike");
  }

  @Test
  void higherPriorityIsServedFirstAndTheQueuePriorityIsTheDefault() {
    fx.queue(T, "vip", new JsonObject().put("priority", 70));
    agent("a1", "support", "vip");
    enqueue("low", "support", 10);
    enqueue("mid", "vip", null); // takes the queue's 70
    enqueue("high", "support", 90);
    enqueue("low2", "support", 10);
    assertThat(acd.call(T, "mid").await().priority()).isEqualTo(70);
    assertThat(available("a1").callId()).isEqualTo("high");
    handle("a1", "high", 5);
    assertThat(acd.agent(T, "a1").await().callId()).isEqualTo("mid");
    handle("a1", "mid", 5);
    assertThat(acd.agent(T, "a1").await().callId()).isEqualTo("low");
    handle("a1", "low", 5);
    assertThat(acd.agent(T, "a1").await().callId()).isEqualTo("low2");
  }

  // --- eligibility ---------------------------------------------------------------------------------------

  @Test
  void onlyAgentsWithEveryRequiredSkillAtTheMinimumProficiencyAreOffered() {
    fx.queue(T, "billing", new JsonObject().put("requiredSkills", new JsonObject().put("billing", 3)));
    fx.agent(T, "weak", Map.of("billing", 2, "vip", 5), List.of("en"), List.of("billing"));
    fx.agent(T, "strong", Map.of("billing", 4), List.of("en"), List.of("billing"));
    fx.agent(T, "vipOk", Map.of("billing", 3, "vip", 2), List.of("en"), List.of("billing"));
    clock.advanceSeconds(1);
    available("weak"); // idle longest, but billing 2 < 3
    clock.advanceSeconds(1);
    available("strong");
    clock.advanceSeconds(1);
    available("vipOk");

    // the call adds vip >= 2 to the queue's billing >= 3: only vipOk has both
    assertThat(enqueue("c-vip", "billing", Map.of("vip", 2), null).reservedAgent()).isEqualTo("vipOk");
    assertThat(enqueue("c1", "billing", Map.of(), null).reservedAgent()).isEqualTo("strong");
    // nobody eligible is idle: the call waits while the ineligible agent stays idle
    assertThat(enqueue("c2", "billing", Map.of(), null).reservedAgent()).isNull();
    assertThat(state("weak")).isEqualTo(AgentState.AVAILABLE);
    assertThat(fx.waiting(T, "billing")).containsExactly("c2");
  }

  @Test
  void aCallNobodyCanTakeDoesNotBlockTheCallsBehindIt() {
    agent("a1", "support");
    enqueue("needs-fr", "support", Map.of(), "fr");
    enqueue("plain", "support", Map.of(), null);
    assertThat(available("a1").callId()).isEqualTo("plain");
    assertThat(fx.waiting(T, "support")).containsExactly("needs-fr");
  }

  @Test
  void theCallsOrTheQueuesLanguageMustBeSpokenByTheAgent() {
    fx.queue(T, "espanol", new JsonObject().put("language", "es"));
    fx.agent(T, "en", Map.of(), List.of("en"), List.of("support", "espanol"));
    fx.agent(T, "bi", Map.of(), List.of("en", "ES"), List.of("support", "espanol"));
    available("en");
    clock.advanceSeconds(1);
    available("bi");
    assertThat(enqueue("c-es", "support", Map.of(), "es").reservedAgent()).isEqualTo("bi");
    assertThat(enqueue("c-q", "espanol", Map.of(), null).reservedAgent()).isNull(); // queue says es, en cannot
    assertThat(enqueue("c-en", "support", Map.of(), "en").reservedAgent()).isEqualTo("en");
  }

  // --- strategies ----------------------------------------------------------------------------------------

  @Test
  void longestIdleAgentIsOfferedFirst() {
    agent("a1", "support");
    agent("a2", "support");
    agent("a3", "support");
    available("a2");
    clock.advanceSeconds(1);
    available("a3");
    clock.advanceSeconds(1);
    available("a1");
    assertThat(enqueue("c1", "support", null).reservedAgent()).isEqualTo("a2");
    handle("a2", "c1", 3); // a2 idle again, now the most recent
    assertThat(enqueue("c2", "support", null).reservedAgent()).isEqualTo("a3");
    assertThat(enqueue("c3", "support", null).reservedAgent()).isEqualTo("a1");
    assertThat(enqueue("c4", "support", null).reservedAgent()).isEqualTo("a2");
  }

  @Test
  void roundRobinOffersTheAgentLeastRecentlyOfferedNotTheLongestIdle() {
    fx.queue(T, "rr", new JsonObject().put("strategy", "round-robin").put("wrapUpSeconds", 0));
    agent("a1", "rr");
    agent("a2", "rr");
    available("a1");
    assertThat(enqueue("c1", "rr", null).reservedAgent()).isEqualTo("a1");
    clock.advanceSeconds(1);
    acd.accept(T, "a1", "c1").await();
    acd.hangup(T, "a1", "c1").await(); // no wrap-up time: a1 is available at once, idle since now
    assertThat(state("a1")).isEqualTo(AgentState.AVAILABLE);
    clock.advanceSeconds(1);
    available("a2"); // idle for less time than a1, but never offered a call of this queue
    assertThat(enqueue("c2", "rr", null).reservedAgent()).isEqualTo("a2");
    acd.accept(T, "a2", "c2").await();
    acd.hangup(T, "a2", "c2").await();
    assertThat(enqueue("c3", "rr", null).reservedAgent()).isEqualTo("a1");
  }

  @Test
  void fewestCallsOffersTheAgentWithFewestCallsToday() {
    fx.queue(T, "fc", new JsonObject().put("strategy", "fewest-calls"));
    agent("busy", "support", "fc");
    agent("fresh", "fc");
    available("busy");
    enqueue("s1", "support", null);
    handle("busy", "s1", 60);
    enqueue("s2", "support", null);
    handle("busy", "s2", 60);
    clock.advanceSeconds(5);
    available("fresh"); // idle for less time than busy
    assertThat(enqueue("c1", "fc", null).reservedAgent()).isEqualTo("fresh");
  }

  @Test
  void leastTalkTimeOffersTheAgentWhoTalkedLeastToday() {
    fx.queue(T, "ltt", new JsonObject().put("strategy", "least-talk-time"));
    agent("chatty", "support", "ltt");
    agent("brief", "support", "ltt");
    available("chatty");
    enqueue("s1", "support", null);
    handle("chatty", "s1", 300); // one long call
    clock.advanceSeconds(1);
    available("brief");
    enqueue("s2", "support", null); // longest idle: chatty
    assertThat(acd.call(T, "s2").await().agentId()).isEqualTo("chatty");
    acd.reject(T, "chatty", "s2").await(); // goes to brief instead
    handle("brief", "s2", 10);
    enqueue("s3", "support", null);
    handle("brief", "s3", 10); // brief: 2 calls, 20 s; chatty: 1 call, 300 s
    available("chatty");
    assertThat(enqueue("c1", "ltt", null).reservedAgent()).isEqualTo("brief");
  }

  // --- reservations --------------------------------------------------------------------------------------

  @Test
  void anUnansweredOfferReturnsTheCallToItsOriginalPlaceAndPausesTheAgent() {
    agent("a1", "support");
    agent("a2", "support");
    available("a1");
    enqueue("c1", "support", null);
    enqueue("c2", "support", null);
    clock.advanceSeconds(1);
    enqueue("c3", "support", null);
    List<JsonObject> offers = fx.messages("a1", "call.offered");
    assertThat(offers).hasSize(1);
    assertThat(offers.get(0).getString("callId")).isEqualTo("c1");
    assertThat(offers.get(0).getLong("deadline")).isEqualTo(START + 15_000);

    clock.advanceSeconds(13); // 14 s after the offer: not yet
    assertThat(acd.sweep(T).await()).isZero();
    assertThat(state("a1")).isEqualTo(AgentState.RESERVED);

    clock.advanceSeconds(1);
    assertThat(acd.sweep(T).await()).isEqualTo(1);
    assertThat(fx.waiting(T, "support")).containsExactly("c1", "c2", "c3");
    AgentStatus a1 = acd.agent(T, "a1").await();
    assertThat(a1.state()).isEqualTo(AgentState.AWAY);
    assertThat(a1.reason()).isEqualTo("no-answer");
    assertThat(a1.callId()).isNull();
    assertThat(acd.call(T, "c1").await().state()).isEqualTo("waiting");
    assertThat(fx.messages("a1", "call.revoked")).singleElement()
        .satisfies(m -> assertThat(m.getString("reason")).isEqualTo("no-answer"));
    assertThat(fx.messages("a1", "agent.state")).last()
        .satisfies(m -> assertThat(m.getString("state")).isEqualTo("away"))
        .satisfies(m -> assertThat(m.getString("reason")).isEqualTo("no-answer"));
    assertThat(refused(acd.accept(T, "a1", "c1")).code()).isEqualTo("not-reserved");

    assertThat(available("a2").callId()).isEqualTo("c1"); // ahead of the later calls
  }

  @Test
  void aRejectedCallGoesBackToItsPlaceAndIsOfferedToTheNextAgentAtOnce() {
    agent("a1", "support");
    agent("a2", "support");
    available("a1");
    clock.advanceSeconds(1);
    available("a2");
    Enqueued e = enqueue("c1", "support", null);
    assertThat(e.reservedAgent()).isEqualTo("a1");
    String score = fx.callHash(T, "c1").get("score");

    assertThat(refused(acd.reject(T, "a2", "c1")).code()).isEqualTo("not-reserved");
    acd.reject(T, "a1", "c1").await();

    AgentStatus a1 = acd.agent(T, "a1").await();
    assertThat(a1.state()).isEqualTo(AgentState.AWAY);
    assertThat(a1.reason()).isEqualTo("rejected");
    CallStatus c1 = acd.call(T, "c1").await();
    assertThat(c1.state()).isEqualTo("reserved");
    assertThat(c1.agentId()).isEqualTo("a2");
    assertThat(fx.callHash(T, "c1").get("score")).isEqualTo(score);
  }

  // --- abandon -------------------------------------------------------------------------------------------

  @Test
  void aCallerLeavingWhileWaitingIsRemovedAndCounted() {
    enqueue("c1", "support", null);
    enqueue("c2", "support", null);
    acd.callerHangup(T, "c1").await();
    assertThat(fx.waiting(T, "support")).containsExactly("c2");
    assertThat(acd.call(T, "c1").await().state()).isEqualTo("abandoned");
    TenantStats.QueueStats q = acd.stats(T).await().queues().get(0);
    assertThat(q.waiting()).isEqualTo(1);
    assertThat(q.abandoned()).isEqualTo(1);
    assertThat(q.offered()).isEqualTo(2);
    acd.callerHangup(T, "c1").await(); // reported twice: nothing more happens
    assertThat(acd.stats(T).await().queues().get(0).abandoned()).isEqualTo(1);
    assertThat(eventTypes()).containsSubsequence("call.enqueued", "call.enqueued", "call.abandoned");
  }

  @Test
  void aCallerLeavingWhileReservedReleasesTheAgentWhoThenTakesTheNextCall() {
    agent("a1", "support");
    agent("a2", "support");
    available("a1");
    clock.advanceSeconds(1);
    available("a2");
    enqueue("c1", "support", null); // -> a1
    enqueue("c2", "support", null); // -> a2
    clock.advanceSeconds(1);
    enqueue("c3", "support", null); // waits
    acd.callerHangup(T, "c1").await();

    assertThat(acd.call(T, "c1").await().state()).isEqualTo("abandoned");
    assertThat(fx.messages("a1", "call.revoked")).singleElement()
        .satisfies(m -> assertThat(m.getString("reason")).isEqualTo("abandoned"));
    assertThat(acd.agent(T, "a1").await().callId()).isEqualTo("c3");
    assertThat(fx.waiting(T, "support")).isEmpty();
    assertThat(fx.r().zscore(Keys.tenant(T) + ":acd:reservations", "c1").toCompletableFuture().join()).isNull();
    assertThat(acd.stats(T).await().queues().get(0).abandoned()).isEqualTo(1);
  }

  // --- wrap-up -------------------------------------------------------------------------------------------

  @Test
  void wrapUpEndsByTimerOrByTheAgentAndThenTheAgentIsRoutedAgain() {
    agent("a1", "support");
    available("a1");
    enqueue("c1", "support", null);
    acd.accept(T, "a1", "c1").await();
    clock.advanceSeconds(30);
    acd.callerHangup(T, "c1").await();
    assertThat(state("a1")).isEqualTo(AgentState.WRAP_UP);
    assertThat(fx.callHash(T, "c1")).containsEntry("state", "ended").containsEntry("talkSeconds", "30");
    enqueue("c2", "support", null);

    clock.advanceSeconds(9);
    assertThat(acd.sweep(T).await()).isZero();
    assertThat(state("a1")).isEqualTo(AgentState.WRAP_UP);
    clock.advanceSeconds(1);
    assertThat(acd.sweep(T).await()).isEqualTo(1);
    assertThat(acd.agent(T, "a1").await().callId()).isEqualTo("c2"); // available, then routed at once

    acd.accept(T, "a1", "c2").await();
    acd.hangup(T, "a1", "c2").await();
    acd.setState(T, "a1", AgentState.AWAY, "lunch", NODE).await(); // remembered until wrap-up ends
    assertThat(state("a1")).isEqualTo(AgentState.WRAP_UP);
    acd.wrapUpDone(T, "a1", "c2", "sale", "wants the blue one").await();
    AgentStatus a1 = acd.agent(T, "a1").await();
    assertThat(a1.state()).isEqualTo(AgentState.AWAY);
    assertThat(a1.reason()).isEqualTo("lunch");
    assertThat(fx.callHash(T, "c2")).containsEntry("disposition", "sale").containsEntry("notes", "wants the blue one");
    StreamMessage<String, String> done = fx.events(T).stream()
        .filter(m -> m.getBody().get("type").equals("wrapup.done") && "c2".equals(m.getBody().get("callId")))
        .findFirst().orElseThrow();
    assertThat(done.getBody()).containsEntry("disposition", "sale").containsEntry("notes", "wants the blue one");
  }

  @Test
  void aQueuesDispositionCatalogueIsTheOnlyWayToEndItsWrapUp() {
    fx.queue(T, "sales", new JsonObject().put("dispositions", new JsonArray()
        .add(new JsonObject().put("code", "sold").put("label", "Sold"))
        .add(new JsonObject().put("code", "no-sale").put("label", "No sale"))));
    agent("a1", "sales");
    available("a1");
    enqueue("c1", "sales", null);
    acd.accept(T, "a1", "c1").await();
    acd.hangup(T, "a1", "c1").await();
    AcdException refused = refused(acd.wrapUpDone(T, "a1", "c1", "resolved", ""));
    assertThat(refused.code()).isEqualTo("bad-disposition");
    assertThat(refused.getMessage()).contains("'resolved' is not one of queue sales's dispositions");
    assertThat(state("a1")).as("nothing changed").isEqualTo(AgentState.WRAP_UP);
    AcdException noCampaign = refused(acd.wrapUpDone(T, "a1", "c1", "no-sale", "", 1_800_000_000_000L));
    assertThat(noCampaign.code()).isEqualTo("invalid-field");
    assertThat(noCampaign.getMessage()).startsWith("callbackAt: ").contains("not a campaign call");
    assertThat(state("a1")).as("nothing changed").isEqualTo(AgentState.WRAP_UP);
    acd.wrapUpDone(T, "a1", "c1", "no-sale", "").await();
    assertThat(state("a1")).isEqualTo(AgentState.AVAILABLE);
    assertThat(fx.callHash(T, "c1")).containsEntry("disposition", "no-sale");
  }

  // --- refusals ------------------------------------------------------------------------------------------

  @Test
  void invalidTransitionsAreRefusedWithTheirCodeAndChangeNothing() {
    agent("a1", "support");
    agent("a2", "support");
    assertThat(refused(acd.accept(T, "a1", "nope")).code()).isEqualTo("unknown-call");
    available("a1");
    enqueue("c1", "support", null);

    Map<String, String> before = fx.snapshot(T);
    assertThat(refused(acd.setState(T, "a1", AgentState.AWAY, "break", NODE)).code()).isEqualTo("invalid-transition");
    assertThat(refused(acd.setState(T, "a1", AgentState.OFFLINE, null, NODE)).code()).isEqualTo("invalid-transition");
    assertThat(refused(acd.accept(T, "a2", "c1")).code()).isEqualTo("not-reserved");
    assertThat(refused(acd.hangup(T, "a1", "c1")).code()).isEqualTo("invalid-transition");
    assertThat(refused(acd.wrapUpDone(T, "a1", "c1", "x", "")).code()).isEqualTo("invalid-transition");
    assertThat(fx.snapshot(T)).isEqualTo(before);

    acd.accept(T, "a1", "c1").await();
    before = fx.snapshot(T);
    assertThat(refused(acd.setState(T, "a1", AgentState.OFFLINE, null, NODE)).code()).isEqualTo("invalid-transition");
    assertThat(refused(acd.setState(T, "a1", AgentState.AVAILABLE, null, NODE)).code()).isEqualTo("invalid-transition");
    assertThat(refused(acd.hangup(T, "a2", "c1")).code()).isEqualTo("not-your-call");
    assertThat(refused(acd.setState(T, "a1", AgentState.ON_CALL, null, NODE)).code()).isEqualTo("invalid-argument");
    assertThat(fx.snapshot(T)).isEqualTo(before);
    assertThat(state("a1")).isEqualTo(AgentState.ON_CALL);
  }

  @Test
  void unknownAndForbiddenThingsAreRefusedByName() {
    fx.agentDoc(T, "sup", new JsonObject().put("roles", new io.vertx.core.json.JsonArray().add("supervisor")));
    fx.agentDoc(T, "gone", new JsonObject().put("enabled", false));
    Map<String, String> before = fx.snapshot(T);

    assertThat(refused(submit("c-x", "nowhere")).code()).isEqualTo("unknown-queue");
    assertThat(refused(acd.setState(T, "ghost", AgentState.AVAILABLE, null, NODE)).code()).isEqualTo("unknown-agent");
    assertThat(refused(acd.agent(T, "ghost")).code()).isEqualTo("unknown-agent");
    assertThat(refused(acd.setState(T, "sup", AgentState.AVAILABLE, null, NODE)).code()).isEqualTo("not-an-agent");
    assertThat(refused(acd.setState(T, "gone", AgentState.AVAILABLE, null, NODE)).code()).isEqualTo("not-an-agent");
    assertThat(refused(acd.callerHangup(T, "ghost-call")).code()).isEqualTo("unknown-call");
    AcdException prio = refused(acd.enqueue(T, new CallSpec(null, "support", 101, Map.of(), null, "x", null, null, NODE)));
    assertThat(prio.code()).isEqualTo("invalid-argument");
    assertThat(prio.getMessage()).startsWith("priority:");
    AcdException skill = refused(acd.enqueue(T, new CallSpec(null, "support", 1, Map.of("vip", 6), null, "x", null, null, NODE)));
    assertThat(skill.getMessage()).startsWith("skills.vip:");
    assertThat(refused(acd.setState(T, "sup", AgentState.AWAY, "Lunch Break", NODE)).getMessage()).startsWith("reason:");
    assertThat(refused(acd.stats("Bad{tenant}")).getMessage()).startsWith("tenant:");
    assertThat(fx.snapshot(T)).isEqualTo(before);
  }

  private Future<Enqueued> submit(String callId, String queue) {
    return acd.enqueue(T, new CallSpec(callId, queue, null, Map.of(), null, "+1", null, null, NODE));
  }

  @Test
  void aRefusalFoundDeepInTheScriptLeavesNothingHalfWritten() {
    // documents the directory could hold after a bad hand edit: each is found before the script writes
    fx.queue(T, "broken", new JsonObject().put("requiredSkills", new JsonObject().put("billing", 9)));
    fx.agentDoc(T, "bad-skills", new JsonObject().put("skills", new JsonObject().put("billing", "expert"))
        .put("queues", new io.vertx.core.json.JsonArray().add("support")));
    fx.r().set(Keys.directory(T, "queue", "garbage"), "{not json").toCompletableFuture().join();
    agent("a1", "support");
    available("a1");
    enqueue("c1", "support", null);
    Map<String, String> before = fx.snapshot(T);
    long eventsBefore = fx.events(T).size();

    AcdException e1 = refused(submit("c2", "broken"));
    assertThat(e1.code()).isEqualTo("invalid-argument");
    assertThat(e1.getMessage()).contains("broken").contains("billing");
    assertThat(refused(submit("c3", "garbage")).getMessage()).contains("garbage");
    assertThat(refused(submit("c1", "support")).getMessage()).contains("already in use");
    AcdException e2 = refused(acd.setState(T, "bad-skills", AgentState.AVAILABLE, null, NODE));
    assertThat(e2.code()).isEqualTo("invalid-argument");
    assertThat(e2.getMessage()).contains("bad-skills").contains("billing");

    assertThat(fx.snapshot(T)).isEqualTo(before);
    assertThat(fx.events(T)).hasSize((int) eventsBefore);
    assertThat(acd.call(T, "c1").await().agentId()).isEqualTo("a1"); // and the node keeps serving
  }

  // --- stats, events, nodes ------------------------------------------------------------------------------

  @Test
  void statsCountTodaysCallsServiceLevelWaitingAndAgentsByState() {
    fx.queue(T, "sales", new JsonObject().put("serviceLevel", new JsonObject().put("percent", 80).put("seconds", 20))
        .put("goals", new JsonObject().put("asaSeconds", 15).put("abandonPercent", 10).putNull("ahtSeconds")));
    agent("a1", "sales");
    agent("a2", "sales");
    agent("a3", "sales");
    acd.setState(T, "a3", AgentState.AWAY, "training", NODE).await();
    enqueue("fast", "sales", null);
    enqueue("slow", "sales", null);
    enqueue("gone", "sales", null);
    clock.advanceSeconds(5);
    available("a1");
    acd.accept(T, "a1", "fast").await(); // 5 s: within 20 s
    clock.advanceSeconds(25);
    available("a2");
    acd.accept(T, "a2", "slow").await(); // 30 s: outside
    clock.advanceSeconds(1);
    acd.callerHangup(T, "gone").await();
    enqueue("w1", "sales", null);
    clock.advanceSeconds(7);
    enqueue("w2", "sales", 99);
    clock.advanceSeconds(2);

    TenantStats stats = acd.stats(T).await();
    assertThat(stats.atEpochMs()).isEqualTo(clock.millis());
    TenantStats.QueueStats sales = stats.queues().stream().filter(q -> q.queue().equals("sales")).findFirst().orElseThrow();
    assertThat(sales.waiting()).isEqualTo(2);
    assertThat(sales.longestWaitSeconds()).isEqualTo(9); // w1, although w2 is first in line
    assertThat(sales.offered()).isEqualTo(5);
    assertThat(sales.answered()).isEqualTo(2);
    assertThat(sales.answeredInTarget()).isEqualTo(1);
    assertThat(sales.abandoned()).isEqualTo(1);
    assertThat(sales.serviceLevelPercent()).isCloseTo(100.0 / 3, org.assertj.core.data.Offset.offset(0.01));
    assertThat(sales.abandonPercent()).isEqualTo(20.0); // 1 of 5 offered
    assertThat(sales.goals()).isEqualTo(new TenantStats.QueueGoals(80, 20, 15, 10, null));
    assertThat(stats.queues()).extracting(TenantStats.QueueStats::queue).containsExactly("sales", "support");
    TenantStats.QueueStats support = stats.queues().get(1);
    assertThat(support.serviceLevelPercent()).isNull(); // nothing offered: no service level yet, not 100 %
    assertThat(support.abandonPercent()).isNull();
    assertThat(support.waiting()).isZero();
    assertThat(stats.agentsByState()).containsEntry(AgentState.ON_CALL, 2).containsEntry(AgentState.AWAY, 1)
        .containsEntry(AgentState.AVAILABLE, 0).containsEntry(AgentState.OFFLINE, 0);

    clock.advanceSeconds(86_400); // a new UTC day starts from zero
    TenantStats tomorrow = acd.stats(T).await();
    assertThat(tomorrow.queues().get(0).offered()).isZero();
    assertThat(tomorrow.queues().get(0).waiting()).isEqualTo(2);
  }

  @Test
  void everyChangeIsAnEventAndOffersReachTheAgentsNode() {
    agent("a1", "support");
    available("a1");
    enqueue("c1", "support", null);
    handle("a1", "c1", 3);
    List<StreamMessage<String, String>> events = fx.events(T);
    // one event per atomic change; call events that move the agent too say so in agentState
    assertThat(events).extracting(m -> m.getBody().get("type") + ":" + m.getBody().getOrDefault("state", "")
            + ":" + m.getBody().getOrDefault("agentState", ""))
        .containsExactly(
            "agent.state:available:", "call.enqueued:waiting:", "call.reserved:reserved:reserved",
            "call.accepted:connected:on-call", "call.ended:ended:wrap-up", "wrapup.done::", "agent.state:available:");
    for (StreamMessage<String, String> m : events) {
      assertThat(m.getBody()).containsKeys("ts", "node").containsEntry("node", NODE);
    }
    assertThat(events.get(3).getBody()).containsEntry("waitMs", "0");
    assertThat(events.get(4).getBody()).containsEntry("talkSeconds", "3").containsEntry("by", "agent");
    assertThat(events.get(2).getBody()).containsEntry("callId", "c1").containsEntry("agentId", "a1")
        .containsEntry("queue", "support");

    JsonObject envelope = fx.delivered().published.stream()
        .filter(m -> m.getJsonObject("message").getString("type").equals("call.offered")).findFirst().orElseThrow();
    assertThat(envelope.getString("tenant")).isEqualTo(T);
    assertThat(envelope.getString("agentId")).isEqualTo("a1");
    JsonObject offer = envelope.getJsonObject("message");
    assertThat(offer.getString("callId")).isEqualTo("c1");
    assertThat(offer.getString("queue")).isEqualTo("support");
    assertThat(offer.getString("caller")).isEqualTo("+15550100");
    assertThat(offer.getString("callerName")).isEqualTo("Ann");
    assertThat(offer.getInteger("priority")).isZero();
    assertThat(fx.messages("a1", "agent.state")).extracting(m -> m.getString("state"))
        .containsExactly("available", "reserved", "on-call", "wrap-up", "available");
  }

  @Test
  void aDisconnectOnlyCountsFromTheNodeHoldingTheAgent() {
    agent("a1", "support");
    agent("a2", "support");
    available("a1");
    acd.disconnected(T, "a1", "other-node").await();
    assertThat(state("a1")).isEqualTo(AgentState.AVAILABLE);
    acd.disconnected(T, "a1", NODE).await();
    assertThat(state("a1")).isEqualTo(AgentState.OFFLINE);
    assertThat(enqueue("c1", "support", null).reservedAgent()).isNull();

    available("a1"); // -> reserved c1
    clock.advanceSeconds(1);
    acd.setState(T, "a2", AgentState.AWAY, "break", NODE).await();
    acd.disconnected(T, "a1", NODE).await();
    assertThat(state("a1")).isEqualTo(AgentState.OFFLINE);
    assertThat(fx.waiting(T, "support")).containsExactly("c1");

    available("a2");
    acd.accept(T, "a2", "c1").await();
    acd.disconnected(T, "a2", NODE).await(); // on a call: untouched
    assertThat(state("a2")).isEqualTo(AgentState.ON_CALL);
  }

  @Test
  void aCallWaitingLongerThanItsQueueAllowsMovesToTheOverflowQueueKeepingItsPlace() {
    fx.queue(T, "first", new JsonObject().put("maxWaitSeconds", 30).put("overflowQueue", "backup"));
    fx.queue(T, "backup", new JsonObject());
    agent("b1", "backup");
    enqueue("old", "first", null);
    enqueue("b-call", "backup", null);
    clock.advanceSeconds(30);
    assertThat(acd.sweep(T).await()).isEqualTo(1);
    assertThat(acd.call(T, "old").await().queue()).isEqualTo("backup");
    assertThat(fx.waiting(T, "backup")).containsExactly("old", "b-call");
    assertThat(available("b1").callId()).isEqualTo("old");
  }

  @Test
  void tenantsNeverSeeEachOthersCallsOrAgents() {
    fx.queue("other", "support", new JsonObject());
    fx.agent("other", "a1", Map.of(), List.of("en"), List.of("support"));
    agent("a1", "support");
    acd.setState("other", "a1", AgentState.AVAILABLE, null, NODE).await();
    assertThat(enqueue("c1", "support", null).reservedAgent()).isNull();
    assertThat(state("a1")).isEqualTo(AgentState.OFFLINE);
    assertThat(refused(acd.call("other", "c1")).code()).isEqualTo("unknown-call");
    assertThat(acd.stats("other").await().queues().get(0).waiting()).isZero();
    assertThat(fx.delivered().published.stream().filter(m -> m.getString("tenant").equals("other")).count())
        .isEqualTo(1);
  }
}
