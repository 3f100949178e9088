package io.switchboard.call;

import static io.switchboard.call.RtpProbe.receive;
import static io.switchboard.call.RtpProbe.tone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.Node;
import io.switchboard.acd.TenantStats;
import io.switchboard.directory.DirectoryException;
import io.switchboard.directory.Kind;
import io.switchboard.directory.Violation;
import io.switchboard.media.audio.Goertzel;
import io.switchboard.media.rtp.RtpCodec;
import io.switchboard.media.rtp.RtpPacket;
import io.switchboard.records.Interaction;
import io.switchboard.records.PgInteractionQueries;
import io.switchboard.support.SippPorts;
import io.switchboard.support.TestNodes;
import io.switchboard.support.Tools;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flow's transfer node on a real node (demo data, embedded Redis, the records pipeline into PostgreSQL): a sipp
 * caller (its media the test's own socket) dials a number whose flow transfers it to a number on a trunk, where a
 * sipp UAS answers (its media another socket of the test). Answered: the caller's tone reaches the called party and
 * the called party's the caller (PCMU to PCMA and back when the called party speaks PCMA); when the called party
 * hangs up the caller gets the node's BYE and the other way round, and the interaction shows the flow path and the
 * transfer. Busy: the node's failed branch runs (a queue, the path naming the outcome);
 * without one the caller hears the goodbye and gets a BYE. A number that rings past the node's timeout is cancelled
 * (no-answer), and so is one still ringing when the caller hangs up. Nothing is left behind: no call, dialog, media
 * port or trunk slot, nobody waiting.
 */
class FlowTransferSippIT {
  static final String T = "demo";
  /** The number the flows transfer to: valid for the dial policy (US). */
  static final String TARGET = "+14155550142";
  static final String ANSWERED_NUMBER = "+15550181";
  static final String BUSY_NUMBER = "+15550182";
  static final String POLITE_NUMBER = "+15550183";
  static final String RINGING_NUMBER = "+15550184";
  static final String GONE_NUMBER = "+15550185";
  static final String PCMA_NUMBER = "+15550186";
  static final double CALLER_HZ = BridgeNode.CALLER_HZ;
  static final double CALLED_HZ = BridgeNode.AGENT_HZ;
  private static final AtomicInteger TRUNKS = new AtomicInteger();
  static Node node;

  @TempDir
  Path tmp;
  SippPeers peers;
  final List<Process> callers = new ArrayList<>();

  @BeforeAll
  static void start() {
    node = TestNodes.loopback("flow-transfer-it", Map.of());
    put(Kind.QUEUE, "xfer-q", new JsonObject().put("name", "After a failed transfer"));
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.stop();
    }
  }

  @BeforeEach
  void peers() {
    peers = new SippPeers(tmp);
  }

  @AfterEach
  void nothingLeft() {
    callers.forEach(Process::destroyForcibly);
    peers.close();
    TestNodes.awaitNothingLeaks(node, Duration.ofSeconds(10));
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      assertThat(node.trunkLimits().heldSlots()).as("trunk slots").isZero();
      assertThat(node.calls().dialogCount() + node.outbound().dialogCount()).as("dialogs").isZero();
      assertThat(waiting("xfer-q")).as("waiting").isZero();
    });
  }

  @Test
  void theCallerTalksWithTheNumberThroughThePolicysTrunkAndGetsAByeWhenItHangsUp() throws Exception {
    try (DatagramSocket callerMedia = new DatagramSocket(0, InetAddress.getLoopbackAddress());
         DatagramSocket calledMedia = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      int uas = peers.start("uas", SippPorts.freeSignalingPort(), "dial-answer-then-bye.xml", 60, "-m", "1",
          "-key", "rtpport", String.valueOf(calledMedia.getLocalPort()));
      policyTrunk(trunkTo(uas));
      flow("answered-line", ANSWERED_NUMBER, """
          {"name": "Transfer line", "start": "xfer", "nodes": [
            {"id": "xfer", "type": "transfer", "number": "%s", "timeoutSeconds": 20, "failed": "sales"},
            {"id": "sales", "type": "queue", "queue": "xfer-q"}
          ]}""".formatted(TARGET));

      Process caller = call(ANSWERED_NUMBER, callerMedia, 30_000, "");
      await().atMost(Duration.ofSeconds(5)).until(() -> node.calls().activeCalls() == 1);
      String callId = node.calls().activeCallIds().iterator().next();

      bothWays(callerMedia, calledMedia, false);
      assertThat(waiting("xfer-q")).as("never queued").isZero();

      // the called party hangs up 8 s after its answer: the node ends the caller's side with its BYE
      assertThat(caller.waitFor(20, TimeUnit.SECONDS)).as("the caller got the node's BYE").isTrue();
      assertThat(caller.exitValue()).as(peers.out("caller")).isZero();
      peers.assertPassed("uas");

      Interaction row = interaction(callId);
      assertThat(row.outcome()).isEqualTo("ended-in-flow");
      assertThat(row.endedBy()).isEqualTo("transfer");
      assertThat(row.queue()).isNull();
      assertThat(row.caller()).isEqualTo("+14155550100");
      JsonArray timeline = new JsonArray(row.timeline());
      assertThat(timeline).hasSize(2);
      JsonObject transferred = timeline.getJsonObject(0);
      assertThat(transferred.getString("kind")).isEqualTo("transferred");
      assertThat(transferred.getString("transferKind")).isEqualTo("number");
      assertThat(transferred.getString("number")).isEqualTo(TARGET);
      assertThat(transferred.getString("trunk")).isEqualTo("xfer-" + TRUNKS.get());
      assertThat(transferred.getString("hungUpBy")).isEqualTo("called");
      assertThat(transferred.getDouble("talkSeconds")).isBetween(6.0, 12.0);
      assertThat(timeline.getJsonObject(1).getString("kind")).isEqualTo("flow-ended");
      assertThat(timeline.getJsonObject(1).getString("flow")).isEqualTo("xfer");
      assertThat(rows(callId)).as("exactly one interaction").isEqualTo(1);
    }
  }

  @Test
  void aCallerWhoHangsUpWhileTalkingToAPcmaPartyEndsItsCallToo() throws Exception {
    try (DatagramSocket callerMedia = new DatagramSocket(0, InetAddress.getLoopbackAddress());
         DatagramSocket calledMedia = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      // answers with PCMA only, then waits for the node's BYE (none within sipp's timeout fails it)
      int uas = peers.start("uas", SippPorts.freeSignalingPort(), "uas-answer-to-port.xml", 30, "-m", "1",
          "-key", "rtpport", String.valueOf(calledMedia.getLocalPort()), "-key", "pt", "8", "-key", "enc", "PCMA");
      String trunk = trunkTo(uas);
      flow("pcma-line", PCMA_NUMBER, """
          {"name": "PCMA line", "start": "hello", "nodes": [
            {"id": "hello", "type": "play", "prompt": "goodbye", "next": "xfer"},
            {"id": "xfer", "type": "transfer", "number": "%s", "trunk": "%s"}
          ]}""".formatted(TARGET, trunk));

      Process caller = call(PCMA_NUMBER, callerMedia, 9_000, "ontimeout=\"hangup\""); // hangs up after 9 s
      await().atMost(Duration.ofSeconds(5)).until(() -> node.calls().activeCalls() == 1);
      String callId = node.calls().activeCallIds().iterator().next();
      bothWays(callerMedia, calledMedia, true);
      assertThat(caller.waitFor(20, TimeUnit.SECONDS)).isTrue();
      assertThat(caller.exitValue()).as(peers.out("caller")).isZero();
      peers.assertPassed("uas"); // it got the node's BYE

      Interaction row = interaction(callId);
      assertThat(row.endedBy()).isEqualTo("transfer");
      JsonObject transferred = new JsonArray(row.timeline()).getJsonObject(0);
      assertThat(transferred.getString("hungUpBy")).isEqualTo("caller");
      assertThat(transferred.getString("trunk")).isEqualTo(trunk);
      assertThat(new JsonArray(row.timeline()).getJsonObject(1).getString("flow")).isEqualTo("hello > xfer");
    }
  }

  @Test
  void aBusyNumberTakesTheFailedBranchIntoAQueue() throws Exception {
    try (DatagramSocket callerMedia = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      int uas = peers.start("busy", SippPorts.freeSignalingPort(), "dial-busy.xml", 60, "-m", "1");
      String trunk = trunkTo(uas);
      flow("busy-line", BUSY_NUMBER, """
          {"name": "Busy line", "start": "xfer", "nodes": [
            {"id": "xfer", "type": "transfer", "number": "%s", "trunk": "%s", "failed": "sales"},
            {"id": "sales", "type": "queue", "queue": "xfer-q"}
          ]}""".formatted(TARGET, trunk));
      java.time.Instant started = java.time.Instant.now().minusMillis(200);

      Process caller = call(BUSY_NUMBER, callerMedia, 6_000, "ontimeout=\"hangup\"");
      await().atMost(Duration.ofSeconds(8)).untilAsserted(() -> assertThat(waiting("xfer-q")).isEqualTo(1));
      peers.assertPassed("busy");
      assertThat(lastEnqueued("xfer-q", started)).containsEntry("flow", "xfer > xfer:busy > sales");
      assertThat(caller.waitFor(20, TimeUnit.SECONDS)).isTrue();
      assertThat(caller.exitValue()).as(peers.out("caller")).isZero();
    }
  }

  @Test
  void withoutAFailedBranchABusyNumberEndsTheCallPolitely() throws Exception {
    try (DatagramSocket callerMedia = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      int uas = peers.start("busy", SippPorts.freeSignalingPort(), "dial-busy.xml", 60, "-m", "1");
      String trunk = trunkTo(uas);
      flow("polite-line", POLITE_NUMBER, """
          {"name": "Polite line", "start": "xfer", "nodes": [
            {"id": "xfer", "type": "transfer", "number": "%s", "trunk": "%s"}
          ]}""".formatted(TARGET, trunk));

      Process caller = call(POLITE_NUMBER, callerMedia, 15_000, ""); // no BYE from the node within 15 s fails
      await().atMost(Duration.ofSeconds(5)).until(() -> node.calls().activeCalls() == 1);
      String callId = node.calls().activeCallIds().iterator().next();
      assertThat(caller.waitFor(25, TimeUnit.SECONDS)).isTrue();
      assertThat(caller.exitValue()).as("the node said goodbye and hung up\n" + peers.out("caller")).isZero();
      peers.assertPassed("busy");
      Interaction row = interaction(callId);
      assertThat(row.outcome()).isEqualTo("ended-in-flow");
      assertThat(row.endedBy()).isEqualTo("flow");
      assertThat(new JsonArray(row.timeline()).getJsonObject(0).getString("flow")).isEqualTo("xfer > xfer:busy");
    }
  }

  @Test
  void aNumberThatRingsPastTheTimeoutIsCancelledAndTheFailedBranchRuns() throws Exception {
    try (DatagramSocket callerMedia = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      int uas = peers.start("ringing", SippPorts.freeSignalingPort(), "dial-ring-until-cancel.xml", 60, "-m", "1");
      String trunk = trunkTo(uas);
      flow("ringing-line", RINGING_NUMBER, """
          {"name": "Ringing line", "start": "xfer", "nodes": [
            {"id": "xfer", "type": "transfer", "number": "%s", "trunk": "%s", "timeoutSeconds": 5,
             "failed": "sales"},
            {"id": "sales", "type": "queue", "queue": "xfer-q"}
          ]}""".formatted(TARGET, trunk));
      java.time.Instant started = java.time.Instant.now().minusMillis(200);
      long t0 = System.nanoTime();

      Process caller = call(RINGING_NUMBER, callerMedia, 10_000, "ontimeout=\"hangup\"");
      peers.assertPassed("ringing"); // it got the node's CANCEL
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("timeoutSeconds=5").isGreaterThan(
          Duration.ofMillis(4500));
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(waiting("xfer-q")).isEqualTo(1));
      assertThat(lastEnqueued("xfer-q", started)).containsEntry("flow", "xfer > xfer:no-answer > sales");
      assertThat(caller.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void aCallerWhoHangsUpWhileTheNumberRingsCancelsItAndLeavesTheRecord() throws Exception {
    try (DatagramSocket callerMedia = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      int uas = peers.start("ringing", SippPorts.freeSignalingPort(), "dial-ring-until-cancel.xml", 60, "-m", "1");
      String trunk = trunkTo(uas);
      flow("gone-line", GONE_NUMBER, """
          {"name": "Gone line", "start": "xfer", "nodes": [
            {"id": "xfer", "type": "transfer", "number": "%s", "trunk": "%s", "timeoutSeconds": 30}
          ]}""".formatted(TARGET, trunk));

      Process caller = call(GONE_NUMBER, callerMedia, 2_000, "ontimeout=\"hangup\""); // hangs up after 2 s
      await().atMost(Duration.ofSeconds(5)).until(() -> node.calls().activeCalls() == 1);
      String callId = node.calls().activeCallIds().iterator().next();
      assertThat(caller.waitFor(20, TimeUnit.SECONDS)).isTrue();
      assertThat(caller.exitValue()).as(peers.out("caller")).isZero();
      peers.assertPassed("ringing"); // the node cancelled the ringing call at once, long before its 30 s
      Interaction row = interaction(callId);
      assertThat(row.outcome()).isEqualTo("ended-in-flow");
      assertThat(row.endedBy()).isEqualTo("caller");
      assertThat(new JsonArray(row.timeline()).getJsonObject(0).getString("flow")).isEqualTo("xfer");
    }
  }

  @Test
  void aTransferToAnUnknownTrunkIsRefusedNamingTheNode() {
    Future<?> write = node.directory().put(T, Kind.FLOW, "bad-trunk", new JsonObject("""
        {"name": "Bad", "start": "xfer", "nodes": [
          {"id": "xfer", "type": "transfer", "number": "+14155550142", "trunk": "nope"}
        ]}"""), null);
    await().atMost(Duration.ofSeconds(5)).until(write::isComplete);
    assertThat(write.failed()).isTrue();
    assertThat(write.cause()).isInstanceOf(DirectoryException.class);
    assertThat(((DirectoryException) write.cause()).violations())
        .containsExactly(new Violation("nodes.0.trunk", "no such trunk 'nope'"));
  }

  // ------------------------------------------------------------------ helpers

  /**
   * The caller's tone (sent from its media socket) reaches the called party's socket and the called party's tone
   * the caller's. The caller learns the node's port from the ringback; the called party from the first packet the
   * node relays to it (while relaying, the node sends the called party nothing of its own).
   */
  private static void bothWays(DatagramSocket caller, DatagramSocket called, boolean calledPcma) throws Exception {
    caller.setSoTimeout(20);
    called.setSoTimeout(20);
    int callerSide = firstFrom(caller);
    int[] calledSide = {-1};
    List<DatagramPacket> atCalled = new ArrayList<>();
    List<DatagramPacket> atCaller = new ArrayList<>();
    AtomicInteger seq = new AtomicInteger();
    await().atMost(Duration.ofSeconds(5)).until(() -> {
      int i = seq.getAndIncrement();
      send(caller, callerSide, RtpPacket.of(i == 0, 0, 100 + i, 8_000 + 160L * i, 0xCA11,
          SipCaller.ulawTone(CALLER_HZ)));
      atCalled.addAll(receive(called));
      if (calledSide[0] < 0 && !atCalled.isEmpty()) {
        calledSide[0] = atCalled.get(0).getPort();
      }
      if (calledSide[0] >= 0) {
        send(called, calledSide[0], RtpPacket.of(i == 0, calledPcma ? 8 : 0, 900 + i, 64_000 + 160L * i, 0xCA1D,
            calledPcma ? G711Transcode.ulawToAlaw(SipCaller.ulawTone(CALLED_HZ)) : SipCaller.ulawTone(CALLED_HZ)));
      }
      atCaller.addAll(receive(caller));
      return atCalled.stream().filter(p -> heard(p, CALLER_HZ, calledPcma)).count() >= 5
          && atCaller.stream().filter(p -> tone(p, CALLED_HZ)).count() >= 5;
    });
    assertThat(atCalled.stream().noneMatch(p -> heard(p, CALLED_HZ, calledPcma))).as("no echo of its own tone")
        .isTrue();
  }

  /** A packet in the called party's codec (PCMU, or PCMA: payload type 8) carrying {@code hz}. */
  private static boolean heard(DatagramPacket p, double hz, boolean pcma) {
    if (!pcma) {
      return tone(p, hz);
    }
    try {
      RtpPacket r = RtpCodec.parse(p.getData(), 0, p.getLength());
      return r.payloadType() == 8
          && Goertzel.detect(SipCaller.pcm(G711Transcode.alawToUlaw(r.payload())), hz);
    } catch (Exception e) {
      return false;
    }
  }

  /** The port of the node's first RTP packet to {@code s}. */
  private static int firstFrom(DatagramSocket s) throws Exception {
    List<DatagramPacket> got = new ArrayList<>();
    await().atMost(Duration.ofSeconds(5)).until(() -> {
      got.addAll(receive(s));
      return !got.isEmpty();
    });
    return got.get(0).getPort();
  }

  private static void send(DatagramSocket from, int port, RtpPacket p) throws Exception {
    byte[] b = RtpCodec.serialize(p);
    from.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), port));
  }

  /** A new trunk to the sipp UAS on {@code port}; its id. */
  private static String trunkTo(int port) {
    String trunk = "xfer-" + TRUNKS.incrementAndGet();
    put(Kind.TRUNK, trunk, new JsonObject().put("name", trunk)
        .put("addresses", new JsonArray().add(new JsonObject().put("host", "127.0.0.1").put("port", port)))
        .put("allowedSources", new JsonArray().add("127.0.0.1")));
    return trunk;
  }

  /** The demo tenant's dial policy: US numbers, through {@code trunk}. */
  private static void policyTrunk(String trunk) {
    put(Kind.DIAL_POLICY, "default", new JsonObject().put("defaultCountry", "US").put("trunk", trunk));
  }

  private static void flow(String id, String number, String json) {
    put(Kind.FLOW, id, new JsonObject(json));
    put(Kind.PHONE_NUMBER, number.substring(1), new JsonObject().put("number", number).put("flow", id));
  }

  private static void put(Kind kind, String id, JsonObject body) {
    node.directory().put(T, kind, id, body, null).await();
  }

  /**
   * transfer-caller.xml from {@code number}'s caller, its media on {@code media}: waits {@code waitMs} for the node's
   * BYE ({@code onTimeout} empty: none in time fails the call; ontimeout="hangup": it hangs up itself).
   */
  private Process call(String number, DatagramSocket media, int waitMs, String onTimeout) throws Exception {
    Path sipp = Tools.require("sipp");
    String template = Files.readString(Path.of(FlowTransferSippIT.class.getResource("/sipp/transfer-caller.xml")
        .toURI()));
    Path scenario = tmp.resolve("caller.xml");
    Files.writeString(scenario, template.replace("@WAIT@", String.valueOf(waitMs)).replace("@ONTIMEOUT@", onTimeout));
    Process p = new ProcessBuilder(sipp.toString(), "-sf", scenario.toString(), "-s", number,
        "-i", "127.0.0.1", "-p", String.valueOf(SippPorts.freeSignalingPort()),
        "-mp", String.valueOf(SippPorts.freeMediaPort()), "-m", "1", "-l", "1", "-nostdin",
        "-key", "rtpport", String.valueOf(media.getLocalPort()),
        "-timeout", "40s", "-timeout_error", "127.0.0.1:" + node.sipPort())
        .redirectErrorStream(true).redirectOutput(tmp.resolve("caller.out").toFile()).start();
    callers.add(p);
    return p;
  }

  private static long waiting(String queue) {
    return node.acd().stats(T).await().queues().stream().filter(s -> s.queue().equals(queue))
        .mapToLong(TenantStats.QueueStats::waiting).sum();
  }

  /** The interaction of {@code callId} once the records pipeline has stored it ended. */
  private static Interaction interaction(String callId) {
    PgInteractionQueries q = new PgInteractionQueries(node.database().dataSource());
    await().atMost(Duration.ofSeconds(15)).until(() -> q.get(T, callId).map(i -> i.endedAt() != null)
        .orElse(false));
    try {
      return q.get(T, callId).orElseThrow();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static int rows(String callId) throws Exception {
    try (var c = node.database().dataSource().getConnection();
         var st = c.prepareStatement("SELECT count(*) FROM interactions WHERE tenant = ? AND call_id = ?")) {
      st.setString(1, T);
      st.setString(2, callId);
      try (var rs = st.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /** The newest call.enqueued event of {@code queue} since {@code since}, once the records pipeline stored it. */
  private static Map<String, String> lastEnqueued(String queue, java.time.Instant since) {
    Map<String, String> out = new java.util.HashMap<>();
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      out.clear();
      try (java.sql.Connection c = node.database().dataSource().getConnection();
           java.sql.PreparedStatement st = c.prepareStatement("SELECT fields::text FROM events WHERE tenant = ? "
               + "AND type = 'call.enqueued' AND fields->>'queue' = ? AND ts >= ? "
               + "ORDER BY entry_ms DESC, entry_seq DESC LIMIT 1")) {
        st.setString(1, T);
        st.setString(2, queue);
        st.setObject(3, java.time.OffsetDateTime.ofInstant(since, java.time.ZoneOffset.UTC));
        try (java.sql.ResultSet rs = st.executeQuery()) {
          assertThat(rs.next()).as("a call.enqueued event").isTrue();
          new JsonObject(rs.getString(1)).forEach(e -> out.put(e.getKey(), String.valueOf(e.getValue())));
        }
      }
    });
    return out;
  }
}
