package io.switchboard.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.acd.AcdOptions;
import io.switchboard.acd.AgentState;
import io.switchboard.acd.RedisAcd;
import io.switchboard.acd.RedisCampaignCalls;
import io.switchboard.config.Settings;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.records.Database;
import io.switchboard.redis.Keys;
import io.switchboard.redis.RedisConnections;
import io.switchboard.support.TestClock;
import io.switchboard.support.TestPostgres;
import io.switchboard.support.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pacer's rounds against a real PostgreSQL and the Redis ACD, with an injected clock and the agent's side played
 * through the ACD (no SIP): one call per idle agent by contact priority; a trunk failure pauses the campaign with
 * reason trunk-down and counts as a failed attempt; an answered call is settled once its wrap-up is over, with the
 * disposition; a call waiting when the campaign pauses is withdrawn and not counted; a contact at night in its own
 * zone is put off until its calling hours open (the clock moves there); busy's maximum makes a contact done; an
 * answered call's disposition with a rule of its own is called again; the last contact done completes the campaign.
 * A preview campaign's call carries the contact's card; a skipped preview is no attempt and comes back after the
 * campaign's skip delay, with its earlier attempts on the card.
 */
class CampaignPacerIT {
  static final String T = "pacer";
  static final Instant START = Instant.parse("2026-12-07T15:00:00Z"); // 15:00 UTC, 00:00 in Tokyo
  static Database db;
  static Vertx vertx;
  static RedisConnections redis;
  static TestClock clock;
  static RedisAcd acd;
  static PgCampaignStore store;
  static CampaignPacer pacer;

  @BeforeAll
  static void open() throws Exception {
    db = Database.open(SwitchboardConfig.from(Settings.of(Map.of("media.bind-host", "127.0.0.1", "sip.host",
        "127.0.0.1", "database.url", TestPostgres.newDatabase("pacer_it"))), List::of).records(), Path.of("unused"));
    TestRedis.flushAll();
    redis = TestRedis.connect();
    vertx = Vertx.vertx();
    clock = new TestClock(START.toEpochMilli());
    acd = new RedisAcd(vertx, redis, AcdOptions.defaults("n1"), clock);
    store = new PgCampaignStore(db.dataSource());
    pacer = new CampaignPacer(store, new RedisCampaignCalls(acd), (tenant, id) -> true, clock, null,
        new CampaignPacer.Options(1000, 5000));
    doc("queue", "outbound", new JsonObject().put("name", "Outbound").put("priority", 0).put("wrapUpSeconds", 30)
        .put("noAnswerSeconds", 15));
    doc("agent", "ann", new JsonObject().put("username", "ann").put("displayName", "Ann")
        .put("roles", new JsonArray().add("agent")).put("skills", new JsonObject())
        .put("languages", new JsonArray().add("en")).put("queues", new JsonArray().add("outbound"))
        .put("enabled", true));
  }

  @AfterAll
  static void close() {
    if (redis != null) {
      redis.close();
    }
    if (vertx != null) {
      vertx.close().await();
    }
    if (db != null) {
      db.close();
    }
  }

  @Test
  void roundsFeedFollowRetryPauseAndComplete() throws Exception {
    String list = list();
    contact(list, "Hi Priority", "+14155550171", "UTC", 5);
    contact(list, "Lo Priority", "+14155550172", "UTC", 1);
    contact(list, "Tokyo Night", "+14155550173", "Asia/Tokyo", 9);
    Campaign c = store.create(T, new Campaign.Fields("Pacing", "outbound", List.of(list), "progressive", "UTC",
        CallingHours.DEFAULT, new RetryRules(new RetryRules.Rule(60, 2), new RetryRules.Rule(600, 3),
            new RetryRules.Rule(600, 2), Map.of("call-back", new RetryRules.Rule(300, 2))), List.of(), null,
        CampaignSchedule.ALWAYS, null));
    String id = c.id();
    store.transition(T, id, Set.of(CampaignStatus.READY), CampaignStatus.RUNNING, null);

    pacer.round();
    assertThat(inFlight(id)).as("nobody idle: nothing placed").isZero();

    // one idle agent: one call, the highest priority contact in its hours
    acd.setState(T, "ann", AgentState.AVAILABLE, null, "n1").await();
    pacer.round();
    assertThat(row("+14155550173").nextAttempt()).as("Tokyo is at night: put off to 08:00 JST")
        .isEqualTo(Instant.parse("2026-12-07T23:00:00Z"));
    assertThat(row("+14155550173").attempts()).isZero();
    String first = offered();
    assertThat(row("+14155550171").callId()).isEqualTo(first);
    pacer.round();
    assertThat(inFlight(id)).as("ann is reserved: still one").isEqualTo(1);

    // the trunk fails: a failed attempt, and the campaign pauses with a reason
    acd.accept(T, "ann", first).await();
    acd.dialFailed(T, first, "trunk-failure").await();
    pacer.round();
    Campaign paused = store.get(T, id).orElseThrow();
    assertThat(paused.status()).isEqualTo(CampaignStatus.PAUSED);
    assertThat(paused.statusReason()).isEqualTo("trunk-down");
    Row hi = row("+14155550171");
    assertThat(hi.attempts()).isEqualTo(1);
    assertThat(hi.outcome()).isEqualTo("trunk-failure");
    assertThat(hi.done()).isFalse();
    assertThat(hi.nextAttempt()).isEqualTo(START.plusSeconds(600));
    pacer.round();
    assertThat(inFlight(id)).as("paused: nothing fed").isZero();

    // resumed: the next due contact, answered, settled with its disposition once the wrap-up is over
    store.transition(T, id, Set.of(CampaignStatus.PAUSED), CampaignStatus.RUNNING, null);
    pacer.round();
    String second = offered();
    assertThat(row("+14155550172").callId()).isEqualTo(second);
    acd.accept(T, "ann", second).await();
    acd.dialAnswered(T, second).await();
    RedisCampaignCalls calls = new RedisCampaignCalls(acd);
    clock.advanceSeconds(5);
    assertThat(calls.view(T, "outbound", List.of()).await().busyElapsedMs()).as("ann 5 s on the call")
        .containsExactly(5_000L);
    acd.hangup(T, "ann", second).await();
    clock.advanceSeconds(2);
    assertThat(calls.view(T, "outbound", List.of()).await().busyElapsedMs()).as("5 s talk, 2 s wrap-up so far")
        .containsExactly(7_000L);
    pacer.round();
    assertThat(row("+14155550172").callId()).as("in wrap-up: not settled yet").isEqualTo(second);
    acd.wrapUpDone(T, "ann", second, "sale", "").await();
    pacer.round();
    Row lo = row("+14155550172");
    assertThat(lo.done()).isTrue();
    assertThat(lo.outcome()).isEqualTo("answered");
    assertThat(lo.disposition()).isEqualTo("sale");

    // the first contact again after its 600 s; ann turns it down and goes away: it waits; a pause withdraws it
    clock.advanceSeconds(601);
    pacer.round();
    String third = offered();
    assertThat(row("+14155550171").attempts()).isEqualTo(2);
    acd.reject(T, "ann", third).await();
    store.transition(T, id, Set.of(CampaignStatus.RUNNING), CampaignStatus.PAUSED, null);
    pacer.round();
    assertThat(acd.call(T, third).await().state()).as("withdrawn").isEqualTo("ended");
    assertThat(row("+14155550171").attempts()).as("a withdrawn call is no attempt").isEqualTo(1);
    assertThat(row("+14155550171").callId()).isNull();

    // resumed with ann back: busy on the second attempt is busy's maximum: done
    store.transition(T, id, Set.of(CampaignStatus.PAUSED), CampaignStatus.RUNNING, null);
    acd.setState(T, "ann", AgentState.AVAILABLE, null, "n1").await();
    pacer.round();
    String fourth = offered();
    acd.accept(T, "ann", fourth).await();
    acd.dialFailed(T, fourth, "busy").await();
    pacer.round();
    assertThat(row("+14155550171").done()).isTrue();
    assertThat(row("+14155550171").attempts()).isEqualTo(2);
    assertThat(store.get(T, id).orElseThrow().status()).as("Tokyo still to call").isEqualTo(CampaignStatus.RUNNING);

    // morning in Tokyo: the last contact is called and asks to be called back (the disposition's rule: 300 s later)
    clock.setMillis(Instant.parse("2026-12-07T23:00:00Z").toEpochMilli());
    pacer.round();
    String fifth = offered();
    assertThat(row("+14155550173").callId()).isEqualTo(fifth);
    acd.accept(T, "ann", fifth).await();
    acd.dialAnswered(T, fifth).await();
    acd.hangup(T, "ann", fifth).await();
    acd.wrapUpDone(T, "ann", fifth, "call-back", "").await();
    pacer.round();
    Row callBack = row("+14155550173");
    assertThat(callBack.done()).isFalse();
    assertThat(callBack.nextAttempt()).isEqualTo(Instant.parse("2026-12-07T23:05:00Z"));
    pacer.round();
    assertThat(store.get(T, id).orElseThrow().status()).isEqualTo(CampaignStatus.RUNNING);

    // called back: answered again, the rule's 2 attempts are over; the campaign is complete
    clock.advanceSeconds(301);
    pacer.round();
    String sixth = offered();
    acd.accept(T, "ann", sixth).await();
    acd.dialAnswered(T, sixth).await();
    acd.hangup(T, "ann", sixth).await();
    acd.wrapUpDone(T, "ann", sixth, "call-back", "").await();
    pacer.round();
    pacer.round();
    assertThat(row("+14155550173").done()).isTrue();
    assertThat(store.get(T, id).orElseThrow().status()).isEqualTo(CampaignStatus.COMPLETED);
    Campaign.Progress p = store.progress(T, id);
    assertThat(p.contacts()).isEqualTo(3);
    assertThat(p.dialed()).isEqualTo(5);
    assertThat(p.connected()).isEqualTo(2);
    assertThat(p.remaining()).isZero();
    assertThat(p.byOutcome()).isEqualTo(Map.of("answered", 2L, "busy", 1L));
    assertThat(reasons(id).notDialed()).as("Tokyo put off at night; the busy contact and the call-back rule's last")
        .isEqualTo(Map.of("outside-calling-hours", 1L, "max-attempts", 2L));
    assertThat(reasons(id).skips()).isEmpty();
  }

  /** The campaign's not-dialed reasons as the campaigns report reads them. */
  private static CampaignFigures.Reasons reasons(String id) throws Exception {
    return new CampaignFigures(db.dataSource()).rows(T, clock.instant()).stream()
        .filter(r -> r.campaignId().equals(id)).findFirst().orElseThrow().reasons();
  }

  @Test
  void aScheduleKeepsTheCampaignFromDialingOutsideItAndStopsItAtItsEnd() throws Exception {
    doc("queue", "evening", new JsonObject().put("name", "Evening").put("priority", 0).put("wrapUpSeconds", 30)
        .put("noAnswerSeconds", 15));
    doc("agent", "eve", new JsonObject().put("username", "eve").put("displayName", "Eve")
        .put("roles", new JsonArray().add("agent")).put("skills", new JsonObject())
        .put("languages", new JsonArray().add("en")).put("queues", new JsonArray().add("evening"))
        .put("enabled", true));
    try {
      clock.setMillis(Instant.parse("2026-12-09T16:00:00Z").toEpochMilli()); // a Wednesday, 16:00 in Lisbon
      String list = list();
      contact(list, "Eve Contact", "+14155550181", "UTC", 1);
      CampaignSchedule wednesdayEvening = new CampaignSchedule(EnumSet.of(DayOfWeek.WEDNESDAY), LocalTime.of(17, 0),
          LocalTime.of(20, 0), null, Instant.parse("2026-12-09T19:00:00Z"));
      String id = store.create(T, new Campaign.Fields("Evening", "evening", List.of(list), "progressive",
          "Europe/Lisbon", CallingHours.DEFAULT, RetryRules.DEFAULT, List.of(), null, wednesdayEvening, null)).id();
      assertThat(store.get(T, id).orElseThrow().fields().schedule()).as("stored and read back")
          .isEqualTo(wednesdayEvening);
      store.transition(T, id, Set.of(CampaignStatus.READY), CampaignStatus.RUNNING, null);
      acd.setState(T, "eve", AgentState.AVAILABLE, null, "n1").await();

      pacer.round();
      assertThat(inFlight(id)).as("16:00: before the schedule, nothing dialed").isZero();
      clock.setMillis(Instant.parse("2026-12-09T17:00:00Z").toEpochMilli());
      pacer.round();
      assertThat(inFlight(id)).as("17:00 on a Wednesday: dialing").isEqualTo(1);
      assertThat(acd.agent(T, "eve").await().state()).isEqualTo(AgentState.RESERVED);

      clock.setMillis(Instant.parse("2026-12-09T19:00:00Z").toEpochMilli());
      pacer.round();
      Campaign over = store.get(T, id).orElseThrow();
      assertThat(over.status()).isEqualTo(CampaignStatus.STOPPED);
      assertThat(over.statusReason()).isEqualTo("schedule-ended");
    } finally {
      clock.setMillis(START.toEpochMilli()); // the other test's times are from START
    }
  }

  @Test
  void aSkippedPreviewIsNoAttemptAndComesBackAfterTheSkipDelayWithItsAttemptsOnTheCard() throws Exception {
    String list = list();
    contact(list, "Pat Preview", "+14155550191", "UTC", 0);
    String id = store.create(T, new Campaign.Fields("Preview", "outbound", List.of(list), "preview", "UTC",
        CallingHours.DEFAULT, RetryRules.DEFAULT, List.of(), null, CampaignSchedule.ALWAYS, null,
        new PreviewSettings(30, "skip", 900))).id();
    assertThat(store.get(T, id).orElseThrow().fields().preview()).as("stored and read back")
        .isEqualTo(new PreviewSettings(30, "skip", 900));
    store.transition(T, id, Set.of(CampaignStatus.READY), CampaignStatus.RUNNING, null);
    RedisCampaignCalls calls = new RedisCampaignCalls(acd);
    try {
      acd.setState(T, "ann", AgentState.AVAILABLE, null, "n1").await();
      pacer.round();
      String first = offered();
      io.switchboard.acd.CallStatus st = acd.call(T, first).await();
      JsonObject card = new JsonObject(st.preview());
      assertThat(card.getString("name")).isEqualTo("Pat Preview");
      assertThat(card.getString("number")).isEqualTo("+14155550191");
      assertThat(card.getJsonObject("attributes").getString("priority")).isEqualTo("0");
      assertThat(card.getInteger("timeoutSeconds")).isEqualTo(30);
      assertThat(card.getString("timeZone")).isEqualTo("UTC");
      assertThat(card.containsKey("attempts")).as("none yet").isFalse();
      assertThat(st.deadlineEpochMs()).as("the campaign's timeout").isEqualTo(clock.millis() + 30_000);

      // skipped: no attempt, due again after the skip delay (the clock decides, not the wall)
      calls.skipPreview(T, "ann", first, "not-now").await();
      pacer.round();
      Row skipped = row("+14155550191");
      assertThat(skipped.attempts()).as("a skip is no attempt").isZero();
      assertThat(skipped.outcome()).isEqualTo("skipped");
      assertThat(skipped.done()).isFalse();
      assertThat(skipped.nextAttempt()).isEqualTo(clock.instant().plusSeconds(900));
      pacer.round();
      assertThat(inFlight(id)).as("not due yet").isZero();
      clock.advanceSeconds(901);
      pacer.round();
      String second = offered();
      assertThat(second).isNotEqualTo(first);

      // called, busy: an attempt; offered again after busy's delay with that attempt on its card
      acd.accept(T, "ann", second).await();
      acd.dialFailed(T, second, "busy").await();
      pacer.round();
      assertThat(row("+14155550191").attempts()).isEqualTo(1);
      clock.advanceSeconds(301);
      pacer.round();
      JsonObject again = new JsonObject(acd.call(T, offered()).await().preview());
      assertThat(again.getJsonArray("attempts")).hasSize(1);
      assertThat(again.getJsonArray("attempts").getJsonObject(0).getString("outcome")).isEqualTo("busy");
      calls.skipPreview(T, "ann", acd.agent(T, "ann").await().callId(), null).await();
      pacer.round();
      assertThat(reasons(id).skips()).as("each skip by its reason; none given: none")
          .isEqualTo(Map.of("not-now", 1L, "none", 1L));
      assertThat(reasons(id).notDialed()).isEmpty();
      acd.setState(T, "ann", AgentState.OFFLINE, null, "n1").await(); // as the other tests find her
    } finally {
      store.transition(T, id, Set.of(CampaignStatus.RUNNING), CampaignStatus.STOPPED, null);
      clock.setMillis(START.toEpochMilli()); // the other tests' times are from START
    }
  }

  @Test
  void aPickedCallBackTimeMakesTheContactDueExactlyThenAndNotBefore() throws Exception {
    clock.setMillis(START.toEpochMilli()); // 10:00 in New York
    String list = list();
    contact(list, "New York", "+14155550481", "America/New_York", 0);
    Campaign c = store.create(T, new Campaign.Fields("Picked call-back", "outbound", List.of(list), "progressive",
        "UTC", CallingHours.DEFAULT, RetryRules.DEFAULT, List.of(), null, CampaignSchedule.ALWAYS, null));
    annAvailable();
    store.transition(T, c.id(), Set.of(CampaignStatus.READY), CampaignStatus.RUNNING, null);
    try {
      pickedCallBack(c);
    } finally {
      store.transition(T, c.id(), Set.of(CampaignStatus.RUNNING), CampaignStatus.STOPPED, null);
      clock.setMillis(START.toEpochMilli());
      annAway();
    }
  }

  private void pickedCallBack(Campaign c) throws Exception {
    pacer.round();
    String first = offered();
    acd.accept(T, "ann", first).await();
    acd.dialAnswered(T, first).await();
    acd.hangup(T, "ann", first).await();
    assertThat(store.callbackWindow(T, first).orElseThrow())
        .isEqualTo(new CallbackTimes.Window(java.time.ZoneId.of("America/New_York"), CallingHours.DEFAULT));
    Instant picked = Instant.parse("2026-12-08T15:00:00Z"); // tomorrow 10:00 in New York
    // "sale" has no rule: without the picked time the contact would be done
    acd.wrapUpDone(T, "ann", first, "sale", "", picked.toEpochMilli()).await();
    pacer.round();
    Row after = row("+14155550481");
    assertThat(after.done()).isFalse();
    assertThat(after.outcome()).isEqualTo("answered");
    assertThat(after.attempts()).isEqualTo(1);
    assertThat(after.nextAttempt()).isEqualTo(picked);
    assertThat(store.callbackWindow(T, first)).as("settled: no call of a campaign any more").isEmpty();

    clock.setMillis(picked.toEpochMilli() - 1000);
    pacer.round();
    assertThat(acd.agent(T, "ann").await().state()).as("a second early: not dialed").isEqualTo(AgentState.AVAILABLE);
    assertThat(inFlight(c.id())).isZero();
    clock.setMillis(picked.toEpochMilli());
    pacer.round();
    String second = offered();
    assertThat(row("+14155550481").callId()).as("due at the picked time").isEqualTo(second);
    acd.accept(T, "ann", second).await();
    acd.dialFailed(T, second, "busy").await();
    pacer.round();
    assertThat(row("+14155550481").attempts()).isEqualTo(2);
  }

  @Test
  void aContactAddedToARunningCampaignsListIsDialedWithoutResumeAndARemovedOneNever() throws Exception {
    clock.setMillis(START.toEpochMilli());
    String list = list();
    contact(list, "Already", "+14155550491", "UTC", 0);
    Campaign c = store.create(T, new Campaign.Fields("Growing", "outbound", List.of(list), "progressive",
        "UTC", CallingHours.DEFAULT, RetryRules.DEFAULT, List.of(), null, CampaignSchedule.ALWAYS, null));
    annAvailable();
    store.transition(T, c.id(), Set.of(CampaignStatus.READY), CampaignStatus.RUNNING, null);
    try {
      addedAndRemoved(c, list);
    } finally {
      store.transition(T, c.id(), Set.of(CampaignStatus.RUNNING), CampaignStatus.STOPPED, null);
      annAway();
    }
  }

  private void addedAndRemoved(Campaign c, String list) throws Exception {
    pacer.round();
    String first = offered();
    acd.accept(T, "ann", first).await();
    acd.dialAnswered(T, first).await();
    acd.hangup(T, "ann", first).await();

    // added while ann wraps up: taken in by the next round (nothing placed: nobody idle)
    contact(list, "Added", "+14155550492", "UTC", 0);
    contact(list, "Removed", "+14155550493", "UTC", 9);
    pacer.round();
    assertThat(store.progress(T, c.id()).contacts()).isEqualTo(3);
    assertThat(row("+14155550493").attempts()).isZero();
    var contacts = new io.switchboard.contacts.PgContactStore(db.dataSource());
    contacts.deleteContact(T, list, contacts.contacts(T, list, null, 10).items().stream()
        .filter(k -> k.fields().phones().contains("+14155550493")).findFirst().orElseThrow().id(), null);

    acd.wrapUpDone(T, "ann", first, "sale", "").await();
    pacer.round();
    String second = offered();
    assertThat(row("+14155550492").callId()).as("the added contact, with no resume").isEqualTo(second);
    assertThat(store.progress(T, c.id()).dialed()).isEqualTo(2);
    acd.accept(T, "ann", second).await();
    acd.dialFailed(T, second, "busy").await();
    pacer.round(); // settles the busy one; ann is free: the removed contact is due now, and done
    pacer.round();
    Campaign.Progress p = store.progress(T, c.id());
    assertThat(p.byOutcome()).as("the removed one is done, never dialed").containsEntry("gone", 1L);
    assertThat(p.dialed()).isEqualTo(2);
    assertThat(inFlight(c.id())).isZero();
  }

  /** Ann away, as the other tests expect to find her (not idle). */
  private static void annAway() {
    if (acd.agent(T, "ann").await().state() == AgentState.AVAILABLE) {
      acd.setState(T, "ann", AgentState.AWAY, null, "n1").await();
    }
  }

  /** Ann available, whatever an earlier test left her in (a wrap-up is finished). */
  private static void annAvailable() {
    var a = acd.agent(T, "ann").await();
    if (a.state() == AgentState.RESERVED) {
      acd.reject(T, "ann", a.callId()).await();
    } else if (a.state() == AgentState.WRAP_UP) {
      acd.wrapUpDone(T, "ann", a.callId(), "sale", "").await();
    }
    acd.setState(T, "ann", AgentState.AVAILABLE, null, "n1").await();
  }

  // ------------------------------------------------------------------ helpers

  /** The call ann is reserved for now. */
  private static String offered() {
    var a = acd.agent(T, "ann").await();
    assertThat(a.state()).isEqualTo(AgentState.RESERVED);
    return a.callId();
  }

  private static void doc(String kind, String id, JsonObject doc) throws Exception {
    redis.commands().set(Keys.directory(T, kind, id), doc.copy().put("id", id).put("version", 1).encode())
        .toCompletableFuture().get(5, TimeUnit.SECONDS);
    redis.commands().zadd(Keys.directoryIndex(T, kind), 0, id).toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  @Test
  void abandonedAttemptsMakeTheRollingThirtyDayRate() throws Exception {
    String list = list();
    contact(list, "Ann Answers", "+14155550181", "UTC", 0);
    contact(list, "Abe Abandoned", "+14155550182", "UTC", 0);
    contact(list, "Bea Busy", "+14155550183", "UTC", 0);
    contact(list, "Wes Withdrawn", "+14155550184", "UTC", 0);
    String id = store.create(T, new Campaign.Fields("Predictive", "outbound", List.of(list), "predictive", "UTC",
        CallingHours.DEFAULT, RetryRules.DEFAULT, List.of(), null, CampaignSchedule.ALWAYS, 2.5)).id();
    assertThat(store.get(T, id).orElseThrow().fields().abandonCapPercent()).as("stored and read back").isEqualTo(2.5);
    store.transition(T, id, Set.of(CampaignStatus.READY), CampaignStatus.RUNNING, null);
    Map<String, String> outcomes = Map.of("+14155550181", "answered", "+14155550182", "abandoned",
        "+14155550183", "busy", "+14155550184", "withdrawn");
    for (CampaignStore.Due d : store.due(T, id, clock.instant(), 10)) {
      String callId = "rate-" + d.phone().substring(1);
      assertThat(store.claim(T, id, d.contact(), callId, d.phone())).isTrue();
      String outcome = outcomes.get(d.phone());
      if (outcome.equals("withdrawn")) { // not counted: no attempt kept
        store.settle(T, id, d.contact(), callId, null, null, false, null, false);
      } else {
        RetryRules.Decision next = RetryRules.DEFAULT.decide(outcome, 1, clock.instant());
        store.settle(T, id, d.contact(), callId, outcome, null, next.done(), next.nextAttemptAt(), true);
      }
    }
    Campaign.Progress p = store.progress(T, id);
    assertThat(p.abandoned()).isEqualTo(1);
    assertThat(p.abandonRate()).as("1 abandoned of 2 answered").isEqualTo(0.5);
    assertThat(p.dialed()).isEqualTo(3);
    assertThat(p.byOutcome()).containsEntry("abandoned", 1L);
    assertThat(RetryRules.DEFAULT.ruleFor("abandoned")).as("an abandoned contact is retried as a failed call")
        .isEqualTo(RetryRules.DEFAULT.failed());
    // 31 days later the abandon is out of the window; the campaign's count keeps it
    try (Connection c = db.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(
        "UPDATE campaign_attempts SET settled_at = now() - interval '31 days' WHERE tenant = ? AND abandoned")) {
      s.setString(1, T);
      assertThat(s.executeUpdate()).isEqualTo(1);
    }
    assertThat(store.answers30d(T, id, Instant.now())).isEqualTo(new CampaignStore.Answers(1, 0));
    assertThat(store.progress(T, id).abandoned()).isEqualTo(1);
    store.transition(T, id, Set.of(CampaignStatus.RUNNING), CampaignStatus.STOPPED, null);
  }

  /**
   * A node that takes a predictive campaign's lease reads its history from the store (campaign_attempts, the answers'
   * ring times in their call.enqueued events, talk and wrap-up of their interactions): it over-dials from there
   * instead of pacing 1:1.
   */
  @Test
  void aNodeTakingThePredictiveLeasePacesFromTheStoredHistory() throws Exception {
    doc("queue", "predict", new JsonObject().put("name", "Predict").put("priority", 0).put("wrapUpSeconds", 30)
        .put("noAnswerSeconds", 15));
    List<String> agents = List.of("pia", "pat", "pol", "pam", "pip");
    for (String a : agents) {
      doc("agent", a, new JsonObject().put("username", a).put("displayName", a)
          .put("roles", new JsonArray().add("agent")).put("skills", new JsonObject())
          .put("languages", new JsonArray().add("en")).put("queues", new JsonArray().add("predict"))
          .put("enabled", true));
    }
    String list = list();
    for (int i = 0; i < 20; i++) {
      contact(list, "Lead " + i, "+14155550" + (300 + i), "UTC", 0);
    }
    String id = store.create(T, new Campaign.Fields("Reloaded", "predict", List.of(list), "predictive", "UTC",
        CallingHours.DEFAULT, RetryRules.DEFAULT, List.of(), null, CampaignSchedule.ALWAYS, null)).id();
    store.transition(T, id, Set.of(CampaignStatus.READY), CampaignStatus.RUNNING, null);
    for (String a : agents) {
      acd.setState(T, a, AgentState.AVAILABLE, null, "n1").await();
    }
    java.util.concurrent.atomic.AtomicBoolean held = new java.util.concurrent.atomic.AtomicBoolean(true);
    Dialer dialer = new Dialer(new RedisCampaignCalls(acd));
    CampaignPacer node = new CampaignPacer(store, new RedisCampaignCalls(acd), (tenant, c) -> held.get(), clock,
        null, new CampaignPacer.Options(1000, 5000)).predictive(dialer, new PredictivePacing(
            new PredictivePacing.Knobs(0.5, 0.3, 50, 4.0, 2000)), 3.0, 15_000);

    node.round();
    assertThat(dialer.dialed).as("nothing measured: 1:1").hasSize(5);
    held.set(false);
    node.round();
    storedHistory(id, 300);
    node.round();
    assertThat(dialer.dialed).as("not holding the lease: nothing").hasSize(5);

    held.set(true);
    node.round();
    PredictivePacing.History h = dialer.history(T, id);
    assertThat(h.attempts()).isEqualTo(300);
    assertThat(h.answerRate()).isCloseTo(1 / 3.0, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(h.answerMs()).containsOnly(4_000L);
    assertThat(h.unansweredMs()).as("no-answer: the cancel time; busy: not kept").containsOnly(15_000L, 0L);
    assertThat(h.handleMs()).as("talk and wrap-up").hasSize(100).containsOnly(95_000L);
    assertThat(dialer.dialed).as("5 free agents, 5 calls ringing: over-dialed from the history (1:1 places none)")
        .hasSizeGreaterThan(5);
    store.transition(T, id, Set.of(CampaignStatus.RUNNING), CampaignStatus.STOPPED, null);
    for (String a : agents) {
      acd.setState(T, a, AgentState.OFFLINE, null, "n1").await();
    }
  }

  /** The node's side of predictive dialing without SIP: the call is held by the ACD as dialing, never answered. */
  static final class Dialer implements PredictiveDialer {
    final List<String> dialed = new java.util.concurrent.CopyOnWriteArrayList<>();
    final AttemptHistory history = new AttemptHistory();
    final RedisCampaignCalls calls;

    Dialer(RedisCampaignCalls calls) {
      this.calls = calls;
    }

    @Override
    public io.vertx.core.Future<Void> dial(String tenant, io.switchboard.acd.CampaignCalls.Call call) {
      dialed.add(call.callId());
      return calls.dialing(tenant, call);
    }

    @Override
    public PredictivePacing.History history(String tenant, String campaignId) {
      return history.history(tenant, campaignId);
    }

    @Override
    public void seed(String tenant, String campaignId, PredictivePacing.History h) {
      history.seed(tenant, campaignId, h);
    }

    @Override
    public void handleTimes(String tenant, String campaignId, long[] handleMs) {
      history.handleTimes(tenant, campaignId, handleMs);
    }

    @Override
    public List<Long> ringingMs(String tenant, String campaignId) {
      return List.of();
    }
  }

  /**
   * {@code n} settled attempts as a node before this one left them: every third answered after 4 s (its
   * call.enqueued event says so) and handled 90 s + 5 s wrap-up; the others no-answer or busy.
   */
  private static void storedHistory(String campaign, int n) throws Exception {
    try (Connection c = db.dataSource().getConnection()) {
      for (int i = 0; i < n; i++) {
        boolean answered = i % 3 == 0;
        String callId = "hist-" + campaign.substring(0, 8) + "-" + i;
        try (PreparedStatement s = c.prepareStatement("INSERT INTO campaign_attempts (tenant, call_id, campaign_id, "
            + "contact, outcome, answered, abandoned, settled_at) VALUES (?, ?, ?::uuid, 'x', ?, ?, false, "
            + "now() - make_interval(secs => ?))")) {
          s.setString(1, T);
          s.setString(2, callId);
          s.setString(3, campaign);
          s.setString(4, answered ? "answered" : i % 3 == 1 ? "no-answer" : "busy");
          s.setBoolean(5, answered);
          s.setInt(6, n - i);
          s.executeUpdate();
        }
        if (!answered) {
          continue;
        }
        try (PreparedStatement e = c.prepareStatement("INSERT INTO events (tenant, entry_id, type, ts, node, fields) "
            + "VALUES (?, ?, 'call.enqueued', now(), 'n0', ?::jsonb)");
             PreparedStatement x = c.prepareStatement("INSERT INTO interactions (tenant, call_id, arrived_at, "
                 + "outcome, talk_ms, wrap_ms, timeline) VALUES (?, ?, now(), 'answered', 90000, 5000, '[]')")) {
          e.setString(1, T);
          e.setString(2, (1_000_000 + i) + "-0");
          e.setString(3, new JsonObject().put("callId", callId).put("ringMs", "4000").encode());
          e.executeUpdate();
          x.setString(1, T);
          x.setString(2, callId);
          x.executeUpdate();
        }
      }
    }
  }

  private static String list() throws Exception {
    String id = UUID.randomUUID().toString();
    try (Connection c = db.dataSource().getConnection();
         PreparedStatement s = c.prepareStatement("INSERT INTO contact_lists (tenant, id, name) VALUES (?, ?::uuid, ?)")) {
      s.setString(1, T);
      s.setString(2, id);
      s.setString(3, "list " + id);
      s.executeUpdate();
    }
    return id;
  }

  private static void contact(String list, String name, String phone, String zone, int priority) throws Exception {
    try (Connection c = db.dataSource().getConnection();
         PreparedStatement s = c.prepareStatement("INSERT INTO contacts (tenant, list_id, display_name, phones, "
             + "time_zone, attributes) VALUES (?, ?::uuid, ?, ARRAY[?], ?, ?::jsonb)")) {
      s.setString(1, T);
      s.setString(2, list);
      s.setString(3, name);
      s.setString(4, phone);
      s.setString(5, zone);
      s.setString(6, new JsonObject().put("priority", String.valueOf(priority)).encode());
      s.executeUpdate();
    }
  }

  record Row(int attempts, String outcome, boolean done, Instant nextAttempt, String callId, String disposition) {}

  private static Row row(String phone) throws Exception {
    try (Connection c = db.dataSource().getConnection();
         PreparedStatement s = c.prepareStatement("SELECT cc.attempts, cc.last_outcome, cc.done, cc.next_attempt_at, "
             + "cc.call_id, cc.disposition FROM campaign_contacts cc JOIN contacts k ON k.tenant = cc.tenant "
             + "AND k.list_id = cc.list_id AND k.id = cc.contact_id WHERE cc.tenant = ? AND k.phones[1] = ?")) {
      s.setString(1, T);
      s.setString(2, phone);
      try (ResultSet rs = s.executeQuery()) {
        assertThat(rs.next()).as(phone).isTrue();
        java.sql.Timestamp next = rs.getTimestamp(4);
        return new Row(rs.getInt(1), rs.getString(2), rs.getBoolean(3), next == null ? null : next.toInstant(),
            rs.getString(5), rs.getString(6));
      }
    }
  }

  private static long inFlight(String id) throws Exception {
    return store.inFlight(T, id).size();
  }
}
