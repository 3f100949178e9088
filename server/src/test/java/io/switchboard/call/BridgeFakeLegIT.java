package io.switchboard.call;

import static io.switchboard.call.BridgeNode.AGENT_HZ;
import static io.switchboard.call.BridgeNode.CALLER_HZ;
import static io.switchboard.call.BridgeNode.msg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.cluster.wire.CallMessage;
import io.switchboard.media.audio.Goertzel;
import io.switchboard.media.dtmf.TelephoneEvent;
import io.switchboard.media.rtp.RtpPacket;
import io.switchboard.signaling.WsClient;
import io.switchboard.sip.SipRequest;
import io.switchboard.sip.SipResponse;
import io.switchboard.webrtc.WebRtcLeg;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The bridge's call control on a real node with the browser's leg played by {@link FakeWebRtc} (plain RTP through
 * the leg contract, no ICE/DTLS: {@link BridgeIT} does that for real): what is slow or awkward to provoke with a
 * real leg — a leg that dies (media.failed), an offer refused on the call node, a replacement leg, a blind
 * transfer to another agent through the same caller-facing stream — plus tones both ways, hold, DTMF, hang-ups.
 */
class BridgeFakeLegIT {
  static final String OFFER = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
      + "m=audio 9 UDP/TLS/RTP/SAVPF 0 111\r\na=rtpmap:111 telephone-event/8000\r\n";

  @RegisterExtension
  static final BridgeNode fx = new BridgeNode("bridge-fake-it", Map.of());
  static FakeWebRtc webrtc = new FakeWebRtc();

  @BeforeAll
  static void attachFakeLegs() {
    fx.node().calls().attachWebRtc(webrtc);
  }

  /** A caller answered by alice with a connected leg: everything up to the first relayed packet. */
  record Bridged(SipCaller caller, SipResponse ok, WsClient alice, String callId, FakeLeg leg) {}

  Bridged bridge(SipCaller caller, WsClient alice) throws Exception {
    BridgeNode.Offered offered = BridgeNode.offered(caller, alice);
    SipResponse ok = offered.ok();
    String callId = offered.callId();

    assertThat(alice.request("2", msg("media.offer").put("callId", callId).put("sdp", OFFER)).getString("type"))
        .isEqualTo("ack");
    JsonObject answer = alice.next("media.answer");
    assertThat(answer.getString("callId")).isEqualTo(callId);
    assertThat(answer.getString("sdp")).startsWith("v=0");
    FakeLeg leg = webrtc.last();
    leg.connect();
    assertThat(music(caller, 10)).as("music while reserved").isGreaterThan(5);

    assertThat(alice.request("3", msg("call.accept").put("callId", callId)).getString("type")).isEqualTo("ack");
    await().atMost(Duration.ofSeconds(3)).until(() -> caller.drainRtp().isEmpty()); // pacer stopped: relay mode
    return new Bridged(caller, ok, alice, callId, leg);
  }

  @Test
  void tonesCrossTheBridgeBothWaysHoldPlaysMusicDtmfReachesTheTrunkAndTheAgentsHangupClosesAll() throws Exception {
    try (SipCaller caller = fx.caller();
         WsClient alice = fx.agent("alice")) {
      Bridged b = bridge(caller, alice);
      FakeLeg leg = b.leg();

      // caller → agent: the caller's tone arrives at the browser as PCMU in the leg's own stream
      for (int i = 0; i < 10; i++) {
        caller.sendRtp(b.ok(), RtpPacket.of(i == 0, 0, 500 + i, 80_000 + 160L * i, 0xCA11, SipCaller.ulawTone(CALLER_HZ)));
      }
      await().atMost(Duration.ofSeconds(3)).until(() -> leg.sent.size() >= 10);
      assertThat(leg.sent).allSatisfy(p -> {
        assertThat(p.payloadType()).isEqualTo(0);
        assertThat(p.ssrc()).isNotEqualTo(0xCA11);
        assertThat(Goertzel.detect(SipCaller.pcm(p.payload()), CALLER_HZ)).as("caller's tone at the browser").isTrue();
      });

      // agent → caller: the browser's tone replaces the music, continuous with it
      List<RtpPacket> relayed = agentTone(caller, leg, 0, 10);
      assertThat(relayed).hasSize(10).allSatisfy(p ->
          assertThat(Goertzel.detect(SipCaller.pcm(p.payload()), AGENT_HZ)).as("agent's tone at the caller").isTrue());
      assertThat(relayed.get(0).marker()).isTrue();

      // hold: music, not the agent; nothing relayed to the browser either
      assertThat(alice.request("4", msg("call.hold").put("callId", b.callId())).getString("type")).isEqualTo("ack");
      assertThat(alice.next("call.held").getString("callId")).isEqualTo(b.callId());
      int sentToBrowser = leg.sent.size();
      List<RtpPacket> held = agentTone(caller, leg, 10, 10);
      assertThat(held).as("music packets while the agent talks on hold").hasSizeGreaterThan(5);
      assertThat(held).noneSatisfy(p -> assertThat(Goertzel.detect(SipCaller.pcm(p.payload()), AGENT_HZ)).isTrue());
      assertThat(held.stream().filter(p -> Goertzel.rms(SipCaller.pcm(p.payload()), 0, 160) > Goertzel.SILENCE_RMS))
          .as("audible music").hasSizeGreaterThan(3);
      caller.sendRtp(b.ok(), RtpPacket.of(false, 0, 520, 80_000 + 160L * 20, 0xCA11, SipCaller.ulawTone(CALLER_HZ)));
      Thread.sleep(100);
      assertThat(leg.sent).as("nothing relayed to the browser on hold").hasSize(sentToBrowser);
      assertThat(alice.request("5", msg("call.resume").put("callId", b.callId())).getString("type"))
          .isEqualTo("ack");
      alice.next("call.resumed");
      await().atMost(Duration.ofSeconds(3)).until(() -> caller.drainRtp().isEmpty());
      List<RtpPacket> back = agentTone(caller, leg, 100, 5);
      assertThat(back).hasSize(5).allSatisfy(p ->
          assertThat(Goertzel.detect(SipCaller.pcm(p.payload()), AGENT_HZ)).isTrue());
      List<RtpPacket> all = new ArrayList<>(relayed);
      all.addAll(held);
      all.addAll(back);
      assertThat(all).extracting(RtpPacket::ssrc).containsOnly(relayed.get(0).ssrc());

      // agent → caller DTMF: the browser's RFC 4733 (PT 111) reaches the trunk as PT 101
      byte[] five = new TelephoneEvent(5, false, 10, 160).serialize();
      leg.fromBrowser(RtpPacket.of(true, 111, 3200, 700_000, 0xB0B, five)); // same stream as the audio
      RtpPacket dtmf = caller.nextRtpPacket();
      assertThat(dtmf).isNotNull();
      assertThat(dtmf.payloadType()).isEqualTo(101);
      assertThat(dtmf.payload()).isEqualTo(five);

      // the agent hangs up: BYE to the caller, the leg closed, nothing left
      assertThat(alice.request("6", msg("call.hangup").put("callId", b.callId())).getString("type"))
          .isEqualTo("ack");
      SipRequest bye = caller.nextRequest(5);
      assertThat(bye).isNotNull();
      assertThat(bye.method()).isEqualTo("BYE");
      await().atMost(Duration.ofSeconds(3)).until(() -> leg.state() == WebRtcLeg.State.CLOSED);
      assertThat(leg.closedReason).isEqualTo("closed");
    }
    fx.assertNothingLeft(webrtc::activeLegs);
  }

  @Test
  void aDyingLegIsReportedAndReplacedATransferBridgesTheNextAgentAndTheCallersByeClosesTheLeg() throws Exception {
    try (SipCaller caller = fx.caller();
         WsClient alice = fx.agent("bob");
         WsClient carol = fx.agent("carol")) {
      carol.next("hello");
      assertThat(carol.request("c1", msg("state.set").put("state", "available")).getString("type"))
          .isEqualTo("ack");
      Bridged b = bridge(caller, alice);
      b.leg().die("consent-expired");
      JsonObject failed = alice.next("media.failed");
      assertThat(failed.getString("reason")).isEqualTo("consent-expired");
      assertThat(failed.getString("callId")).isEqualTo(b.callId());
      String plainRtp = "v=0\r\nm=audio 9 RTP/AVP 0\r\n";
      assertThat(alice.request("7", msg("media.offer").put("callId", b.callId()).put("sdp", plainRtp))
          .getString("type")).as("forwarded; refused on the call node").isEqualTo("ack");
      assertThat(alice.next("media.failed").getString("reason")).isEqualTo("bad-offer");
      assertThat(alice.request("8", msg("media.offer").put("callId", b.callId()).put("sdp", OFFER))
          .getString("type")).isEqualTo("ack");
      alice.next("media.answer");
      FakeLeg second = webrtc.last();
      assertThat(second).isNotSameAs(b.leg());
      second.connect();
      List<RtpPacket> relayed = agentTone(caller, second, 0, 5);
      assertThat(relayed).hasSize(5);

      // blind transfer to carol: bob's leg closes, the caller hears music until carol's leg relays
      assertThat(alice.request("9", msg("call.transfer").put("callId", b.callId()).put("agentId", "carol"))
          .getString("type")).isEqualTo("ack");
      await().atMost(Duration.ofSeconds(3)).until(() -> second.state() == WebRtcLeg.State.CLOSED);
      assertThat(carol.next("call.offered").getString("callId")).isEqualTo(b.callId());
      assertThat(music(caller, 15)).as("music after the transfer").isGreaterThan(8);
      assertThat(carol.request("c2", msg("media.offer").put("callId", b.callId()).put("sdp", OFFER))
          .getString("type")).isEqualTo("ack");
      carol.next("media.answer");
      FakeLeg third = webrtc.last();
      third.connect();
      assertThat(carol.request("c3", msg("call.accept").put("callId", b.callId())).getString("type"))
          .isEqualTo("ack");
      await().atMost(Duration.ofSeconds(3)).until(() -> caller.drainRtp().isEmpty());
      List<RtpPacket> fromCarol = agentTone(caller, third, 0, 5);
      assertThat(fromCarol).hasSize(5).allSatisfy(p ->
          assertThat(Goertzel.detect(SipCaller.pcm(p.payload()), AGENT_HZ)).isTrue());
      assertThat(fromCarol.get(0).ssrc()).as("one caller-facing stream throughout").isEqualTo(relayed.get(0).ssrc());

      assertThat(caller.bye().status()).isEqualTo(200);
      await().atMost(Duration.ofSeconds(3)).until(() -> third.state() == WebRtcLeg.State.CLOSED);
    }
    fx.assertNothingLeft(webrtc::activeLegs);
  }

  /**
   * A call.hold / call.resume that reaches the call node for a call it cannot hold (not there any more, or not
   * connected to that agent there: e.g. the ACD and the call node disagree after a failure) is answered
   * call.hold-failed with a reason, not left unanswered.
   */
  @Test
  void aHoldTheCallNodeCannotApplyIsAnsweredHoldFailed() throws Exception {
    try (WsClient alice = fx.agent("alice")) {
      JsonObject hello = alice.next("hello");
      String agentId = hello.getString("agentId");
      String agentNode = hello.getString("node");
      fx.node().calls().onCallMessage("demo", "sip-not-here", new CallMessage.CallHold("sip-not-here", agentId, agentNode));
      JsonObject failed = alice.next("call.hold-failed");
      assertThat(failed.getString("callId")).isEqualTo("sip-not-here");
      assertThat(failed.getString("reason")).isEqualTo("no-call");
      assertThat(failed.getBoolean("hold")).isTrue();
      assertThat(failed.getString("message")).isNotBlank();

      try (SipCaller caller = fx.caller()) {
        SipResponse ok = caller.invite("+15550100"); // waiting in the queue, connected to nobody
        caller.ack(ok);
        String callId = await().atMost(Duration.ofSeconds(3)).until(() -> waitingCallId(), id -> id != null);
        fx.node().calls().onCallMessage("demo", callId, new CallMessage.CallResume(callId, agentId, agentNode));
        JsonObject refused = alice.next("call.hold-failed");
        assertThat(refused.getString("callId")).isEqualTo(callId);
        assertThat(refused.getString("reason")).isEqualTo("not-connected");
        assertThat(refused.getBoolean("hold")).isFalse();
        assertThat(caller.bye().status()).isEqualTo(200);
      }
    }
    fx.assertNothingLeft(webrtc::activeLegs);
  }

  /** The id of the one call waiting in any demo queue, or null. */
  private static String waitingCallId() {
    return fx.node().calls().activeCallIds().stream().findFirst().orElse(null);
  }

  /** The agent's tone from the fake leg: see {@link BridgeNode#agentTone}. */
  private static List<RtpPacket> agentTone(SipCaller caller, FakeLeg leg, int from, int n) throws Exception {
    return BridgeNode.agentTone(caller, leg::fromBrowser, from, n);
  }

  private static int music(SipCaller caller, int n) throws Exception {
    int audible = 0;
    for (int i = 0; i < n; i++) {
      RtpPacket p = caller.nextRtpPacket();
      if (p != null && p.payloadType() == 0 && Goertzel.rms(SipCaller.pcm(p.payload()), 0, 160) > Goertzel.SILENCE_RMS) {
        audible++;
      }
    }
    return audible;
  }
}
