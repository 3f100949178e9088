package io.switchboard.call;

import static io.switchboard.call.BridgeNode.available;
import static io.switchboard.call.BridgeNode.msg;
import static io.switchboard.call.BridgeNode.progress;
import static io.switchboard.call.CampaignSippIT.invitesTo;
import static io.switchboard.call.CampaignSippIT.zoneWhereLocalHourIsIn;
import static io.switchboard.call.RtpProbe.bothWays;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.media.audio.Goertzel;
import io.switchboard.media.rtp.RtpCodec;
import io.switchboard.media.rtp.RtpFormatException;
import io.switchboard.records.Interaction;
import io.switchboard.signaling.WsClient;
import io.switchboard.support.ApiClient;
import io.switchboard.support.ApiClient.Res;
import io.switchboard.support.SippPorts;
import io.switchboard.support.TestNodes;
import io.switchboard.support.TestPostgres;
import io.switchboard.webrtc.WebRtcLeg;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Blind transfer of calls the node dialed (docs/campaigns.md, "Transfer"), end to end on a real node (demo data,
 * embedded Redis, its own PostgreSQL database) with sipp as the called party (its SDP names the test's own UDP
 * socket) and browser legs played by {@link FakeWebRtc}. A progressive campaign's contact, answered and bridged to
 * bob, is transferred to the support queue: bob's leg closes and he wraps up, the contact hears music while nobody
 * in support is free, then alice is offered it exactly once, takes it with audio both ways, and her hang-up ends the
 * SIP call; the interaction records the transfer (queue, from outbound). A click-to-dial call of bob's is
 * transferred to alice (an agent) the same way; one dialed for no queue can go to a queue only.
 */
class OutboundTransferSippIT {
  static final String BASE = "/api/v1/campaigns";
  static final String ANN = "+14155550131";
  static final String DIALED = "+14155550132";

  @RegisterExtension
  static final BridgeNode fx = new BridgeNode("obxfer-it", Map.of(
      "database.url", TestPostgres.newDatabase("obxfer_it"),
      "campaigns.pace-interval-ms", "200", "campaigns.lease-ms", "2000"));
  static final FakeWebRtc webrtc = new FakeWebRtc();
  static ApiClient api;
  static String sam;

  @TempDir
  Path tmp;
  SippPeers peers;

  @BeforeAll
  static void setUp() throws Exception {
    fx.attachDialers(webrtc);
    fx.outboundQueueFor("bob", "outbound");
    api = new ApiClient(fx.node().httpPort());
    sam = TestNodes.login(fx.node().httpPort(), "sam");
  }

  @BeforeEach
  void peers() {
    peers = new SippPeers(tmp);
  }

  @AfterEach
  void nothingLeft() {
    peers.close();
    fx.assertNoCallsLeft(webrtc::activeLegs);
  }

  @Test
  void aProgressiveCallTransferredToAQueueHearsMusicThenReachesTheNextAgentOnce() throws Exception {
    try (DatagramSocket callee = new DatagramSocket(0, InetAddress.getLoopbackAddress());
         WsClient bob = fx.agent("bob");
         WsClient alice = fx.agent("alice")) {
      Path messages = tmp.resolve("callee-messages.log");
      int port = peers.start("callee", SippPorts.freeSignalingPort(), "predictive-callee.xml", 90, "-m", "1",
          "-key", "rtpport", String.valueOf(callee.getLocalPort()), "-trace_msg", "-message_file",
          messages.toString());
      fx.dialPolicyTo("obxfer-campaign", port);
      String list = newList();
      Res imported = api.csv("/api/v1/contact-lists/" + list + "/import", sam,
          "name,phone,timezone\nAnn Answer," + ANN + "," + zoneWhereLocalHourIsIn(11, 17) + "\n");
      assertThat(imported.status()).as(imported.body()).isEqualTo(200);
      Res created = api.post(BASE, sam, new JsonObject().put("name", "Transfers").put("queue", "outbound")
          .put("listIds", new JsonArray().add(list)).put("timeZone", "UTC")
          .put("schedule", new JsonObject().put("endAt", Instant.now().plusSeconds(3600).toString())).encode());
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      String id = created.json().getString("id");
      available(bob);
      alice.next("hello");
      assertThat(api.send("POST", BASE + "/" + id + "/start", sam, null, null).status()).isEqualTo(200);

      // bob takes the contact: dialed, answered, bridged
      JsonObject offer = bob.await(m -> "call.offered".equals(m.getString("type")), Duration.ofSeconds(10));
      assertThat(offer.getString("callback")).isEqualTo(ANN);
      String callId = offer.getString("callId");
      FakeLeg first = connect(bob, callId, "b", true, true);
      bothWays(callee, first);

      // to the support queue, where nobody is free: bob's leg closes, he wraps up, the contact hears music
      JsonObject transfer = bob.request("t", msg("call.transfer").put("callId", callId).put("queue", "support"));
      assertThat(transfer.getString("type")).as(transfer.encode()).isEqualTo("ack");
      await().atMost(Duration.ofSeconds(3)).until(() -> first.state() == WebRtcLeg.State.CLOSED);
      bob.await(m -> "agent.state".equals(m.getString("type")) && "wrap-up".equals(m.getString("state"))
          && callId.equals(m.getString("callId")), Duration.ofSeconds(5));
      assertThat(audible(callee)).as("music frames among the contact's last second").isGreaterThan(20);
      assertThat(fx.node().acd().call("demo", callId).await().state()).isEqualTo("waiting");

      // alice comes: offered it once, as a caller (nothing to dial), and talks with the contact
      assertThat(alice.request("av", msg("state.set").put("state", "available")).getString("type")).isEqualTo("ack");
      JsonObject second = alice.await(m -> "call.offered".equals(m.getString("type")), Duration.ofSeconds(5));
      assertThat(second.getString("callId")).isEqualTo(callId);
      assertThat(second.getString("queue")).isEqualTo("support");
      assertThat(second.getString("callback")).as("the contact is on the line").isNull();
      FakeLeg leg = connect(alice, callId, "a", true, false);
      assertThat(leg).isNotSameAs(first);
      bothWays(callee, leg);
      assertThat(fx.acdEvents("call.reserved", callId)).extracting(e -> e.get("agentId"))
          .as("routed exactly once after the transfer").containsExactly("bob", "alice");
      assertThat(alice.drain(300)).noneMatch(m -> "call.offered".equals(m.getString("type")));

      // alice hangs up: the contact gets the BYE (sipp's scenario ends), she wraps up
      assertThat(alice.request("h", msg("call.hangup").put("callId", callId)).getString("type")).isEqualTo("ack");
      alice.await(m -> "agent.state".equals(m.getString("type")) && "wrap-up".equals(m.getString("state")),
          Duration.ofSeconds(5));
      peers.assertPassed("callee");
      assertThat(invitesTo(Files.readString(messages), ANN)).as("dialed once").isEqualTo(1);
      assertThat(bob.request("w1", msg("wrapup.done").put("callId", callId).put("disposition", "transferred"))
          .getString("type")).isEqualTo("ack");
      assertThat(alice.request("w2", msg("wrapup.done").put("callId", callId).put("disposition", "sale"))
          .getString("type")).isEqualTo("ack");

      Interaction i = fx.interaction(callId);
      assertThat(i.transfers()).isEqualTo(1);
      assertThat(i.agentId()).as("the first to answer").isEqualTo("bob");
      assertThat(i.finalQueue()).isEqualTo("support");
      assertThat(i.legs()).extracting(Interaction.Leg::agentId, Interaction.Leg::outcome,
          Interaction.Leg::transferred).containsExactly(org.assertj.core.groups.Tuple.tuple("bob", "answered", true),
          org.assertj.core.groups.Tuple.tuple("alice", "answered", false));
      assertThat(transferSteps(i)).singleElement().satisfies(s -> assertThat(s.getMap())
          .containsEntry("agent", "bob").containsEntry("transferKind", "queue").containsEntry("from", "outbound")
          .containsEntry("queue", "support"));
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        JsonObject p = api.get(BASE + "/" + id + "/progress", sam).json();
        assertThat(p.getLong("inFlight")).as(p.encode()).isZero();
        assertThat(p.getJsonObject("byOutcome").getMap()).containsEntry("answered", 1);
      });
      // its one contact is done (answered, wrapped up "sale"): the pacer completes the campaign, nothing is redialed
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(api.get(BASE + "/" + id, sam).json()
          .getString("status")).isEqualTo("completed"));
    }
  }

  @Test
  void aClickToDialCallIsTransferredToAnAgentAndOneDialedForNoQueueOnlyToAQueue() throws Exception {
    try (DatagramSocket callee = new DatagramSocket(0, InetAddress.getLoopbackAddress());
         WsClient bob = fx.agent("bob");
         WsClient alice = fx.agent("alice")) {
      int port = peers.start("callee", SippPorts.freeSignalingPort(), "predictive-callee.xml", 90, "-m", "2",
          "-key", "rtpport", String.valueOf(callee.getLocalPort()));
      fx.dialPolicyTo("obxfer-dial", port);
      available(bob);
      available(alice);

      // dialed for no queue: it has nowhere to wait if an agent's offer ran out, so only a queue can take it
      String alone = dial(bob, null);
      FakeLeg aloneLeg = webrtc.last();
      JsonObject refused = bob.request("t0", msg("call.transfer").put("callId", alone).put("agentId", "alice"));
      assertThat(refused.getString("code")).as(refused.encode()).isEqualTo("invalid-transition");
      assertThat(refused.getString("message")).contains("no queue");
      assertThat(bob.request("h0", msg("call.hangup").put("callId", alone)).getString("type")).isEqualTo("ack");
      await().atMost(Duration.ofSeconds(3)).until(() -> aloneLeg.state() == WebRtcLeg.State.CLOSED);
      bob.await(m -> "agent.state".equals(m.getString("type")) && "wrap-up".equals(m.getString("state")),
          Duration.ofSeconds(5));
      assertThat(bob.request("w0", msg("wrapup.done").put("callId", alone).put("disposition", "none")).getString("type")).isEqualTo("ack");
      bob.await(m -> "agent.state".equals(m.getString("type")) && "available".equals(m.getString("state")),
          Duration.ofSeconds(5));

      // dialed for bob's queue: to alice, who takes it with audio both ways
      String callId = dial(bob, "outbound");
      FakeLeg first = webrtc.last();
      bothWays(callee, first);
      JsonObject transfer = bob.request("t1", msg("call.transfer").put("callId", callId).put("agentId", "alice"));
      assertThat(transfer.getString("type")).as(transfer.encode()).isEqualTo("ack");
      await().atMost(Duration.ofSeconds(3)).until(() -> first.state() == WebRtcLeg.State.CLOSED);
      bob.await(m -> "agent.state".equals(m.getString("type")) && "wrap-up".equals(m.getString("state"))
          && callId.equals(m.getString("callId")), Duration.ofSeconds(5));
      JsonObject offered = alice.await(m -> "call.offered".equals(m.getString("type")), Duration.ofSeconds(5));
      assertThat(offered.getString("callId")).isEqualTo(callId);
      assertThat(audible(callee)).as("music while alice is offered it").isGreaterThan(20);
      FakeLeg leg = connect(alice, callId, "a", true, false);
      bothWays(callee, leg);

      assertThat(alice.request("h1", msg("call.hangup").put("callId", callId)).getString("type")).isEqualTo("ack");
      alice.await(m -> "agent.state".equals(m.getString("type")) && "wrap-up".equals(m.getString("state")),
          Duration.ofSeconds(5));
      peers.assertPassed("callee");
      assertThat(bob.request("w1", msg("wrapup.done").put("callId", callId).put("disposition", "done")).getString("type")).isEqualTo("ack");
      assertThat(alice.request("w2", msg("wrapup.done").put("callId", callId).put("disposition", "done")).getString("type")).isEqualTo("ack");
      Interaction i = fx.interaction(callId);
      assertThat(i.direction()).isEqualTo("outbound");
      assertThat(i.transfers()).isEqualTo(1);
      assertThat(i.legs()).filteredOn(l -> "alice".equals(l.agentId())).singleElement()
          .satisfies(l -> assertThat(l.outcome()).isEqualTo("answered"));
      assertThat(transferSteps(i)).singleElement().satisfies(s -> assertThat(s.getMap())
          .containsEntry("agent", "bob").containsEntry("transferKind", "agent").containsEntry("from", "outbound")
          .containsEntry("to", "alice"));
    }
  }

  /** {@code agent} dials {@link #DIALED} (for {@code queue}, or none); returns the call's id once it is bridged. */
  private static String dial(WsClient agent, String queue) {
    JsonObject m = msg("call.dial").put("number", DIALED);
    if (queue != null) {
      m.put("queueId", queue);
    }
    JsonObject dialing = agent.request("d" + System.nanoTime(), m);
    assertThat(dialing.getString("type")).as(dialing.encode()).isEqualTo("call.dialing");
    String callId = dialing.getString("callId");
    connect(agent, callId, "o", false, true);
    return callId;
  }

  /**
   * {@code agent} takes {@code callId} ({@code accept}: the offer of it first) and offers its browser leg; once the
   * node answers it (after the called party's answer when {@code dialing}), the fake leg connects and is returned.
   */
  private static FakeLeg connect(WsClient agent, String callId, String tag, boolean accept, boolean dialing) {
    if (accept) {
      assertThat(agent.request(tag + "acc", msg("call.accept").put("callId", callId)).getString("type"))
          .isEqualTo("ack");
    }
    assertThat(agent.request(tag + "off", msg("media.offer").put("callId", callId)
        .put("sdp", BridgeFakeLegIT.OFFER)).getString("type")).isEqualTo("ack");
    if (dialing) {
      agent.await(m -> progress(m, "answered"), Duration.ofSeconds(10));
    }
    agent.next("media.answer");
    FakeLeg leg = webrtc.last();
    leg.connect();
    return leg;
  }

  /** PCMU frames above silence among what reaches the contact's socket in about a second. */
  private static long audible(DatagramSocket callee) throws Exception {
    callee.setSoTimeout(20);
    RtpProbe.receive(callee); // what was queued before the transfer
    List<DatagramPacket> heard = new java.util.ArrayList<>();
    long until = System.nanoTime() + 1_000_000_000L;
    while (System.nanoTime() < until) {
      heard.addAll(RtpProbe.receive(callee));
    }
    return heard.stream().filter(OutboundTransferSippIT::music).count();
  }

  /** A PCMU frame above silence that is not the agent's tone. */
  private static boolean music(DatagramPacket p) {
    if (p.getLength() < 12 || (p.getData()[1] & 0x7F) != 0) {
      return false;
    }
    try {
      short[] pcm = SipCaller.pcm(RtpCodec.parse(p.getData(), 0, p.getLength()).payload());
      return Goertzel.rms(pcm, 0, 160) > Goertzel.SILENCE_RMS && !Goertzel.detect(pcm, BridgeNode.AGENT_HZ);
    } catch (RtpFormatException e) {
      return false;
    }
  }

  private static List<JsonObject> transferSteps(Interaction i) {
    return new JsonArray(i.timeline()).stream().map(JsonObject.class::cast)
        .filter(s -> "transferred".equals(s.getString("kind"))).toList();
  }

  private static String newList() {
    Res r = api.post("/api/v1/contact-lists", sam, new JsonObject().put("name", "transfers").encode());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().getString("id");
  }
}
