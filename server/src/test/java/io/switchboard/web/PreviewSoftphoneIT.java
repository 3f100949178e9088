package io.switchboard.web;

import static io.switchboard.web.SoftphoneFixture.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Page;
import io.switchboard.directory.Kind;
import io.switchboard.support.ApiClient;
import io.switchboard.support.ApiClient.Res;
import io.switchboard.support.TestNodes;
import io.switchboard.support.TestPostgres;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A preview campaign's card in the softphone, in Debian Chromium, against a real node and PostgreSQL (a database of
 * its own): carol sees the first contact's name, attributes and "no previous attempt" with the skip countdown, picks
 * a reason and skips with the S key; the next contact's card follows, its number put on the tenant's do-not-call list
 * meanwhile, and the C key is refused with do-not-call (nothing dialed: the trunk points at a port nobody listens
 * on). The card and its buttons read in Spanish too.
 */
class PreviewSoftphoneIT {
  @RegisterExtension
  static final SoftphoneFixture fx = new SoftphoneFixture("preview-softphone-it", Map.of(
      "database.url", TestPostgres.newDatabase("preview_softphone_it"),
      "campaigns.pace-interval-ms", "200", "campaigns.lease-ms", "2000"), 1000);

  @Test
  void theAgentSkipsAndCallsFromThePreviewCardWithTheKeyboard() throws Exception {
    int port = fx.web().node.httpPort();
    ApiClient api = new ApiClient(port);
    String sam = TestNodes.login(port, "sam");
    fx.web().node.directory().put(WebNode.TENANT, Kind.TRUNK, "nowhere", new JsonObject().put("name", "nowhere")
        .put("addresses", new JsonArray().add(new JsonObject().put("host", "127.0.0.1").put("port", 9)))
        .put("allowedSources", new JsonArray().add("127.0.0.1")), null).await();
    fx.web().node.directory().put(WebNode.TENANT, Kind.DIAL_POLICY, "default", new JsonObject()
        .put("defaultCountry", "US").put("defaultCallerId", "+15550100").put("trunk", "nowhere"), null).await();
    Res list = api.post("/api/v1/contact-lists", sam, new JsonObject().put("name", "preview").encode());
    String listId = list.json().getString("id");
    Res imported = api.csv("/api/v1/contact-lists/" + listId + "/import", sam,
        "name,phone,timezone,attr.priority,attr.plan\nAnn Lee,+14155550171,Etc/GMT,9,gold\n"
            + "Bo Roe,+14155550172,Etc/GMT,8,silver\n");
    assertThat(imported.status()).as(imported.body()).isEqualTo(200);
    Res created = api.post("/api/v1/campaigns", sam, new JsonObject().put("name", "Winter").put("queue", "billing")
        .put("mode", "preview").put("listIds", new JsonArray().add(listId))
        .put("callingHours", new JsonObject().put("from", "00:00").put("to", "23:59"))
        .put("preview", new JsonObject().put("timeoutSeconds", 300).put("skipDelaySeconds", 600)).encode());
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.json().getString("id");
    assertThat(api.send("POST", "/api/v1/campaigns/" + id + "/start", sam, null, null).status()).isEqualTo(200);

    Page page = fx.page();
    List<String> errors = Browsers.errors(page);
    Browsers.signIn(page, "/", "carol", WebNode.PASSWORD);
    expect(page.locator("#conn")).hasText("Connected");
    page.selectOption("#status-select", "available");

    expect(page.locator("#preview")).isVisible();
    expect(page.locator("#offer-actions")).isHidden();
    expect(page.locator("#preview-name")).hasText("Ann Lee");
    expect(page.locator("#preview-number")).hasText("+14155550171");
    expect(page.locator("#preview-campaign")).hasText("Winter");
    expect(page.locator("#preview-attributes")).containsText("gold");
    expect(page.locator("#preview-no-attempts")).isVisible();
    expect(page.locator("#offer-countdown")).hasText(Pattern.compile("Skipped automatically in \\d+ s"));
    page.selectOption("#preview-reason", "not-now");
    page.locator("#preview-name").click(); // out of the select: single-key shortcuts are off while in a field
    page.keyboard().press("s");
    expect(page.locator("#notice")).hasText("Skipped: the contact will be offered again later.");

    expect(page.locator("#preview-name")).hasText("Bo Roe");
    page.selectOption("#lang", "es");
    expect(page.locator("#preview-skip")).hasText("Omitir");
    expect(page.locator("#preview-call")).hasText("Llamar");
    expect(page.locator("#preview-no-attempts")).hasText("Ningún intento anterior");
    page.selectOption("#lang", "en");
    Res dnc = api.put("/api/v1/do-not-call/%2B14155550172", sam,
        new JsonObject().put("reason", "asked not to be called").encode());
    assertThat(dnc.status()).as(dnc.body()).isIn(200, 201);
    page.locator("#preview-name").click();
    page.keyboard().press("c");
    expect(page.locator("#notice")).containsText("do-not-call");
    expect(page.locator("#preview")).isHidden();

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      JsonObject p = api.get("/api/v1/campaigns/" + id + "/progress", sam).json();
      assertThat(p.getLong("inFlight")).isZero();
      assertThat(p.getJsonObject("byOutcome").getMap()).containsEntry("skipped", 1).containsEntry("do-not-call", 1);
      assertThat(p.getLong("dialed")).as("the refused attempt; the skip is none").isEqualTo(1);
    });
    assertThat(api.send("POST", "/api/v1/campaigns/" + id + "/stop", sam, null, null).status()).isEqualTo(200);
    assertThat(errors).isEmpty();
  }
}
