package io.switchboard.call;

import static io.switchboard.call.BridgeNode.AGENT_HZ;
import static io.switchboard.call.BridgeNode.CALLER_HZ;
import static io.switchboard.call.BridgeNode.msg;
import static io.switchboard.call.ThreePartyAudio.THIRD_HZ;
import static io.switchboard.call.ThreePartyAudio.assertTones;
import static io.switchboard.call.ThreePartyAudio.listen;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.signaling.WsClient;
import io.switchboard.sip.SipResponse;
import io.switchboard.webrtc.WebRtcLeg;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The first agent's browser leg lost in a conference (not hung up), on a real node with {@link FakeWebRtc} legs and a
 * grace time of {@value #GRACE_MS} ms: when no new leg is offered within it, the call is handed to the colleague as
 * if the agent had hung up (the colleague owns the call, the agent wraps up, a transfer of kind {@code conference});
 * when the agent's page offers a new leg within it (a reload), the conference goes on with the agent.
 */
class ConferenceLegLostIT {
  static final String OFFER = BridgeFakeLegIT.OFFER;
  static final long GRACE_MS = 3000;

  @RegisterExtension
  static final BridgeNode fx = new BridgeNode("conference-leg-lost-it",
      Map.of("consult.agent-leg-grace-ms", String.valueOf(GRACE_MS)));
  static final FakeWebRtc webrtc = new FakeWebRtc();

  @BeforeAll
  static void attachFakeLegs() {
    fx.node().calls().attachWebRtc(webrtc);
  }

  /** alice's call in a conference with bob (both legs connected): {agent leg, colleague leg}. */
  private static FakeLeg[] conference(SipCaller caller, WsClient alice, WsClient bob, SipResponse[] ok,
      String[] callId) throws Exception {
    FakeLeg[] legs = fx.consulting(caller, alice, bob, "bob", ok, callId, webrtc);
    assertThat(alice.request("c3", msg("call.conference").put("callId", callId[0])).getString("type"))
        .isEqualTo("ack");
    return legs;
  }

  @Test
  void theAgentsLegLostAndNotBackHandsTheCallToTheColleague() throws Exception {
    SipResponse[] ok = new SipResponse[1];
    String[] id = new String[1];
    try (SipCaller caller = fx.caller();
         WsClient alice = fx.agent("alice");
         WsClient bob = fx.agent("bob")) {
      FakeLeg[] legs = conference(caller, alice, bob, ok, id);
      String callId = id[0];
      try (ThreePartyAudio.Talk talk = new ThreePartyAudio.Talk(caller, ok[0], legs[0], legs[1])) {
        long lostAt = System.nanoTime();
        legs[0].die("consent-expired");
        assertThat(alice.next("media.failed").getString("reason")).isEqualTo("consent-expired");
        // within the grace time the caller and bob talk on (and so they do after the hand-over)
        ThreePartyAudio.Heard waiting = listen(caller, legs[0], legs[1]);
        assertTones("grace time: caller", waiting.caller(), Set.of(THIRD_HZ));
        assertTones("grace time: colleague", waiting.third(), Set.of(CALLER_HZ));

        JsonObject ended = bob.await(m -> "call.consult.ended".equals(m.getString("type")), Duration.ofSeconds(10));
        assertThat(ended.getString("reason")).isEqualTo("completed");
        assertThat((System.nanoTime() - lostAt) / 1_000_000).as("handed over after the grace time")
            .isGreaterThanOrEqualTo(GRACE_MS);
        assertThat(legs[1].state()).isEqualTo(WebRtcLeg.State.CONNECTED);
        ThreePartyAudio.Heard after = listen(caller, legs[0], legs[1]);
        assertTones("after the hand-over: caller", after.caller(), Set.of(THIRD_HZ));
        assertTones("after the hand-over: colleague", after.third(), Set.of(CALLER_HZ));
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> alice.drain(200).stream().anyMatch(m ->
          "agent.state".equals(m.getString("type")) && "wrap-up".equals(m.getString("state"))));
      assertThat(fx.node().acd().call("demo", callId).await().agentId()).isEqualTo("bob");
      assertThat(fx.acdEvents("call.transferred", callId)).singleElement().satisfies(e -> assertThat(e)
          .containsEntry("kind", "conference").containsEntry("agentId", "alice").containsEntry("to", "bob"));
      assertThat(fx.acdEvents("call.ended", callId)).as("the call goes on").isEmpty();

      // bob owns the call: its hang-up ends it
      assertThat(bob.request("c5", msg("call.hangup").put("callId", callId)).getString("type")).isEqualTo("ack");
      await().atMost(Duration.ofSeconds(5)).until(() -> legs[1].state() == WebRtcLeg.State.CLOSED);
      assertThat(fx.acdEvents("call.ended", callId)).singleElement().satisfies(e -> assertThat(e)
          .containsEntry("agentId", "bob"));
      RecordingSteps.wrapUp(alice, callId);
      RecordingSteps.wrapUp(bob, callId);
    }
    fx.assertNothingLeft(webrtc::activeLegs);
  }

  @Test
  void theAgentsLegBackWithinTheGraceTimeKeepsTheConference() throws Exception {
    SipResponse[] ok = new SipResponse[1];
    String[] id = new String[1];
    try (SipCaller caller = fx.caller();
         WsClient alice = fx.agent("alice");
         WsClient bob = fx.agent("bob")) {
      FakeLeg[] legs = conference(caller, alice, bob, ok, id);
      String callId = id[0];
      legs[0].die("remote-closed"); // the page went away (a reload) ...
      assertThat(alice.next("media.failed").getString("reason")).isEqualTo("remote-closed");
      // ... and its new page offers again at once
      assertThat(alice.request("c4", msg("media.offer").put("callId", callId).put("sdp", OFFER))
          .getString("type")).isEqualTo("ack");
      alice.next("media.answer");
      FakeLeg again = webrtc.last();
      again.connect();
      Thread.sleep(GRACE_MS + 1000);
      assertThat(bob.drain(200)).as("bob was not handed the call").noneMatch(m -> "call.consult.ended"
          .equals(m.getString("type")));
      assertThat(fx.acdEvents("call.transferred", callId)).isEmpty();
      assertThat(fx.node().acd().call("demo", callId).await().agentId()).isEqualTo("alice");
      try (ThreePartyAudio.Talk talk = new ThreePartyAudio.Talk(caller, ok[0], again, legs[1])) {
        ThreePartyAudio.Heard conference = listen(caller, again, legs[1]);
        assertTones("conference again: caller", conference.caller(), Set.of(AGENT_HZ, THIRD_HZ));
        assertTones("conference again: agent", conference.agent(), Set.of(CALLER_HZ, THIRD_HZ));
        assertTones("conference again: colleague", conference.third(), Set.of(CALLER_HZ, AGENT_HZ));
      }
      assertThat(alice.request("c5", msg("call.consult.cancel").put("callId", callId)).getString("type"))
          .isEqualTo("ack");
      assertThat(alice.request("c6", msg("call.hangup").put("callId", callId)).getString("type")).isEqualTo("ack");
      RecordingSteps.wrapUp(alice, callId);
    }
    fx.assertNothingLeft(webrtc::activeLegs);
  }

  /** Outside a conference a lost leg changes nothing on the call: the two-party call waits for a new offer. */
  @Test
  void aLostLegOfATwoPartyCallIsNotHandedToAnyone() throws Exception {
    SipResponse[] ok = new SipResponse[1];
    try (SipCaller caller = fx.caller();
         WsClient alice = fx.agent("alice")) {
      String callId = fx.connected(caller, alice, ok, webrtc);
      webrtc.last().die("consent-expired");
      assertThat(alice.next("media.failed").getString("reason")).isEqualTo("consent-expired");
      Thread.sleep(GRACE_MS + 500);
      assertThat(fx.node().acd().call("demo", callId).await().agentId()).isEqualTo("alice");
      assertThat(fx.node().acd().call("demo", callId).await().state()).isEqualTo("connected");
      assertThat(alice.request("c7", msg("call.hangup").put("callId", callId)).getString("type")).isEqualTo("ack");
      RecordingSteps.wrapUp(alice, callId);
    }
    fx.assertNothingLeft(webrtc::activeLegs);
  }
}
