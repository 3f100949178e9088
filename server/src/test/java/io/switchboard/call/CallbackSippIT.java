package io.switchboard.call;

import static io.switchboard.call.BridgeNode.available;
import static io.switchboard.call.BridgeNode.msg;
import static io.switchboard.call.BridgeNode.progress;
import static io.switchboard.call.RtpProbe.bothWays;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.acd.CallStatus;
import io.switchboard.directory.IfMatch;
import io.switchboard.directory.Kind;
import io.switchboard.records.Interaction;
import io.switchboard.records.PgInteractionQueries;
import io.switchboard.signaling.WsClient;
import io.switchboard.sip.SipResponse;
import io.switchboard.support.SippPorts;
import io.switchboard.support.Tools;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Callbacks that keep the caller's place, end to end on a real node (demo data, embedded Redis, the records pipeline
 * into PostgreSQL): a sipp caller waits in the support queue with no agent available, presses the queue's callback
 * key and # (RFC 4733 telephone-events from sipp's recordings) to confirm its own number read back, and is hung up by
 * the node; the ACD keeps a virtual call at its place (a later caller stays behind it). An agent (WebSocket, its
 * browser leg played by {@link FakeWebRtc}) then gets the offer marked callback, accepts, and the node dials a sipp
 * UAS on the tenant's trunk: answered, the audio flows both ways and the interaction is one row. A busy first attempt
 * is retried at the call's place after the queue's retry delay; a caller hanging up during the confirmation leaves no
 * virtual call.
 */
class CallbackSippIT {
  static final String OFFER = BridgeFakeLegIT.OFFER;
  /** The sipp caller's own number (From): valid for the dial policy (US). */
  static final String CALLER = "+14155550100";
  private static final AtomicInteger TRUNKS = new AtomicInteger();

  @RegisterExtension
  static final BridgeNode fx = new BridgeNode("callback-it", Map.of());
  static final FakeWebRtc webrtc = new FakeWebRtc();

  @TempDir
  Path tmp;
  final List<Process> processes = new ArrayList<>();
  SippPeers peers;

  @BeforeAll
  static void setUp() {
    fx.attachDialers(webrtc);
    JsonObject support = fx.node().directory().get("demo", Kind.QUEUE, "support").await().orElseThrow();
    fx.node().directory().put("demo", Kind.QUEUE, "support", support.copy().put("callback", new JsonObject()
        .put("key", "1").put("attempts", 2).put("retryDelaySeconds", 3)), IfMatch.ANY).await();
  }

  @AfterAll
  static void tearDown() {
    JsonObject support = fx.node().directory().get("demo", Kind.QUEUE, "support").await().orElseThrow();
    fx.node().directory().put("demo", Kind.QUEUE, "support", support.copy().putNull("callback"), IfMatch.ANY).await();
  }

  @org.junit.jupiter.api.BeforeEach
  void peers() {
    peers = new SippPeers(tmp);
  }

  @AfterEach
  void nothingLeft() {
    processes.forEach(Process::destroyForcibly);
    peers.close();
    fx.assertNoCallsLeft(webrtc::activeLegs);
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(fx.queueStats("support").waiting()).as("waiting in support").isZero());
  }

  @Test
  void theCallerLeavesKeepsItsPlaceAndIsCalledBackAndConnected() throws Exception {
    try (DatagramSocket callee = new DatagramSocket(0, InetAddress.getLoopbackAddress());
         SipCaller later = fx.caller()) {
      int uasPort = sipp("uas", "dial-answer-then-bye.xml", "-key", "rtpport", String.valueOf(callee.getLocalPort()));
      fx.dialPolicyTo("callback-" + TRUNKS.incrementAndGet(), uasPort);

      Process caller = pressing(List.of("1", "pound"), 20_000);
      String callId = fx.awaitNewCall(Set.of());
      await().atMost(Duration.ofSeconds(5)).until(() -> fx.queueStats("support").waiting() == 1);
      SipResponse ok = later.invite("+15550100"); // arrives after the first caller: stays behind it
      assertThat(ok.status()).isEqualTo(200);
      later.ack(ok);
      String laterId = fx.awaitNewCall(Set.of(callId));
      assertThat(caller.waitFor(30, TimeUnit.SECONDS)).as("the node hung up the caller").isTrue();
      assertThat(caller.exitValue()).as(peers.out("caller")).isZero();

      // the virtual call: still waiting, first in line, with the number, on no node
      CallStatus virtual = fx.node().acd().call("demo", callId).await();
      assertThat(virtual.state()).isEqualTo("waiting");
      assertThat(virtual.callback()).isEqualTo(CALLER);
      assertThat(virtual.node()).isNull();
      assertThat(fx.node().calls().activeCallIds()).containsExactly(laterId);
      assertThat(fx.node().acd().waitEstimate("demo", "support", callId).await().position()).isEqualTo(1);
      assertThat(fx.node().acd().waitEstimate("demo", "support", laterId).await().position()).isEqualTo(2);

      try (WsClient bob = fx.agent("bob")) {
        available(bob);
        JsonObject offer = bob.next("call.offered");
        assertThat(offer.getString("callId")).as("the callback keeps the first place").isEqualTo(callId);
        assertThat(offer.getString("callback")).isEqualTo(CALLER);
        assertThat(bob.request("a", msg("call.accept").put("callId", callId)).getString("type")).isEqualTo("ack");
        assertThat(bob.request("o", msg("media.offer").put("callId", callId).put("sdp", OFFER)).getString("type"))
            .isEqualTo("ack");
        assertThat(bob.await(m -> progress(m, "answered")).getString("callId")).isEqualTo(callId);
        assertThat(bob.next("media.answer").getString("callId")).isEqualTo(callId);
        FakeLeg leg = webrtc.last();
        leg.connect();
        assertThat(fx.queueStats("support").waiting()).as("the later caller still waits").isEqualTo(1);
        later.bye();

        bothWays(callee, leg);
        JsonObject wrap = bob.await(m -> "agent.state".equals(m.getString("type"))
            && "wrap-up".equals(m.getString("state")), Duration.ofSeconds(15));
        assertThat(wrap.getString("callId")).isEqualTo(callId);
        assertThat(bob.request("w", msg("wrapup.done").put("callId", callId).put("disposition", "called-back"))
            .getString("type")).isEqualTo("ack");
      }
      peers.assertPassed("uas");

      Interaction row = interaction(callId, "answered");
      assertThat(row.caller()).isEqualTo(CALLER);
      assertThat(row.agentId()).isEqualTo("bob");
      assertThat(row.queue()).isEqualTo("support");
      assertThat(row.talkMs()).isGreaterThan(1000);
      assertThat(row.timeline()).contains("\"callback-requested\"").contains("\"callback-dialing\"")
          .contains("\"callback-attempt\"").contains("\"answered\"");
      assertThat(rows(callId)).as("one interaction for the whole chain").isEqualTo(1);
    }
  }

  @Test
  void aBusyLineIsRetriedAtTheCallsPlaceAndTheSecondAttemptIsAnswered() throws Exception {
    try (DatagramSocket callee = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      int uasPort = sipp("busy", "dial-busy.xml");
      fx.dialPolicyTo("callback-" + TRUNKS.incrementAndGet(), uasPort);
      Process caller = pressing(List.of("1", "pound"), 20_000);
      String callId = fx.awaitNewCall(Set.of());
      assertThat(caller.waitFor(30, TimeUnit.SECONDS)).as("the node hung up the caller").isTrue();
      assertThat(caller.exitValue()).as(peers.out("caller")).isZero();

      try (WsClient alice = fx.agent("alice")) {
        available(alice);
        JsonObject first = alice.next("call.offered");
        assertThat(first.getString("callback")).isEqualTo(CALLER);
        assertThat(alice.request("a", msg("call.accept").put("callId", callId)).getString("type")).isEqualTo("ack");
        JsonObject failed = alice.next("call.dial.failed");
        long failedAt = System.nanoTime();
        assertThat(failed.getString("reason")).isEqualTo("busy");
        alice.await(m -> "agent.state".equals(m.getString("type")) && "available".equals(m.getString("state")));
        peers.assertPassed("busy");
        CallStatus between = fx.node().acd().call("demo", callId).await();
        assertThat(between.state()).as("kept for the retry").isEqualTo("waiting");
        assertThat(between.callback()).isEqualTo(CALLER);

        // the same trunk address answers this time; the retry comes after the queue's 3 s
        sipp("uas", uasPort, "dial-answer-then-bye.xml", "-key", "rtpport", String.valueOf(callee.getLocalPort()));
        JsonObject second = alice.await(m -> "call.offered".equals(m.getString("type")), Duration.ofSeconds(10));
        assertThat(Duration.ofNanos(System.nanoTime() - failedAt)).as("retryDelaySeconds=3")
            .isGreaterThan(Duration.ofMillis(2500));
        assertThat(second.getString("callId")).isEqualTo(callId);
        assertThat(alice.request("a2", msg("call.accept").put("callId", callId)).getString("type")).isEqualTo("ack");
        assertThat(alice.request("o", msg("media.offer").put("callId", callId).put("sdp", OFFER)).getString("type"))
            .isEqualTo("ack");
        alice.await(m -> progress(m, "answered"));
        alice.next("media.answer");
        FakeLeg leg = webrtc.last();
        leg.connect();
        bothWays(callee, leg);
        alice.await(m -> "agent.state".equals(m.getString("type")) && "wrap-up".equals(m.getString("state")),
            Duration.ofSeconds(15));
        assertThat(alice.request("w", msg("wrapup.done").put("callId", callId).put("disposition", "called-back"))
            .getString("type")).isEqualTo("ack");
      }
      peers.assertPassed("uas");
      Interaction row = interaction(callId, "answered");
      assertThat(row.agentId()).isEqualTo("alice");
      assertThat(new JsonArray(row.timeline()).stream().map(JsonObject.class::cast)
          .filter(step -> "callback-attempt".equals(step.getString("kind")))
          .map(step -> step.getInteger("attempt") + ":" + step.getString("outcome") + ":" + step.getString("agent")))
          .containsExactly("1:busy:alice", "2:answered:alice");
      assertThat(row.legs()).extracting(Interaction.Leg::outcome).containsExactly("busy", "answered");
      assertThat(rows(callId)).isEqualTo(1);
    }
  }

  @Test
  void aCallerWhoHangsUpDuringTheConfirmationLeavesNoVirtualCall() throws Exception {
    Process caller = pressing(List.of("1", "pound"), 1_500); // hangs up itself 1.5 s after #: mid-confirmation
    String callId = fx.awaitNewCall(Set.of());
    assertThat(caller.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(caller.exitValue()).as(peers.out("caller")).isZero();
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(fx.node().acd().call("demo", callId).await().state()).isEqualTo("abandoned"));
    Thread.sleep(8_000); // past the confirmation prompt: the node must not make it a callback after all
    CallStatus st = fx.node().acd().call("demo", callId).await();
    assertThat(st.state()).isEqualTo("abandoned");
    assertThat(st.callback()).isNull();
    assertThat(fx.queueStats("support").waiting()).isZero();
    interaction(callId, "abandoned");
  }

  // ------------------------------------------------------------------ helpers







  /**
   * sipp calling the support number as {@link #CALLER}, pressing {@code keys} (press-digit.xml: 3 s after the answer,
   * then 2 s apart; the recordings' RTP timestamps go 1, 0, 2..9, star, pound, so keys must follow that order), then
   * waiting {@code waitMs} for the node's BYE (none in time: it hangs up itself, still a pass).
   */
  private Process pressing(List<String> keys, int waitMs) throws Exception {
    Path sipp = Tools.require("sipp");
    String template = Files.readString(Path.of(CallbackSippIT.class.getResource("/sipp/press-digit.xml").toURI()));
    StringBuilder presses = new StringBuilder("<pause milliseconds=\"1500\"/>\n");
    for (int i = 0; i < keys.size(); i++) {
      String d = keys.get(i);
      if (i > 0) {
        presses.append("<pause milliseconds=\"2000\"/>\n");
      }
      presses.append("<nop><action><exec play_pcap_audio=\"/usr/share/sip-tester/dtmf_2833_").append(d)
          .append(".pcap\"/></action></nop>\n");
    }
    Path scenario = tmp.resolve("caller.xml");
    Files.writeString(scenario, template.replace("+15557650000", CALLER).replace("@PRESSES@", presses)
        .replace("@WAIT@", String.valueOf(waitMs)).replace("@ONTIMEOUT@", "ontimeout=\"hangup\""));
    Process p = new ProcessBuilder(sipp.toString(), "-sf", scenario.toString(), "-s", "+15550100",
        "-i", "127.0.0.1", "-p", String.valueOf(SippPorts.freeSignalingPort()),
        "-mp", String.valueOf(SippPorts.freeMediaPort()), "-m", "1", "-l", "1", "-nostdin",
        "-timeout", "40s", "-timeout_error", "127.0.0.1:" + fx.node().sipPort())
        .redirectErrorStream(true).redirectOutput(tmp.resolve("caller.out").toFile()).start();
    processes.add(p);
    return p;
  }

  /** sipp as the called party with {@code scenario} on a free port, once it listens; returns the port. */
  private int sipp(String name, String scenario, String... extra) throws Exception {
    return sipp(name, SippPorts.freeSignalingPort(), scenario, extra);
  }

  private int sipp(String name, int port, String scenario, String... extra) throws Exception {
    String[] once = java.util.stream.Stream.concat(java.util.stream.Stream.of("-m", "1"),
        java.util.Arrays.stream(extra)).toArray(String[]::new);
    return peers.start(name, port, scenario, 60, once);
  }

  /** The interaction of {@code callId} once the records pipeline has stored it with {@code outcome}. */
  private static Interaction interaction(String callId, String outcome) {
    PgInteractionQueries q = new PgInteractionQueries(fx.node().database().dataSource());
    await().atMost(Duration.ofSeconds(15)).until(() -> q.get("demo", callId)
        .map(i -> outcome.equals(i.outcome()) && (!"answered".equals(outcome) || i.disposition() != null))
        .orElse(false));
    try {
      return q.get("demo", callId).orElseThrow();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static int rows(String callId) throws Exception {
    try (var c = fx.node().database().dataSource().getConnection();
         var st = c.prepareStatement("SELECT count(*) FROM interactions WHERE tenant = ? AND call_id = ?")) {
      st.setString(1, "demo");
      st.setString(2, callId);
      try (var rs = st.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
