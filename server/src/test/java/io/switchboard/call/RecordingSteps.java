package io.switchboard.call;

import static io.switchboard.call.BridgeNode.AGENT_HZ;
import static io.switchboard.call.BridgeNode.CALLER_HZ;
import static io.switchboard.call.BridgeNode.msg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.directory.Kind;
import io.switchboard.media.audio.Goertzel;
import io.switchboard.media.rtp.RtpPacket;
import io.switchboard.recording.Recording;
import io.switchboard.signaling.WsClient;
import io.switchboard.sip.SipResponse;
import io.switchboard.support.StereoWav;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;

/**
 * The steps of a recorded call on a {@link BridgeNode} whose browser legs are a {@link FakeWebRtc}: the queue's
 * policy, a caller connected to alice, both sides talking, the finished recording and its two channels.
 */
final class RecordingSteps {

  private final BridgeNode fx;
  private final FakeWebRtc webrtc;

  RecordingSteps(BridgeNode fx, FakeWebRtc webrtc) {
    this.fx = fx;
    this.webrtc = webrtc;
  }

  void policy(String recording) {
    var dir = fx.node().directory();
    JsonObject q = dir.get("demo", Kind.QUEUE, "support").await().orElseThrow().copy();
    q.remove("id");
    q.remove("version");
    dir.put("demo", Kind.QUEUE, "support", q.put("recording", recording), null).await();
  }

  /** A caller connected to alice with a connected fake leg; returns the call id. */
  String connected(SipCaller caller, WsClient alice, SipResponse[] ok) throws Exception {
    return fx.connected(caller, alice, ok, webrtc);
  }

  /** {@code n} frames 20 ms apart: the caller's tone from the trunk and/or the agent's from the browser. */
  void talk(SipCaller caller, SipResponse ok, int from, int n, boolean callerTalks, boolean agentTalks)
      throws Exception {
    for (int i = from; i < from + n; i++) {
      if (callerTalks) {
        caller.sendRtp(ok, RtpPacket.of(i == 0, 0, 500 + i, 80_000 + 160L * i, 0xCA11, SipCaller.ulawTone(CALLER_HZ)));
      }
      if (agentTalks) {
        webrtc.last().fromBrowser(RtpPacket.of(i == 0, 0, 3000 + i, 640_000 + 160L * i, 0xB0B,
            SipCaller.ulawTone(AGENT_HZ)));
      }
      Thread.sleep(20);
    }
    caller.drainRtp(); // what the node sent meanwhile (music, relayed audio): not looked at here
  }

  /** The call's one recording once it is complete. */
  Recording complete(String callId) {
    return await().atMost(Duration.ofSeconds(5)).until(() -> {
      List<Recording> list = fx.node().recordings().catalog().ofCall("demo", callId);
      return list.size() == 1 && list.get(0).status() == Recording.Status.COMPLETE ? list.get(0) : null;
    }, r -> r != null);
  }

  short[][] channels(Recording rec) throws Exception {
    var store = fx.node().recordings().store();
    long size = store.size(rec.storageKey());
    assertThat(size).isEqualTo(rec.bytes());
    byte[] file;
    try (InputStream raw = store.open(rec.storageKey(), 0, size)) {
      file = raw.readAllBytes();
    }
    StereoWav w = StereoWav.read(file);
    assertThat(w.format().getChannels()).isEqualTo(2);
    assertThat(w.frames()).isEqualTo((size - 44) / 4);
    return w.channels();
  }

  /** Ends alice's wrap-up of {@code callId}, so the next call can be offered to her. */
  static void wrapUp(WsClient alice, String callId) {
    await().atMost(Duration.ofSeconds(5)).until(() -> "ack".equals(alice.request("w-" + System.nanoTime(),
        msg("wrapup.done").put("callId", callId).put("disposition", "test")).getString("type")));
  }

  /** 100 ms windows of {@code s} where {@code hz} carries most of the energy. */
  static int windows(short[] s, double hz) {
    int n = 0;
    for (int off = 0; off + 800 <= s.length; off += 800) {
      if (Goertzel.relativePower(s, off, 800, hz, 8000) >= 0.5) {
        n++;
      }
    }
    return n;
  }
}
