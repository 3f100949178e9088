package io.switchboard.call;

import io.switchboard.support.StereoWav;
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
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The recording verbs on a real node (SIP caller of our stack, the browser's leg a {@link FakeWebRtc}): the queue's
 * policy decides what is recorded; only the agent connected to the call may pause, resume or start it
 * ({@code not-your-call}; an unknown call {@code no-call}); what the call's node cannot do is answered
 * {@code recording.refused} with its reason ({@code not-recording}, {@code not-on-demand}, {@code already-recording});
 * every change reaches the agent as {@code recording.state}; the file has the caller in channel 1 and the agent in
 * channel 2, and nothing of what was said while paused.
 */
class RecordingVerbsIT {
  static final String OFFER = BridgeFakeLegIT.OFFER;

  @RegisterExtension
  static final BridgeNode fx = new BridgeNode("recording-verbs-it", Map.of("recording.chunk-ms", "500"));
  static FakeWebRtc webrtc = new FakeWebRtc();

  @BeforeAll
  static void attachFakeLegs() {
    fx.node().calls().attachWebRtc(webrtc);
  }

  static void policy(String recording) {
    var dir = fx.node().directory();
    JsonObject q = dir.get("demo", Kind.QUEUE, "support").await().orElseThrow().copy();
    q.remove("id");
    q.remove("version");
    dir.put("demo", Kind.QUEUE, "support", q.put("recording", recording), null).await();
  }

  /** A caller connected to alice with a connected fake leg; returns the call id. */
  static String connected(SipCaller caller, WsClient alice, SipResponse[] ok) throws Exception {
    BridgeNode.Offered offered = BridgeNode.offered(caller, alice);
    ok[0] = offered.ok();
    String callId = offered.callId();
    assertThat(alice.request("2", msg("media.offer").put("callId", callId).put("sdp", OFFER)).getString("type"))
        .isEqualTo("ack");
    alice.next("media.answer");
    webrtc.last().connect();
    assertThat(alice.request("3", msg("call.accept").put("callId", callId)).getString("type")).isEqualTo("ack");
    return callId;
  }

  static JsonObject ask(WsClient who, String id, String type, String callId) {
    return who.request(id, msg(type).put("callId", callId));
  }

  @Test
  void onlyTheConnectedAgentPausesAndResumesAndWhatWasSaidWhilePausedIsNotInTheFile() throws Exception {
    policy("all");
    SipResponse[] ok = new SipResponse[1];
    try (SipCaller caller = fx.caller();
         WsClient alice = fx.agent("alice");
         WsClient bob = fx.agent("bob")) {
      bob.next("hello");
      String callId = connected(caller, alice, ok);
      JsonObject state = alice.next("recording.state");
      assertThat(state.getString("callId")).isEqualTo(callId);
      assertThat(state.getString("state")).isEqualTo("recording");
      assertThat(state.getString("policy")).isEqualTo("all");

      // refused by the agent's node, by name
      JsonObject noCall = ask(alice, "10", "recording.pause", "sip-0000000000000000");
      assertThat(noCall.getString("type")).isEqualTo("error");
      assertThat(noCall.getString("code")).isEqualTo("no-call");
      JsonObject notYours = ask(bob, "11", "recording.pause", callId);
      assertThat(notYours.getString("code")).isEqualTo("not-your-call");
      JsonObject missing = alice.request("12", msg("recording.resume"));
      assertThat(missing.getString("code")).isEqualTo("missing-field");
      assertThat(missing.getString("field")).isEqualTo("callId");

      // refused by the call's node: recording.refused, nothing changes
      assertThat(ask(alice, "13", "recording.start", callId).getString("type")).isEqualTo("ack");
      assertThat(alice.next("recording.refused").getString("reason")).isEqualTo("not-on-demand");
      assertThat(ask(alice, "14", "recording.resume", callId).getString("type")).isEqualTo("ack");
      JsonObject notPaused = alice.next("recording.refused");
      assertThat(notPaused.getString("reason")).isEqualTo("not-recording");
      assertThat(notPaused.getString("action")).isEqualTo("resume");

      // talking (recorded), paused (both talk, nothing recorded), resumed (recorded)
      talk(caller, ok[0], 0, 50, true, false);
      assertThat(ask(alice, "15", "recording.pause", callId).getString("type")).isEqualTo("ack");
      assertThat(alice.next("recording.state").getString("state")).isEqualTo("paused");
      assertThat(ask(alice, "16", "recording.pause", callId).getString("type")).isEqualTo("ack");
      assertThat(alice.next("recording.refused").getString("reason")).isEqualTo("not-recording");
      long pausedAt = System.nanoTime();
      talk(caller, ok[0], 50, 50, true, true);
      assertThat(ask(alice, "17", "recording.resume", callId).getString("type")).isEqualTo("ack");
      assertThat(alice.next("recording.state").getString("state")).isEqualTo("recording");
      long pausedMs = (System.nanoTime() - pausedAt) / 1_000_000;
      talk(caller, ok[0], 100, 50, false, true);

      assertThat(ask(alice, "18", "call.hangup", callId).getString("type")).isEqualTo("ack");
      wrapUp(alice, callId);
      Recording rec = complete(callId);
      assertThat(rec.agentId()).isEqualTo("alice");
      assertThat(rec.pausedSpans()).hasSize(1);
      Recording.Span span = rec.pausedSpans().get(0);
      assertThat(span.toMs() - span.fromMs()).as("paused as long as the test paused (%d ms)", pausedMs)
          .isBetween(pausedMs - 300, pausedMs + 300);
      short[][] ch = channels(rec);
      int callerWindows = windows(ch[0], CALLER_HZ);
      int agentWindows = windows(ch[1], AGENT_HZ);
      System.out.println("recording " + rec + " caller windows " + callerWindows + " agent windows " + agentWindows);
      assertThat(callerWindows).as("1 s of the caller recorded, not the paused second").isBetween(7, 11);
      assertThat(agentWindows).as("1 s of the agent recorded, not the paused second").isBetween(7, 11);
      assertThat(windows(ch[0], AGENT_HZ)).as("the agent is not in the caller's channel").isZero();
      assertThat(windows(ch[1], CALLER_HZ)).as("the caller is not in the heard channel").isZero();
      assertThat(Goertzel.rms(ch[0], (int) span.fromMs() * 8 + 400, (int) (span.toMs() - span.fromMs()) * 8 - 800))
          .as("paused: silent").isZero();
      assertThat(Goertzel.rms(ch[1], (int) span.fromMs() * 8 + 400, (int) (span.toMs() - span.fromMs()) * 8 - 800))
          .as("paused: silent").isZero();

      // every change is an event of the tenant's stream, in order (stored by the records pipeline)
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(recordingEvents(callId))
          .containsExactly("recording.started " + rec.id(), "recording.paused " + rec.id(),
              "recording.resumed " + rec.id(), "recording.stopped " + rec.id()));
    }
    fx.assertNothingLeft(webrtc::activeLegs);
  }

  @Test
  void onDemandRecordsFromTheAgentsStartAndNoneRecordsNothing() throws Exception {
    policy("on-demand");
    SipResponse[] ok = new SipResponse[1];
    String callId;
    try (SipCaller caller = fx.caller();
         WsClient alice = fx.agent("alice")) {
      callId = connected(caller, alice, ok);
      JsonObject state = alice.next("recording.state");
      assertThat(state.getString("state")).isEqualTo("off");
      assertThat(state.getString("policy")).isEqualTo("on-demand");
      assertThat(ask(alice, "10", "recording.pause", callId).getString("type")).isEqualTo("ack");
      assertThat(alice.next("recording.refused").getString("reason")).isEqualTo("not-recording");
      assertThat(ask(alice, "11", "recording.start", callId).getString("type")).isEqualTo("ack");
      assertThat(alice.next("recording.state").getString("state")).isEqualTo("recording");
      assertThat(ask(alice, "12", "recording.start", callId).getString("type")).isEqualTo("ack");
      assertThat(alice.next("recording.refused").getString("reason")).isEqualTo("already-recording");
      talk(caller, ok[0], 0, 25, true, true);
      assertThat(ask(alice, "13", "call.hangup", callId).getString("type")).isEqualTo("ack");
      wrapUp(alice, callId);
      assertThat(complete(callId).durationMs()).isBetween(400L, 3000L);
    }
    fx.assertNothingLeft(webrtc::activeLegs);

    policy("none");
    try (SipCaller caller = fx.caller();
         WsClient alice = fx.agent("alice")) {
      String quiet = connected(caller, alice, ok);
      assertThat(alice.next("recording.state").getString("state")).isEqualTo("off");
      assertThat(ask(alice, "10", "recording.start", quiet).getString("type")).isEqualTo("ack");
      assertThat(alice.next("recording.refused").getString("reason")).isEqualTo("not-on-demand");
      talk(caller, ok[0], 0, 25, true, true);
      assertThat(ask(alice, "11", "call.hangup", quiet).getString("type")).isEqualTo("ack");
      wrapUp(alice, quiet);
      Thread.sleep(500);
      assertThat(fx.node().recordings().catalog().ofCall("demo", quiet)).as("policy none").isEmpty();
    }
    fx.assertNothingLeft(webrtc::activeLegs);
  }

  /** Ends alice's wrap-up of {@code callId}, so the next call can be offered to her. */
  static void wrapUp(WsClient alice, String callId) {
    await().atMost(Duration.ofSeconds(5)).until(() -> "ack".equals(alice.request("w-" + System.nanoTime(),
        msg("wrapup.done").put("callId", callId).put("disposition", "test")).getString("type")));
  }

  /** {@code n} frames 20 ms apart: the caller's tone from the trunk and/or the agent's from the browser. */
  static void talk(SipCaller caller, SipResponse ok, int from, int n, boolean callerTalks, boolean agentTalks)
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

  /** "type recordingId" of the call's recording events in the store of record, in stream order. */
  static List<String> recordingEvents(String callId) throws Exception {
    List<String> out = new java.util.ArrayList<>();
    try (java.sql.Connection c = fx.node().database().dataSource().getConnection();
         java.sql.PreparedStatement q = c.prepareStatement("SELECT type || ' ' || (fields ->> 'recordingId') "
             + "FROM events WHERE tenant = 'demo' AND call_id = ? AND type LIKE 'recording.%' "
             + "ORDER BY entry_ms, entry_seq")) {
      q.setString(1, callId);
      try (java.sql.ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  /** The call's one recording once it is complete. */
  static Recording complete(String callId) {
    return await().atMost(Duration.ofSeconds(5)).until(() -> {
      List<Recording> list = fx.node().recordings().catalog().ofCall("demo", callId);
      return list.size() == 1 && list.get(0).status() == Recording.Status.COMPLETE ? list.get(0) : null;
    }, r -> r != null);
  }

  static short[][] channels(Recording rec) throws Exception {
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
