package io.switchboard.call;

import static io.switchboard.call.BridgeNode.available;
import static io.switchboard.call.BridgeNode.msg;
import static io.switchboard.call.BridgeNode.progress;
import static io.switchboard.call.RtpProbe.bothWays;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.signaling.WsClient;
import io.switchboard.sip.SipResponse;
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
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A progressive campaign end to end on a real node (demo data, embedded Redis, its own PostgreSQL database): contacts
 * imported through the API, the campaign created and started by a supervisor, one agent (WebSocket, browser leg played
 * by {@link FakeWebRtc}) in the inbound support queue and the campaign's queue, and one sipp UAS behind the tenant's
 * trunk answering one number and busy on another. The answered contact is bridged to the agent (tones both ways); the
 * busy one is offered again by the campaign's rule, and, its number put on the campaign's do-not-call list meanwhile,
 * refused at dial time; numbers on the tenant's and the campaign's do-not-call lists and a contact whose zone is at
 * night now are never dialed (no INVITE for them reached sipp); a paused campaign feeds nothing, and the blended agent
 * gets the inbound caller waiting in support before the campaign goes on.
 */
public class CampaignSippIT {
  static final String OFFER = BridgeFakeLegIT.OFFER;
  static final String BASE = "/api/v1/campaigns";
  static final String ANSWERS = "+14155550111";
  static final String BUSY = "+14155550122";
  static final String TENANT_DNC = "+14155550133";
  static final String CAMPAIGN_DNC = "+14155550144";
  static final String NIGHT = "+14155550155";
  /** The demo tenant's sales line: the campaign's caller ID (the dial policy's default is the support line). */
  static final String CAMPAIGN_CALLER_ID = "+15550101";

  @RegisterExtension
  static final BridgeNode fx = new BridgeNode("campaign-it", Map.of(
      "database.url", TestPostgres.newDatabase("campaign_it"),
      "campaigns.pace-interval-ms", "200", "campaigns.lease-ms", "2000"));
  static final FakeWebRtc webrtc = new FakeWebRtc();
  static ApiClient api;
  static String sam;

  @TempDir
  Path tmp;
  final List<Process> processes = new ArrayList<>();
  SippPeers peers;

  @BeforeAll
  static void setUp() throws Exception {
    fx.attachDialers(webrtc);
    fx.outboundQueueFor("bob", "support", "outbound");
    api = new ApiClient(fx.node().httpPort());
    sam = TestNodes.login(fx.node().httpPort(), "sam");
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
  }

  @Test
  void aProgressiveCampaignBridgesAnswersRetriesBusyAndNeverDialsWhatItMustNot() throws Exception {
    try (DatagramSocket callee = new DatagramSocket(0, InetAddress.getLoopbackAddress());
         WsClient bob = fx.agent("bob")) {
      Path messages = tmp.resolve("callee-messages.log");
      int uasPort = sipp("callee", "campaign-callee.xml", "-m", "2", "-key", "rtpport",
          String.valueOf(callee.getLocalPort()), "-trace_msg", "-message_file", messages.toString());
      fx.dialPolicyTo("campaign", uasPort);
      Res dnc = api.put("/api/v1/do-not-call/" + TENANT_DNC.replace("+", "%2B"), sam,
          new JsonObject().put("reason", "asked not to be called").encode());
      assertThat(dnc.status()).as(dnc.body()).isIn(200, 201);

      String day = zoneWhereLocalHourIsIn(11, 17);
      String night = zoneWhereLocalHourIsIn(0, 5);
      String list = newList();
      Res imported = api.csv("/api/v1/contact-lists/" + list + "/import", sam, String.join("\n",
          "name,phone,timezone,attr.priority",
          "Ann Answer," + ANSWERS + "," + day + ",9",
          "Bud Busy," + BUSY + "," + day + ",8",
          "Tess Tenant," + TENANT_DNC + "," + day + ",7",
          "Cam Campaign," + CAMPAIGN_DNC + "," + day + ",6",
          "Nina Night," + NIGHT + "," + night + ",5") + "\n");
      assertThat(imported.status()).as(imported.body()).isEqualTo(200);
      assertThat(imported.json().getLong("created")).isEqualTo(5);

      // refused before anything is stored
      Res dialer = api.post(BASE, sam, campaign(list).put("mode", "dialer").encode());
      assertThat(dialer.status()).isEqualTo(400);
      assertThat(dialer.body()).contains("mode").contains("progressive, predictive or preview");
      Res badDay = api.post(BASE, sam, campaign(list).put("schedule", new JsonObject()
          .put("days", new JsonArray().add("mon").add("funday"))).encode());
      assertThat(badDay.status()).isEqualTo(400);
      assertThat(badDay.body()).contains("schedule.days");
      Res strangeId = api.post(BASE, sam, campaign(list).put("callerId", "+15559999").encode());
      assertThat(strangeId.status()).isEqualTo(400);
      assertThat(strangeId.body()).contains("callerId").contains("is not one of the tenant's phone numbers");
      Res created = api.post(BASE, sam, campaign(list).encode());
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      String id = created.json().getString("id");
      assertThat(created.json().getString("status")).isEqualTo("ready");
      assertThat(created.json().getJsonObject("schedule").getJsonArray("days")).hasSize(7);
      Res twin = api.post(BASE, sam, campaign(list).encode());
      assertThat(twin.status()).as(twin.body()).isEqualTo(409);
      assertThat(twin.body()).contains("\"name\"").contains("has a campaign named");

      available(bob);
      Res started = verb(id, "start");
      assertThat(started.status()).as(started.body()).isEqualTo(200);
      assertThat(started.json().getString("status")).isEqualTo("running");
      assertThat(verb(id, "start").status()).as("running already").isEqualTo(409);

      // 1. the highest priority contact: offered as a callback, dialed on accept, answered, bridged
      JsonObject offer = bob.await(m -> "call.offered".equals(m.getString("type")), Duration.ofSeconds(10));
      assertThat(offer.getString("callback")).isEqualTo(ANSWERS);
      assertThat(offer.getString("callerName")).isEqualTo("Renewals: Ann Answer");
      assertThat(offer.getString("queue")).isEqualTo("outbound");
      String first = offer.getString("callId");
      assertThat(bob.request("a1", msg("call.accept").put("callId", first)).getString("type")).isEqualTo("ack");
      assertThat(bob.request("o1", msg("media.offer").put("callId", first).put("sdp", OFFER)).getString("type"))
          .isEqualTo("ack");
      bob.await(m -> progress(m, "answered"), Duration.ofSeconds(10));
      bob.next("media.answer");
      FakeLeg leg = webrtc.last();
      leg.connect();
      bothWays(callee, leg);

      // 2. while bob wraps up: the campaign is paused and an inbound caller waits in support
      bob.await(m -> "agent.state".equals(m.getString("type")) && "wrap-up".equals(m.getString("state"))
          && first.equals(m.getString("callId")), Duration.ofSeconds(15));
      Res paused = verb(id, "pause");
      assertThat(paused.json().getString("status")).isEqualTo("paused");
      try (SipCaller inbound = fx.caller()) {
        SipResponse ok = inbound.invite("+15550100");
        assertThat(ok.status()).isEqualTo(200);
        inbound.ack(ok);
        assertThat(bob.request("w1", msg("wrapup.done").put("callId", first).put("disposition", "sale"))
            .getString("type")).isEqualTo("ack");
        JsonObject inboundOffer = bob.await(m -> "call.offered".equals(m.getString("type")), Duration.ofSeconds(5));
        assertThat(inboundOffer.getString("queue")).as("the blended agent takes the inbound caller").isEqualTo("support");
        assertThat(inboundOffer.getString("callback")).isNull();
        String in = inboundOffer.getString("callId");
        assertThat(bob.request("a2", msg("call.accept").put("callId", in)).getString("type")).isEqualTo("ack");
        inbound.bye();
        bob.await(m -> "agent.state".equals(m.getString("type")) && "wrap-up".equals(m.getString("state"))
            && in.equals(m.getString("callId")), Duration.ofSeconds(10));
        JsonObject done = bob.request("w2", msg("wrapup.done").put("callId", in).put("disposition", "solved"));
        assertThat(done.getString("type")).as(done.encode()).isEqualTo("ack");
      }
      // paused: bob is available and nothing is offered
      List<JsonObject> meanwhile = bob.drain(1500);
      assertThat(meanwhile).noneMatch(m -> "call.offered".equals(m.getString("type")));
      assertThat(verb(id, "resume").json().getString("status")).isEqualTo("running");

      // 3. the busy contact: busy once; then, listed on the campaign's own do-not-call list while its second attempt
      //    is offered, refused at dial time (nothing sent) and done
      JsonObject busyOffer = bob.await(m -> "call.offered".equals(m.getString("type")), Duration.ofSeconds(10));
      assertThat(busyOffer.getString("callback")).isEqualTo(BUSY);
      assertThat(bob.request("b1", msg("call.accept").put("callId", busyOffer.getString("callId"))).getString("type"))
          .isEqualTo("ack");
      assertThat(bob.next("call.dial.failed").getString("reason")).isEqualTo("busy");
      peers.assertPassed("callee");
      JsonObject again = bob.await(m -> "call.offered".equals(m.getString("type")), Duration.ofSeconds(10));
      assertThat(again.getString("callback")).as("busy's rule: 2 s later").isEqualTo(BUSY);
      Res listed = api.put(BASE + "/" + id, sam, campaign(list).put("doNotCall",
          new JsonArray().add(CAMPAIGN_DNC).add(BUSY)).encode());
      assertThat(listed.status()).as(listed.body()).isEqualTo(200);
      assertThat(bob.request("b2", msg("call.accept").put("callId", again.getString("callId"))).getString("type"))
          .isEqualTo("ack");
      bob.await(m -> "agent.state".equals(m.getString("type")) && "available".equals(m.getString("state")));

      // 4. what is left: the night contact, never offered; do-not-call contacts done without a dial
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        JsonObject p = api.get(BASE + "/" + id + "/progress", sam).json();
        assertThat(p.getLong("inFlight")).isZero();
        assertThat(p.getLong("remaining")).as("the night contact").isEqualTo(1);
        assertThat(p.getJsonObject("byOutcome").getMap()).containsEntry("answered", 1)
            .containsEntry("do-not-call", 3).doesNotContainKey("busy");
        assertThat(p.getLong("dialed")).isEqualTo(3);
        assertThat(p.getLong("connected")).isEqualTo(1);
        assertThat(p.getLong("abandoned")).isZero();
      });
      assertThat(bob.drain(1000)).noneMatch(m -> "call.offered".equals(m.getString("type")));
      String log = Files.readString(messages);
      assertThat(invitesTo(log, ANSWERS)).isEqualTo(1);
      assertThat(fromOfInviteTo(log, ANSWERS)).as("the campaign's caller ID, not the policy's default")
          .contains("sip:" + CAMPAIGN_CALLER_ID + "@");
      assertThat(invitesTo(log, BUSY)).as("the second attempt is refused at dial time").isEqualTo(1);
      for (String never : List.of(TENANT_DNC, CAMPAIGN_DNC, NIGHT)) {
        assertThat(invitesTo(log, never)).as(never + " is never dialed").isZero();
      }
      assertThat(disposition(id, ANSWERS)).isEqualTo("sale");
      JsonObject row = reportRow(api, sam, id);
      assertThat(row.getLong("dialed")).as("Ann and Bud's busy attempt; his refused one sent nothing").isEqualTo(2);
      assertThat(row.getJsonObject("notDialedReasons").getMap()).as("Tess, Cam, Bud; Nina at night")
          .isEqualTo(Map.of("do-not-call", 3, "outside-calling-hours", 1));
      assertThat(row.getLong("notDialed")).isEqualTo(4);

      Res stopped = verb(id, "stop");
      assertThat(stopped.json().getString("status")).isEqualTo("stopped");
      assertThat(verb(id, "resume").status()).as("stopped is final").isEqualTo(409);
      assertThat(api.delete(BASE + "/" + id, sam).status()).isEqualTo(204);
    }
  }

  @Test
  void aContactImportedWhileRunningIsDialedWithoutResumeAndTheAgentPicksACallBackTime() throws Exception {
    String removed = "+14155550166";
    try (DatagramSocket callee = new DatagramSocket(0, InetAddress.getLoopbackAddress());
         WsClient bob = fx.agent("bob")) {
      Path messages = tmp.resolve("callee-messages.log");
      int uasPort = sipp("callee", "campaign-callee.xml", "-m", "2", "-key", "rtpport",
          String.valueOf(callee.getLocalPort()), "-trace_msg", "-message_file", messages.toString());
      fx.dialPolicyTo("campaign", uasPort);
      String day = zoneWhereLocalHourIsIn(11, 17);
      String list = newList();
      Res imported = api.csv("/api/v1/contact-lists/" + list + "/import", sam,
          "name,phone,timezone\nAnn Answer," + ANSWERS + "," + day + "\n");
      assertThat(imported.status()).as(imported.body()).isEqualTo(200);
      Res created = api.post(BASE, sam, campaign(list).put("name", "Growing").put("retry", new JsonObject()
          .put("busy", new JsonObject().put("delaySeconds", 3600).put("maxAttempts", 2))).encode());
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      String id = created.json().getString("id");
      available(bob);
      assertThat(verb(id, "start").status()).isEqualTo(200);

      JsonObject offer = bob.await(m -> "call.offered".equals(m.getString("type")), Duration.ofSeconds(10));
      assertThat(offer.getString("callback")).isEqualTo(ANSWERS);
      String first = offer.getString("callId");
      assertThat(bob.request("a1", msg("call.accept").put("callId", first)).getString("type")).isEqualTo("ack");
      assertThat(bob.request("o1", msg("media.offer").put("callId", first).put("sdp", OFFER)).getString("type"))
          .isEqualTo("ack");
      bob.await(m -> progress(m, "answered"), Duration.ofSeconds(10));
      bob.next("media.answer");
      webrtc.last().connect();
      bob.await(m -> "agent.state".equals(m.getString("type")) && "wrap-up".equals(m.getString("state"))
          && first.equals(m.getString("callId")), Duration.ofSeconds(15));

      // imported while the campaign runs: taken in with no resume; one of them deleted before it is due
      Res more = api.csv("/api/v1/contact-lists/" + list + "/import", sam, "name,phone,timezone\n"
          + "Bud Busy," + BUSY + "," + day + "\nRita Removed," + removed + "," + day + "\n");
      assertThat(more.status()).as(more.body()).isEqualTo(200);
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
          assertThat(api.get(BASE + "/" + id + "/progress", sam).json().getLong("contacts")).isEqualTo(3));
      String removedId = api.get("/api/v1/contact-lists/" + list + "/contacts?limit=100", sam).json()
          .getJsonArray("items").stream().map(JsonObject.class::cast)
          .filter(k -> k.getJsonArray("phones").contains(removed)).findFirst().orElseThrow().getString("id");
      assertThat(api.delete("/api/v1/contact-lists/" + list + "/contacts/" + removedId, sam).status()).isEqualTo(204);

      // call-back times: refused with the field named, then one in the contact's hours tomorrow
      ZoneId zone = ZoneId.of(day);
      java.time.ZonedDateTime now = java.time.ZonedDateTime.now(zone).withNano(0);
      for (var bad : List.of(
          Map.entry("tomorrow at ten", "ISO-8601"),
          Map.entry(now.minusMinutes(1).toOffsetDateTime().toString(), "must be in the future"),
          Map.entry(now.plusDays(31).toOffsetDateTime().toString(), "at most 30 days"),
          Map.entry(now.plusDays(1).withHour(23).toOffsetDateTime().toString(), "outside the campaign's calling hours"))) {
        JsonObject refused = bob.request("w-" + bad.getValue(), msg("wrapup.done").put("callId", first)
            .put("disposition", "sale").put("callbackAt", bad.getKey()));
        assertThat(refused.getString("type")).as(refused.encode()).isEqualTo("error");
        assertThat(refused.getString("code")).isEqualTo("invalid-field");
        assertThat(refused.getString("field")).isEqualTo("callbackAt");
        assertThat(refused.getString("message")).contains(bad.getValue());
      }
      java.time.OffsetDateTime picked = now.plusDays(1).toOffsetDateTime();
      JsonObject done = bob.request("w1", msg("wrapup.done").put("callId", first).put("disposition", "sale")
          .put("callbackAt", picked.toString()));
      assertThat(done.getString("type")).as(done.encode()).isEqualTo("ack");

      // the imported contact is offered next; the removed one never
      JsonObject next = bob.await(m -> "call.offered".equals(m.getString("type")), Duration.ofSeconds(10));
      assertThat(next.getString("callback")).isEqualTo(BUSY);
      assertThat(bob.request("b1", msg("call.accept").put("callId", next.getString("callId"))).getString("type"))
          .isEqualTo("ack");
      assertThat(bob.next("call.dial.failed").getString("reason")).isEqualTo("busy");
      peers.assertPassed("callee");
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        JsonObject p = api.get(BASE + "/" + id + "/progress", sam).json();
        assertThat(p.getLong("inFlight")).isZero();
        assertThat(p.getJsonObject("byOutcome").getMap()).containsEntry("gone", 1).containsEntry("answered", 1);
      });
      assertThat(nextAttempt(id, ANSWERS)).as("due exactly at the picked time").isEqualTo(picked.toInstant());
      String log = Files.readString(messages);
      assertThat(invitesTo(log, removed)).isZero();
      assertThat(bob.drain(500)).as("nothing else is due").noneMatch(m -> "call.offered".equals(m.getString("type")));
      assertThat(verb(id, "stop").status()).isEqualTo(200);
      assertThat(api.delete(BASE + "/" + id, sam).status()).isEqualTo(204);
    }
  }

  private static Instant nextAttempt(String campaignId, String phone) throws Exception {
    return nextAttempt(fx.node().database().dataSource(), campaignId, phone);
  }

  /** When the contact with {@code phone} of the demo tenant's campaign is due next (null: no such contact). */
  public static Instant nextAttempt(javax.sql.DataSource db, String campaignId, String phone) throws Exception {
    try (var c = db.getConnection();
         var st = c.prepareStatement("SELECT cc.next_attempt_at FROM campaign_contacts cc JOIN contacts k ON "
             + "k.tenant = cc.tenant AND k.list_id = cc.list_id AND k.id = cc.contact_id WHERE cc.tenant = 'demo' "
             + "AND cc.campaign_id = ?::uuid AND k.phones[1] = ?")) {
      st.setString(1, campaignId);
      st.setString(2, phone);
      try (var rs = st.executeQuery()) {
        return rs.next() ? rs.getTimestamp(1).toInstant() : null;
      }
    }
  }

  // ------------------------------------------------------------------ helpers

  /** POST /api/v1/campaigns/{id}/{verb}, no body. */
  private static Res verb(String id, String verb) {
    return api.send("POST", BASE + "/" + id + "/" + verb, sam, null, null);
  }

  private static JsonObject campaign(String list) {
    return new JsonObject().put("name", "Renewals").put("queue", "outbound")
        .put("listIds", new JsonArray().add(list)).put("timeZone", "UTC")
        .put("retry", new JsonObject().put("busy", new JsonObject().put("delaySeconds", 2).put("maxAttempts", 2)))
        .put("doNotCall", new JsonArray().add(CAMPAIGN_DNC)).put("callerId", CAMPAIGN_CALLER_ID)
        .put("schedule", new JsonObject().put("endAt", Instant.now().plusSeconds(3600).toString()));
  }

  private static String newList() {
    Res r = api.post("/api/v1/contact-lists", sam, new JsonObject().put("name", "renewals " + System.nanoTime()).encode());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().getString("id");
  }

  /** A fixed-offset zone whose local hour is in [from, to) now (Etc/GMT±N covers every whole-hour offset). */
  public static String zoneWhereLocalHourIsIn(int from, int to) {
    for (int offset = -12; offset <= 14; offset++) {
      String zone = offset == 0 ? "Etc/GMT" : "Etc/GMT" + (offset > 0 ? "-" : "+") + Math.abs(offset);
      int hour = Instant.now().atZone(ZoneId.of(zone)).getHour();
      if (hour >= from && hour < to && Instant.now().plusSeconds(120).atZone(ZoneId.of(zone)).getHour() < to) {
        return zone;
      }
    }
    throw new AssertionError("no zone at " + from + "-" + to + " h now");
  }

  /** The From header of the first INVITE to {@code number} in sipp's message log. */
  private static String fromOfInviteTo(String log, String number) {
    int at = log.indexOf("INVITE sip:" + number + "@");
    assertThat(at).as("an INVITE to " + number).isNotNegative();
    Matcher m = Pattern.compile("(?im)^(From|f):(.*)$").matcher(log.substring(at));
    assertThat(m.find()).isTrue();
    return m.group(2);
  }

  static int invitesTo(String log, String number) {
    Matcher m = Pattern.compile("INVITE sip:" + Pattern.quote(number) + "@").matcher(log);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  private static String disposition(String campaignId, String phone) throws Exception {
    try (var c = fx.node().database().dataSource().getConnection();
         var st = c.prepareStatement("SELECT cc.disposition FROM campaign_contacts cc JOIN contacts k ON "
             + "k.tenant = cc.tenant AND k.list_id = cc.list_id AND k.id = cc.contact_id WHERE cc.tenant = 'demo' "
             + "AND cc.campaign_id = ?::uuid AND k.phones[1] = ?")) {
      st.setString(1, campaignId);
      st.setString(2, phone);
      try (var rs = st.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /** sipp as the called parties with {@code scenario} on a free port, once it listens; returns the port. */
  private int sipp(String name, String scenario, String... extra) throws Exception {
    return peers.start(name, SippPorts.freeSignalingPort(), scenario, 90, extra);
  }


  /** The campaign's row of the campaigns report ({@code GET /api/v1/reports/campaigns}). */
  static JsonObject reportRow(ApiClient api, String token, String campaign) {
    Res r = api.get("/api/v1/reports/campaigns", token);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonArray rows = r.json().getJsonArray("rows");
    for (int i = 0; i < rows.size(); i++) {
      if (campaign.equals(rows.getJsonObject(i).getString("campaign"))) {
        return rows.getJsonObject(i);
      }
    }
    throw new AssertionError("no row of campaign " + campaign + " in " + r.body());
  }
}
