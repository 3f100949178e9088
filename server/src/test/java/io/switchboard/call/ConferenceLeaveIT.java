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
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A conference outlives whoever leaves it, on a real node: the caller is our SIP stack ({@value BridgeNode#CALLER_HZ}
 * Hz), alice's and bob's browser legs are {@link FakeWebRtc} legs ({@value BridgeNode#AGENT_HZ} and
 * {@value ThreePartyAudio#THIRD_HZ} Hz). When alice (the call's agent) hangs up a conference, the caller and bob talk
 * on, bob owns the call and alice wraps up (a transfer of kind {@code conference}); when bob (the colleague) hangs up
 * or cancels, the caller and alice talk on as a two-party call and bob is free again.
 */
class ConferenceLeaveIT {
  static final String OFFER = BridgeFakeLegIT.OFFER;

  @RegisterExtension
  static final BridgeNode fx = new BridgeNode("conference-leave-it", Map.of());
  static final FakeWebRtc webrtc = new FakeWebRtc();

  @BeforeAll
  static void attachFakeLegs() {
    fx.node().calls().attachWebRtc(webrtc);
  }

  @Test
  void theAgentHangingUpAConferenceLeavesTheCallerWithTheColleague() throws Exception {
    SipResponse[] ok = new SipResponse[1];
    String[] id = new String[1];
    try (SipCaller caller = fx.caller();
         WsClient alice = fx.agent("alice");
         WsClient bob = fx.agent("bob")) {
      FakeLeg[] legs = fx.consulting(caller, alice, bob, "bob", ok, id, webrtc);
      String callId = id[0];
      assertThat(alice.request("c3", msg("call.conference").put("callId", callId)).getString("type"))
          .isEqualTo("ack");
      try (ThreePartyAudio.Talk talk = new ThreePartyAudio.Talk(caller, ok[0], legs[0], legs[1])) {
        ThreePartyAudio.Heard conference = listen(caller, legs[0], legs[1]);
        assertTones("conference: caller", conference.caller(), Set.of(AGENT_HZ, THIRD_HZ));

        JsonObject hungUp = alice.request("c4", msg("call.hangup").put("callId", callId));
        assertThat(hungUp.getString("type")).as("%s", hungUp).isEqualTo("ack");
        assertThat(bob.next("call.consult.ended").getString("reason")).isEqualTo("completed");
        await().atMost(Duration.ofSeconds(5)).until(() -> legs[0].state() == WebRtcLeg.State.CLOSED);
        assertThat(legs[1].state()).isEqualTo(WebRtcLeg.State.CONNECTED);
        ThreePartyAudio.Heard after = listen(caller, legs[0], legs[1]);
        assertTones("after the agent left: caller", after.caller(), Set.of(THIRD_HZ));
        assertTones("after the agent left: colleague", after.third(), Set.of(CALLER_HZ));
        assertThat(after.agent().length).as("the first agent hears nothing").isZero();
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> alice.drain(200).stream().anyMatch(m ->
          "agent.state".equals(m.getString("type")) && "wrap-up".equals(m.getString("state"))));
      assertThat(fx.node().acd().call("demo", callId).await().agentId()).isEqualTo("bob");
      assertThat(fx.acdEvents("call.transferred", callId)).singleElement().satisfies(e -> assertThat(e)
          .containsEntry("kind", "conference").containsEntry("agentId", "alice").containsEntry("to", "bob"));
      assertThat(fx.acdEvents("call.accepted", callId)).extracting(e -> e.get("agentId"))
          .containsExactly("alice", "bob");
      assertThat(fx.acdEvents("call.ended", callId)).as("the call goes on").isEmpty();

      // bob owns the call now: its hang-up ends it for the caller
      assertThat(bob.request("c5", msg("call.hangup").put("callId", callId)).getString("type")).isEqualTo("ack");
      await().atMost(Duration.ofSeconds(5)).until(() -> legs[1].state() == WebRtcLeg.State.CLOSED);
      assertThat(fx.acdEvents("call.ended", callId)).singleElement().satisfies(e -> assertThat(e)
          .containsEntry("agentId", "bob"));
      RecordingSteps.wrapUp(alice, callId);
      RecordingSteps.wrapUp(bob, callId);

      // the interaction: a transfer of kind conference from alice to bob, then bob's answered leg
      JsonArray timeline = new JsonArray(fx.interaction(callId).timeline());
      JsonObject transferred = timeline.stream().map(JsonObject.class::cast)
          .filter(s -> "transferred".equals(s.getString("kind"))).findFirst().orElseThrow();
      assertThat(transferred.getString("transferKind")).as("%s", timeline).isEqualTo("conference");
      assertThat(transferred.getString("to")).isEqualTo("bob");
      assertThat(timeline.stream().map(JsonObject.class::cast).filter(s -> "answered".equals(s.getString("kind")))
          .map(s -> s.getString("agent")).toList()).as("%s", timeline).containsExactly("alice", "bob");
    }
    fx.assertNothingLeft(webrtc::activeLegs);
  }

  @Test
  void theColleagueLeavingAConferenceOrAConsultReturnsTheCallerToTheAgent() throws Exception {
    SipResponse[] ok = new SipResponse[1];
    String[] id = new String[1];
    try (SipCaller caller = fx.caller();
         WsClient alice = fx.agent("alice");
         WsClient bob = fx.agent("bob");
         WsClient carol = fx.agent("carol")) {
      carol.next("hello");
      FakeLeg[] legs = fx.consulting(caller, alice, bob, "bob", ok, id, webrtc);
      String callId = id[0];
      assertThat(alice.request("c3", msg("call.conference").put("callId", callId)).getString("type"))
          .isEqualTo("ack");
      assertThat(carol.request("c4", msg("call.hangup").put("callId", callId)).getString("code"))
          .as("a stranger's hang-up is refused").isEqualTo("not-your-call");
      int next;
      try (ThreePartyAudio.Talk talk = new ThreePartyAudio.Talk(caller, ok[0], legs[0], legs[1])) {
        JsonObject left = bob.request("c5", msg("call.hangup").put("callId", callId));
        assertThat(left.getString("type")).as("%s", left).isEqualTo("ack");
        assertThat(bob.next("call.consult.ended").getString("reason")).isEqualTo("left");
        assertThat(alice.next("call.consult.ended").getString("reason")).isEqualTo("left");
        await().atMost(Duration.ofSeconds(5)).until(() -> legs[1].state() == WebRtcLeg.State.CLOSED);
        ThreePartyAudio.Heard after = listen(caller, legs[0], legs[1]);
        assertTones("after the colleague left: caller", after.caller(), Set.of(AGENT_HZ));
        assertTones("after the colleague left: agent", after.agent(), Set.of(CALLER_HZ));
        assertThat(after.third().length).as("the colleague hears nothing").isZero();
        talk.close();
        next = talk.sent();
      }
      assertThat(fx.node().acd().call("demo", callId).await().agentId()).isEqualTo("alice");
      assertThat(fx.acdEvents("call.transferred", callId)).isEmpty();
      assertThat(fx.node().acd().agent("demo", "bob").await().state().wire()).as("bob is free again")
          .isEqualTo("available");

      // consulted again, bob leaves the consult with call.consult.cancel: alice has the caller back
      assertThat(ConsultVerbsIT.consult(alice, "c6", callId, "bob").getString("type")).isEqualTo("ack");
      bob.next("call.consult.offered");
      assertThat(bob.request("c7", msg("call.consult.accept").put("callId", callId).put("sdp", OFFER))
          .getString("type")).isEqualTo("call.consult.accepted");
      FakeLeg again = webrtc.last();
      again.connect();
      assertThat(bob.request("c8", msg("call.consult.cancel").put("callId", callId)).getString("type"))
          .isEqualTo("ack");
      assertThat(alice.next("call.consult.ended").getString("reason")).isEqualTo("left");
      await().atMost(Duration.ofSeconds(5)).until(() -> again.state() == WebRtcLeg.State.CLOSED);
      try (ThreePartyAudio.Talk talk = new ThreePartyAudio.Talk(caller, ok[0], legs[0], again, next)) {
        ThreePartyAudio.Heard after = listen(caller, legs[0], again);
        assertTones("after the colleague cancelled: caller", after.caller(), Set.of(AGENT_HZ));
        assertTones("after the colleague cancelled: agent", after.agent(), Set.of(CALLER_HZ));
      }
      assertThat(bob.request("c9", msg("call.consult.cancel").put("callId", callId)).getString("code"))
          .as("no consult any more: the colleague is a stranger to the call").isEqualTo("not-your-call");

      assertThat(alice.request("c10", msg("call.hangup").put("callId", callId)).getString("type"))
          .isEqualTo("ack");
      RecordingSteps.wrapUp(alice, callId);
    }
    fx.assertNothingLeft(webrtc::activeLegs);
  }
}
