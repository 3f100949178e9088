package io.switchboard.web;

import static io.switchboard.web.SoftphoneFixture.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import io.switchboard.acd.AgentState;
import io.switchboard.auth.HttpTestClient;
import io.switchboard.auth.HttpTestClient.Reply;
import io.switchboard.support.TestNodes;
import io.switchboard.support.TestPostgres;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A case of a department's backlog offered in Debian Chromium (docs/cases.md, "Offered to agents"): the agent's
 * banner shows the case (number, subject, priority, due time, in the page's language) with no audio leg and no
 * screen pop; answering makes the agent its owner and shows it in the call panel without hold or mute (a fresh tab
 * too, from hello); hanging up ends the work with no wrap-up.
 */
class CaseSoftphoneIT {
  @RegisterExtension
  static final SoftphoneFixture fx = new SoftphoneFixture("case-softphone-it",
      Map.of("database.url", TestPostgres.newDatabase("case_softphone_it")), 1000);
  Page page;

  @AfterEach
  void closePage() {
    if (page != null) {
      fx.browsers().closePage(page);
    }
  }

  @Test
  void theBannerShowsTheCaseAndAnsweringMakesTheAgentItsOwner() throws Exception {
    HttpTestClient http = new HttpTestClient(fx.web().node.httpPort());
    String sam = TestNodes.login(fx.web().node.httpPort(), "sam");
    page = fx.page();
    List<String> errors = Browsers.errors(page);
    Browsers.signIn(page, "/", "bob", WebNode.PASSWORD); // support only
    expect(page.locator("#conn")).hasText("Connected");
    page.selectOption("#status-select", "available");
    expect(page.locator("#state")).hasText("Available");

    Reply created = http.postJson("/api/v1/cases", sam, new JsonObject().put("subject", "Printer on fire")
        .put("department", "support").put("priority", "urgent").encode());
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.json().getString("id");

    expect(page.locator("#offer")).isVisible();
    expect(page.locator("#offer-caller")).hasText("Case #" + id + ": Printer on fire");
    expect(page.locator("#offer-number")).hasText(Pattern.compile("^urgent · due .+"));
    expect(page.locator("#offer-queue")).hasText("support");
    page.waitForTimeout(1000);
    assertThat(fx.web().node.webrtc().activeLegs()).as("no audio leg: nobody is on the line").isZero();
    expect(page.locator("#pop")).isHidden();
    page.selectOption("#lang", "es");
    expect(page.locator("#offer-caller")).hasText("Caso n.º " + id + ": Printer on fire");
    page.selectOption("#lang", "en");

    page.click("#accept");
    expect(page.locator("#state")).hasText("On call");
    expect(page.locator("#call-caller")).hasText("Case #" + id + ": Printer on fire");
    expect(page.locator("#hold")).isHidden();
    expect(page.locator("#mute")).isHidden();
    JsonObject taken = http.get("/api/v1/cases/" + id, sam).json();
    assertThat(taken.getString("owner")).isEqualTo("bob");
    assertThat(taken.getString("status")).isEqualTo("open");
    // a fresh tab (no saved call) while working on it: hello itself names the case
    page.evaluate("() => sessionStorage.removeItem('switchboard.call')");
    page.reload();
    expect(page.locator("#conn")).hasText("Connected");
    expect(page.locator("#state")).hasText("On call");
    expect(page.locator("#call-caller")).hasText("Case #" + id + ": Printer on fire");
    expect(page.locator("#call-number")).hasText(Pattern.compile("^urgent · due .+"));

    page.click("#hangup");
    expect(page.locator("#state")).hasText("Available");
    assertThat(fx.web().node.acd().agent(WebNode.TENANT, "bob").await().state()).isEqualTo(AgentState.AVAILABLE);
    assertThat(http.get("/api/v1/cases/" + id, sam).json().getString("owner")).isEqualTo("bob");
    assertThat(errors).isEmpty();
  }
}
