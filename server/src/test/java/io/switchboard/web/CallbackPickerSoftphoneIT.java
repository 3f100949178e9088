package io.switchboard.web;

import static io.switchboard.web.SoftphoneFixture.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Page;
import io.switchboard.call.CampaignSippIT;
import io.switchboard.support.ApiClient;
import io.switchboard.support.ApiClient.Res;
import io.switchboard.support.SippPorts;
import io.switchboard.support.TestNodes;
import io.switchboard.support.TestPostgres;
import io.switchboard.support.Tools;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wrap-up's "Call back at" of a progressive campaign's call, in Debian Chromium against a real node, PostgreSQL
 * (a database of its own) and a sipp callee: the picker shows the time in the contact's zone; a time outside the
 * campaign's calling hours is refused by the server with its reason under the field (the wrap-up stays); "tomorrow
 * 10:00" is sent with the zone's offset and the contact becomes due exactly then. Spanish labels too.
 */
class CallbackPickerSoftphoneIT {
  static final String PHONE = "+14155550181";

  @RegisterExtension
  static final SoftphoneFixture fx = new SoftphoneFixture("callback-picker-it", Map.of(
      "database.url", TestPostgres.newDatabase("callback_picker_it"),
      "campaigns.pace-interval-ms", "200", "campaigns.lease-ms", "2000"), 1000);
  @TempDir
  Path tmp;
  Page page;
  Process sipp;

  @AfterEach
  void close() {
    if (page != null) {
      fx.browsers().closePage(page);
    }
    if (sipp != null) {
      sipp.destroyForcibly();
    }
  }

  @Test
  void theAgentPicksTomorrowTenInTheContactsZoneAndAnOutsideHoursPickIsRefused() throws Exception {
    try (DatagramSocket calleeMedia = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      int sipPort = SippPorts.freeSignalingPort();
      Path scenario = Path.of(CallbackPickerSoftphoneIT.class.getResource("/sipp/uas-answer-to-port.xml").toURI());
      sipp = new ProcessBuilder(Tools.require("sipp").toString(), "-sf", scenario.toString(), "-i", "127.0.0.1",
          "-p", String.valueOf(sipPort), "-mp", String.valueOf(SippPorts.freeMediaPort()),
          "-key", "rtpport", String.valueOf(calleeMedia.getLocalPort()), "-key", "pt", "0", "-key", "enc", "PCMU",
          "-m", "1", "-timeout", "60s", "-timeout_error", "-nostdin")
          .directory(tmp.toFile()).redirectErrorStream(true).redirectOutput(new File(tmp.toFile(), "sipp.out"))
          .start();
      fx.dialPolicyTo(sipPort);

      int port = fx.web().node.httpPort();
      ApiClient api = new ApiClient(port);
      String sam = TestNodes.login(port, "sam");
      String zone = CampaignSippIT.zoneWhereLocalHourIsIn(9, 19);
      String list = api.post("/api/v1/contact-lists", sam, new JsonObject().put("name", "picker").encode()).json()
          .getString("id");
      Res imported = api.csv("/api/v1/contact-lists/" + list + "/import", sam,
          "name,phone,timezone\nCal Back," + PHONE + "," + zone + "\n");
      assertThat(imported.status()).as(imported.body()).isEqualTo(200);
      Res created = api.post("/api/v1/campaigns", sam, new JsonObject().put("name", "Spring").put("queue", "billing")
          .put("mode", "progressive").put("listIds", new JsonArray().add(list)).put("timeZone", "UTC")
          .put("callingHours", new JsonObject().put("from", "08:00").put("to", "21:00")).encode());
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      String id = created.json().getString("id");

      page = fx.page();
      List<String> errors = Browsers.errors(page);
      Browsers.signIn(page, "/", "carol", WebNode.PASSWORD);
      expect(page.locator("#conn")).hasText("Connected");
      page.selectOption("#status-select", "available");
      expect(page.locator("#state")).hasText("Available");
      assertThat(api.send("POST", "/api/v1/campaigns/" + id + "/start", sam, null, null).status()).isEqualTo(200);

      expect(page.locator("#offer")).isVisible();
      page.click("#accept");
      expect(page.locator("#state")).hasText("On call");
      String callId = fx.web().node.acd().agent(WebNode.TENANT, "carol").await().callId();
      await().atMost(Duration.ofSeconds(10)).until(() -> // the contact answered: a call to wrap up
          fx.web().node.acd().call(WebNode.TENANT, callId).await().answeredEpochMs() > 0);
      page.click("#hangup");
      expect(page.locator("#wrapup")).isVisible();
      expect(page.locator("#callback")).isVisible();

      // outside the calling hours: the server's reason under the field, announced; the wrap-up stays
      String tomorrow = java.time.LocalDate.now(ZoneId.of(zone)).plusDays(1).toString();
      page.fill("#callback-date", tomorrow);
      page.fill("#callback-time", "23:00");
      expect(page.locator("#callback-hint")).hasText("23:00 in " + zone + " (calling hours 08:00-21:00)");
      page.click("#wrapup button[type=submit]");
      expect(page.locator("#callback-error")).containsText("outside the campaign's calling hours");
      expect(page.locator("#callback-error")).hasAttribute("role", "alert");
      expect(page.locator("#callback-time")).hasAttribute("aria-invalid", "true");
      expect(page.locator("#state")).hasText("Wrap-up");

      page.selectOption("#lang", "es");
      expect(page.locator("#callback legend")).hasText("Volver a llamar el");
      expect(page.locator("#callback-tomorrow")).hasText("mañana a las 10:00");
      expect(page.locator("#callback-hint")).hasText("23:00 en " + zone + " (horario de llamadas 08:00-21:00)");
      page.selectOption("#lang", "en");

      page.click("#callback-tomorrow");
      expect(page.locator("#callback-time")).hasValue("10:00");
      expect(page.locator("#callback-error")).hasText("");
      page.click("#wrapup button[type=submit]");
      expect(page.locator("#wrapup")).isHidden();

      Instant expected = java.time.LocalDate.parse(tomorrow).atTime(LocalTime.of(10, 0)).atZone(ZoneId.of(zone))
          .toInstant();
      await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(CampaignSippIT.nextAttempt(
          fx.web().node.database().dataSource(), id, PHONE)).as("due exactly at the picked time").isEqualTo(expected));
      assertThat(api.send("POST", "/api/v1/campaigns/" + id + "/stop", sam, null, null).status()).isEqualTo(200);
      assertThat(errors).isEmpty();
    }
  }
}
