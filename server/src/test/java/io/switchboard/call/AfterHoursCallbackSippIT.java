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
import io.switchboard.support.SippPorts;
import io.switchboard.support.TestClock;
import io.switchboard.support.Tools;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The after-hours rule {@code callback} end to end on a real node, its hours judged by a {@link TestClock} (the demo
 * support queue open Mon-Fri 09:00-17:00 UTC): a sipp caller arriving at night hears the callback dialog at once,
 * confirms its own number with # (RFC 4733) and is hung up; the virtual call waits in the queue, and an agent who
 * goes available while the queue is closed is offered nothing and nothing is dialed. The clock reaches Tuesday 09:00:
 * the same agent is offered the callback, accepts, and the node dials a sipp UAS on the tenant's trunk, which
 * answers (audio both ways, one interaction). A caller waiting when the queue closes gets the dialog where it waits
 * and keeps its place; a caller who presses * is closed out as with goodbye (closed prompt, BYE, nothing left).
 */
class AfterHoursCallbackSippIT {
  static final String OFFER = BridgeFakeLegIT.OFFER;
  static final String CALLER = "+14155550100";
  /** 2026-12-07 is a Monday. */
  static final Instant MONDAY_NIGHT = Instant.parse("2026-12-07T20:00:00Z");
  static final Instant MONDAY_BEFORE_CLOSE = Instant.parse("2026-12-07T16:59:00Z");
  static final Instant MONDAY_CLOSED = Instant.parse("2026-12-07T17:00:01Z");
  static final Instant TUESDAY_OPEN = Instant.parse("2026-12-08T09:00:01Z");
  private static final AtomicInteger TRUNKS = new AtomicInteger();

  @RegisterExtension
  static final BridgeNode fx = new BridgeNode("afterhours-callback-it", Map.of());
  static final FakeWebRtc webrtc = new FakeWebRtc();
  static TestClock clock;
  static JsonObject supportBefore;

  @TempDir
  Path tmp;
  final List<Process> processes = new ArrayList<>();
  SippPeers peers;

  @BeforeAll
  static void setUp() {
    fx.attachDialers(webrtc);
    clock = new TestClock(MONDAY_NIGHT.toEpochMilli());
    fx.node().calls().clock(clock);
    JsonArray weekly = new JsonArray();
    for (String d : List.of("mon", "tue", "wed", "thu", "fri")) {
      weekly.add(new JsonObject().put("day", d).put("open", "09:00").put("close", "17:00"));
    }
    fx.node().directory().put("demo", Kind.BUSINESS_HOURS, "cb-hours", new JsonObject().put("name", "IT hours")
        .put("timezone", "UTC").put("weekly", weekly), null).await();
    supportBefore = fx.node().directory().get("demo", Kind.QUEUE, "support").await().orElseThrow();
    // no callback setting of its own: the node's callbacks.* apply
    fx.node().directory().put("demo", Kind.QUEUE, "support", supportBefore.copy().put("businessHours", "cb-hours")
        .put("afterHours", "callback"), IfMatch.ANY).await();
  }

  @AfterAll
  static void tearDown() {
    if (supportBefore != null) {
      fx.node().directory().put("demo", Kind.QUEUE, "support", supportBefore, IfMatch.ANY).await();
    }
  }

  @BeforeEach
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
  void aCallerArrivingAtNightLeavesACallbackThatIsDialedOnlyOnceTheQueueOpens() throws Exception {
    clock.setMillis(MONDAY_NIGHT.toEpochMilli());
    awaitOpen(false);
    try (DatagramSocket callee = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      int uasPort = sipp("uas", "dial-answer-then-bye.xml", "-key", "rtpport", String.valueOf(callee.getLocalPort()));
      fx.dialPolicyTo("ah-callback-" + TRUNKS.incrementAndGet(), uasPort);

      Process caller = pressing(1500, List.of("pound"), 20_000); // the dialog starts at the answer: # confirms
      String callId = fx.awaitNewCall(Set.of());
      assertThat(caller.waitFor(30, TimeUnit.SECONDS)).as("the node hung up the caller").isTrue();
      assertThat(caller.exitValue()).as(peers.out("caller")).isZero();
      CallStatus virtual = fx.node().acd().call("demo", callId).await();
      assertThat(virtual.state()).isEqualTo("waiting");
      assertThat(virtual.callback()).isEqualTo(CALLER);
      assertThat(virtual.node()).as("owned by the queue").isNull();

      try (WsClient bob = fx.agent("bob")) {
        available(bob);
        // closed: bob stays available, nothing is offered nor dialed
        assertThat(bob.drain(3000)).as("no offer while closed")
            .noneMatch(m -> "call.offered".equals(m.getString("type")));
        assertThat(fx.node().acd().agent("demo", "bob").await().state().wire()).isEqualTo("available");
        assertThat(fx.node().dials().activeCalls()).isZero();
        assertThat(fx.node().acd().call("demo", callId).await().state()).isEqualTo("waiting");

        clock.setMillis(TUESDAY_OPEN.toEpochMilli());
        JsonObject offer = bob.await(m -> "call.offered".equals(m.getString("type")), Duration.ofSeconds(15));
        assertThat(offer.getString("callId")).isEqualTo(callId);
        assertThat(offer.getString("callback")).isEqualTo(CALLER);
        assertThat(bob.request("a", msg("call.accept").put("callId", callId)).getString("type")).isEqualTo("ack");
        assertThat(bob.request("o", msg("media.offer").put("callId", callId).put("sdp", OFFER)).getString("type"))
            .isEqualTo("ack");
        assertThat(bob.await(m -> progress(m, "answered")).getString("callId")).isEqualTo(callId);
        assertThat(bob.next("media.answer").getString("callId")).isEqualTo(callId);
        FakeLeg leg = webrtc.last();
        leg.connect();
        bothWays(callee, leg);
        bob.await(m -> "agent.state".equals(m.getString("type")) && "wrap-up".equals(m.getString("state")),
            Duration.ofSeconds(15));
        assertThat(bob.request("w", msg("wrapup.done").put("callId", callId).put("disposition", "called-back"))
            .getString("type")).isEqualTo("ack");
      }
      peers.assertPassed("uas");
      Interaction row = interaction(callId, "answered");
      assertThat(row.caller()).isEqualTo(CALLER);
      assertThat(row.agentId()).isEqualTo("bob");
      assertThat(row.timeline()).contains("\"callback-requested\"").contains("\"callback-dialing\"")
          .doesNotContain("\"closed\"");
      assertThat(rows(callId)).as("one interaction for the whole chain").isEqualTo(1);
    }
  }

  @Test
  void aCallerWaitingWhenTheQueueClosesIsOfferedTheCallbackAndKeepsItsPlace() throws Exception {
    clock.setMillis(MONDAY_BEFORE_CLOSE.toEpochMilli());
    awaitOpen(true);
    // waits with music; the test closes the queue at once, the dialog starts within a second, # comes at 6 s
    Process caller = pressing(4500, List.of("pound"), 20_000);
    String callId = fx.awaitNewCall(Set.of());
    await().atMost(Duration.ofSeconds(5)).until(() -> fx.queueStats("support").waiting() == 1);
    long enqueuedAt = fx.node().acd().call("demo", callId).await().enqueuedEpochMs();
    clock.setMillis(MONDAY_CLOSED.toEpochMilli());
    assertThat(caller.waitFor(30, TimeUnit.SECONDS)).as("the node hung up the caller").isTrue();
    assertThat(caller.exitValue()).as(peers.out("caller")).isZero();
    CallStatus virtual = fx.node().acd().call("demo", callId).await();
    assertThat(virtual.state()).isEqualTo("waiting");
    assertThat(virtual.callback()).isEqualTo(CALLER);
    assertThat(virtual.enqueuedEpochMs()).as("its place").isEqualTo(enqueuedAt);
    assertThat(virtual.node()).isNull();
    awaitOpen(false);
    fx.node().acd().callerHangup("demo", callId).await(); // out of the queue for the next test
  }

  @Test
  void aCallerWhoTakesNoCallbackIsClosedOutAsWithGoodbye() throws Exception {
    clock.setMillis(MONDAY_NIGHT.toEpochMilli());
    awaitOpen(false);
    Process caller = pressing(1500, List.of("star"), 20_000); // * : back, so the closed prompt and BYE
    String callId = fx.awaitNewCall(Set.of());
    assertThat(caller.waitFor(30, TimeUnit.SECONDS)).as("the node hung up the caller").isTrue();
    assertThat(caller.exitValue()).as(peers.out("caller")).isZero();
    CallStatus st = fx.node().acd().call("demo", callId).await();
    assertThat(st.state()).isEqualTo("closed");
    assertThat(st.callback()).isNull();
    interaction(callId, "closed");
  }

  // ------------------------------------------------------------------ helpers

  /** Waits until the node has told the ACD that support is open ({@code open}) or closed. */
  private static void awaitOpen(boolean open) {
    await().atMost(Duration.ofSeconds(15)).until(() -> Boolean.valueOf(open)
        .equals(fx.node().calls().queueOpen("support")));
  }







  /**
   * sipp calling the support number as {@link #CALLER}: {@code firstMs} after the template's 1.5 s, then
   * {@code keys} 2 s apart (RFC 4733 recordings), then waiting {@code waitMs} for the node's BYE (none in time fails).
   */
  private Process pressing(long firstMs, List<String> keys, int waitMs) throws Exception {
    Path sipp = Tools.require("sipp");
    String template = Files.readString(Path.of(AfterHoursCallbackSippIT.class.getResource("/sipp/press-digit.xml")
        .toURI()));
    StringBuilder presses = new StringBuilder("<pause milliseconds=\"" + firstMs + "\"/>\n");
    for (int i = 0; i < keys.size(); i++) {
      if (i > 0) {
        presses.append("<pause milliseconds=\"2000\"/>\n");
      }
      presses.append("<nop><action><exec play_pcap_audio=\"/usr/share/sip-tester/dtmf_2833_").append(keys.get(i))
          .append(".pcap\"/></action></nop>\n");
    }
    Path scenario = tmp.resolve("caller.xml");
    Files.writeString(scenario, template.replace("+15557650000", CALLER).replace("@PRESSES@", presses)
        .replace("@WAIT@", String.valueOf(waitMs)).replace("@ONTIMEOUT@", ""));
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
    String[] once = java.util.stream.Stream.concat(java.util.stream.Stream.of("-m", "1"),
        java.util.Arrays.stream(extra)).toArray(String[]::new);
    return peers.start(name, SippPorts.freeSignalingPort(), scenario, 60, once);
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
