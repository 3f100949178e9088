package io.switchboard.call;

import static io.switchboard.call.BridgeNode.available;
import static io.switchboard.call.BridgeNode.msg;
import static io.switchboard.call.CampaignSippIT.invitesTo;
import static io.switchboard.call.CampaignSippIT.zoneWhereLocalHourIsIn;
import static io.switchboard.call.RtpProbe.bothWays;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.signaling.WsClient;
import io.switchboard.support.ApiClient;
import io.switchboard.support.ApiClient.Res;
import io.switchboard.support.SippPorts;
import io.switchboard.support.TestNodes;
import io.switchboard.support.TestPostgres;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A predictive campaign end to end on a real node (demo data, embedded Redis, its own PostgreSQL database): one agent
 * (WebSocket, browser leg played by {@link FakeWebRtc}) available in the campaign's queue, and one sipp UAS behind the
 * tenant's trunk answering every number and staying on until the node hangs up. The campaign's stored history
 * (campaign_attempts and the answers' call.enqueued events, as earlier attempts would have left them) has a low answer
 * rate (3 %), so the pacer, reading it when it takes the campaign, dials two contacts for the one free agent at once;
 * both answer:
 * one is bridged to the agent (tones both ways), the other waits the grace time (2 s), hears the abandon message, is
 * hung up and counted abandoned; a reconciliation meanwhile drops neither; a number on the tenant's do-not-call list is
 * never dialed, nor a premium-rate one (refused by the dial planner): the campaigns report counts both by reason. The
 * abandoned contact hears the campaign's own abandon prompt, a tone the tenant's admin uploaded (its audio reaches the
 * contact's RTP socket); a campaign naming a prompt the tenant does not have is refused naming abandonPrompt. The
 * agent blind-transfers the connected contact to another agent, who takes it (tones both ways) and wraps it up; the
 * transfer is in the call's events.
 */
class PredictiveSippIT {
  static final String OFFER = BridgeFakeLegIT.OFFER;
  static final String BASE = "/api/v1/campaigns";
  static final String FIRST = "+14155550111";
  static final String SECOND = "+14155550112";
  static final String TENANT_DNC = "+14155550133";
  /** A premium-rate number: the dial policy's default blocked prefixes refuse it at dial time. */
  static final String PREMIUM = "+19005550199";

  static final String DATABASE = TestPostgres.newDatabase("predictive_it");
  static final String ADMIN_PASSWORD = "predictive-admin-1";
  /** The campaign's abandon prompt: a tone no other audio of the test has (the legs' tones are 1000 and 1400 Hz). */
  static final double ABANDON_HZ = 600;

  @RegisterExtension
  static final BridgeNode fx = new BridgeNode("predictive-it", Map.of(
      "database.url", DATABASE, "bootstrap.admin.password", ADMIN_PASSWORD,
      "campaigns.pace-interval-ms", "200", "campaigns.lease-ms", "2000",
      "campaigns.predictive.aim-fraction", "1", "campaigns.predictive.min-samples", "10"));
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

  @org.junit.jupiter.api.BeforeEach
  void peers() {
    peers = new SippPeers(tmp);
  }

  @AfterEach
  void nothingLeft() {
    peers.close();
    fx.assertNoCallsLeft(webrtc::activeLegs);
  }

  /**
   * What earlier attempts would have left in the store: 2,400 settled attempts, every 30th answered after 0.5 s (80
   * answers in 30 days: room in the 3 % cap for the first abandons), the others unanswered.
   */
  private static void storedHistory(String campaign) throws Exception {
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(DATABASE, "postgres", null);
         java.sql.PreparedStatement a = c.prepareStatement("INSERT INTO campaign_attempts (tenant, call_id, "
             + "campaign_id, contact, outcome, answered, abandoned, settled_at) SELECT 'demo', 'hist-' || g, ?::uuid, "
             + "'x', CASE WHEN g % 30 = 0 THEN 'answered' ELSE 'no-answer' END, g % 30 = 0, false, "
             + "now() - make_interval(secs => 2400 - g) FROM generate_series(0, 2399) g");
         java.sql.PreparedStatement e = c.prepareStatement("INSERT INTO events (tenant, entry_id, type, ts, node, "
             + "fields) SELECT 'demo', (1000000 + g) || '-0', 'call.enqueued', now(), 'earlier', "
             + "jsonb_build_object('callId', 'hist-' || g, 'ringMs', '500') FROM generate_series(0, 2399, 30) g")) {
      a.setString(1, campaign);
      assertThat(a.executeUpdate()).isEqualTo(2400);
      assertThat(e.executeUpdate()).isEqualTo(80);
    }
  }

  @Test
  void dialsAheadBridgesOneAnswerAbandonsTheOtherAndNeverDialsDoNotCall() throws Exception {
    try (DatagramSocket callee = new DatagramSocket(0, InetAddress.getLoopbackAddress());
         WsClient bob = fx.agent("bob")) {
      Path messages = tmp.resolve("callee-messages.log");
      int uasPort = peers.start("callee", SippPorts.freeSignalingPort(), "predictive-callee.xml", 90, "-m", "2", "-key", "rtpport",
          String.valueOf(callee.getLocalPort()), "-trace_msg", "-message_file", messages.toString());
      fx.dialPolicyTo("campaign", uasPort);
      Res dnc = api.put("/api/v1/do-not-call/" + TENANT_DNC.replace("+", "%2B"), sam,
          new JsonObject().put("reason", "asked not to be called").encode());
      assertThat(dnc.status()).as(dnc.body()).isIn(200, 201);
      String day = zoneWhereLocalHourIsIn(11, 17);
      Res list = api.post("/api/v1/contact-lists", sam, new JsonObject().put("name", "leads").encode());
      assertThat(list.status()).as(list.body()).isEqualTo(201);
      String listId = list.json().getString("id");
      Res imported = api.csv("/api/v1/contact-lists/" + listId + "/import", sam, String.join("\n",
          "name,phone,timezone,attr.priority",
          "Dee Donotcall," + TENANT_DNC + "," + day + ",9",
          "Ann First," + FIRST + "," + day + ",8",
          "Sid Second," + SECOND + "," + day + ",7",
          "Pam Premium," + PREMIUM + "," + day + ",1") + "\n");
      assertThat(imported.status()).as(imported.body()).isEqualTo(200);
      JsonObject campaign = new JsonObject().put("name", "Leads").put("queue", "outbound")
          .put("listIds", new JsonArray().add(listId)).put("mode", "predictive").put("abandonPrompt", "sorry-tone");
      Res unknownPrompt = api.post(BASE, sam, campaign.encode());
      assertThat(unknownPrompt.status()).as(unknownPrompt.body()).isEqualTo(400);
      assertThat(unknownPrompt.body()).contains("abandonPrompt").contains("no prompt 'sorry-tone'");
      String admin = TestNodes.login(fx.node().httpPort(), "demo", "admin", ADMIN_PASSWORD);
      Res uploaded = api.sendBytes("PUT", "/api/v1/prompts/en/sorry-tone", admin, "audio/wav",
          io.switchboard.prompts.PromptAudioTest.toneWav(8000, 1, "PCM16", ABANDON_HZ, 3.0));
      assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(200);
      Res created = api.post(BASE, sam, campaign.encode());
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      assertThat(created.json().getString("abandonPrompt")).isEqualTo("sorry-tone");
      String id = created.json().getString("id");
      storedHistory(id);

      available(bob);
      Res started = api.send("POST", BASE + "/" + id + "/start", sam, null, null);
      assertThat(started.status()).as(started.body()).isEqualTo(200);

      // both contacts are dialed for the one free agent; the one routed to bob is bridged
      JsonObject offer = bob.await(m -> "call.offered".equals(m.getString("type")), Duration.ofSeconds(10));
      assertThat(offer.getString("queue")).isEqualTo("outbound");
      JsonObject contact = offer.getJsonObject("contact");
      assertThat(contact).as("the wrap-up's call-back picker needs the contact's zone and hours").isNotNull();
      assertThat(contact.getString("zone")).isEqualTo(day);
      assertThat(contact.getString("from")).matches("\\d\\d:\\d\\d");
      assertThat(contact.getString("to")).matches("\\d\\d:\\d\\d");
      String callId = offer.getString("callId");
      assertThat(bob.request("a1", msg("call.accept").put("callId", callId)).getString("type")).isEqualTo("ack");
      assertThat(bob.request("o1", msg("media.offer").put("callId", callId).put("sdp", OFFER)).getString("type"))
          .isEqualTo("ack");
      bob.next("media.answer");
      FakeLeg leg = webrtc.last();
      leg.connect();
      bothWays(callee, leg);
      // the other one, no agent free within the grace time: the campaign's own prompt reaches the contact
      java.util.List<java.net.DatagramPacket> heard = new java.util.ArrayList<>();
      await().atMost(Duration.ofSeconds(10)).until(() -> {
        heard.addAll(RtpProbe.receive(callee));
        return heard.stream().filter(p -> RtpProbe.tone(p, ABANDON_HZ)).count() >= 50; // a second of it
      });
      // a reconciliation (Redis failover, rejoin) keeps the answered predictive calls of this node
      io.switchboard.acd.Acd.Reconciled r = fx.node().calls().reconcile().await();
      assertThat(r.dropped()).as("dropped").isZero();
      assertThat(r.hangUp()).doesNotContain(callId);
      assertThat(invitesTo(Files.readString(messages), FIRST)).isEqualTo(1);
      assertThat(invitesTo(Files.readString(messages), SECOND)).isEqualTo(1);

      // the other one: no agent within the grace time: message, BYE, counted abandoned
      await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
        JsonObject p = api.get(BASE + "/" + id + "/progress", sam).json();
        assertThat(p.getLong("abandoned")).as(p.encode()).isEqualTo(1);
        assertThat(p.getJsonObject("byOutcome").getMap()).containsEntry("do-not-call", 1);
      });
      await().atMost(Duration.ofSeconds(15)).until(() -> fx.node().predictive().activeCalls() == 1);
      assertThat(fx.node().predictive().activeCalls()).as("bob's call goes on").isEqualTo(1);

      // bob blind-transfers his contact to alice: his leg closes, she is offered it and the contact reaches her
      try (WsClient alice = fx.agent("alice")) {
        available(alice);
        JsonObject transfer = bob.request("t1", msg("call.transfer").put("callId", callId).put("agentId", "alice"));
        assertThat(transfer.getString("type")).as(transfer.encode()).isEqualTo("ack");
        await().atMost(Duration.ofSeconds(3)).until(() -> leg.state() == io.switchboard.webrtc.WebRtcLeg.State.CLOSED);
        bob.await(m -> "agent.state".equals(m.getString("type")) && "wrap-up".equals(m.getString("state")),
            Duration.ofSeconds(10));
        assertThat(bob.request("w0", msg("wrapup.done").put("callId", callId).put("disposition", "transferred"))
            .getString("type")).isEqualTo("ack");
        JsonObject transferred = alice.await(m -> "call.offered".equals(m.getString("type")), Duration.ofSeconds(5));
        assertThat(transferred.getString("callId")).isEqualTo(callId);
        assertThat(alice.request("t2", msg("call.accept").put("callId", callId)).getString("type")).isEqualTo("ack");
        assertThat(alice.request("t3", msg("media.offer").put("callId", callId).put("sdp", OFFER)).getString("type"))
            .isEqualTo("ack");
        alice.next("media.answer");
        FakeLeg second = webrtc.last();
        assertThat(second).isNotSameAs(leg);
        second.connect();
        bothWays(callee, second);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
            assertThat(fx.storedEvents(callId, "call.transferred", "agentId", "to"))
                .as("the interaction records the transfer").containsExactly("call.transferred bob alice"));

        assertThat(alice.request("h1", msg("call.hangup").put("callId", callId)).getString("type")).isEqualTo("ack");
        alice.await(m -> "agent.state".equals(m.getString("type")) && "wrap-up".equals(m.getString("state")),
            Duration.ofSeconds(10));
        assertThat(alice.request("w1", msg("wrapup.done").put("callId", callId).put("disposition", "sale"))
            .getString("type")).isEqualTo("ack");
      }
      peers.assertPassed("callee");
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        JsonObject p = api.get(BASE + "/" + id + "/progress", sam).json();
        assertThat(p.getLong("inFlight")).as(p.encode()).isZero();
        assertThat(p.getLong("dialed")).as("attempts: the premium number's refused one too").isEqualTo(3);
        assertThat(p.getLong("abandoned")).isEqualTo(1);
        assertThat(p.getJsonObject("byOutcome").getMap()).containsEntry("answered", 1);
      });
      assertThat(invitesTo(Files.readString(messages), TENANT_DNC)).as("never dialed").isZero();
      assertThat(invitesTo(Files.readString(messages), PREMIUM)).as("never dialed").isZero();
      JsonObject row = CampaignSippIT.reportRow(api, sam, id);
      assertThat(row.getLong("dialed")).as("the 2,400 stored and the two sent to the trunk; not the premium one")
          .isEqualTo(2402);
      assertThat(row.getJsonObject("notDialedReasons").getMap())
          .isEqualTo(Map.of("blocked-number", 1, "do-not-call", 1));
      assertThat(api.send("POST", BASE + "/" + id + "/stop", sam, null, null).status()).isEqualTo(200);
    }
  }
}
