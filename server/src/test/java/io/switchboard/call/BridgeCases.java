package io.switchboard.call;

import static io.switchboard.call.BridgeNode.AGENT_HZ;
import static io.switchboard.call.BridgeNode.CALLER_HZ;
import static io.switchboard.call.BridgeNode.msg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.media.audio.Goertzel;
import io.switchboard.media.dtmf.TelephoneEvent;
import io.switchboard.media.rtp.RtpCodec;
import io.switchboard.media.rtp.RtpPacket;
import io.switchboard.signaling.WsClient;
import io.switchboard.sip.SipRequest;
import io.switchboard.sip.SipResponse;
import io.switchboard.webrtc.WebRtcTestPeer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The bridge with real WebRTC: a SIP caller (our stack + a UDP RTP socket), an agent on the WebSocket, and the
 * browser played by the webrtc package's Java test peer (ICE, DTLS-SRTP) against the node's WebRtcNode. Tones
 * prove audio both ways through SRTP; hold plays music, DTMF from the browser reaches the trunk as RFC 4733, and
 * hang-ups from either side close the leg; every count returns to 0. The cases; the concrete classes start the
 * node.
 */
abstract class BridgeCases {
  /** The running node (one per concrete class: {@link BridgeIT} with ice4j's harvester, {@link BridgeLoopsIT}). */
  abstract BridgeNode fx();

  @Test
  void tonesBothWaysHoldDtmfAndTheAgentsHangupOverRealWebRtc() throws Exception {
    BridgeNode fx = fx();
    try (SipCaller caller = fx.caller();
         WsClient alice = fx.agent("alice");
         WebRtcTestPeer browser = new WebRtcTestPeer()) {
      BridgeNode.Offered offered = BridgeNode.offered(caller, alice);
      SipResponse ok = offered.ok();
      String callId = offered.callId();
      assertThat(alice.request("2", msg("media.offer").put("callId", callId).put("sdp", browser.offer()))
          .getString("type")).isEqualTo("ack");
      browser.accept(alice.next("media.answer").getString("sdp"));
      browser.connected().get(10, TimeUnit.SECONDS);
      assertThat(alice.request("3", msg("call.accept").put("callId", callId)).getString("type")).isEqualTo("ack");
      await().atMost(Duration.ofSeconds(3)).until(() -> caller.drainRtp().isEmpty());

      // caller → browser, through SRTP
      for (int i = 0; i < 10; i++) {
        caller.sendRtp(ok, RtpPacket.of(i == 0, 0, 500 + i, 80_000 + 160L * i, 0xCA11, SipCaller.ulawTone(CALLER_HZ)));
        Thread.sleep(20);
      }
      List<RtpPacket> atBrowser = new ArrayList<>();
      for (byte[] b = browser.received().poll(2, TimeUnit.SECONDS); b != null;
           b = browser.received().poll(200, TimeUnit.MILLISECONDS)) {
        atBrowser.add(RtpCodec.parse(b));
      }
      assertThat(atBrowser).hasSizeGreaterThanOrEqualTo(8).allSatisfy(p -> {
        assertThat(p.payloadType()).isEqualTo(0);
        assertThat(Goertzel.detect(SipCaller.pcm(p.payload()), CALLER_HZ)).as("caller's tone at the browser").isTrue();
      });

      // browser → caller
      List<RtpPacket> relayed = browserTone(caller, browser, 0, 10);
      assertThat(relayed).hasSizeGreaterThanOrEqualTo(8).allSatisfy(p ->
          assertThat(Goertzel.detect(SipCaller.pcm(p.payload()), AGENT_HZ)).as("agent's tone at the caller").isTrue());

      // hold: music, not the agent
      assertThat(alice.request("4", msg("call.hold").put("callId", callId)).getString("type")).isEqualTo("ack");
      alice.next("call.held");
      List<RtpPacket> held = browserTone(caller, browser, 10, 10);
      assertThat(held).hasSizeGreaterThan(5)
          .noneSatisfy(p -> assertThat(Goertzel.detect(SipCaller.pcm(p.payload()), AGENT_HZ)).isTrue());
      assertThat(alice.request("5", msg("call.resume").put("callId", callId)).getString("type")).isEqualTo("ack");
      alice.next("call.resumed");
      await().atMost(Duration.ofSeconds(3)).until(() -> caller.drainRtp().isEmpty());
      assertThat(browserTone(caller, browser, 20, 5)).hasSizeGreaterThanOrEqualTo(4).allSatisfy(p ->
          assertThat(Goertzel.detect(SipCaller.pcm(p.payload()), AGENT_HZ)).isTrue());

      // browser DTMF (telephone-event/8000 = PT 126 in the peer's offer) → the trunk's PT 101
      byte[] five = new TelephoneEvent(5, false, 10, 160).serialize();
      byte[] te = RtpCodec.serialize(RtpPacket.of(true, 126, 3100, 700_000, 0xB0B, five));
      browser.sendRtp(te, 0, te.length);
      RtpPacket dtmf = caller.nextRtpPacket();
      assertThat(dtmf).isNotNull();
      assertThat(dtmf.payloadType()).isEqualTo(101);
      assertThat(dtmf.payload()).isEqualTo(five);

      assertThat(alice.request("6", msg("call.hangup").put("callId", callId)).getString("type")).isEqualTo("ack");
      SipRequest bye = caller.nextRequest(5);
      assertThat(bye).isNotNull();
      assertThat(bye.method()).isEqualTo("BYE");
      await().atMost(Duration.ofSeconds(3)).until(browser::closeNotifyReceived);
    }
    fx.assertNothingLeft(() -> fx.node().webrtc().activeLegs());
  }

  @Test
  void aDeadLegIsReportedAnOfferReplacesItAndTheCallersByeClosesIt() throws Exception {
    BridgeNode fx = fx();
    try (SipCaller caller = fx.caller();
         WsClient bob = fx.agent("bob");
         WebRtcTestPeer browser = new WebRtcTestPeer()) {
      String callId = BridgeNode.offered(caller, bob).callId();
      assertThat(bob.request("2", msg("call.accept").put("callId", callId)).getString("type")).isEqualTo("ack");
      assertThat(bob.request("3", msg("media.offer").put("callId", callId).put("sdp", browser.offer()))
          .getString("type")).as("an offer after answering works too").isEqualTo("ack");
      browser.accept(bob.next("media.answer").getString("sdp"));
      browser.connected().get(10, TimeUnit.SECONDS);
      assertThat(browserTone(caller, browser, 0, 5)).isNotEmpty();
      assertThat(fx.node().webrtc().activeLegs()).isEqualTo(1);

      // the browser's network goes away: consent expires, the agent is told, a new offer (page refresh) replaces it
      browser.goSilent();
      JsonObject failed = bob.next("media.failed");
      assertThat(failed.getString("reason")).isEqualTo("consent-expired");
      try (WebRtcTestPeer again = new WebRtcTestPeer()) {
        assertThat(bob.request("4", msg("media.offer").put("callId", callId).put("sdp", again.offer()))
            .getString("type")).isEqualTo("ack");
        again.accept(bob.next("media.answer").getString("sdp"));
        again.connected().get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(3)).until(() -> caller.drainRtp().isEmpty());
        assertThat(browserTone(caller, again, 0, 5)).hasSizeGreaterThanOrEqualTo(4).allSatisfy(p ->
            assertThat(Goertzel.detect(SipCaller.pcm(p.payload()), AGENT_HZ)).isTrue());
        assertThat(fx.node().webrtc().activeLegs()).isEqualTo(1);

        assertThat(caller.bye().status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(3)).until(again::closeNotifyReceived);
      }
    }
    fx.assertNothingLeft(() -> fx.node().webrtc().activeLegs());
  }

  /** The agent's tone from the test peer, through SRTP: see {@link BridgeNode#agentTone}. */
  private static List<RtpPacket> browserTone(SipCaller caller, WebRtcTestPeer browser, int from, int n)
      throws Exception {
    return BridgeNode.agentTone(caller, p -> {
      byte[] b = RtpCodec.serialize(p);
      browser.sendRtp(b, 0, b.length);
    }, from, n);
  }
}
