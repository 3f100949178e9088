package io.switchboard.call;

import static io.switchboard.call.BridgeNode.AGENT_HZ;
import static io.switchboard.call.BridgeNode.CALLER_HZ;
import static io.switchboard.call.BridgeNode.msg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.media.audio.Goertzel;
import io.switchboard.recording.Recording;
import io.switchboard.signaling.WsClient;
import io.switchboard.sip.SipResponse;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The recording verbs on a real node (SIP caller of our stack, the browser's leg a {@link FakeWebRtc}): the queue's
 * policy decides what is recorded; only the agent connected to the call may pause, resume or start it
 * ({@code not-your-call}; an unknown call {@code no-call}); what the call's node cannot do is answered
 * {@code recording.refused} with its reason ({@code not-recording}, {@code not-on-demand}, {@code already-recording});
 * every change reaches the agent as {@code recording.state}; the file has the caller in channel 1 and the agent in
 * channel 2, and nothing of what was said while paused.
 */
class RecordingVerbsIT {

  @RegisterExtension
  static final BridgeNode fx = new BridgeNode("recording-verbs-it", Map.of("recording.chunk-ms", "500"));
  static FakeWebRtc webrtc = new FakeWebRtc();
  static final RecordingSteps steps = new RecordingSteps(fx, webrtc);

  @BeforeAll
  static void attachFakeLegs() {
    fx.node().calls().attachWebRtc(webrtc);
  }

  static JsonObject ask(WsClient who, String id, String type, String callId) {
    return who.request(id, msg(type).put("callId", callId));
  }

  @Test
  void onlyTheConnectedAgentPausesAndResumesAndWhatWasSaidWhilePausedIsNotInTheFile() throws Exception {
    steps.policy("all");
    SipResponse[] ok = new SipResponse[1];
    try (SipCaller caller = fx.caller();
         WsClient alice = fx.agent("alice");
         WsClient bob = fx.agent("bob")) {
      bob.next("hello");
      String callId = steps.connected(caller, alice, ok);
      JsonObject state = alice.next("recording.state");
      assertThat(state.getString("callId")).isEqualTo(callId);
      assertThat(state.getString("state")).isEqualTo("recording");
      assertThat(state.getString("policy")).isEqualTo("all");

      // refused by the agent's node, by name
      JsonObject noCall = ask(alice, "10", "recording.pause", "sip-0000000000000000");
      assertThat(noCall.getString("type")).isEqualTo("error");
      assertThat(noCall.getString("code")).isEqualTo("no-call");
      JsonObject notYours = ask(bob, "11", "recording.pause", callId);
      assertThat(notYours.getString("code")).isEqualTo("not-your-call");
      JsonObject missing = alice.request("12", msg("recording.resume"));
      assertThat(missing.getString("code")).isEqualTo("missing-field");
      assertThat(missing.getString("field")).isEqualTo("callId");

      // refused by the call's node: recording.refused, nothing changes
      assertThat(ask(alice, "13", "recording.start", callId).getString("type")).isEqualTo("ack");
      assertThat(alice.next("recording.refused").getString("reason")).isEqualTo("not-on-demand");
      assertThat(ask(alice, "14", "recording.resume", callId).getString("type")).isEqualTo("ack");
      JsonObject notPaused = alice.next("recording.refused");
      assertThat(notPaused.getString("reason")).isEqualTo("not-recording");
      assertThat(notPaused.getString("action")).isEqualTo("resume");

      // talking (recorded), paused (both talk, nothing recorded), resumed (recorded)
      steps.talk(caller, ok[0], 0, 50, true, false);
      assertThat(ask(alice, "15", "recording.pause", callId).getString("type")).isEqualTo("ack");
      assertThat(alice.next("recording.state").getString("state")).isEqualTo("paused");
      assertThat(ask(alice, "16", "recording.pause", callId).getString("type")).isEqualTo("ack");
      assertThat(alice.next("recording.refused").getString("reason")).isEqualTo("not-recording");
      long pausedAt = System.nanoTime();
      steps.talk(caller, ok[0], 50, 50, true, true);
      assertThat(ask(alice, "17", "recording.resume", callId).getString("type")).isEqualTo("ack");
      assertThat(alice.next("recording.state").getString("state")).isEqualTo("recording");
      long pausedMs = (System.nanoTime() - pausedAt) / 1_000_000;
      steps.talk(caller, ok[0], 100, 50, false, true);

      assertThat(ask(alice, "18", "call.hangup", callId).getString("type")).isEqualTo("ack");
      RecordingSteps.wrapUp(alice, callId);
      Recording rec = steps.complete(callId);
      assertThat(rec.agentId()).isEqualTo("alice");
      assertThat(rec.pausedSpans()).hasSize(1);
      Recording.Span span = rec.pausedSpans().get(0);
      assertThat(span.toMs() - span.fromMs()).as("paused as long as the test paused (%d ms)", pausedMs)
          .isBetween(pausedMs - 300, pausedMs + 300);
      short[][] ch = steps.channels(rec);
      int callerWindows = RecordingSteps.windows(ch[0], CALLER_HZ);
      int agentWindows = RecordingSteps.windows(ch[1], AGENT_HZ);
      System.out.println("recording " + rec + " caller windows " + callerWindows + " agent windows " + agentWindows);
      assertThat(callerWindows).as("1 s of the caller recorded, not the paused second").isBetween(7, 11);
      assertThat(agentWindows).as("1 s of the agent recorded, not the paused second").isBetween(7, 11);
      assertThat(RecordingSteps.windows(ch[0], AGENT_HZ)).as("the agent is not in the caller's channel").isZero();
      assertThat(RecordingSteps.windows(ch[1], CALLER_HZ)).as("the caller is not in the heard channel").isZero();
      assertThat(Goertzel.rms(ch[0], (int) span.fromMs() * 8 + 400, (int) (span.toMs() - span.fromMs()) * 8 - 800))
          .as("paused: silent").isZero();
      assertThat(Goertzel.rms(ch[1], (int) span.fromMs() * 8 + 400, (int) (span.toMs() - span.fromMs()) * 8 - 800))
          .as("paused: silent").isZero();

      // every change is an event of the tenant's stream, in order (stored by the records pipeline)
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(fx.storedEvents(callId, "recording.", "recordingId"))
          .containsExactly("recording.started " + rec.id(), "recording.paused " + rec.id(),
              "recording.resumed " + rec.id(), "recording.stopped " + rec.id()));
    }
    fx.assertNothingLeft(webrtc::activeLegs);
  }

  @Test
  void onDemandRecordsFromTheAgentsStartAndNoneRecordsNothing() throws Exception {
    steps.policy("on-demand");
    SipResponse[] ok = new SipResponse[1];
    String callId;
    try (SipCaller caller = fx.caller();
         WsClient alice = fx.agent("alice")) {
      callId = steps.connected(caller, alice, ok);
      JsonObject state = alice.next("recording.state");
      assertThat(state.getString("state")).isEqualTo("off");
      assertThat(state.getString("policy")).isEqualTo("on-demand");
      assertThat(ask(alice, "10", "recording.pause", callId).getString("type")).isEqualTo("ack");
      assertThat(alice.next("recording.refused").getString("reason")).isEqualTo("not-recording");
      assertThat(ask(alice, "11", "recording.start", callId).getString("type")).isEqualTo("ack");
      assertThat(alice.next("recording.state").getString("state")).isEqualTo("recording");
      assertThat(ask(alice, "12", "recording.start", callId).getString("type")).isEqualTo("ack");
      assertThat(alice.next("recording.refused").getString("reason")).isEqualTo("already-recording");
      steps.talk(caller, ok[0], 0, 25, true, true);
      assertThat(ask(alice, "13", "call.hangup", callId).getString("type")).isEqualTo("ack");
      RecordingSteps.wrapUp(alice, callId);
      assertThat(steps.complete(callId).durationMs()).isBetween(400L, 3000L);
    }
    fx.assertNothingLeft(webrtc::activeLegs);

    steps.policy("none");
    try (SipCaller caller = fx.caller();
         WsClient alice = fx.agent("alice")) {
      String quiet = steps.connected(caller, alice, ok);
      assertThat(alice.next("recording.state").getString("state")).isEqualTo("off");
      assertThat(ask(alice, "10", "recording.start", quiet).getString("type")).isEqualTo("ack");
      assertThat(alice.next("recording.refused").getString("reason")).isEqualTo("not-on-demand");
      steps.talk(caller, ok[0], 0, 25, true, true);
      assertThat(ask(alice, "11", "call.hangup", quiet).getString("type")).isEqualTo("ack");
      RecordingSteps.wrapUp(alice, quiet);
      Thread.sleep(500);
      assertThat(fx.node().recordings().catalog().ofCall("demo", quiet)).as("policy none").isEmpty();
    }
    fx.assertNothingLeft(webrtc::activeLegs);
  }

}
