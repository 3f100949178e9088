package io.switchboard.web;

import static io.switchboard.web.SoftphoneFixture.expect;
import static io.switchboard.web.SoftphoneFixture.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.switchboard.support.ApiClient;
import io.switchboard.support.ApiClient.Res;
import io.switchboard.support.TestNodes;
import io.switchboard.support.TestPostgres;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Campaign progress on the supervisor wallboard in Debian Chromium, against a real node and PostgreSQL (a database of
 * its own): a campaign started through the API shows with its figures while it runs (nobody staffs its queue, so
 * nothing is dialed and its two contacts remain), its state follows a pause live and in Spanish, and a stopped
 * campaign leaves the board.
 */
class CampaignBoardIT {
  @RegisterExtension
  static final SoftphoneFixture fx = new SoftphoneFixture("campaign-board-it", Map.of(
      "database.url", TestPostgres.newDatabase("campaign_board_it")), 1000);

  @Test
  void aRunningCampaignsProgressShowsAndFollowsItsState() throws Exception {
    int port = fx.web().node.httpPort();
    ApiClient api = new ApiClient(port);
    String sam = TestNodes.login(port, "sam");
    Res list = api.post("/api/v1/contact-lists", sam, new JsonObject().put("name", "winter").encode());
    String listId = list.json().getString("id");
    Res imported = api.csv("/api/v1/contact-lists/" + listId + "/import", sam,
        "name,phone\nAnn Lee,+14155550161\nBo Roe,+14155550162\n");
    assertThat(imported.status()).as(imported.body()).isEqualTo(200);
    Res created = api.post("/api/v1/campaigns", sam, new JsonObject().put("name", "Winter offers")
        .put("queue", "billing").put("listIds", new JsonArray().add(listId)).encode());
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.json().getString("id");

    Page board = fx.page();
    List<String> errors = Browsers.errors(board);
    signIn(board, "/wallboard.html", "sam");
    expect(board.locator("#conn")).hasText("Connected");
    expect(board.locator("#no-campaigns")).isVisible();

    assertThat(api.send("POST", "/api/v1/campaigns/" + id + "/start", sam, null, null).status()).isEqualTo(200);
    Locator row = board.locator("#campaigns tr[data-campaign='" + id + "']");
    expect(row.locator("td.name")).hasText("Winter offers");
    expect(row.locator("td.status")).hasText("Running");
    expect(row.locator("td.dialed")).hasText("0");
    expect(row.locator("td.connected")).hasText("0");
    expect(row.locator("td.abandon")).hasText("0.0 %");
    expect(row.locator("td.remaining")).hasText("2");
    expect(board.locator("#no-campaigns")).isHidden();

    assertThat(api.send("POST", "/api/v1/campaigns/" + id + "/pause", sam, null, null).status()).isEqualTo(200);
    expect(row.locator("td.status")).hasText("Paused");
    board.locator("#lang").selectOption("es");
    expect(row.locator("td.status")).hasText("En pausa");
    expect(board.locator("#campaigns-h")).hasText("Campañas");

    assertThat(api.send("POST", "/api/v1/campaigns/" + id + "/stop", sam, null, null).status()).isEqualTo(200);
    expect(row).hasCount(0);
    expect(board.locator("#no-campaigns")).isVisible();
    assertThat(errors).isEmpty();
  }
}
