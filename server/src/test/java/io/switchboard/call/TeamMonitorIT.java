package io.switchboard.call;

import static io.switchboard.call.BridgeNode.AGENT_HZ;
import static io.switchboard.call.BridgeNode.CALLER_HZ;
import static io.switchboard.call.BridgeNode.msg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.directory.Kind;
import io.switchboard.media.audio.Goertzel;
import io.switchboard.media.rtp.RtpPacket;
import io.switchboard.signaling.WsClient;
import io.switchboard.sip.SipResponse;
import io.switchboard.support.TestNodes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A team leader listens to a call of a member of the team it leads, through the node's real SIP session, bridge and
 * mix (the browser legs are {@link FakeWebRtc} ones, as in {@link MonitorVerbsIT}): tina (role team-leader alone)
 * leads tier1, alice's team, and hears both the caller and alice; tom leads tier2, which alice is not in, and is
 * refused with no leg made. Tina's socket closing ends her session (her leg closes) as a supervisor's does.
 */
class TeamMonitorIT {
  @RegisterExtension
  static final BridgeNode fx = new BridgeNode("team-monitor-it", Map.of());
  static final FakeWebRtc webrtc = new FakeWebRtc();

  @BeforeAll
  static void setUp() {
    fx.node().calls().attachWebRtc(webrtc);
    var dir = fx.node().directory();
    for (String[] leader : new String[][] {{"tina", "tier1", "Tier 1"}, {"tom", "tier2", "Tier 2"}}) {
      dir.put("demo", Kind.AGENT, leader[0], new JsonObject().put("username", leader[0])
          .put("roles", new JsonArray().add("team-leader")).put("password", TestNodes.DEMO_PASSWORD), null)
          .await();
      dir.put("demo", Kind.TEAM, leader[1], new JsonObject().put("name", leader[2]).put("leader", leader[0]), null)
          .await();
    }
  }

  @Test
  void aTeamLeaderHearsItsMembersCallAndNoOneElsesAndLeavesWithItsSocket() throws Exception {
    SipResponse[] ok = new SipResponse[1];
    try (SipCaller caller = fx.caller();
         WsClient alice = fx.agent("alice");
         WsClient tom = fx.agent("tom");
         WsClient tina = fx.agent("tina")) {
      tina.next("hello");
      tom.next("hello");
      String callId = fx.connected(caller, alice, ok, webrtc);
      FakeLeg agentLeg = webrtc.last();
      int legs = webrtc.activeLegs();

      JsonObject refused = MonitorVerbsIT.start(tom, "10", "alice", "listen");
      assertThat(refused.getString("code")).as("%s", refused).isEqualTo("forbidden");
      assertThat(refused.getString("field")).isEqualTo("agentId");
      assertThat(webrtc.activeLegs()).as("no leg for a refusal").isEqualTo(legs);

      JsonObject started = MonitorVerbsIT.start(tina, "11", "alice", "listen");
      assertThat(started.getString("type")).as("%s", started).isEqualTo("monitor.started");
      assertThat(started.getString("callId")).isEqualTo(callId);
      FakeLeg tinaLeg = webrtc.last();
      assertThat(tinaLeg).isNotSameAs(agentLeg);
      tinaLeg.connect();

      Thread.sleep(300); // the mix settles
      int from = tinaLeg.sent.size();
      for (int i = 0; i < 50; i++) {
        caller.sendRtp(ok[0], RtpPacket.of(i == 0, 0, 500 + i, 80_000 + 160L * i, 0xCA11,
            SipCaller.ulawTone(CALLER_HZ)));
        agentLeg.fromBrowser(RtpPacket.of(i == 0, 0, 3000 + i, 640_000 + 160L * i, 0xB0B,
            SipCaller.ulawTone(AGENT_HZ)));
        Thread.sleep(20);
      }
      short[] heard = pcm(tinaLeg.sent.subList(from, tinaLeg.sent.size()));
      assertThat(heard.length).as("tina received audio").isGreaterThan(8000 / 4);
      for (double hz : List.of(CALLER_HZ, AGENT_HZ)) {
        assertThat(Goertzel.relativePower(heard, 0, heard.length, hz, 8000)).as("tina hears %s Hz", hz)
            .isGreaterThan(0.1);
      }

      tina.close(); // her last socket: her session ends with it
      await().atMost(Duration.ofSeconds(5))
          .until(() -> tinaLeg.state() == io.switchboard.webrtc.WebRtcLeg.State.CLOSED);

      assertThat(alice.request("20", msg("call.hangup").put("callId", callId)).getString("type")).isEqualTo("ack");
      RecordingSteps.wrapUp(alice, callId);
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(fx.storedEvents(callId, "monitor.", "supervisorId", "mode"))
          .containsExactly("monitor.started tina listen", "monitor.ended tina listen"));
    }
    fx.assertNothingLeft(webrtc::activeLegs);
  }

  private static short[] pcm(List<RtpPacket> packets) {
    List<RtpPacket> audio = packets.stream().filter(p -> p.payloadType() == 0).toList();
    short[] out = new short[audio.size() * 160];
    for (int i = 0; i < audio.size(); i++) {
      System.arraycopy(SipCaller.pcm(audio.get(i).payload()), 0, out, i * 160, 160);
    }
    return out;
  }
}
