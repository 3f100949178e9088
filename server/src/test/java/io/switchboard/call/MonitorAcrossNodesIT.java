package io.switchboard.call;

import static io.switchboard.call.BridgeNode.AGENT_HZ;
import static io.switchboard.call.BridgeNode.CALLER_HZ;
import static io.switchboard.call.BridgeNode.msg;
import static io.switchboard.call.ThreePartyAudio.THIRD_HZ;
import static io.switchboard.call.ThreePartyAudio.assertTones;
import static io.switchboard.call.ThreePartyAudio.listen;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.Node;
import io.switchboard.signaling.WsClient;
import io.switchboard.sip.SipResponse;
import io.switchboard.support.TestNodes;
import io.switchboard.webrtc.WebRtcLeg;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Listen, whisper and barge when the supervisor's socket is on another node than the call: node A ({@link BridgeNode})
 * holds the SIP caller (our stack, sending {@value BridgeNode#CALLER_HZ} Hz), the agent's and the supervisor's
 * {@link FakeWebRtc} legs (the call's node answers the supervisor's offer, as for agents' legs); node B, a second
 * whole node on the same Redis, holds the supervisor's socket only. Every monitor verb goes from B to A through the
 * bus and back; per mode each party hears exactly whom the mode allows; A's refusals reach the supervisor on B as
 * they are; the call's end and the supervisor's socket closing on B end the session on A.
 */
class MonitorAcrossNodesIT {
  static final String OFFER = BridgeFakeLegIT.OFFER;

  /**
   * No overload shedding on A: starting node B in the same JVM stalls A's loop for seconds on a loaded host. One
   * supervisor per call on A, so that A refuses a second one (its refusal comes back to B).
   */
  @RegisterExtension
  static final BridgeNode fx = new BridgeNode("xnode-a", Map.of("sip.overload.max-wait-ms", "0",
      "supervision.max-monitors-per-call", "1"));
  static final FakeWebRtc webrtc = new FakeWebRtc();
  static Node b;

  @BeforeAll
  static void startNodeB() {
    fx.node().calls().attachWebRtc(webrtc);
    Map<String, String> settings = new HashMap<>(TestNodes.randomRtpPorts(20));
    settings.put("redis.uri", "redis://127.0.0.1:" + fx.redisPort());
    b = TestNodes.loopback("xnode-b", settings);
  }

  @AfterAll
  static void stopNodeB() {
    if (b != null) {
      b.stop();
    }
  }

  /** Demo user {@code user} signed in on node B, its hello read. */
  static WsClient onB(String user) throws Exception {
    WsClient w = WsClient.connect(fx.ws(), b.httpPort(), TestNodes.login(b.httpPort(), user));
    assertThat(w.next("hello").getString("node")).isEqualTo("xnode-b");
    return w;
  }

  static JsonObject start(WsClient who, String id, String agentId, String mode) {
    return who.request(id, msg("monitor.start").put("agentId", agentId).put("mode", mode).put("sdp", OFFER));
  }

  @Test
  void aSupervisorOnAnotherNodeListensWhispersAndBargesAndTheCallsEndTellsIt() throws Exception {
    SipResponse[] ok = new SipResponse[1];
    try (SipCaller caller = fx.caller();
         WsClient alice = fx.agent("alice");
         WsClient mona = fx.agent("mona");
         WsClient sam = onB("sam")) {
      mona.next("hello");
      String callId = fx.connected(caller, alice, ok, webrtc);
      FakeLeg agentLeg = webrtc.last();

      // A's refusal comes back to B as it is: mona (on A) monitors the call already, A's cap is one
      assertThat(start(mona, "9", "alice", "listen").getString("type")).isEqualTo("monitor.started");
      FakeLeg monaLeg = webrtc.last();
      JsonObject taken = start(sam, "10", "alice", "listen");
      assertThat(taken.getString("code")).as("%s", taken).isEqualTo("too-many-monitors");
      assertThat(taken.getString("field")).isEqualTo("agentId");
      assertThat(taken.getString("id")).isEqualTo("10");
      assertThat(webrtc.last()).as("no leg for a refusal").isSameAs(monaLeg);
      assertThat(mona.request("9s", msg("monitor.stop")).getString("type")).isEqualTo("monitor.stopped");
      // B's own checks: an agent who is on no call
      assertThat(start(sam, "11", "bob", "listen").getString("code")).isEqualTo("no-call");
      assertThat(sam.request("12", msg("monitor.mode").put("mode", "barge")).getString("code"))
          .isEqualTo("no-session");

      JsonObject started = start(sam, "13", "alice", "listen");
      assertThat(started.getString("type")).as("%s", started).isEqualTo("monitor.started");
      assertThat(started.getString("id")).isEqualTo("13");
      assertThat(started.getString("callId")).isEqualTo(callId);
      assertThat(started.getString("mode")).isEqualTo("listen");
      assertThat(started.getString("sdp")).as("node A's answer").startsWith("v=0");
      FakeLeg supLeg = webrtc.last();
      assertThat(supLeg).as("the supervisor's leg terminates on the call's node").isNotSameAs(monaLeg);
      supLeg.connect();

      try (ThreePartyAudio.Talk talk = new ThreePartyAudio.Talk(caller, ok[0], agentLeg, supLeg)) {
        ThreePartyAudio.Heard listen = listen(caller, agentLeg, supLeg);
        assertTones("listen: caller", listen.caller(), Set.of(AGENT_HZ));
        assertTones("listen: agent", listen.agent(), Set.of(CALLER_HZ));
        assertTones("listen: supervisor", listen.third(), Set.of(CALLER_HZ, AGENT_HZ));

        JsonObject changed = sam.request("14", msg("monitor.mode").put("mode", "whisper"));
        assertThat(changed.getString("type")).as("%s", changed).isEqualTo("monitor.changed");
        assertThat(changed.getString("mode")).isEqualTo("whisper");
        JsonObject told = alice.next("monitor.state");
        assertThat(told.getString("mode")).isEqualTo("whisper");
        assertThat(told.getString("supervisorId")).isEqualTo("sam");
        ThreePartyAudio.Heard whisper = listen(caller, agentLeg, supLeg);
        assertTones("whisper: caller", whisper.caller(), Set.of(AGENT_HZ));
        assertTones("whisper: agent", whisper.agent(), Set.of(CALLER_HZ, THIRD_HZ));
        assertTones("whisper: supervisor", whisper.third(), Set.of(CALLER_HZ, AGENT_HZ));

        assertThat(sam.request("15", msg("monitor.mode").put("mode", "barge")).getString("mode")).isEqualTo("barge");
        assertThat(alice.next("monitor.state").getString("mode")).isEqualTo("barge");
        ThreePartyAudio.Heard barge = listen(caller, agentLeg, supLeg);
        assertTones("barge: caller", barge.caller(), Set.of(AGENT_HZ, THIRD_HZ));
        assertTones("barge: agent", barge.agent(), Set.of(CALLER_HZ, THIRD_HZ));
        assertTones("barge: supervisor", barge.third(), Set.of(CALLER_HZ, AGENT_HZ));

        // stop from B: A closes the leg, the agent no longer hears the supervisor
        JsonObject stopped = sam.request("16", msg("monitor.stop"));
        assertThat(stopped.getString("type")).as("%s", stopped).isEqualTo("monitor.stopped");
        assertThat(stopped.getString("callId")).isEqualTo(callId);
        assertThat(alice.next("monitor.state").getString("mode")).isEqualTo("none");
        await().atMost(Duration.ofSeconds(5)).until(() -> supLeg.state() == WebRtcLeg.State.CLOSED);
        ThreePartyAudio.Heard after = listen(caller, agentLeg, supLeg);
        assertTones("after stop: caller", after.caller(), Set.of(AGENT_HZ));
        assertTones("after stop: agent", after.agent(), Set.of(CALLER_HZ));
        assertThat(sam.request("17", msg("monitor.stop")).getString("code")).isEqualTo("no-session");
      }

      // again, then the call ends on A: the supervisor on B is told, its leg on A closes
      assertThat(start(sam, "18", "alice", "whisper").getString("type")).isEqualTo("monitor.started");
      FakeLeg second = webrtc.last();
      second.connect();
      assertThat(alice.next("monitor.state").getString("mode")).isEqualTo("whisper");
      assertThat(alice.request("20", msg("call.hangup").put("callId", callId)).getString("type")).isEqualTo("ack");
      JsonObject ended = sam.next("monitor.ended");
      assertThat(ended.getString("callId")).isEqualTo(callId);
      assertThat(ended.getString("reason")).isEqualTo("call-ended");
      await().atMost(Duration.ofSeconds(5)).until(() -> second.state() == WebRtcLeg.State.CLOSED);
      assertThat(sam.request("21", msg("monitor.mode").put("mode", "barge")).getString("code"))
          .as("the session ended with the call, on B too").isEqualTo("no-session");
      RecordingSteps.wrapUp(alice, callId);
    }
    fx.assertNothingLeft(webrtc::activeLegs);
  }

  @Test
  void theSupervisorsSocketClosingOnItsNodeEndsTheSessionOnTheCallsNode() throws Exception {
    SipResponse[] ok = new SipResponse[1];
    try (SipCaller caller = fx.caller();
         WsClient alice = fx.agent("alice")) {
      String callId = fx.connected(caller, alice, ok, webrtc);
      WsClient sam = onB("sam");
      FakeLeg supLeg;
      try {
        assertThat(start(sam, "10", "alice", "barge").getString("type")).isEqualTo("monitor.started");
        supLeg = webrtc.last();
        supLeg.connect();
        assertThat(alice.next("monitor.state").getString("mode")).isEqualTo("barge");
      } finally {
        sam.close();
      }
      assertThat(alice.next("monitor.state").getString("mode")).as("the agent hears the supervisor no more")
          .isEqualTo("none");
      await().atMost(Duration.ofSeconds(5)).until(() -> supLeg.state() == WebRtcLeg.State.CLOSED);

      // the supervisor is free again, from either node
      try (WsClient again = onB("sam")) {
        assertThat(start(again, "11", "alice", "listen").getString("type")).isEqualTo("monitor.started");
        assertThat(again.request("12", msg("monitor.stop")).getString("type")).isEqualTo("monitor.stopped");
      }
      assertThat(alice.request("20", msg("call.hangup").put("callId", callId)).getString("type")).isEqualTo("ack");
      RecordingSteps.wrapUp(alice, callId);
    }
    fx.assertNothingLeft(webrtc::activeLegs);
  }
}
