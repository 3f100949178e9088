package io.switchboard.call;

import static io.switchboard.call.BridgeNode.AGENT_HZ;
import static io.switchboard.call.BridgeNode.CALLER_HZ;
import static io.switchboard.call.ThreePartyAudio.assertTones;
import static io.switchboard.call.ThreePartyAudio.listen;
import static io.switchboard.call.ThreePartyAudio.pcm;
import static io.switchboard.call.BridgeNode.msg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.directory.Kind;
import io.switchboard.media.rtp.RtpPacket;
import io.switchboard.signaling.WsClient;
import io.switchboard.sip.SipResponse;
import io.switchboard.support.TestNodes;
import io.switchboard.webrtc.WebRtcLeg;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An agent consults a colleague on a real node (call.consult, call.consult.accept, call.consult.cancel): the caller is
 * our SIP stack sending {@value BridgeNode#CALLER_HZ} Hz, the agent's and the colleague's browser legs are
 * {@link FakeWebRtc} legs sending {@value BridgeNode#AGENT_HZ} and {@value #COLLEAGUE_HZ} Hz. During the consult the
 * caller hears neither agent (music on hold) and the agents hear each other, not the caller; a cancel puts the caller
 * back with the agent and ends the colleague's leg; in a conference (call.conference) each hears the other two. Then
 * the refusals change nothing.
 */
class ConsultVerbsIT {
  static final double COLLEAGUE_HZ = ThreePartyAudio.THIRD_HZ;
  static final String OFFER = BridgeFakeLegIT.OFFER;

  @RegisterExtension
  static final BridgeNode fx = new BridgeNode("consult-verbs-it", Map.of());
  static final FakeWebRtc webrtc = new FakeWebRtc();

  @BeforeAll
  static void attachFakeLegs() {
    fx.node().calls().attachWebRtc(webrtc);
  }

  static JsonObject consult(WsClient who, String id, String callId, String colleague) {
    return who.request(id, msg("call.consult").put("callId", callId).put("agentId", colleague));
  }

  @Test
  void duringAConsultTheCallerHearsNeitherAgentThenAConferenceEveryoneThenCancelBringsTheCallerBack()
      throws Exception {
    SipResponse[] ok = new SipResponse[1];
    try (SipCaller caller = fx.caller();
         SipCaller second = fx.caller();
         WsClient alice = fx.agent("alice");
         WsClient bob = fx.agent("bob");
         WsClient sam = fx.agent("sam")) {
      sam.next("hello");
      String callId = fx.connected(caller, alice, ok, webrtc);
      FakeLeg agentLeg = webrtc.last();
      BridgeNode.available(bob);

      JsonObject started = consult(alice, "10", callId, "bob");
      assertThat(started.getString("type")).as("%s", started).isEqualTo("ack");
      JsonObject offered = bob.next("call.consult.offered");
      assertThat(offered.getString("callId")).isEqualTo(callId);
      assertThat(offered.getString("agentId")).isEqualTo("alice");
      JsonObject accepted = bob.request("11", msg("call.consult.accept").put("callId", callId).put("sdp", OFFER));
      assertThat(accepted.getString("type")).as("%s", accepted).isEqualTo("call.consult.accepted");
      assertThat(accepted.getString("sdp")).startsWith("v=0");
      FakeLeg colleagueLeg = webrtc.last();
      assertThat(colleagueLeg).isNotSameAs(agentLeg);
      colleagueLeg.connect();

      try (ThreePartyAudio.Talk talk = new ThreePartyAudio.Talk(caller, ok[0], agentLeg, colleagueLeg)) {
        ThreePartyAudio.Heard consulting = listen(caller, agentLeg, colleagueLeg);
        assertTones("consult: caller (music on hold)", consulting.caller(), Set.of());
        assertTones("consult: agent", consulting.agent(), Set.of(COLLEAGUE_HZ));
        assertTones("consult: colleague", consulting.third(), Set.of(AGENT_HZ));

        // the colleague is reserved for the consult: a new caller waits rather than being offered to it
        SipResponse secondOk = second.invite("+15550100");
        assertThat(secondOk.status()).isEqualTo(200);
        second.ack(secondOk);
        assertThat(bob.drain(1000)).as("no queue call is offered to a consulted colleague")
            .noneMatch(m -> "call.offered".equals(m.getString("type")));

        // one third party per call: no monitoring meanwhile, no second consult
        JsonObject monitored = sam.request("12", msg("monitor.start").put("agentId", "alice").put("mode", "listen")
            .put("sdp", OFFER));
        assertThat(monitored.getString("code")).as("%s", monitored).isEqualTo("consulting");
        assertThat(consult(alice, "13", callId, "bob").getString("code")).isEqualTo("busy");
        JsonObject transfer = alice.request("32", msg("call.transfer").put("callId", callId).put("agentId", "bob"));
        assertThat(transfer.getString("code")).as("a consulted colleague takes no blind transfer: %s", transfer)
            .isEqualTo("agent-unavailable");

        // a conference: each hears the other two
        assertThat(alice.request("30", msg("call.conference").put("callId", callId)).getString("type"))
            .isEqualTo("ack");
        ThreePartyAudio.Heard conference = listen(caller, agentLeg, colleagueLeg);
        assertTones("conference: caller", conference.caller(), Set.of(AGENT_HZ, COLLEAGUE_HZ));
        assertTones("conference: agent", conference.agent(), Set.of(CALLER_HZ, COLLEAGUE_HZ));
        assertTones("conference: colleague", conference.third(), Set.of(CALLER_HZ, AGENT_HZ));
        assertThat(bob.request("31", msg("call.conference").put("callId", callId)).getString("code"))
            .as("only the call's agent").isEqualTo("not-your-call");

        assertThat(alice.request("14", msg("call.consult.cancel").put("callId", callId)).getString("type"))
            .isEqualTo("ack");
        JsonObject ended = bob.next("call.consult.ended");
        assertThat(ended.getString("callId")).isEqualTo(callId);
        assertThat(ended.getString("reason")).isEqualTo("cancelled");
        await().atMost(Duration.ofSeconds(5)).until(() -> colleagueLeg.state() == WebRtcLeg.State.CLOSED);
        // released: the colleague is idle again and offered the waiting call at once; its caller hangs up
        String secondId = bob.next("call.offered").getString("callId");
        assertThat(secondId).isNotEqualTo(callId);
        assertThat(second.bye().status()).isEqualTo(200);
        assertThat(bob.next("call.revoked").getString("callId")).isEqualTo(secondId);
        Thread.sleep(300);
        caller.drainRtp();
        int a0 = agentLeg.sent.size();
        List<RtpPacket> toCaller = new ArrayList<>();
        long end = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < end) {
          toCaller.addAll(caller.drainRtp());
        }
        assertTones("after cancel: caller", pcm(toCaller), Set.of(AGENT_HZ));
        assertTones("after cancel: agent", pcm(agentLeg.sent.subList(a0, agentLeg.sent.size())), Set.of(CALLER_HZ));
      }
      assertThat(alice.request("15", msg("call.consult.cancel").put("callId", callId)).getString("code"))
          .isEqualTo("no-session");

      // the colleague is free again: it can be consulted again, and the call's end ends that consult
      assertThat(consult(alice, "16", callId, "bob").getString("type")).isEqualTo("ack");
      bob.next("call.consult.offered");
      assertThat(alice.request("20", msg("call.hangup").put("callId", callId)).getString("type")).isEqualTo("ack");
      assertThat(bob.next("call.consult.ended").getString("reason")).isEqualTo("call-ended");
      RecordingSteps.wrapUp(alice, callId);
      assertThat(bob.request("21", msg("call.consult.accept").put("callId", callId).put("sdp", OFFER))
          .getString("code")).isEqualTo("no-call");
    }
    fx.assertNothingLeft(webrtc::activeLegs);
  }

  /**
   * Warm transfer (call.consult.complete): the caller and the colleague hear each other, the first agent hears
   * nothing more (its leg is closed) and is in wrap-up, the colleague is the call's agent (it hangs up the call), and
   * the ACD stored call.transferred of kind warm from alice to bob.
   */
  @Test
  void completeHandsTheCallerToTheColleagueAndTheAgentWrapsUp() throws Exception {
    SipResponse[] ok = new SipResponse[1];
    try (SipCaller caller = fx.caller();
         WsClient alice = fx.agent("alice");
         WsClient bob = fx.agent("bob")) {
      String callId = fx.connected(caller, alice, ok, webrtc);
      FakeLeg agentLeg = webrtc.last();
      BridgeNode.available(bob);
      assertThat(alice.request("40", msg("call.consult.complete").put("callId", callId)).getString("code"))
          .as("no consult yet").isEqualTo("no-session");
      assertThat(consult(alice, "41", callId, "bob").getString("type")).isEqualTo("ack");
      bob.next("call.consult.offered");
      assertThat(alice.request("42", msg("call.consult.complete").put("callId", callId)).getString("code"))
          .as("the colleague has not accepted").isEqualTo("no-session");
      assertThat(bob.request("43", msg("call.consult.accept").put("callId", callId).put("sdp", OFFER))
          .getString("type")).isEqualTo("call.consult.accepted");
      FakeLeg colleagueLeg = webrtc.last();
      colleagueLeg.connect();
      assertThat(bob.request("44", msg("call.consult.complete").put("callId", callId)).getString("code"))
          .as("only the call's agent").isEqualTo("not-your-call");

      try (ThreePartyAudio.Talk talk = new ThreePartyAudio.Talk(caller, ok[0], agentLeg, colleagueLeg)) {
        JsonObject done = alice.request("45", msg("call.consult.complete").put("callId", callId));
        assertThat(done.getString("type")).as("%s", done).isEqualTo("ack");
        assertThat(bob.next("call.consult.ended").getString("reason")).isEqualTo("completed");
        await().atMost(Duration.ofSeconds(5)).until(() -> agentLeg.state() == WebRtcLeg.State.CLOSED);
        assertThat(colleagueLeg.state()).isEqualTo(WebRtcLeg.State.CONNECTED);
        ThreePartyAudio.Heard after = listen(caller, agentLeg, colleagueLeg);
        assertTones("after complete: caller", after.caller(), Set.of(COLLEAGUE_HZ));
        assertTones("after complete: colleague", after.third(), Set.of(CALLER_HZ));
        assertThat(after.agent().length).as("the first agent hears nothing").isZero();
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> alice.drain(200).stream().anyMatch(m ->
          "agent.state".equals(m.getString("type")) && "wrap-up".equals(m.getString("state"))));
      Map<String, String> transferred = fx.acdEvents("call.transferred", callId).get(0);
      assertThat(transferred).containsEntry("kind", "warm").containsEntry("agentId", "alice")
          .containsEntry("to", "bob").containsEntry("agentState", "wrap-up");
      assertThat(fx.acdEvents("call.accepted", callId)).extracting(e -> e.get("agentId")).containsExactly("alice", "bob");

      // the colleague owns the call now: its hang-up ends it
      assertThat(bob.request("46", msg("call.hangup").put("callId", callId)).getString("type")).isEqualTo("ack");
      await().atMost(Duration.ofSeconds(5)).until(() -> colleagueLeg.state() == WebRtcLeg.State.CLOSED);
      RecordingSteps.wrapUp(alice, callId);
      RecordingSteps.wrapUp(bob, callId);
    }
    fx.assertNothingLeft(webrtc::activeLegs);
  }

  @Test
  void refusalsAreClearAndChangeNothing() throws Exception {
    var dir = fx.node().directory();
    dir.createTenant("initech").await();
    dir.put("initech", Kind.AGENT, "ivan", new JsonObject().put("username", "ivan")
        .put("roles", new JsonArray().add("agent")).put("password", "initech-password-1"), null).await();
    SipResponse[] ok = new SipResponse[1];
    try (SipCaller caller = fx.caller();
         WsClient alice = fx.agent("alice");
         WsClient bob = fx.agent("bob");
         WsClient sam = fx.agent("sam");
         WsClient ivan = WsClient.connect(fx.ws(), fx.node().httpPort(),
             TestNodes.login(fx.node().httpPort(), "initech", "ivan", "initech-password-1"))) {
      sam.next("hello");
      ivan.next("hello");
      String callId = fx.connected(caller, alice, ok, webrtc);
      bob.next("hello");
      int legs = webrtc.activeLegs();

      JsonObject self = consult(alice, "10", callId, "alice");
      assertThat(self.getString("code")).as("%s", self).isEqualTo("invalid-field");
      assertThat(self.getString("field")).isEqualTo("agentId");
      JsonObject notYours = consult(bob, "11", callId, "alice");
      assertThat(notYours.getString("code")).as("%s", notYours).isEqualTo("not-your-call");
      JsonObject otherTenant = consult(alice, "12", callId, "ivan");
      assertThat(otherTenant.getString("code")).as("%s", otherTenant).isEqualTo("agent-unavailable");
      assertThat(otherTenant.getString("field")).isEqualTo("agentId");
      JsonObject fromOtherTenant = consult(ivan, "13", callId, "bob");
      assertThat(fromOtherTenant.getString("code")).as("%s", fromOtherTenant).isEqualTo("no-call");
      JsonObject busy = consult(alice, "14", callId, "bob"); // bob is offline (not available)
      assertThat(busy.getString("code")).as("%s", busy).isEqualTo("agent-unavailable");
      assertThat(busy.getString("field")).isEqualTo("agentId");
      JsonObject supervisor = consult(sam, "15", callId, "bob");
      assertThat(supervisor.getString("code")).isEqualTo("forbidden");
      assertThat(alice.request("22", msg("call.conference").put("callId", callId)).getString("code"))
          .as("no consult to conference with").isEqualTo("no-session");
      JsonObject extra = alice.request("16", msg("call.consult.cancel").put("callId", callId).put("agentId", "bob"));
      assertThat(extra.getString("code")).isEqualTo("unknown-field");
      assertThat(bob.request("17", msg("call.consult.accept").put("callId", callId).put("sdp", OFFER))
          .getString("code")).isEqualTo("no-session");

      // a monitored call cannot be consulted
      assertThat(bob.request("av", msg("state.set").put("state", "available")).getString("type")).isEqualTo("ack");
      JsonObject monitoring = sam.request("18", msg("monitor.start").put("agentId", "alice").put("mode", "listen")
          .put("sdp", OFFER));
      assertThat(monitoring.getString("type")).as("%s", monitoring).isEqualTo("monitor.started");
      JsonObject monitored = consult(alice, "19", callId, "bob");
      assertThat(monitored.getString("code")).as("%s", monitored).isEqualTo("monitored");
      assertThat(sam.request("20", msg("monitor.stop")).getString("type")).isEqualTo("monitor.stopped");
      assertThat(webrtc.activeLegs()).as("no leg was made for a refusal").isEqualTo(legs);
      assertThat(bob.drain(300)).as("the colleague was offered nothing").noneMatch(m -> m.getString("type")
          .startsWith("call.consult"));

      assertThat(alice.request("21", msg("call.hangup").put("callId", callId)).getString("type")).isEqualTo("ack");
      RecordingSteps.wrapUp(alice, callId);
    }
    fx.assertNothingLeft(webrtc::activeLegs);
  }
}
