package io.switchboard.call;

import static io.switchboard.call.BridgeNode.AGENT_HZ;
import static io.switchboard.call.BridgeNode.CALLER_HZ;
import static io.switchboard.call.ThreePartyAudio.assertTones;
import static io.switchboard.call.ThreePartyAudio.listen;
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
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Listen, whisper and barge on a real node: the caller is our SIP stack (its RTP socket sends {@value
 * BridgeNode#CALLER_HZ} Hz and records what it gets), the agent's and the supervisor's browser legs are
 * {@link FakeWebRtc} legs (sending {@value BridgeNode#AGENT_HZ} and {@value #SUPERVISOR_HZ} Hz, keeping what the node
 * sends them), so every packet goes through the node's SIP session, bridge, mix and pacer. Per mode, each party's
 * received audio holds exactly the tones it may hear. Two supervisors at once (a fourth tone, {@value
 * #SECOND_HZ} Hz) in different modes: each heard exactly as its mode says, each leaving on its own, the same one
 * starting again replacing only its own leg, one more than {@code supervision.max-monitors-per-call} (2 here)
 * refused. Then the refusals (an agent, another tenant's supervisor, a call that ended, a mode change or stop
 * without a session) change nothing, and the call's end ends every session.
 */
class MonitorVerbsIT {
  static final double SUPERVISOR_HZ = ThreePartyAudio.THIRD_HZ;
  static final double SECOND_HZ = ThreePartyAudio.FOURTH_HZ;
  static final String OFFER = BridgeFakeLegIT.OFFER;

  @RegisterExtension
  static final BridgeNode fx = new BridgeNode("monitor-verbs-it",
      Map.of("supervision.max-monitors-per-call", "2"));
  static final FakeWebRtc webrtc = new FakeWebRtc();

  @BeforeAll
  static void attachFakeLegs() {
    fx.node().calls().attachWebRtc(webrtc);
  }

  /** The three parties talking, each packet 20 ms apart, from a timer thread. */
  private static final class Talk implements AutoCloseable {
    final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    final AtomicInteger n = new AtomicInteger();
    /** The agent's current leg (a reloaded page brings a new one). */
    volatile FakeLeg agent;

    Talk(SipCaller caller, SipResponse ok, FakeLeg agentLeg, FakeLeg supervisor) {
      this.agent = agentLeg;
      timer.scheduleAtFixedRate(() -> {
        int i = n.getAndIncrement();
        try {
          caller.sendRtp(ok, RtpPacket.of(i == 0, 0, 500 + i, 80_000 + 160L * i, 0xCA11,
              SipCaller.ulawTone(CALLER_HZ)));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        this.agent.fromBrowser(RtpPacket.of(i == 0, 0, 3000 + i, 640_000 + 160L * i, 0xB0B, SipCaller.ulawTone(AGENT_HZ)));
        supervisor.fromBrowser(RtpPacket.of(i == 0, 0, 9000 + i, 320_000 + 160L * i, 0x5A5,
            SipCaller.ulawTone(SUPERVISOR_HZ)));
      }, 0, 20, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
      timer.shutdownNow();
    }
  }

  static JsonObject start(WsClient who, String id, String agentId, String mode) {
    return who.request(id, msg("monitor.start").put("agentId", agentId).put("mode", mode).put("sdp", OFFER));
  }

  @Test
  void listenWhisperBargeEachPartyHearsExactlyWhomTheModeAllowsAndTheCallsEndEndsTheSession() throws Exception {
    SipResponse[] ok = new SipResponse[1];
    try (SipCaller caller = fx.caller();
         WsClient alice = fx.agent("alice");
         WsClient sam = fx.agent("sam")) {
      sam.next("hello");
      String callId = fx.connected(caller, alice, ok, webrtc);
      FakeLeg agentLeg = webrtc.last();

      JsonObject started = start(sam, "10", "alice", "listen");
      assertThat(started.getString("type")).as("%s", started).isEqualTo("monitor.started");
      assertThat(started.getString("callId")).isEqualTo(callId);
      assertThat(started.getString("mode")).isEqualTo("listen");
      assertThat(started.getString("sdp")).startsWith("v=0");
      FakeLeg supLeg = webrtc.last();
      assertThat(supLeg).isNotSameAs(agentLeg);
      supLeg.connect();

      try (Talk talk = new Talk(caller, ok[0], agentLeg, supLeg)) {
        ThreePartyAudio.Heard listen = listen(caller, agentLeg, supLeg);
        assertTones("listen: caller", listen.caller(), Set.of(AGENT_HZ));
        assertTones("listen: agent", listen.agent(), Set.of(CALLER_HZ));
        assertTones("listen: supervisor", listen.third(), Set.of(CALLER_HZ, AGENT_HZ));

        JsonObject changed = sam.request("11", msg("monitor.mode").put("mode", "whisper"));
        assertThat(changed.getString("type")).isEqualTo("monitor.changed");
        assertThat(changed.getString("mode")).isEqualTo("whisper");
        JsonObject told = alice.next("monitor.state");
        assertThat(told.getString("mode")).isEqualTo("whisper");
        assertThat(told.getString("supervisorId")).isEqualTo("sam");
        ThreePartyAudio.Heard whisper = listen(caller, agentLeg, supLeg);
        assertTones("whisper: caller", whisper.caller(), Set.of(AGENT_HZ));
        assertTones("whisper: agent", whisper.agent(), Set.of(CALLER_HZ, SUPERVISOR_HZ));
        assertTones("whisper: supervisor", whisper.third(), Set.of(CALLER_HZ, AGENT_HZ));

        assertThat(sam.request("12", msg("monitor.mode").put("mode", "barge")).getString("mode")).isEqualTo("barge");
        assertThat(alice.next("monitor.state").getString("mode")).isEqualTo("barge");
        ThreePartyAudio.Heard barge = listen(caller, agentLeg, supLeg);
        assertTones("barge: caller", barge.caller(), Set.of(AGENT_HZ, SUPERVISOR_HZ));
        assertTones("barge: agent", barge.agent(), Set.of(CALLER_HZ, SUPERVISOR_HZ));
        assertTones("barge: supervisor", barge.third(), Set.of(CALLER_HZ, AGENT_HZ));

        // the agent's page reloads: its new leg is told again that the supervisor is heard, and joins the mix
        assertThat(alice.request("14", msg("media.offer").put("callId", callId).put("sdp", OFFER)).getString("type"))
            .isEqualTo("ack");
        alice.next("media.answer");
        FakeLeg reloaded = webrtc.last();
        reloaded.connect();
        assertThat(alice.next("monitor.state").getString("mode")).isEqualTo("barge");
        talk.agent = reloaded;
        agentLeg = reloaded;
        ThreePartyAudio.Heard afterReload = listen(caller, agentLeg, supLeg);
        assertTones("barge after the agent's reload: caller", afterReload.caller(), Set.of(AGENT_HZ, SUPERVISOR_HZ));
        assertTones("barge after the agent's reload: agent", afterReload.agent(), Set.of(CALLER_HZ, SUPERVISOR_HZ));

        // back to listen: the agent is told the supervisor is silent again (a silent listen is not shown)
        assertThat(sam.request("13", msg("monitor.mode").put("mode", "listen")).getString("type"))
            .isEqualTo("monitor.changed");
        assertThat(alice.next("monitor.state").getString("mode")).isEqualTo("none");
        ThreePartyAudio.Heard again = listen(caller, agentLeg, supLeg);
        assertTones("listen again: caller", again.caller(), Set.of(AGENT_HZ));
        assertTones("listen again: agent", again.agent(), Set.of(CALLER_HZ));
      }

      // the call ends: the supervisor is told, its leg closes, nothing is left
      assertThat(alice.request("20", msg("call.hangup").put("callId", callId)).getString("type")).isEqualTo("ack");
      JsonObject ended = sam.next("monitor.ended");
      assertThat(ended.getString("callId")).isEqualTo(callId);
      assertThat(ended.getString("reason")).isEqualTo("call-ended");
      await().atMost(Duration.ofSeconds(5)).until(() -> supLeg.state() == io.switchboard.webrtc.WebRtcLeg.State.CLOSED);
      assertThat(sam.request("21", msg("monitor.mode").put("mode", "barge")).getString("code"))
          .as("the session ended with the call").isEqualTo("no-session");
      RecordingSteps.wrapUp(alice, callId);

      // every start, change and end is an event of the tenant's stream (stored by the records pipeline)
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(fx.storedEvents(callId, "monitor.", "supervisorId", "mode")).containsExactly(
          "monitor.started sam listen", "monitor.changed sam whisper", "monitor.changed sam barge",
          "monitor.changed sam listen", "monitor.ended sam listen"));
    }
    fx.assertNothingLeft(webrtc::activeLegs);
  }

  @Test
  void twoSupervisorsInTheirOwnModesAreHeardAsEachOnesModeSaysAndLeaveOnTheirOwn() throws Exception {
    SipResponse[] ok = new SipResponse[1];
    try (SipCaller caller = fx.caller();
         WsClient alice = fx.agent("alice");
         WsClient sam = fx.agent("sam");
         WsClient mona = fx.agent("mona");
         WsClient terry = fx.agent("terry")) {
      sam.next("hello");
      mona.next("hello");
      terry.next("hello");
      String callId = fx.connected(caller, alice, ok, webrtc);
      FakeLeg agentLeg = webrtc.last();
      assertThat(start(sam, "10", "alice", "listen").getString("type")).isEqualTo("monitor.started");
      FakeLeg samFirstLeg = webrtc.last();
      samFirstLeg.connect();
      JsonObject monaStarted = start(mona, "11", "alice", "whisper");
      assertThat(monaStarted.getString("type")).as("%s", monaStarted).isEqualTo("monitor.started");
      assertThat(monaStarted.getString("callId")).isEqualTo(callId);
      FakeLeg monaLeg = webrtc.last();
      monaLeg.connect();
      JsonObject told = alice.next("monitor.state");
      assertThat(told.getString("supervisorId")).isEqualTo("mona");
      assertThat(told.getString("mode")).isEqualTo("whisper");
      assertThat(told.getJsonObject("supervisors").getMap()).as("the silent listener is not shown")
          .isEqualTo(Map.of("mona", "whisper"));

      // a third is one more than the cap: refused naming the setting, no leg, the agent told nothing
      int legs = webrtc.activeLegs();
      JsonObject full = start(terry, "12", "alice", "listen");
      assertThat(full.getString("code")).as("%s", full).isEqualTo("too-many-monitors");
      assertThat(full.getString("field")).isEqualTo("agentId");
      assertThat(full.getString("message")).contains("supervision.max-monitors-per-call");
      assertThat(webrtc.activeLegs()).isEqualTo(legs);
      // sam starting again on its call (its wallboard reloaded) replaces its own leg only: no cap, mona untouched
      assertThat(start(sam, "13", "alice", "listen").getString("type")).isEqualTo("monitor.started");
      FakeLeg samLeg = webrtc.last();
      samLeg.connect();
      await().atMost(Duration.ofSeconds(5)).until(() -> samFirstLeg.state() == WebRtcLeg.State.CLOSED);
      assertThat(monaLeg.state()).isEqualTo(WebRtcLeg.State.CONNECTED);
      assertThat(alice.drain(300)).as("nothing changed for the agent").noneMatch(m -> m.getString("type")
          .startsWith("monitor."));

      try (ThreePartyAudio.Talk talk = new ThreePartyAudio.Talk(caller, ok[0], agentLeg, samLeg, monaLeg, 0)) {
        ThreePartyAudio.Heard lw = listen(caller, agentLeg, samLeg, monaLeg);
        assertTones("listen+whisper: caller", lw.caller(), Set.of(AGENT_HZ));
        assertTones("listen+whisper: agent", lw.agent(), Set.of(CALLER_HZ, SECOND_HZ));
        assertTones("listen+whisper: the listener", lw.third(), Set.of(CALLER_HZ, AGENT_HZ));
        assertTones("listen+whisper: the whisperer", lw.fourth(), Set.of(CALLER_HZ, AGENT_HZ));

        assertThat(sam.request("14", msg("monitor.mode").put("mode", "barge")).getString("mode")).isEqualTo("barge");
        JsonObject barge = alice.next("monitor.state");
        assertThat(barge.getString("supervisorId")).isEqualTo("sam");
        assertThat(barge.getString("mode")).isEqualTo("barge");
        assertThat(barge.getJsonObject("supervisors").getMap()).as("every supervisor the agent hears")
            .isEqualTo(Map.of("mona", "whisper", "sam", "barge"));
        ThreePartyAudio.Heard bw = listen(caller, agentLeg, samLeg, monaLeg);
        assertTones("barge+whisper: caller", bw.caller(), Set.of(AGENT_HZ, SUPERVISOR_HZ));
        assertTones("barge+whisper: agent", bw.agent(), Set.of(CALLER_HZ, SUPERVISOR_HZ, SECOND_HZ));
        assertTones("barge+whisper: the barger", bw.third(), Set.of(CALLER_HZ, AGENT_HZ));
        assertTones("barge+whisper: the whisperer", bw.fourth(), Set.of(CALLER_HZ, AGENT_HZ, SUPERVISOR_HZ));

        // mona leaves: sam stays, barging
        assertThat(mona.request("15", msg("monitor.stop")).getString("type")).isEqualTo("monitor.stopped");
        JsonObject left = alice.next("monitor.state");
        assertThat(left.getString("supervisorId")).isEqualTo("mona");
        assertThat(left.getString("mode")).isEqualTo("none");
        assertThat(left.getJsonObject("supervisors").getMap()).isEqualTo(Map.of("sam", "barge"));
        await().atMost(Duration.ofSeconds(5)).until(() -> monaLeg.state() == WebRtcLeg.State.CLOSED);
        ThreePartyAudio.Heard after = listen(caller, agentLeg, samLeg);
        assertTones("mona left: caller", after.caller(), Set.of(AGENT_HZ, SUPERVISOR_HZ));
        assertTones("mona left: agent", after.agent(), Set.of(CALLER_HZ, SUPERVISOR_HZ));
        assertTones("mona left: sam", after.third(), Set.of(CALLER_HZ, AGENT_HZ));

        // terry may join now (a place is free), listening: hears the call and the barger
        assertThat(start(terry, "16", "alice", "listen").getString("type")).isEqualTo("monitor.started");
        FakeLeg terryLeg = webrtc.last();
        terryLeg.connect();
        ThreePartyAudio.Heard joined = listen(caller, agentLeg, samLeg, terryLeg);
        assertTones("terry joined: terry", joined.fourth(), Set.of(CALLER_HZ, AGENT_HZ, SUPERVISOR_HZ));
      }

      // the call ends: both supervisors are told, both legs close
      assertThat(alice.request("20", msg("call.hangup").put("callId", callId)).getString("type")).isEqualTo("ack");
      for (WsClient sup : new WsClient[] {sam, terry}) {
        JsonObject ended = sup.next("monitor.ended");
        assertThat(ended.getString("callId")).isEqualTo(callId);
        assertThat(ended.getString("reason")).isEqualTo("call-ended");
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> samLeg.state() == WebRtcLeg.State.CLOSED
          && webrtc.legs.stream().allMatch(l -> l.state() == WebRtcLeg.State.CLOSED));
      RecordingSteps.wrapUp(alice, callId);
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(fx.storedEvents(callId, "monitor.",
          "supervisorId", "mode")).containsExactlyInAnyOrder(
          "monitor.started sam listen", "monitor.started mona whisper", "monitor.changed sam listen",
          "monitor.changed sam barge", "monitor.ended mona whisper", "monitor.started terry listen",
          "monitor.ended sam barge", "monitor.ended terry listen"));
    }
    fx.assertNothingLeft(webrtc::activeLegs);
  }

  @Test
  void refusalsAreClearAndChangeNothing() throws Exception {
    var dir = fx.node().directory();
    dir.createTenant("globex").await();
    dir.put("globex", Kind.AGENT, "olga", new JsonObject().put("username", "olga")
        .put("roles", new JsonArray().add("supervisor")).put("password", "globex-password-1"), null).await();
    SipResponse[] ok = new SipResponse[1];
    try (SipCaller caller = fx.caller();
         WsClient alice = fx.agent("alice");
         WsClient bob = fx.agent("bob");
         WsClient sam = fx.agent("sam");
         WsClient olga = WsClient.connect(fx.ws(), fx.node().httpPort(),
             TestNodes.login(fx.node().httpPort(), "globex", "olga", "globex-password-1"))) {
      sam.next("hello");
      bob.next("hello");
      olga.next("hello");
      String callId = fx.connected(caller, alice, ok, webrtc);
      int legs = webrtc.activeLegs();

      // no session yet
      JsonObject noSession = sam.request("10", msg("monitor.mode").put("mode", "whisper"));
      assertThat(noSession.getString("type")).isEqualTo("error");
      assertThat(noSession.getString("code")).isEqualTo("no-session");
      assertThat(sam.request("11", msg("monitor.stop")).getString("code")).isEqualTo("no-session");
      // strict parsing
      JsonObject badMode = start(sam, "12", "alice", "spy");
      assertThat(badMode.getString("code")).isEqualTo("invalid-field");
      assertThat(badMode.getString("field")).isEqualTo("mode");
      JsonObject extra = sam.request("13", msg("monitor.stop").put("callId", callId));
      assertThat(extra.getString("code")).isEqualTo("unknown-field");
      // an agent may not
      JsonObject agent = start(bob, "14", "alice", "listen");
      assertThat(agent.getString("code")).isEqualTo("forbidden");
      assertThat(bob.request("15", msg("monitor.mode").put("mode", "barge")).getString("code")).isEqualTo("forbidden");
      // another tenant's supervisor: demo's alice does not exist in its tenant
      JsonObject other = start(olga, "16", "alice", "barge");
      assertThat(other.getString("code")).as("%s", other).isEqualTo("no-call");
      assertThat(start(olga, "17", "nobody", "barge").getString("code")).isEqualTo("no-call");
      // an agent who is not on a call
      assertThat(start(sam, "18", "bob", "listen").getString("code")).isEqualTo("no-call");
      assertThat(webrtc.activeLegs()).as("no leg was made for a refusal").isEqualTo(legs);
      assertThat(alice.drain(300)).as("the agent was told nothing").noneMatch(m -> m.getString("type")
          .startsWith("monitor."));

      // the call ends: monitoring it is refused
      assertThat(alice.request("20", msg("call.hangup").put("callId", callId)).getString("type")).isEqualTo("ack");
      await().atMost(Duration.ofSeconds(5)).until(() -> fx.node().calls().activeCalls() == 0);
      JsonObject ended = start(sam, "21", "alice", "listen");
      assertThat(ended.getString("code")).as("%s", ended).isEqualTo("no-call");
      RecordingSteps.wrapUp(alice, callId);
      assertThat(fx.storedEvents(callId, "monitor.", "supervisorId", "mode")).as("no event for a refusal").isEmpty();
    }
    fx.assertNothingLeft(webrtc::activeLegs);
  }
}
