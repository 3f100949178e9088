package io.switchboard.call;

import static io.switchboard.call.BridgeNode.AGENT_HZ;
import static io.switchboard.call.BridgeNode.CALLER_HZ;
import static io.switchboard.call.BridgeNode.msg;
import static io.switchboard.call.ThreePartyAudio.THIRD_HZ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.media.audio.Goertzel;
import io.switchboard.recording.Recording;
import io.switchboard.signaling.WsClient;
import io.switchboard.sip.SipResponse;
import io.switchboard.webrtc.WebRtcLeg;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A recorded call (queue policy {@code all}) that alice consults bob on and hands over to him (warm transfer), on a
 * real node: the caller ({@value BridgeNode#CALLER_HZ} Hz) talks throughout, alice ({@value BridgeNode#AGENT_HZ} Hz)
 * and bob ({@value ThreePartyAudio#THIRD_HZ} Hz) too. The call keeps one recording, as long as the call: channel 1
 * the caller all along; channel 2, what the caller heard, alice's tone, then music on hold (neither agent) during
 * the consult, then bob's tone, each at the seconds it happened. Bob is told the recording's state once the call is
 * his.
 */
class ConsultRecordingIT {
  /** Each phase of the call (alice alone, the consult, bob alone), ms; the checks skip 300 ms at each edge. */
  static final long PHASE_MS = 2000;
  static final long EDGE_MS = 300;

  @RegisterExtension
  static final BridgeNode fx = new BridgeNode("consult-recording-it", Map.of("recording.chunk-ms", "500"));
  static final FakeWebRtc webrtc = new FakeWebRtc();
  static final RecordingSteps steps = new RecordingSteps(fx, webrtc);

  @BeforeAll
  static void attachFakeLegs() {
    fx.node().calls().attachWebRtc(webrtc);
  }

  @Test
  void aWarmTransferKeepsOneRecordingWithTheFirstAgentThenMusicThenTheColleague() throws Exception {
    steps.policy("all");
    SipResponse[] ok = new SipResponse[1];
    try (SipCaller caller = fx.caller();
         WsClient alice = fx.agent("alice");
         WsClient bob = fx.agent("bob")) {
      String callId = steps.connected(caller, alice, ok);
      assertThat(alice.next("recording.state").getString("state")).isEqualTo("recording");
      long t0 = System.nanoTime(); // the recording started just before alice was told
      FakeLeg agentLeg = webrtc.last();
      BridgeNode.available(bob);

      long consultAt;
      long completeAt;
      long endAt;
      int next;
      try (ThreePartyAudio.Talk alone = new ThreePartyAudio.Talk(caller, ok[0], agentLeg, null)) {
        Thread.sleep(PHASE_MS);
        assertThat(ConsultVerbsIT.consult(alice, "10", callId, "bob").getString("type")).isEqualTo("ack");
        bob.next("call.consult.offered");
        assertThat(bob.request("11", msg("call.consult.accept").put("callId", callId)
            .put("sdp", BridgeFakeLegIT.OFFER)).getString("type")).isEqualTo("call.consult.accepted");
        alone.close();
        next = alone.sent();
      }
      FakeLeg colleagueLeg = webrtc.last();
      colleagueLeg.connect();
      consultAt = ms(t0);
      try (ThreePartyAudio.Talk three = new ThreePartyAudio.Talk(caller, ok[0], agentLeg, colleagueLeg, next)) {
        Thread.sleep(PHASE_MS);
        assertThat(alice.request("12", msg("call.consult.complete").put("callId", callId)).getString("type"))
            .isEqualTo("ack");
        completeAt = ms(t0);
        assertThat(bob.next("call.consult.ended").getString("reason")).isEqualTo("completed");
        assertThat(bob.next("recording.state").getString("state")).as("bob learns the call is recorded")
            .isEqualTo("recording");
        await().atMost(Duration.ofSeconds(5)).until(() -> agentLeg.state() == WebRtcLeg.State.CLOSED);
        Thread.sleep(PHASE_MS);
        assertThat(bob.request("13", msg("call.hangup").put("callId", callId)).getString("type")).isEqualTo("ack");
        endAt = ms(t0);
      }
      RecordingSteps.wrapUp(alice, callId);
      RecordingSteps.wrapUp(bob, callId);

      Recording rec = steps.complete(callId); // exactly one recording of the call
      assertThat(rec.agentId()).as("the recording is the first agent's connection's").isEqualTo("alice");
      assertThat(rec.durationMs()).as("as long as the call (hung up %d ms after the start)", endAt)
          .isBetween(endAt - 400, endAt + 200);
      short[][] ch = steps.channels(rec);
      System.out.printf("recording %s consult at %d ms, complete at %d ms, end at %d ms%n", rec, consultAt,
          completeAt, endAt);
      // alice alone: the caller heard alice; the caller talked
      heard(ch, "alice alone", EDGE_MS, consultAt - 600, AGENT_HZ);
      // the consult: the caller heard music on hold, neither agent
      heard(ch, "the consult", consultAt + EDGE_MS, completeAt - EDGE_MS, null);
      // bob's: the caller heard bob
      heard(ch, "bob's", completeAt + EDGE_MS, endAt - EDGE_MS, THIRD_HZ);
    }
    fx.assertNothingLeft(webrtc::activeLegs);
  }

  private static long ms(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }

  /**
   * From {@code fromMs} to {@code toMs} of the recording, channel 1 holds the caller's tone only and channel 2 (what
   * the caller heard) the agent tone {@code agentHz} and nothing of the others (null: no agent's tone at all).
   */
  private static void heard(short[][] ch, String phase, long fromMs, long toMs, Double agentHz) {
    int off = (int) (fromMs * 8);
    int len = (int) ((toMs - fromMs) * 8);
    assertThat(len).as("%s lasted", phase).isGreaterThan(4000);
    assertThat(Goertzel.relativePower(ch[0], off, len, CALLER_HZ, 8000)).as("%s: the caller in channel 1", phase)
        .isGreaterThan(0.5);
    for (double hz : new double[] {AGENT_HZ, THIRD_HZ, CALLER_HZ}) {
      double share = Goertzel.relativePower(ch[1], off, len, hz, 8000);
      if (agentHz != null && hz == agentHz) {
        assertThat(share).as("%s: channel 2 holds %s Hz", phase, hz).isGreaterThan(0.5);
      } else {
        assertThat(share).as("%s: channel 2 must not hold %s Hz", phase, hz).isLessThan(0.02);
      }
    }
  }
}
