package io.switchboard.call;

import static io.switchboard.call.BridgeNode.msg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.signaling.WsClient;
import io.switchboard.sip.SipResponse;
import io.switchboard.webrtc.WebRtcLeg;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A node with {@code supervision.show-listen=true}: the agent is told of a silent listen too, and told again when
 * it ends, whether the supervisor stops ({@code monitor.stopped}, its leg closed, the call back to two parties) or
 * its socket goes away.
 */
class MonitorShowListenIT {
  @RegisterExtension
  static final BridgeNode fx = new BridgeNode("monitor-show-listen-it", Map.of("supervision.show-listen", "true"));
  static final FakeWebRtc webrtc = new FakeWebRtc();

  @BeforeAll
  static void attachFakeLegs() {
    fx.node().calls().attachWebRtc(webrtc);
  }

  @Test
  void theAgentSeesASilentListenAndItsEndByStopOrBySocketClose() throws Exception {
    SipResponse[] ok = new SipResponse[1];
    try (SipCaller caller = fx.caller();
         WsClient alice = fx.agent("alice")) {
      String callId = fx.connected(caller, alice, ok, webrtc);
      try (WsClient sam = fx.agent("sam")) {
        sam.next("hello");
        JsonObject started = MonitorVerbsIT.start(sam, "10", "alice", "listen");
        assertThat(started.getString("type")).as("%s", started).isEqualTo("monitor.started");
        FakeLeg first = webrtc.last();
        first.connect();
        JsonObject told = alice.next("monitor.state");
        assertThat(told.getString("mode")).isEqualTo("listen");
        assertThat(told.getString("callId")).isEqualTo(callId);

        JsonObject stopped = sam.request("11", msg("monitor.stop"));
        assertThat(stopped.getString("type")).isEqualTo("monitor.stopped");
        assertThat(stopped.getString("mode")).isEqualTo("listen");
        assertThat(alice.next("monitor.state").getString("mode")).isEqualTo("none");
        assertThat(first.state()).as("the supervisor's leg closes").isEqualTo(WebRtcLeg.State.CLOSED);
        assertThat(sam.request("12", msg("monitor.stop")).getString("code")).isEqualTo("no-session");

        assertThat(MonitorVerbsIT.start(sam, "13", "alice", "listen").getString("type")).isEqualTo("monitor.started");
        webrtc.last().connect();
        assertThat(alice.next("monitor.state").getString("mode")).isEqualTo("listen");
      }
      // the supervisor's socket closed: its session ends with it
      assertThat(alice.next("monitor.state").getString("mode")).isEqualTo("none");
      await().atMost(Duration.ofSeconds(5)).until(() -> webrtc.last().state() == WebRtcLeg.State.CLOSED);
      assertThat(alice.request("20", msg("call.hangup").put("callId", callId)).getString("type")).isEqualTo("ack");
      RecordingSteps.wrapUp(alice, callId);
    }
    fx.assertNothingLeft(webrtc::activeLegs);
  }
}
