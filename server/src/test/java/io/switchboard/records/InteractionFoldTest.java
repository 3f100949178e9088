package io.switchboard.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.records.Interaction.Leg;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fold of one call's events into its interaction record and legs, on hand-made event lists. */
class InteractionFoldTest {
  private final CallEventLog log = new CallEventLog();

  private static Leg leg(int seq, String agent, String queue, long offered, String outcome, Long answered, Long ended,
      long talk, long hold, long wrap, boolean transferred) {
    return new Leg(seq, agent, queue, offered, outcome, answered, ended, talk, hold, wrap, transferred);
  }

  @Test
  void anOutboundCallIsAnOutboundInteractionWithTheNumberDialedAndTheRingingAsWait() {
    log.ev(1000, "call.dialed", "agentId", "a1", "queue", "sales", "direction", "outbound", "number", "+442079460018",
        "callerId", "+15550101", "state", "dialing", "agentState", "on-call");
    log.ev(6000, "call.dial.answered", "agentId", "a1", "queue", "sales", "direction", "outbound", "waitMs", "5000");
    log.ev(66_000, "call.ended", "agentId", "a1", "queue", "sales", "by", "agent", "talkSeconds", "60");
    log.ev(70_000, "wrapup.done", "agentId", "a1", "disposition", "sale", "reason", "done");
    Interaction r = log.fold();
    assertThat(r.direction()).isEqualTo("outbound");
    assertThat(r.caller()).isEqualTo("+442079460018");
    assertThat(r.callerId()).isEqualTo("+15550101");
    assertThat(r.queue()).isEqualTo("sales");
    assertThat(r.outcome()).isEqualTo("answered");
    assertThat(r.answeredAt()).isEqualTo(6000L);
    assertThat(r.waitMs()).isEqualTo(5000);
    assertThat(r.talkMs()).isEqualTo(60_000);
    assertThat(r.wrapMs()).isEqualTo(4000);
    assertThat(r.agentId()).isEqualTo("a1");
    assertThat(r.legs()).containsExactly(leg(1, "a1", "sales", 1000, "answered", 6000L, 66_000L, 60_000, 0, 4000,
        false));
    assertThat(r.timeline()).contains("\"kind\":\"dialed\"").contains("\"number\":\"+442079460018\"");
  }

  @Test
  void aVoicemailFromAFlowIsOneInteractionFromTheMessageToItsWrapUp() {
    log.ev(1000, "call.voicemail", "queue", "billing", "caller", "+15557650000", "language", "es", "recordingId", "vm-1",
        "durationMs", "4200", "flow", "vm", "priority", "50");
    log.ev(5000, "call.reserved", "agentId", "a1", "queue", "billing");
    log.ev(7000, "call.accepted", "agentId", "a1", "queue", "billing", "voicemail", "vm-1");
    log.ev(37_000, "call.ended", "agentId", "a1", "queue", "billing", "by", "agent", "talkSeconds", "30");
    log.ev(40_000, "wrapup.done", "agentId", "a1", "reason", "done", "disposition", "resolved");
    Interaction r = log.fold();
    assertThat(r.caller()).isEqualTo("+15557650000");
    assertThat(r.queue()).isEqualTo("billing");
    assertThat(r.language()).isEqualTo("es");
    assertThat(r.priority()).isEqualTo(50);
    assertThat(r.outcome()).isEqualTo("answered");
    assertThat(r.agentId()).isEqualTo("a1");
    assertThat(r.waitMs()).isEqualTo(6000);
    assertThat(r.talkMs()).isEqualTo(30_000);
    assertThat(r.timeline()).contains("\"kind\":\"voicemail\"").contains("\"recordingId\":\"vm-1\"")
        .contains("\"durationSeconds\":4.2").contains("\"flow\":\"vm\"");
  }

  @Test
  void aCallerItsQueueClosedOnWhoLeftAMessageIsNotClosedButGoesOn() {
    log.ev(1000, "call.enqueued", "queue", "billing", "caller", "+15557650000", "priority", "0");
    log.ev(9000, "call.closed", "queue", "billing", "waitMs", "8000");
    log.ev(20_000, "call.voicemail", "queue", "billing", "recordingId", "vm-2", "durationMs", "3000", "afterHours", "1");
    Interaction open = log.fold();
    assertThat(open.outcome()).as("the message reopened it").isEqualTo("open");
    assertThat(open.timeline()).contains("\"afterHours\":true");
    log.ev(30_000, "call.reserved", "agentId", "a1", "queue", "billing");
    log.ev(31_000, "call.accepted", "agentId", "a1", "queue", "billing", "voicemail", "vm-2");
    log.ev(41_000, "call.ended", "agentId", "a1", "queue", "billing", "by", "agent", "talkSeconds", "10");
    Interaction r = log.fold();
    assertThat(r.outcome()).isEqualTo("answered");
    assertThat(r.endedAt()).isEqualTo(41_000L);
  }

  @Test
  void aCallbackIsOneInteractionItsFailedAttemptsClosingTheirLegsAndItsAnswerTheCalls() {
    log.ev(1000, "call.enqueued", "queue", "support", "caller", "+14155550100", "priority", "0");
    log.ev(20_000, "call.callback-requested", "queue", "support", "number", "+14155550100", "attempts", "2");
    log.ev(60_000, "call.reserved", "agentId", "a1", "queue", "support");
    log.ev(62_000, "call.callback-dialing", "agentId", "a1", "queue", "support", "attempt", "1");
    log.ev(70_000, "call.callback-attempt", "agentId", "a1", "queue", "support", "attempt", "1", "outcome", "busy");
    log.ev(190_000, "call.reserved", "agentId", "a2", "queue", "support");
    log.ev(191_000, "call.callback-dialing", "agentId", "a2", "queue", "support", "attempt", "2");
    log.ev(195_000, "call.callback-attempt", "agentId", "a2", "queue", "support", "attempt", "2", "outcome", "answered");
    log.ev(195_000, "call.accepted", "agentId", "a2", "queue", "support", "callback", "1");
    log.ev(255_000, "call.ended", "agentId", "a2", "queue", "support", "by", "caller");
    Interaction r = log.fold();
    assertThat(r.outcome()).isEqualTo("answered");
    assertThat(r.caller()).isEqualTo("+14155550100");
    assertThat(r.agentId()).isEqualTo("a2");
    assertThat(r.waitMs()).as("from the first arrival: it kept its place").isEqualTo(194_000);
    assertThat(r.talkMs()).isEqualTo(60_000);
    assertThat(r.legs()).extracting(Leg::outcome).containsExactly("busy", "answered");
    assertThat(r.timeline()).contains("\"kind\":\"callback-requested\"").contains("\"kind\":\"callback-attempt\"");

    log.events().clear();
    log.ev(1000, "call.enqueued", "queue", "support", "caller", "+14155550100");
    log.ev(20_000, "call.callback-requested", "queue", "support", "number", "+14155550100", "attempts", "1");
    log.ev(60_000, "call.reserved", "agentId", "a1", "queue", "support");
    log.ev(62_000, "call.callback-dialing", "agentId", "a1", "queue", "support", "attempt", "1");
    log.ev(107_000, "call.callback-attempt", "agentId", "a1", "queue", "support", "attempt", "1", "outcome", "no-answer");
    log.ev(107_000, "call.callback-failed", "queue", "support", "attempts", "1", "by", "node");
    Interaction failed = log.fold();
    assertThat(failed.outcome()).isEqualTo("callback-failed");
    assertThat(failed.endedBy()).isEqualTo("node");
    assertThat(failed.answeredAt()).isNull();
    assertThat(failed.waitMs()).isEqualTo(106_000);
    assertThat(failed.legs()).extracting(Leg::outcome).containsExactly("no-answer");
  }

  @Test
  void anUnansweredOutboundCallEndsWithItsDialOutcome() {
    log.ev(1000, "call.dialed", "agentId", "a1", "direction", "outbound", "number", "+14155550100",
        "callerId", "+15550100");
    log.ev(3000, "call.dial.failed", "agentId", "a1", "direction", "outbound", "outcome", "busy", "by", "node",
        "agentState", "available");
    Interaction r = log.fold();
    assertThat(r.direction()).isEqualTo("outbound");
    assertThat(r.queue()).isNull();
    assertThat(r.outcome()).isEqualTo("busy");
    assertThat(r.endedBy()).isEqualTo("node");
    assertThat(r.waitMs()).isEqualTo(2000);
    assertThat(r.answeredAt()).isNull();
    assertThat(r.legs()).containsExactly(leg(1, "a1", null, 1000, "busy", null, null, 0, 0, 0, false));
    log.ev(500, "call.enqueued", "queue", "support", "caller", "+15550100");
    assertThat(InteractionFold.fold("t", "c1", log.events().subList(2, 3)).orElseThrow().direction())
        .as("an inbound call stays inbound").isEqualTo("inbound");
  }

  @Test
  void answeredWithTwoHoldsAndWrapUp() {
    log.ev(1000, "call.enqueued", "queue", "support", "priority", "5", "region", "eu", "caller", "+15550100",
        "language", "en");
    log.ev(1000, "call.reserved", "agentId", "a1", "queue", "support");
    log.ev(4000, "call.accepted", "agentId", "a1", "queue", "support", "waitMs", "3000");
    log.ev(10_000, "call.held", "agentId", "a1", "queue", "support");
    log.ev(15_000, "call.resumed", "agentId", "a1", "queue", "support");
    log.ev(20_000, "call.held", "agentId", "a1", "queue", "support");
    log.ev(22_000, "call.resumed", "agentId", "a1", "queue", "support");
    log.ev(64_000, "call.ended", "agentId", "a1", "queue", "support", "by", "caller", "talkSeconds", "60");
    log.ev(74_000, "wrapup.done", "agentId", "a1", "disposition", "sold", "notes", "wants a call back", "reason", "done");

    Interaction r = log.fold();
    assertThat(r).isEqualTo(new Interaction("t", "c1", "+15550100", "en", "support", "support", 5, "eu", 1000L,
        4000L, "a1", 64_000L, "answered", "caller", 3000, 53_000, 7000, 2, 10_000, 0, 1, "sold", "wants a call back",
        r.timeline(), List.of(leg(1, "a1", "support", 1000, "answered", 4000L, 64_000L, 53_000, 7000, 10_000, false))));
    assertThat(r.timeline()).isEqualTo("["
        + "{\"at\":\"1970-01-01T00:00:01Z\",\"kind\":\"queued\",\"queue\":\"support\",\"priority\":5,\"region\":\"eu\"},"
        + "{\"at\":\"1970-01-01T00:00:01Z\",\"kind\":\"offered\",\"agent\":\"a1\",\"queue\":\"support\"},"
        + "{\"at\":\"1970-01-01T00:00:04Z\",\"kind\":\"answered\",\"agent\":\"a1\",\"queue\":\"support\",\"waitSeconds\":3.0},"
        + "{\"at\":\"1970-01-01T00:00:10Z\",\"kind\":\"held\",\"agent\":\"a1\",\"queue\":\"support\"},"
        + "{\"at\":\"1970-01-01T00:00:15Z\",\"kind\":\"resumed\",\"agent\":\"a1\",\"queue\":\"support\",\"holdSeconds\":5.0},"
        + "{\"at\":\"1970-01-01T00:00:20Z\",\"kind\":\"held\",\"agent\":\"a1\",\"queue\":\"support\"},"
        + "{\"at\":\"1970-01-01T00:00:22Z\",\"kind\":\"resumed\",\"agent\":\"a1\",\"queue\":\"support\",\"holdSeconds\":2.0},"
        + "{\"at\":\"1970-01-01T00:01:04Z\",\"kind\":\"ended\",\"agent\":\"a1\",\"queue\":\"support\",\"by\":\"caller\","
        + "\"talkSeconds\":53.0},"
        + "{\"at\":\"1970-01-01T00:01:14Z\",\"kind\":\"wrapup\",\"agent\":\"a1\",\"reason\":\"done\",\"disposition\":\"sold\","
        + "\"notes\":\"wants a call back\",\"wrapSeconds\":10.0}]");
  }

  @Test
  void aSupervisorsListenWhisperAndLeaveAreStepsOfTheTimelineAndChangeNoFigure() {
    log.ev(0, "call.enqueued", "queue", "q");
    log.ev(0, "call.reserved", "agentId", "a1", "queue", "q");
    log.ev(1000, "call.accepted", "agentId", "a1", "queue", "q");
    log.ev(2000, "monitor.started", "agentId", "a1", "queue", "q", "supervisorId", "sam", "mode", "listen");
    log.ev(3000, "monitor.changed", "agentId", "a1", "queue", "q", "supervisorId", "sam", "mode", "whisper");
    log.ev(4000, "monitor.ended", "agentId", "a1", "queue", "q", "supervisorId", "sam", "mode", "whisper");
    log.ev(9000, "call.ended", "agentId", "a1", "queue", "q", "by", "caller");
    Interaction r = log.fold();
    assertThat(r.talkMs()).isEqualTo(8000);
    assertThat(r.timeline())
        .contains("{\"at\":\"1970-01-01T00:00:02Z\",\"kind\":\"monitor-started\",\"agent\":\"a1\",\"queue\":\"q\","
            + "\"supervisor\":\"sam\",\"mode\":\"listen\"}")
        .contains("\"kind\":\"monitor-changed\",\"agent\":\"a1\",\"queue\":\"q\",\"supervisor\":\"sam\",\"mode\":\"whisper\"")
        .contains("{\"at\":\"1970-01-01T00:00:04Z\",\"kind\":\"monitor-ended\"");
  }

  @Test
  void aDeclinedConsultIsAStepOfTheTimelineAndChangesNoFigure() {
    log.ev(0, "call.enqueued", "queue", "q");
    log.ev(0, "call.reserved", "agentId", "a1", "queue", "q");
    log.ev(1000, "call.accepted", "agentId", "a1", "queue", "q");
    log.ev(2000, "call.consult.declined", "agentId", "a1", "queue", "q", "to", "a2", "reason", "on a break");
    log.ev(9000, "call.ended", "agentId", "a1", "queue", "q", "by", "caller");
    Interaction r = log.fold();
    assertThat(r.talkMs()).isEqualTo(8000);
    assertThat(r.transfers()).isZero();
    assertThat(r.timeline()).contains("{\"at\":\"1970-01-01T00:00:02Z\",\"kind\":\"consult-declined\","
        + "\"agent\":\"a1\",\"queue\":\"q\",\"to\":\"a2\",\"reason\":\"on a break\"}");
  }

  @Test
  void recordingStepsAreInTheTimeline() {
    log.ev(0, "call.enqueued", "queue", "q");
    log.ev(0, "call.reserved", "agentId", "a1", "queue", "q");
    log.ev(1000, "call.accepted", "agentId", "a1", "queue", "q");
    log.ev(1000, "recording.started", "agentId", "a1", "queue", "q", "recordingId", "r1");
    log.ev(3000, "recording.paused", "agentId", "a1", "queue", "q", "recordingId", "r1");
    log.ev(9000, "call.ended", "agentId", "a1", "queue", "q", "by", "caller");
    assertThat(log.fold().timeline()).contains("\"kind\":\"recording-started\"")
        .contains("{\"at\":\"1970-01-01T00:00:03Z\",\"kind\":\"recording-paused\"");
  }

  @Test
  void aHoldStillRunningWhenTheCallEndsEndsWithIt() {
    log.ev(0, "call.enqueued", "queue", "q");
    log.ev(0, "call.reserved", "agentId", "a1", "queue", "q");
    log.ev(1000, "call.accepted", "agentId", "a1", "queue", "q");
    log.ev(5000, "call.held", "agentId", "a1", "queue", "q");
    log.ev(9000, "call.ended", "agentId", "a1", "queue", "q", "by", "caller");
    Interaction r = log.fold();
    assertThat(r.holdMs()).isEqualTo(4000);
    assertThat(r.talkMs()).isEqualTo(4000);
    assertThat(r.outcome()).isEqualTo("answered");
    assertThat(r.wrapMs()).as("no wrapup.done yet").isZero();
  }

  @Test
  void abandonedAfterAMissedOfferWithdrawsTheOfferStillRinging() {
    log.ev(0, "call.enqueued", "queue", "q", "caller", "+1");
    log.ev(0, "call.reserved", "agentId", "a1", "queue", "q");
    log.ev(15_000, "call.revoked", "agentId", "a1", "queue", "q", "reason", "no-answer", "agentState", "away");
    log.ev(16_000, "call.reserved", "agentId", "a2", "queue", "q");
    log.ev(20_000, "call.abandoned", "agentId", "a2", "queue", "q", "waitMs", "20000");

    Interaction r = log.fold();
    assertThat(r.outcome()).isEqualTo("abandoned");
    assertThat(r.endedBy()).isEqualTo("caller");
    assertThat(r.waitMs()).isEqualTo(20_000);
    assertThat(r.endedAt()).isEqualTo(20_000L);
    assertThat(r.answeredAt()).isNull();
    assertThat(r.agentId()).isNull();
    assertThat(r.offers()).isEqualTo(2);
    assertThat(r.legs()).containsExactly(
        leg(1, "a1", "q", 0, "missed", null, null, 0, 0, 0, false),
        leg(2, "a2", "q", 16_000, "withdrawn", null, null, 0, 0, 0, false));
    assertThat(r.timeline()).contains("{\"at\":\"1970-01-01T00:00:15Z\",\"kind\":\"missed\",\"agent\":\"a1\","
        + "\"queue\":\"q\",\"reason\":\"no-answer\"}");
    assertThat(r.timeline()).endsWith("{\"at\":\"1970-01-01T00:00:20Z\",\"kind\":\"abandoned\",\"queue\":\"q\","
        + "\"waitSeconds\":20.0}]");
  }

  @Test
  void rejectedThenAnsweredByAnotherAgentWithATimedOutWrapUp() {
    log.ev(0, "call.enqueued", "queue", "q");
    log.ev(0, "call.reserved", "agentId", "a1", "queue", "q");
    log.ev(2000, "call.rejected", "agentId", "a1", "queue", "q", "reason", "rejected");
    log.ev(2000, "call.reserved", "agentId", "a2", "queue", "q");
    log.ev(5000, "call.accepted", "agentId", "a2", "queue", "q");
    log.ev(35_000, "call.ended", "agentId", "a2", "queue", "q", "by", "agent");
    log.ev(65_000, "wrapup.done", "agentId", "a2", "reason", "timeout");

    Interaction r = log.fold();
    assertThat(r.agentId()).isEqualTo("a2");
    assertThat(r.waitMs()).isEqualTo(5000);
    assertThat(r.talkMs()).isEqualTo(30_000);
    assertThat(r.wrapMs()).isEqualTo(30_000);
    assertThat(r.endedBy()).isEqualTo("agent");
    assertThat(r.disposition()).isNull();
    assertThat(r.legs()).containsExactly(
        leg(1, "a1", "q", 0, "rejected", null, null, 0, 0, 0, false),
        leg(2, "a2", "q", 2000, "answered", 5000L, 35_000L, 30_000, 0, 30_000, false));
  }

  private void transferredToQueueThenToAgent() {
    log.ev(0, "call.enqueued", "queue", "q1", "caller", "+34600000000");
    log.ev(0, "call.reserved", "agentId", "a1", "queue", "q1");
    log.ev(1000, "call.accepted", "agentId", "a1", "queue", "q1");
    log.ev(11_000, "call.transferred", "agentId", "a1", "queue", "q2", "from", "q1", "agentState", "wrap-up");
    log.ev(12_000, "call.reserved", "agentId", "a2", "queue", "q2");
    log.ev(13_000, "wrapup.done", "agentId", "a1", "disposition", "to-billing", "reason", "done");
    log.ev(14_000, "call.accepted", "agentId", "a2", "queue", "q2");
    log.ev(24_000, "call.transferred", "agentId", "a2", "queue", "q2", "from", "q2", "to", "a3");
    log.ev(24_000, "call.reserved", "agentId", "a3", "queue", "q2");
    log.ev(26_000, "call.accepted", "agentId", "a3", "queue", "q2");
    log.ev(30_000, "wrapup.done", "agentId", "a2", "disposition", "escalated", "reason", "done");
    log.ev(36_000, "call.ended", "agentId", "a3", "queue", "q2", "by", "agent");
    log.ev(40_000, "wrapup.done", "agentId", "a3", "disposition", "solved", "notes", "refund", "reason", "done");
  }

  @Test
  void transferredToAQueueThenToAnAgent() {
    transferredToQueueThenToAgent();
    Interaction r = log.fold();
    assertThat(r.queue()).isEqualTo("q1");
    assertThat(r.finalQueue()).isEqualTo("q2");
    assertThat(r.agentId()).as("the first to answer").isEqualTo("a1");
    assertThat(r.answeredAt()).isEqualTo(1000L);
    assertThat(r.waitMs()).isEqualTo(1000);
    assertThat(r.transfers()).isEqualTo(2);
    assertThat(r.talkMs()).isEqualTo(30_000);
    assertThat(r.wrapMs()).as("the last answered leg's").isEqualTo(4000);
    assertThat(r.disposition()).isEqualTo("solved");
    assertThat(r.notes()).isEqualTo("refund");
    assertThat(r.outcome()).isEqualTo("answered");
    assertThat(r.legs()).containsExactly(
        leg(1, "a1", "q1", 0, "answered", 1000L, 11_000L, 10_000, 0, 2000, true),
        leg(2, "a2", "q2", 12_000, "answered", 14_000L, 24_000L, 10_000, 0, 6000, true),
        leg(3, "a3", "q2", 24_000, "answered", 26_000L, 36_000L, 10_000, 0, 4000, false));
    assertThat(r.timeline()).contains("{\"at\":\"1970-01-01T00:00:11Z\",\"kind\":\"transferred\",\"agent\":\"a1\","
        + "\"queue\":\"q2\",\"transferKind\":\"queue\",\"from\":\"q1\",\"talkSeconds\":10.0}");
    assertThat(r.timeline()).contains("{\"at\":\"1970-01-01T00:00:24Z\",\"kind\":\"transferred\",\"agent\":\"a2\","
        + "\"queue\":\"q2\",\"transferKind\":\"agent\",\"from\":\"q2\",\"to\":\"a3\",\"talkSeconds\":10.0}");
  }

  @Test
  void aWarmTransferEndsTheFirstLegAndStartsTheColleaguesAnswered() {
    log.ev(0, "call.enqueued", "queue", "q1", "caller", "+34600000000");
    log.ev(0, "call.reserved", "agentId", "a1", "queue", "q1");
    log.ev(1000, "call.accepted", "agentId", "a1", "queue", "q1");
    log.ev(11_000, "call.transferred", "agentId", "a1", "queue", "q1", "from", "q1", "to", "a2", "kind", "warm",
        "state", "connected", "agentState", "wrap-up");
    log.ev(11_000, "call.accepted", "agentId", "a2", "queue", "q1", "waitMs", "0");
    log.ev(13_000, "wrapup.done", "agentId", "a1", "disposition", "to-a2", "reason", "done");
    log.ev(31_000, "call.ended", "agentId", "a2", "queue", "q1", "by", "agent");
    log.ev(35_000, "wrapup.done", "agentId", "a2", "disposition", "solved", "reason", "done");
    Interaction r = log.fold();
    assertThat(r.agentId()).as("the first to answer").isEqualTo("a1");
    assertThat(r.waitMs()).isEqualTo(1000);
    assertThat(r.transfers()).isEqualTo(1);
    assertThat(r.talkMs()).isEqualTo(30_000);
    assertThat(r.legs()).containsExactly(
        leg(1, "a1", "q1", 0, "answered", 1000L, 11_000L, 10_000, 0, 2000, true),
        leg(2, "a2", "q1", 11_000, "answered", 11_000L, 31_000L, 20_000, 0, 4000, false));
    assertThat(r.timeline()).contains("{\"at\":\"1970-01-01T00:00:11Z\",\"kind\":\"transferred\",\"agent\":\"a1\","
        + "\"queue\":\"q1\",\"transferKind\":\"warm\",\"from\":\"q1\",\"to\":\"a2\",\"talkSeconds\":10.0}");
  }

  @Test
  void theOrderEventsArriveInDoesNotMatter() {
    transferredToQueueThenToAgent();
    Interaction inOrder = log.fold();
    Collections.shuffle(log.events(), new Random(7));
    assertThat(log.fold()).isEqualTo(inOrder);
  }

  @Test
  void lostWhileRingingWithdrawsTheOffer() {
    log.ev(0, "call.enqueued", "queue", "q");
    log.ev(0, "call.reserved", "agentId", "a1", "queue", "q");
    log.ev(5000, "call.lost", "agentId", "a1", "queue", "q", "reason", "node-lost", "from", "n1");
    Interaction r = log.fold();
    assertThat(r.outcome()).isEqualTo("lost");
    assertThat(r.endedBy()).isEqualTo("node-lost");
    assertThat(r.waitMs()).isEqualTo(5000);
    assertThat(r.legs()).containsExactly(leg(1, "a1", "q", 0, "withdrawn", null, null, 0, 0, 0, false));
  }

  @Test
  void theWayThroughItsNumbersFlowIsKeptWithItsArrival() {
    log.ev(0, "call.enqueued", "queue", "ventas", "language", "es", "flow", "menu > menu:2 > spanish > ventas");
    log.ev(4000, "call.abandoned", "queue", "ventas");
    assertThat(log.fold().timeline()).startsWith("[{\"at\":\"1970-01-01T00:00:00Z\",\"kind\":\"queued\","
        + "\"queue\":\"ventas\",\"flow\":\"menu > menu:2 > spanish > ventas\"}");
  }

  @Test
  void aCallThatEndedInItsFlowHasItsOwnOutcomeAndNoQueue() {
    log.ev(9000, "call.flow-ended", "caller", "+15550100", "language", "es", "flow", "menu > menu:3 > bye", "by", "flow");
    Interaction r = log.fold();
    assertThat(r.outcome()).isEqualTo("ended-in-flow");
    assertThat(r.endedBy()).isEqualTo("flow");
    assertThat(r.queue()).isNull();
    assertThat(r.caller()).isEqualTo("+15550100");
    assertThat(r.legs()).isEmpty();
    assertThat(r.timeline()).isEqualTo("[{\"at\":\"1970-01-01T00:00:09Z\",\"kind\":\"flow-ended\","
        + "\"flow\":\"menu > menu:3 > bye\"}]");
  }

  @Test
  void aCallItsFlowTransferredToANumberShowsTheTransferAtTheAnswer() {
    log.ev(39000, "call.flow-ended", "caller", "+15550100", "flow", "hello > xfer > xfer:busy > other", "by", "transfer",
        "transferNumber", "+14155550142", "transferTrunk", "carrier", "talkMs", "30000", "hungUpBy", "called");
    Interaction r = log.fold();
    assertThat(r.outcome()).isEqualTo("ended-in-flow");
    assertThat(r.endedBy()).isEqualTo("transfer");
    assertThat(r.queue()).isNull();
    assertThat(r.talkMs()).as("no agent talked").isZero();
    assertThat(r.timeline()).isEqualTo("[{\"at\":\"1970-01-01T00:00:09Z\",\"kind\":\"transferred\","
        + "\"transferKind\":\"number\",\"number\":\"+14155550142\",\"trunk\":\"carrier\",\"talkSeconds\":30.0,"
        + "\"hungUpBy\":\"called\"},{\"at\":\"1970-01-01T00:00:39Z\",\"kind\":\"flow-ended\","
        + "\"flow\":\"hello > xfer > xfer:busy > other\"}]");
  }

  @Test
  void aCallStillTalkingIsOpen() {
    log.ev(0, "call.enqueued", "queue", "q");
    log.ev(0, "call.reserved", "agentId", "a1", "queue", "q");
    log.ev(3000, "call.accepted", "agentId", "a1", "queue", "q");
    Interaction r = log.fold();
    assertThat(r.outcome()).isEqualTo("open");
    assertThat(r.endedAt()).isNull();
    assertThat(r.answeredAt()).isEqualTo(3000L);
    assertThat(r.legs()).containsExactly(leg(1, "a1", "q", 0, "answered", 3000L, null, 0, 0, 0, false));
  }

  @Test
  void aCallStillWaitingIsOpenAndOtherEventsMakeNoRecord() {
    log.ev(0, "call.enqueued", "queue", "q");
    assertThat(log.fold().outcome()).isEqualTo("open");
    assertThat(log.fold().offers()).isZero();
    log.events().clear();
    log.ev(0, "agent.attached", "agentId", "a1");
    assertThat(InteractionFold.fold("t", "c1", log.events())).isEmpty();
  }

  @Test
  void closedWhileWaitingEndsAsClosedNotAbandonedAndWithdrawsARingingOffer() {
    log.ev(1000, "call.enqueued", "queue", "support", "caller", "+15550100");
    log.ev(2000, "call.reserved", "agentId", "a1", "queue", "support");
    log.ev(5000, "call.closed", "agentId", "a1", "queue", "support", "state", "closed", "waitMs", "4000");
    Interaction r = log.fold();
    assertThat(r.outcome()).isEqualTo("closed");
    assertThat(r.endedBy()).isEqualTo("closed");
    assertThat(r.queue()).isEqualTo("support");
    assertThat(r.waitMs()).isEqualTo(4000);
    assertThat(r.answeredAt()).isNull();
    assertThat(r.legs()).extracting(Leg::outcome).containsExactly("withdrawn");
    assertThat(r.timeline()).contains("\"kind\":\"closed\"");
  }

  @Test
  void turnedAwayOnArrivalIsItsOwnOutcomeWithNoOffer() {
    log.ev(1000, "call.closed", "queue", "support", "state", "closed", "atArrival", "1", "caller", "+15550100",
        "region", "eu");
    Interaction r = log.fold();
    assertThat(r.outcome()).isEqualTo("turned-away");
    assertThat(r.endedBy()).isEqualTo("closed");
    assertThat(r.queue()).isEqualTo("support");
    assertThat(r.caller()).isEqualTo("+15550100");
    assertThat(r.region()).isEqualTo("eu");
    assertThat(r.arrivedAt()).isEqualTo(1000L);
    assertThat(r.waitMs()).isZero();
    assertThat(r.legs()).isEmpty();
    assertThat(r.timeline()).contains("\"kind\":\"turned-away\"");
  }
}
