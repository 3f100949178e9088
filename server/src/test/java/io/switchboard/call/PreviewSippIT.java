package io.switchboard.call;

import static io.switchboard.call.BridgeNode.available;
import static io.switchboard.call.BridgeNode.msg;
import static io.switchboard.call.BridgeNode.progress;
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
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A preview campaign end to end on a real node (demo data, embedded Redis, its own PostgreSQL database), mirroring
 * {@link CampaignSippIT}: the agent bob gets each contact as a preview (name, attributes, previous attempts) and calls
 * or skips. Ann is called and busy (sipp 486), then previewed again with that attempt on her card, called, answered by
 * a sipp UAS and bridged (tones both ways). Sid is skipped (another agent may not skip bob's preview), offered again
 * after the campaign's skip delay with no attempt counted, and then left to the preview timeout, which skips him.
 * Dee's number is put on the tenant's do-not-call list while her preview is on bob's screen: bob's Call is refused
 * with {@code do-not-call} and nothing reaches the trunk.
 */
class PreviewSippIT {
  static final String BASE = "/api/v1/campaigns";
  static final String ANN = "+14155550111";
  static final String SID = "+14155550166";
  static final String DEE = "+14155550177";

  @RegisterExtension
  static final BridgeNode fx = new BridgeNode("preview-it", Map.of(
      "database.url", TestPostgres.newDatabase("preview_it"),
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
  void theAgentPreviewsCallsAndSkipsAndADoNotCallNumberIsNeverDialed() throws Exception {
    try (DatagramSocket callee = new DatagramSocket(0, InetAddress.getLoopbackAddress());
         WsClient bob = fx.agent("bob");
         WsClient alice = fx.agent("alice")) {
      int port = SippPorts.freeSignalingPort();
      Path busyLog = tmp.resolve("busy-messages.log");
      peers.start("busy", port, "dial-busy.xml", 90, "-m", "1", "-trace_msg", "-message_file", busyLog.toString());
      fx.dialPolicyTo("campaign", port);
      String day = zoneWhereLocalHourIsIn(11, 17);
      String list = newList();
      Res imported = api.csv("/api/v1/contact-lists/" + list + "/import", sam, String.join("\n",
          "name,phone,timezone,attr.priority,attr.plan",
          "Ann Answer," + ANN + "," + day + ",9,gold",
          "Sid Skip," + SID + "," + day + ",8,silver",
          "Dee Listed," + DEE + "," + day + ",7,bronze") + "\n");
      assertThat(imported.status()).as(imported.body()).isEqualTo(200);
      Res created = api.post(BASE, sam, campaign(list).encode());
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      assertThat(created.json().getString("mode")).isEqualTo("preview");
      assertThat(created.json().getJsonObject("preview").getInteger("skipDelaySeconds")).isEqualTo(8);
      String id = created.json().getString("id");
      available(bob);
      alice.next("hello");
      assertThat(verb(id, "start").status()).isEqualTo(200);

      // 1. Ann: her card (no attempt yet); called: busy
      JsonObject first = offered(bob);
      JsonObject card = first.getJsonObject("preview");
      assertThat(card.getString("name")).isEqualTo("Ann Answer");
      assertThat(card.getString("number")).isEqualTo(ANN);
      assertThat(card.getJsonObject("attributes").getString("plan")).isEqualTo("gold");
      assertThat(card.getValue("attempts")).as("no previous attempt").isNull();
      assertThat(card.getString("campaign")).isEqualTo("Previews");
      assertThat(first.getLong("deadline") - System.currentTimeMillis()).as("the campaign's 60 s preview timeout")
          .isBetween(50_000L, 61_000L);
      assertThat(bob.request("c1", msg("preview.call").put("callId", first.getString("callId"))).getString("type"))
          .isEqualTo("ack");
      assertThat(bob.next("call.dial.failed").getString("reason")).isEqualTo("busy");
      peers.assertPassed("busy");
      Path messages = tmp.resolve("callee-messages.log");
      peers.start("callee", port, "campaign-callee.xml", 90, "-m", "1", "-key", "rtpport",
          String.valueOf(callee.getLocalPort()), "-trace_msg", "-message_file", messages.toString());

      // 2. Sid: alice may not skip bob's preview; bob skips it with a reason
      JsonObject sid = offered(bob);
      assertThat(sid.getJsonObject("preview").getString("name")).isEqualTo("Sid Skip");
      JsonObject foreign = alice.request("x1", msg("preview.skip").put("callId", sid.getString("callId")));
      assertThat(foreign.getString("code")).as(foreign.encode()).isEqualTo("not-your-call");
      JsonObject unknownField = bob.request("x2", msg("preview.skip").put("callId", sid.getString("callId"))
          .put("why", "no"));
      assertThat(unknownField.getString("code")).isEqualTo("unknown-field");
      JsonObject accept = bob.request("x3", msg("call.accept").put("callId", sid.getString("callId")));
      assertThat(accept.getString("code")).as("a preview is called with preview.call").isEqualTo("invalid-field");
      assertThat(bob.request("s1", msg("preview.skip").put("callId", sid.getString("callId"))
          .put("reason", "not-now")).getString("type")).isEqualTo("ack");
      assertThat(bob.await(m -> "call.revoked".equals(m.getString("type"))).getString("reason")).isEqualTo("skipped");

      // 3. Dee: listed on the tenant's do-not-call list while previewed; Call is refused, nothing is dialed
      JsonObject dee = offered(bob);
      assertThat(dee.getJsonObject("preview").getString("name")).isEqualTo("Dee Listed");
      Res dnc = api.put("/api/v1/do-not-call/" + DEE.replace("+", "%2B"), sam,
          new JsonObject().put("reason", "asked not to be called").encode());
      assertThat(dnc.status()).as(dnc.body()).isIn(200, 201);
      JsonObject refused = bob.request("c2", msg("preview.call").put("callId", dee.getString("callId")));
      assertThat(refused.getString("type")).as(refused.encode()).isEqualTo("error");
      assertThat(refused.getString("code")).isEqualTo("do-not-call");
      bob.await(m -> "agent.state".equals(m.getString("type")) && "available".equals(m.getString("state")));

      // 4. Ann again after busy's delay: her busy attempt on the card; called, answered, bridged
      JsonObject again = offered(bob);
      JsonObject annAgain = again.getJsonObject("preview");
      assertThat(annAgain.getString("name")).isEqualTo("Ann Answer");
      JsonObject previous = annAgain.getJsonArray("attempts").getJsonObject(0);
      assertThat(previous.getString("outcome")).isEqualTo("busy");
      assertThat(Instant.parse(previous.getString("at"))).isBefore(Instant.now());
      String annCall = again.getString("callId");
      assertThat(bob.request("c3", msg("preview.call").put("callId", annCall)).getString("type")).isEqualTo("ack");
      assertThat(bob.request("o1", msg("media.offer").put("callId", annCall).put("sdp", BridgeFakeLegIT.OFFER))
          .getString("type")).isEqualTo("ack");
      bob.await(m -> progress(m, "answered"), Duration.ofSeconds(10));
      bob.next("media.answer");
      FakeLeg leg = webrtc.last();
      leg.connect();
      bothWays(callee, leg);
      bob.await(m -> "agent.state".equals(m.getString("type")) && "wrap-up".equals(m.getString("state"))
          && annCall.equals(m.getString("callId")), Duration.ofSeconds(15));
      peers.assertPassed("callee");

      // 5. Sid again after the skip delay, no attempt counted; this time left to a 2 s timeout: skipped
      Res shorter = api.put(BASE + "/" + id, sam, campaign(list).put("preview", new JsonObject()
          .put("timeoutSeconds", 2).put("skipDelaySeconds", 600)).encode());
      assertThat(shorter.status()).as(shorter.body()).isEqualTo(200);
      assertThat(bob.request("w1", msg("wrapup.done").put("callId", annCall).put("disposition", "sale"))
          .getString("type")).isEqualTo("ack");
      JsonObject sidAgain = offered(bob);
      assertThat(sidAgain.getJsonObject("preview").getString("name")).isEqualTo("Sid Skip");
      assertThat(sidAgain.getJsonObject("preview").getValue("attempts")).as("a skip is no attempt").isNull();
      JsonObject timedOut = bob.await(m -> "call.revoked".equals(m.getString("type")), Duration.ofSeconds(10));
      assertThat(timedOut.getString("callId")).isEqualTo(sidAgain.getString("callId"));
      assertThat(timedOut.getString("reason")).isEqualTo("timeout");

      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        JsonObject p = api.get(BASE + "/" + id + "/progress", sam).json();
        assertThat(p.getLong("inFlight")).isZero();
        assertThat(p.getLong("dialed")).as("Ann twice, Dee's refused attempt").isEqualTo(3);
        assertThat(p.getLong("connected")).isEqualTo(1);
        assertThat(p.getLong("remaining")).as("Sid, skipped twice").isEqualTo(1);
        assertThat(p.getJsonObject("byOutcome").getMap()).containsEntry("answered", 1)
            .containsEntry("do-not-call", 1).containsEntry("skipped", 1);
      });
      assertThat(bob.drain(1000)).noneMatch(m -> "call.offered".equals(m.getString("type")));
      String log = Files.readString(busyLog) + Files.readString(messages);
      assertThat(invitesTo(log, ANN)).isEqualTo(2);
      assertThat(invitesTo(log, SID)).as("skipped, never dialed").isZero();
      assertThat(invitesTo(log, DEE)).as("on the do-not-call list, never dialed").isZero();

      // 6. the campaigns report: Sid's skip and timeout by reason; Dee refused at dial time, not dialed
      JsonObject row = CampaignSippIT.reportRow(api, sam, id);
      assertThat(row.getLong("dialed")).as("Ann twice; Dee's refused attempt sent nothing").isEqualTo(2);
      assertThat(row.getLong("skips")).isEqualTo(2);
      assertThat(row.getJsonObject("skipReasons").getMap()).isEqualTo(Map.of("not-now", 1, "timeout", 1));
      assertThat(row.getJsonObject("notDialedReasons").getMap()).isEqualTo(Map.of("do-not-call", 1));
      assertThat(row.getLong("notDialed")).isEqualTo(1);
      String csv = api.send("GET", "/api/v1/reports/campaigns", sam, null, null, "Accept", "text/csv").body();
      assertThat(csv).startsWith("campaign,name,queue,mode,status,dialed,connected,abandoned,abandonRate,remaining,"
          + "skips,notDialed,skipReasons.not-now,skipReasons.timeout,notDialedReasons.do-not-call\r\n")
          .contains(id + ",Previews,outbound,preview,running,2,1,0,0,1,2,1,1,1,1\r\n");
      assertThat(verb(id, "stop").json().getString("status")).isEqualTo("stopped");
    }
  }

  /** The next call.offered of {@code agent}, a preview. */
  private static JsonObject offered(WsClient agent) {
    JsonObject o = agent.await(m -> "call.offered".equals(m.getString("type")), Duration.ofSeconds(15));
    assertThat(o.getJsonObject("preview")).as(o.encode()).isNotNull();
    return o;
  }

  private static Res verb(String id, String verb) {
    return api.send("POST", BASE + "/" + id + "/" + verb, sam, null, null);
  }

  private static JsonObject campaign(String list) {
    return new JsonObject().put("name", "Previews").put("queue", "outbound").put("mode", "preview")
        .put("listIds", new JsonArray().add(list)).put("timeZone", "UTC")
        .put("retry", new JsonObject().put("busy", new JsonObject().put("delaySeconds", 6).put("maxAttempts", 3)))
        .put("preview", new JsonObject().put("timeoutSeconds", 60).put("skipDelaySeconds", 8));
  }

  private static String newList() {
    Res r = api.post("/api/v1/contact-lists", sam, new JsonObject().put("name", "previews").encode());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().getString("id");
  }
}
