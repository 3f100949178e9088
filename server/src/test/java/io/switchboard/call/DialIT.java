package io.switchboard.call;

import static io.switchboard.call.BridgeNode.AGENT_HZ;
import static io.switchboard.call.BridgeNode.CALLER_HZ;
import static io.switchboard.call.BridgeNode.available;
import static io.switchboard.call.BridgeNode.msg;
import static io.switchboard.call.BridgeNode.progress;
import static io.switchboard.call.RtpProbe.bothWays;
import static io.switchboard.call.RtpProbe.bound;
import static io.switchboard.call.RtpProbe.receive;
import static io.switchboard.call.RtpProbe.tone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.directory.IfMatch;
import io.switchboard.directory.Kind;
import io.switchboard.media.audio.Goertzel;
import io.switchboard.media.rtp.RtpCodec;
import io.switchboard.media.rtp.RtpPacket;
import io.switchboard.records.Interaction;
import io.switchboard.records.PgInteractionQueries;
import io.switchboard.signaling.WsClient;
import io.switchboard.sip.SipResponse;
import io.switchboard.support.ApiClient;
import io.switchboard.support.SippPorts;
import io.switchboard.support.TestNodes;
import io.switchboard.support.TestPostgres;
import io.switchboard.support.Tools;
import io.switchboard.webrtc.WebRtcLeg;
import io.vertx.core.json.JsonObject;
import java.io.File;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Click-to-dial end to end on a real node (demo data, embedded Redis): an agent's {@code call.dial} goes out on the
 * tenant's trunk to sipp as the called party, the agent's browser leg is played by {@link FakeWebRtc} (plain RTP
 * through the leg contract) and the called party's media by the test's own UDP socket, named in sipp's SDP answer.
 * Outcomes: answered (bridged both ways, the called party's BYE puts the agent in wrap-up, no inbound offer
 * meanwhile), early media then busy, busy (486), no answer (CANCEL after dial.no-answer-seconds, shortened to 6), and
 * a blocked number or one on the do-not-call list that never leaves the node.
 */
class DialIT {
  static final String OFFER = BridgeFakeLegIT.OFFER;
  private static final AtomicInteger TRUNKS = new AtomicInteger();

  @RegisterExtension
  // a database of its own: the queue report it reads counts every call of the day in it, not only this test's
  static final BridgeNode fx = new BridgeNode("dial-it", Map.of("dial.no-answer-seconds", "6",
      "database.url", TestPostgres.newDatabase("dial_it")));
  static final FakeWebRtc webrtc = new FakeWebRtc();

  @TempDir
  Path tmp;
  Process sipp;

  @BeforeAll
  static void attachFakeLegs() {
    fx.attachDialers(webrtc);
  }

  @AfterEach
  void nothingLeft() {
    if (sipp != null) {
      sipp.destroyForcibly();
    }
    fx.assertNoCallsLeft(webrtc::activeLegs);
  }

  @Test
  void anAnsweredCallIsBridgedBothWaysAndTheCalledPartysByePutsTheAgentInWrapUp() throws Exception {
    try (DatagramSocket callee = new DatagramSocket(0, InetAddress.getLoopbackAddress());
         WsClient alice = fx.agent("alice")) {
      fx.dialPolicyTo("dial-" + TRUNKS.incrementAndGet(), sipp("dial-answer-then-bye.xml", "-key", "rtpport", String.valueOf(callee.getLocalPort())));
      available(alice);

      JsonObject dialing = alice.request("d", msg("call.dial").put("number", "(415) 555-0199"));
      assertThat(dialing.getString("type")).as(dialing.encode()).isEqualTo("call.dialing");
      assertThat(dialing.getString("number")).isEqualTo("+14155550199");
      assertThat(dialing.getString("callerId")).isEqualTo("+15550100");
      String callId = dialing.getString("callId");
      assertThat(alice.await(m -> "agent.state".equals(m.getString("type")) && "on-call".equals(m.getString("state")))
          .getString("callId")).isEqualTo(callId);
      assertThat(alice.request("o", msg("media.offer").put("callId", callId).put("sdp", OFFER)).getString("type"))
          .isEqualTo("ack");
      assertThat(alice.await(m -> progress(m, "ringing")).getString("callId")).isEqualTo(callId);
      alice.await(m -> progress(m, "answered"));
      assertThat(alice.next("media.answer").getString("callId")).isEqualTo(callId);
      FakeLeg leg = webrtc.last();
      leg.connect();

      bothWays(callee, leg); // agent ⇄ called party (sipp's media address is the test's socket)

      // hold and resume work as on an inbound call (the called party hears music, nothing is relayed)
      assertThat(alice.request("h", msg("call.hold").put("callId", callId)).getString("type")).isEqualTo("ack");
      assertThat(alice.next("call.held").getString("callId")).isEqualTo(callId);
      assertThat(alice.request("r", msg("call.resume").put("callId", callId)).getString("type")).isEqualTo("ack");
      assertThat(alice.next("call.resumed").getString("callId")).isEqualTo(callId);
      assertThat(alice.request("m", msg("call.mute").put("callId", callId).put("muted", "true")).getString("type"))
          .isEqualTo("ack");
      assertThat(fx.node().acd().call("demo", callId).await().muted()).isTrue();

      // on an outbound call the agent is offered no inbound call: a caller to its queue waits
      try (SipCaller caller = fx.caller()) {
        SipResponse ok = caller.invite("+15550100");
        assertThat(ok.status()).isEqualTo(200);
        caller.ack(ok);
        await().atMost(Duration.ofSeconds(3)).until(() -> fx.queueStats("support").waiting() == 1);
        Thread.sleep(500);
        assertThat(alice.peek()).noneMatch(m -> "call.offered".equals(m.getString("type")));
        caller.bye();
        await().atMost(Duration.ofSeconds(3)).until(() -> fx.queueStats("support").waiting() == 0);
      }

      // the called party hangs up (sipp's BYE after 8 s): the agent goes to wrap-up, the leg closes
      JsonObject wrap = alice.await(m -> "agent.state".equals(m.getString("type"))
          && "wrap-up".equals(m.getString("state")), Duration.ofSeconds(15));
      assertThat(wrap.getString("callId")).isEqualTo(callId);
      await().atMost(Duration.ofSeconds(3)).until(() -> leg.state() == WebRtcLeg.State.CLOSED);
      assertThat(alice.request("w", msg("wrapup.done").put("callId", callId).put("disposition", "sale"))
          .getString("type")).isEqualTo("ack");
      alice.await(m -> "agent.state".equals(m.getString("type")) && "available".equals(m.getString("state")));
      assertSippPassed();
      assertThat(fx.node().acd().call("demo", callId).await().state()).isEqualTo("ended");

      // the records pipeline stores it as an outbound interaction, answered, with the number and the caller ID
      Interaction row = interaction(callId, "answered");
      assertThat(row.direction()).isEqualTo("outbound");
      assertThat(row.caller()).isEqualTo("+14155550199");
      assertThat(row.callerId()).isEqualTo("+15550100");
      assertThat(row.agentId()).isEqualTo("alice");
      assertThat(row.endedBy()).isEqualTo("caller");
      assertThat(row.talkMs()).isGreaterThan(1000);
      assertThat(row.disposition()).isEqualTo("sale");
      assertThat(row.timeline()).contains("\"dialed\"").contains("\"answered\"");
    }
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

  @Test
  void aCallForAQueueShowsItsCallerIdIsRecordedByItsPolicyAndStaysOutOfItsReport() throws Exception {
    JsonObject sales = fx.node().directory().get("demo", Kind.QUEUE, "sales").await().orElseThrow();
    fx.node().directory().put("demo", Kind.QUEUE, "sales", sales.copy().put("recording", "all")
        .put("outboundCallerId", "+15550101"), IfMatch.ANY).await();
    try (DatagramSocket callee = new DatagramSocket(0, InetAddress.getLoopbackAddress());
         WsClient alice = fx.agent("alice")) {
      fx.dialPolicyTo("dial-" + TRUNKS.incrementAndGet(), sipp("dial-answer-then-bye.xml", "-key", "rtpport", String.valueOf(callee.getLocalPort())));
      available(alice);
      JsonObject dialing = alice.request("d", msg("call.dial").put("number", "+44 20 7946 0018")
          .put("queueId", "sales"));
      assertThat(dialing.getString("callerId")).as("the queue's outboundCallerId").isEqualTo("+15550101");
      String callId = dialing.getString("callId");
      assertThat(alice.request("o", msg("media.offer").put("callId", callId).put("sdp", OFFER)).getString("type"))
          .isEqualTo("ack");
      alice.await(m -> progress(m, "answered"));
      alice.next("media.answer");
      webrtc.last().connect();
      JsonObject recording = alice.await(m -> "recording.state".equals(m.getString("type")));
      assertThat(recording.getString("state")).isEqualTo("recording");
      assertThat(recording.getString("policy")).isEqualTo("all");

      alice.await(m -> "agent.state".equals(m.getString("type")) && "wrap-up".equals(m.getString("state")),
          Duration.ofSeconds(15));
      assertThat(alice.request("w", msg("wrapup.done").put("callId", callId).put("disposition", "sale"))
          .getString("type")).isEqualTo("ack");
      assertSippPassed();

      Interaction row = interaction(callId, "answered");
      assertThat(row.direction()).isEqualTo("outbound");
      assertThat(row.queue()).isEqualTo("sales");
      assertThat(row.callerId()).isEqualTo("+15550101");
      try (var c = fx.node().database().dataSource().getConnection();
           var q = c.prepareStatement("SELECT count(*) FROM recordings WHERE call_id = ?")) {
        q.setString(1, callId);
        try (var rs = q.executeQuery()) {
          rs.next();
          assertThat(rs.getInt(1)).as("recorded by the queue's policy").isEqualTo(1);
        }
      }
      String day = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
      String next = java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(1).toString();
      String token = TestNodes.login(fx.node().httpPort(), "sam");
      java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
          java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + fx.node().httpPort()
              + "/api/v1/reports/queues?queue=sales&from=" + day + "&to=" + next + "&interval=day&tz=UTC"))
              .header("Authorization", "Bearer " + token).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonObject totals = new JsonObject(r.body()).getJsonArray("totals").getJsonObject(0);
      assertThat(totals.getInteger("offered")).as("outbound calls stay out of the queue's figures " + totals)
          .isZero();
      assertThat(totals.getInteger("answered")).isZero();
    } finally {
      JsonObject now = fx.node().directory().get("demo", Kind.QUEUE, "sales").await().orElseThrow();
      fx.node().directory().put("demo", Kind.QUEUE, "sales", now.copy().put("recording", "none")
          .putNull("outboundCallerId"), IfMatch.ANY).await();
    }
  }

  @Test
  void aBusyLineIsReportedAndTheAgentIsBackWhereItDialedFrom() throws Exception {
    try (WsClient bob = fx.agent("bob")) {
      fx.dialPolicyTo("dial-" + TRUNKS.incrementAndGet(), sipp("dial-busy.xml"));
      bob.next("hello");
      assertThat(bob.request("a", msg("state.set").put("state", "away").put("reason", "lunch")).getString("type"))
          .isEqualTo("ack");
      JsonObject dialing = bob.request("d", msg("call.dial").put("number", "+1 415 555 0142"));
      assertThat(dialing.getString("type")).as(dialing.encode()).isEqualTo("call.dialing");
      String callId = dialing.getString("callId");
      JsonObject failed = bob.next("call.dial.failed");
      assertThat(failed.getString("callId")).isEqualTo(callId);
      assertThat(failed.getString("reason")).isEqualTo("busy");
      assertThat(failed.getInteger("status")).isEqualTo(486);
      JsonObject back = bob.await(m -> "agent.state".equals(m.getString("type")) && "away".equals(m.getString("state")));
      assertThat(back.getString("reason")).isEqualTo("lunch");
      assertSippPassed();
      assertThat(fx.node().acd().agent("demo", "bob").await().state().wire()).isEqualTo("away");
      Interaction row = interaction(callId, "busy");
      assertThat(row.direction()).isEqualTo("outbound");
      assertThat(row.answeredAt()).isNull();
      assertThat(row.caller()).isEqualTo("+14155550142");
    }
  }

  @Test
  void earlyMediaReachesTheAgentBeforeTheAnswerAndABusyAfterItClosesTheLeg() throws Exception {
    try (DatagramSocket callee = new DatagramSocket(0, InetAddress.getLoopbackAddress());
         WsClient alice = fx.agent("alice")) {
      fx.dialPolicyTo("dial-" + TRUNKS.incrementAndGet(), sipp("dial-early-media-then-busy.xml", "-key", "rtpport", String.valueOf(callee.getLocalPort())));
      available(alice);
      JsonObject dialing = alice.request("d", msg("call.dial").put("number", "+1 415 555 0177"));
      String callId = dialing.getString("callId");
      assertThat(alice.request("o", msg("media.offer").put("callId", callId).put("sdp", OFFER)).getString("type"))
          .isEqualTo("ack");
      alice.await(m -> progress(m, "early-media"));
      assertThat(alice.next("media.answer").getString("callId")).as("answered at early media").isEqualTo(callId);
      FakeLeg leg = webrtc.last();
      leg.connect();

      // the far end's "announcement" (a tone from sipp's media address) reaches the browser before any answer
      callee.setSoTimeout(20);
      List<DatagramPacket> fromNode = new ArrayList<>();
      AtomicInteger agentSeq = new AtomicInteger();
      await().atMost(Duration.ofSeconds(3)).until(() -> { // where the node's RTP comes from (relayed agent audio)
        int i = agentSeq.getAndIncrement();
        leg.fromBrowser(RtpPacket.of(i == 0, 0, 3000 + i, 640_000 + 160L * i, 0xB0B, SipCaller.ulawTone(AGENT_HZ)));
        fromNode.addAll(receive(callee));
        return !fromNode.isEmpty();
      });
      int nodePort = fromNode.get(0).getPort();
      AtomicInteger seq = new AtomicInteger();
      await().atMost(Duration.ofSeconds(3)).until(() -> {
        int i = seq.getAndIncrement();
        byte[] b = RtpCodec.serialize(RtpPacket.of(i == 0, 0, 700 + i, 9_000 + 160L * i, 0xEA71,
            SipCaller.ulawTone(CALLER_HZ)));
        callee.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), nodePort));
        Thread.sleep(20);
        return leg.sent.stream().filter(p -> Goertzel.detect(SipCaller.pcm(p.payload()), CALLER_HZ)).count() >= 3;
      });
      assertThat(fx.node().acd().call("demo", callId).await().answeredEpochMs()).as("not answered").isZero();

      JsonObject failed = alice.await(m -> "call.dial.failed".equals(m.getString("type")), Duration.ofSeconds(8));
      assertThat(failed.getString("reason")).isEqualTo("busy");
      await().atMost(Duration.ofSeconds(3)).until(() -> leg.state() == WebRtcLeg.State.CLOSED);
      alice.await(m -> "agent.state".equals(m.getString("type")) && "available".equals(m.getString("state")));
      assertSippPassed();
    }
  }

  @Test
  void aCallNobodyAnswersIsCancelledAfterTheNoAnswerTime() throws Exception {
    try (WsClient dave = fx.agent("dave")) {
      fx.dialPolicyTo("dial-" + TRUNKS.incrementAndGet(), sipp("dial-ring-until-cancel.xml"));
      available(dave);
      long t0 = System.nanoTime();
      JsonObject dialing = dave.request("d", msg("call.dial").put("number", "4155550143"));
      assertThat(dialing.getString("type")).as(dialing.encode()).isEqualTo("call.dialing");
      dave.await(m -> progress(m, "ringing"));
      JsonObject failed = dave.await(m -> "call.dial.failed".equals(m.getString("type")), Duration.ofSeconds(12));
      assertThat(failed.getString("reason")).isEqualTo("no-answer");
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("dial.no-answer-seconds=6")
          .isBetween(Duration.ofMillis(5800), Duration.ofSeconds(10));
      dave.await(m -> "agent.state".equals(m.getString("type")) && "available".equals(m.getString("state")));
      assertSippPassed(); // sipp got the CANCEL and the ACK of its 487
    }
  }

  @Test
  void aBlockedNumberNeverLeavesTheNode() throws Exception {
    try (DatagramSocket trunk = new DatagramSocket(0, InetAddress.getLoopbackAddress());
         WsClient carol = fx.agent("carol")) {
      fx.dialPolicyTo("dial-" + TRUNKS.incrementAndGet(), trunk.getLocalPort());
      available(carol);
      JsonObject premium = carol.request("d", msg("call.dial").put("number", "1-900-555-0100"));
      assertThat(premium.getString("type")).isEqualTo("error");
      assertThat(premium.getString("code")).isEqualTo("blocked-number");
      assertThat(premium.getString("field")).isEqualTo("number");
      JsonObject invalid = carol.request("i", msg("call.dial").put("number", "555-12"));
      assertThat(invalid.getString("code")).isEqualTo("invalid-number");
      JsonObject strict = carol.request("s", msg("call.dial").put("number", "+14155550100").put("queue", "sales"));
      assertThat(strict.getString("code")).isEqualTo("unknown-field");
      JsonObject notMine = carol.request("q", msg("call.dial").put("number", "+14155550100").put("queueId", "support"));
      assertThat(notMine.getString("code")).isEqualTo("bad-queue");
      assertThat(notMine.getString("field")).isEqualTo("queueId");

      trunk.setSoTimeout(1000);
      assertThat(receive(trunk)).as("no INVITE reached the trunk").isEmpty();
      assertThat(fx.node().acd().agent("demo", "carol").await().state().wire()).isEqualTo("available");
    }
  }

  @Test
  void aNumberOnTheDoNotCallListNeverLeavesTheNode() throws Exception {
    ApiClient api = new ApiClient(fx.node().httpPort());
    String sam = TestNodes.login(fx.node().httpPort(), "sam");
    assertThat(api.put("/api/v1/do-not-call/(415)%20555-0177", sam, "{\"reason\":\"asked on 2026-12-01\"}")
        .status()).isEqualTo(200);
    try (DatagramSocket trunk = new DatagramSocket(0, InetAddress.getLoopbackAddress());
         WsClient carol = fx.agent("carol")) {
      fx.dialPolicyTo("dial-" + TRUNKS.incrementAndGet(), trunk.getLocalPort());
      available(carol);
      JsonObject listed = carol.request("d", msg("call.dial").put("number", "+1 415 555 0177"));
      assertThat(listed.getString("code")).isEqualTo("do-not-call");
      assertThat(listed.getString("field")).isEqualTo("number");
      assertThat(listed.getString("message")).contains("+14155550177");
      trunk.setSoTimeout(1000);
      assertThat(receive(trunk)).as("no INVITE reached the trunk").isEmpty();
      assertThat(fx.node().acd().agent("demo", "carol").await().state().wire()).isEqualTo("available");
    } finally {
      assertThat(api.delete("/api/v1/do-not-call/+14155550177", sam).status()).isEqualTo(204);
    }
  }

  // ------------------------------------------------------------------ helpers





  /** sipp with {@code scenario} on a free port, once it listens; returns the port. */
  private int sipp(String scenario, String... extra) throws Exception {
    Path sippBin = Tools.require("sipp");
    int port = SippPorts.freeSignalingPort();
    Path file = Path.of(DialIT.class.getResource("/sipp/" + scenario).toURI());
    List<String> cmd = new ArrayList<>(List.of(sippBin.toString(), "-sf", file.toString(), "-i", "127.0.0.1",
        "-p", String.valueOf(port), "-mp", String.valueOf(SippPorts.freeMediaPort()), "-m", "1",
        "-timeout", "30s", "-timeout_error", "-nostdin"));
    cmd.addAll(List.of(extra));
    sipp = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true)
        .redirectOutput(new File(tmp.toFile(), "sipp.out")).start();
    await().atMost(Duration.ofSeconds(5)).until(() -> bound(port));
    return port;
  }

  private void assertSippPassed() throws Exception {
    boolean done = sipp.waitFor(15, TimeUnit.SECONDS);
    String out = Files.readString(tmp.resolve("sipp.out"));
    assertThat(done).as("sipp finished\n" + out).isTrue();
    assertThat(sipp.exitValue()).as("sipp exit code\n" + out).isZero();
  }
}
