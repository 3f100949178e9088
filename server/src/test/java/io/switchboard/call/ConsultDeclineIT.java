package io.switchboard.call;

import static io.switchboard.call.BridgeNode.AGENT_HZ;
import static io.switchboard.call.BridgeNode.CALLER_HZ;
import static io.switchboard.call.BridgeNode.msg;
import static io.switchboard.call.ThreePartyAudio.THIRD_HZ;
import static io.switchboard.call.ThreePartyAudio.assertTones;
import static io.switchboard.call.ThreePartyAudio.listen;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.media.rtp.RtpPacket;
import io.switchboard.redis.RedisConnections;
import io.switchboard.signaling.WsClient;
import io.switchboard.sip.SipResponse;
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
 * The consulted colleague declines (call.consult.decline) on a real node: the caller is our SIP stack, the agents'
 * browser legs {@link FakeWebRtc} legs. Only the colleague the consult is offered to may decline, and only before it
 * accepts; the consulting agent is told at once (call.consult.ended reason declined, with the colleague's words), keeps
 * its caller, and consults someone else; the colleague is free again; the interaction's timeline shows the decline.
 */
class ConsultDeclineIT {
  static final String OFFER = BridgeFakeLegIT.OFFER;

  @RegisterExtension
  static final BridgeNode fx = new BridgeNode("consult-decline-it", Map.of());
  static final FakeWebRtc webrtc = new FakeWebRtc();

  @BeforeAll
  static void attachFakeLegs() {
    fx.node().calls().attachWebRtc(webrtc);
  }

  static JsonObject decline(WsClient who, String id, String callId) {
    return who.request(id, msg("call.consult.decline").put("callId", callId));
  }

  @Test
  void theColleagueDeclinesTheAgentKeepsItsCallerAndConsultsSomeoneElse() throws Exception {
    SipResponse[] ok = new SipResponse[1];
    try (SipCaller caller = fx.caller();
         WsClient alice = fx.agent("alice");
         WsClient bob = fx.agent("bob");
         WsClient carol = fx.agent("carol")) {
      String callId = fx.connected(caller, alice, ok, webrtc);
      FakeLeg agentLeg = webrtc.last();
      BridgeNode.available(bob);
      BridgeNode.available(carol);
      int legs = webrtc.activeLegs();

      assertThat(decline(bob, "10", callId).getString("code")).as("nothing offered yet").isEqualTo("no-session");
      assertThat(ConsultVerbsIT.consult(alice, "11", callId, "bob").getString("type")).isEqualTo("ack");
      bob.next("call.consult.offered");

      // only the colleague offered the consult may decline it; strict fields
      JsonObject byAgent = decline(alice, "12", callId);
      assertThat(byAgent.getString("code")).as("%s", byAgent).isEqualTo("no-session");
      assertThat(byAgent.getString("field")).isEqualTo("callId");
      assertThat(decline(carol, "13", callId).getString("code")).as("a stranger").isEqualTo("no-session");
      JsonObject unknown = bob.request("14", msg("call.consult.decline").put("callId", callId).put("agentId", "x"));
      assertThat(unknown.getString("code")).as("%s", unknown).isEqualTo("unknown-field");
      JsonObject tooLong = bob.request("15", msg("call.consult.decline").put("callId", callId)
          .put("reason", "x".repeat(65)));
      assertThat(tooLong.getString("code")).isEqualTo("invalid-field");
      assertThat(tooLong.getString("field")).isEqualTo("reason");
      JsonObject number = bob.request("16", msg("call.consult.decline").put("callId", callId).put("reason", 3));
      assertThat(number.getString("code")).as("%s", number).isEqualTo("invalid-field");
      assertThat(number.getString("field")).isEqualTo("reason");
      assertThat(consultField()).as("the refusals changed nothing: bob is still reserved").isEqualTo(callId);

      JsonObject declined = bob.request("17", msg("call.consult.decline").put("callId", callId)
          .put("reason", "with a walk-in customer"));
      assertThat(declined.getString("type")).as("%s", declined).isEqualTo("ack");
      JsonObject told = alice.next("call.consult.ended");
      assertThat(told.getString("callId")).isEqualTo(callId);
      assertThat(told.getString("reason")).isEqualTo("declined");
      assertThat(told.getString("note")).isEqualTo("with a walk-in customer");
      assertThat(bob.next("call.consult.ended").getString("reason")).as("bob's other tabs stop ringing")
          .isEqualTo("declined");
      assertThat(decline(bob, "18", callId).getString("code")).as("declined already").isEqualTo("no-session");
      assertThat(consultField()).as("bob is released in the ACD").isNull();
      assertThat(idleIn("support", "bob")).as("bob is idle in its queue again").isTrue();
      assertThat(webrtc.activeLegs()).as("no leg was made").isEqualTo(legs);
      assertThat(fx.acdEvents("call.consult.declined", callId)).singleElement().satisfies(e -> assertThat(e)
          .containsEntry("agentId", "alice").containsEntry("to", "bob").containsEntry("queue", "support")
          .containsEntry("reason", "with a walk-in customer"));

      // alice consults carol next: carol accepts, the caller hears music, alice and carol each other
      assertThat(ConsultVerbsIT.consult(alice, "19", callId, "carol").getString("agentId")).isEqualTo("carol");
      carol.next("call.consult.offered");
      assertThat(carol.request("20", msg("call.consult.accept").put("callId", callId).put("sdp", OFFER))
          .getString("type")).isEqualTo("call.consult.accepted");
      FakeLeg carolLeg = webrtc.last();
      carolLeg.connect();
      assertThat(decline(carol, "21", callId).getString("code")).as("accepted: leave with cancel instead")
          .isEqualTo("no-session");
      try (ThreePartyAudio.Talk talk = new ThreePartyAudio.Talk(caller, ok[0], agentLeg, carolLeg)) {
        ThreePartyAudio.Heard consulting = listen(caller, agentLeg, carolLeg);
        assertTones("consulting carol: caller (music on hold)", consulting.caller(), Set.of());
        assertTones("consulting carol: agent", consulting.agent(), Set.of(THIRD_HZ));
        assertTones("consulting carol: carol", consulting.third(), Set.of(AGENT_HZ));
        assertThat(alice.request("22", msg("call.consult.cancel").put("callId", callId)).getString("type"))
            .isEqualTo("ack");
        assertThat(carol.next("call.consult.ended").getString("reason")).isEqualTo("cancelled");
      }
      assertThat(bob.drain(200)).as("bob was offered nothing more").noneMatch(m -> m.getString("type")
          .startsWith("call.consult"));

      assertThat(alice.request("23", msg("call.hangup").put("callId", callId)).getString("type")).isEqualTo("ack");
      RecordingSteps.wrapUp(alice, callId);
      JsonArray timeline = new JsonArray(fx.interaction(callId).timeline());
      assertThat(timeline.stream().map(JsonObject.class::cast)
          .filter(s -> "consult-declined".equals(s.getString("kind")))).as("%s", timeline).singleElement()
          .satisfies(s -> {
            assertThat(s.getString("agent")).isEqualTo("alice");
            assertThat(s.getString("to")).isEqualTo("bob");
            assertThat(s.getString("reason")).isEqualTo("with a walk-in customer");
          });
    }
    fx.assertNothingLeft(webrtc::activeLegs);
  }

  /** A decline from a consult before the colleague answers leaves the two-party call as it was: both still talk. */
  @Test
  void afterADeclineTheCallerAndTheAgentStillHearEachOther() throws Exception {
    SipResponse[] ok = new SipResponse[1];
    try (SipCaller caller = fx.caller();
         WsClient alice = fx.agent("alice");
         WsClient bob = fx.agent("bob")) {
      String callId = fx.connected(caller, alice, ok, webrtc);
      FakeLeg agentLeg = webrtc.last();
      BridgeNode.available(bob);
      assertThat(ConsultVerbsIT.consult(alice, "30", callId, "bob").getString("type")).isEqualTo("ack");
      bob.next("call.consult.offered");
      assertThat(decline(bob, "31", callId).getString("type")).isEqualTo("ack");
      JsonObject told = alice.next("call.consult.ended");
      assertThat(told.getString("reason")).isEqualTo("declined");
      assertThat(told.containsKey("note")).as("no reason given: %s", told).isFalse();
      try (ThreePartyAudio.Talk talk = new ThreePartyAudio.Talk(caller, ok[0], agentLeg, null)) {
        Thread.sleep(300);
        caller.drainRtp();
        int a0 = agentLeg.sent.size();
        List<RtpPacket> toCaller = new ArrayList<>();
        long end = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < end) {
          toCaller.addAll(caller.drainRtp());
        }
        assertTones("after the decline: caller", ThreePartyAudio.pcm(toCaller), Set.of(AGENT_HZ));
        assertTones("after the decline: agent", ThreePartyAudio.pcm(agentLeg.sent.subList(a0,
            agentLeg.sent.size())), Set.of(CALLER_HZ));
      }
      assertThat(fx.acdEvents("call.consult.declined", callId)).singleElement().satisfies(e -> assertThat(e)
          .doesNotContainKey("reason"));
      assertThat(alice.request("32", msg("call.hangup").put("callId", callId)).getString("type")).isEqualTo("ack");
      RecordingSteps.wrapUp(alice, callId);
    }
    fx.assertNothingLeft(webrtc::activeLegs);
  }

  /** The call bob's ACD entry is reserved for as a consult's colleague, or null. */
  private static String consultField() throws Exception {
    return redis(r -> r.commands().hget("sb:{demo}:acd:agent:bob", "consult").get());
  }

  private static boolean idleIn(String queue, String agent) throws Exception {
    return redis(r -> r.commands().zscore("sb:{demo}:acd:q:" + queue + ":idle", agent).get()) != null;
  }

  private interface RedisRead<T> {
    T read(RedisConnections r) throws Exception;
  }

  private static <T> T redis(RedisRead<T> read) throws Exception {
    RedisConnections r = RedisConnections.connect("redis://127.0.0.1:" + fx.redisPort(), Duration.ofSeconds(5));
    try {
      return read.read(r);
    } finally {
      r.close();
    }
  }
}
