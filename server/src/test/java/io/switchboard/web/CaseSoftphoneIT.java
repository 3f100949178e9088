package io.switchboard.web;

import static io.switchboard.web.SoftphoneFixture.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.switchboard.acd.AgentState;
import io.switchboard.auth.HttpTestClient;
import io.switchboard.auth.HttpTestClient.Reply;
import io.switchboard.support.TestNodes;
import io.switchboard.support.TestPostgres;
import io.vertx.core.json.JsonObject;
import io.switchboard.directory.Kind;
import io.switchboard.support.SippCaller;
import io.vertx.core.json.JsonArray;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Cases in the softphone, in Debian Chromium against a real node (docs/cases.md): a case of a department's backlog
 * offered like a call ("Offered to agents": the banner shows the case with no audio leg and no screen pop; answering
 * makes the agent its owner; hanging up ends the work with no wrap-up); a case opened at a call's wrap-up, found in
 * "My cases" and from today's calls, forwarded to another department picked from a list, and offered there to a
 * free agent; "My cases" due soonest first with the overdue marked, search and filters, an escalation refused while
 * there is no superior (the reason shown) and then reaching the team leader, who sees it on its wallboard.
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

  @Test
  void aCaseOpenedAtWrapUpIsForwardedToBillingAndOfferedToItsFreeAgent() throws Exception {
    HttpTestClient http = new HttpTestClient(fx.web().node.httpPort());
    String sam = TestNodes.login(fx.web().node.httpPort(), "sam");
    page = fx.page();
    List<String> errors = Browsers.errors(page);
    SoftphoneFixture.signIn(page, "/", "alice"); // support and sales
    expect(page.locator("#conn")).hasText("Connected");
    Page carol = fx.page(); // sales and billing
    try (SippCaller caller = SippCaller.dial("+15550100", fx.sipPort())) {
      SoftphoneFixture.signIn(carol, "/", "carol");
      expect(carol.locator("#conn")).hasText("Connected");
      carol.selectOption("#status-select", "available");
      expect(carol.locator("#state")).hasText("Available");
      page.selectOption("#status-select", "available");
      expect(page.locator("#offer")).isVisible();
      page.click("#accept");
      expect(page.locator("#state")).hasText("On call");
      page.click("#hangup");
      expect(page.locator("#wrapup")).isVisible();
      caller.assertHungUpByNode(10);
      page.fill("#case-subject", "Router keeps rebooting");
      page.selectOption("#case-priority", "high");
      page.click("#wrapup button[type=submit]");
      expect(page.locator("#wrapup")).isHidden();

      // the new case is in "My cases" and on today's calls
      Locator mine = page.locator("#mycases-list li");
      expect(mine).hasCount(1);
      expect(mine.first()).containsText("Router keeps rebooting");
      expect(mine.first()).containsText("high priority · new · support");
      String id = mine.first().getAttribute("data-case-id");
      expect(page.locator("#mycases-status")).hasText("One open case of yours.");
      Locator fromCall = page.locator("#recent-calls li button[data-case-id='" + id + "']");
      expect(fromCall).isVisible();
      fromCall.focus();
      page.keyboard().press("Enter");
      Locator dialog = page.locator("#case-dialog");
      expect(dialog).isVisible();
      assertThat(page.evaluate("!!document.activeElement.closest('#case-dialog')")).as("focus moved in")
          .isEqualTo(true);
      expect(page.locator("#case-dialog-h")).hasText("Case #" + id + ": Router keeps rebooting");
      expect(page.locator("#case-dialog-calls")).containsText(SippCaller.CALLER); // the linked call, as listed today
      expect(page.locator("#case-dialog-history")).containsText("alice: created");
      page.keyboard().press("Escape");
      expect(dialog).isHidden();
      assertThat(page.evaluate("document.activeElement.dataset.caseId")).as("focus returned").isEqualTo(id);

      // forwarded from "My cases" to a department picked from the tenant's queues (not its own), with a note
      mine.first().locator("button").click();
      expect(dialog).isVisible();
      Locator departments = page.locator("#case-forward-department option");
      expect(departments).hasText(new String[] {"Choose a department", "Billing (billing)", "Sales (sales)"});
      page.setViewportSize(360, 780); // the dialog in a narrow panel: inside the window, nothing sideways
      assertThat(page.evaluate("document.getElementById('case-dialog').getBoundingClientRect().right <= 360 "
          + "&& document.documentElement.scrollWidth <= 360")).isEqualTo(true);
      java.nio.file.Files.createDirectories(java.nio.file.Path.of("target", "screenshots"));
      page.screenshot(new Page.ScreenshotOptions().setPath(java.nio.file.Path.of("target", "screenshots",
          "case-dialog-360.png")));
      page.selectOption("#case-forward-department", "billing");
      page.fill("#case-forward-note", "Invoice shows the router twice");
      page.click("#case-forward button[type=submit]");
      expect(dialog).isHidden();
      expect(page.locator("#mycases-said")).hasText("Case #" + id + " forwarded to billing.");
      expect(mine).hasCount(0);
      assertThat(page.evaluate("document.activeElement.id")).as("focus where the case was: the card")
          .isEqualTo("mycases-h");
      expect(page.locator("#mycases-status")).hasText("You have no open cases.");

      // billing's free agent is offered it at once
      expect(carol.locator("#offer")).isVisible();
      expect(carol.locator("#offer-caller")).hasText("Case #" + id + ": Router keeps rebooting");
      expect(carol.locator("#offer-queue")).hasText("billing");
      carol.click("#accept");
      expect(carol.locator("#state")).hasText("On call");
      carol.click("#hangup");
      expect(carol.locator("#state")).hasText("Available");
      expect(carol.locator("#mycases-list li[data-case-id='" + id + "']")).isVisible();
      JsonObject k = http.get("/api/v1/cases/" + id, sam).json();
      assertThat(k.getString("owner")).isEqualTo("carol");
      assertThat(k.getString("department")).isEqualTo("billing");
      JsonObject forwarded = k.getJsonArray("history").stream().map(JsonObject.class::cast)
          .filter(e -> e.getString("action").equals("forwarded")).findFirst().orElseThrow();
      assertThat(forwarded.getString("actor")).isEqualTo("alice");
      assertThat(forwarded.getString("note")).isEqualTo("Invoice shows the router twice");
    } finally {
      fx.browsers().closePage(carol);
    }
    assertThat(errors).isEmpty();
  }

  @Test
  void myCasesAreDueSoonestFirstSearchedAndEscalatedToTheTeamLeader() throws Exception {
    int port = fx.web().node.httpPort();
    HttpTestClient http = new HttpTestClient(port);
    String dave = TestNodes.login(port, "dave"); // billing and support; team tier1
    String low = create(http, dave, "Quiet hum in the headset", "low");
    String urgent = create(http, dave, "Plotter jams on every page", "urgent");
    String high = create(http, dave, "Plotter toner smudges", "high");
    String late = create(http, dave, "Callback promised yesterday", "normal");
    try (Connection c = fx.web().node.database().dataSource().getConnection(); Statement s = c.createStatement()) {
      // overdue, and already acted on, so the due-time job leaves it where it is
      s.executeUpdate("UPDATE cases SET due_at = now() - interval '1 hour', breach_handled = true "
          + "WHERE tenant = 'demo' AND id = " + late);
    }
    page = fx.page();
    List<String> errors = Browsers.errors(page);
    SoftphoneFixture.signIn(page, "/", "dave");
    expect(page.locator("#conn")).hasText("Connected");

    Locator rows = page.locator("#mycases-list li");
    expect(rows).hasCount(4);
    assertThat(rows.evaluateAll("l => l.map(e => e.dataset.caseId)")).as("due soonest first")
        .isEqualTo(List.of(late, urgent, high, low));
    expect(rows.first().locator(".badge.overdue")).hasText("overdue");
    expect(rows.nth(1).locator(".badge.overdue")).hasCount(0);
    expect(page.locator("#mycases-status")).hasText("4 open cases of yours, 1 overdue, due soonest first.");

    // search: text, then text and priority, then a status none has
    page.click("#case-search-toggle");
    page.fill("#case-q", "plotter");
    page.click("#case-search-go");
    expect(rows).hasCount(2);
    expect(page.locator("#mycases-status")).hasText("2 cases match.");
    page.selectOption("#case-priority-filter", "high");
    page.click("#case-search-go");
    expect(rows).hasCount(1);
    expect(rows.first()).hasAttribute("data-case-id", high);
    page.fill("#case-q", "");
    page.selectOption("#case-priority-filter", "");
    page.selectOption("#case-status-filter", "closed");
    page.click("#case-search-go");
    expect(page.locator("#mycases-status")).hasText("No case matches.");
    page.click("#case-mine");
    expect(rows).hasCount(4);

    // a status and priority change, kept in the history
    page.locator("#mycases-list li[data-case-id='" + low + "'] button").click();
    page.selectOption("#case-edit-status", "pending");
    page.click("#case-edit button[type=submit]");
    expect(page.locator("#case-dialog-history")).containsText("dave: changed (status: new → pending)");
    page.click("#case-dialog-close");

    // no one above dave (the demo team's leader and manager taken off): refused, the reason in the dialog,
    // nothing changed
    JsonObject team = fx.web().node.directory().get(WebNode.TENANT, Kind.TEAM, "tier1").await().orElseThrow();
    team.remove("id");
    team.remove("version");
    JsonObject nobodyAbove = team.copy();
    nobodyAbove.remove("leader");
    nobodyAbove.remove("manager");
    fx.web().node.directory().put(WebNode.TENANT, Kind.TEAM, "tier1", nobodyAbove, null).await();
    page.locator("#mycases-list li[data-case-id='" + urgent + "'] button").click();
    page.fill("#case-escalate-note", "Third jam today, need a technician");
    page.click("#case-escalate button[type=submit]");
    expect(page.locator("#case-dialog-error")).hasText(
        "Not done: owner: has no superior to escalate to: team 'tier1' has no leader or manager");
    expect(page.locator("#case-dialog")).isVisible();
    assertThat(http.get("/api/v1/cases/" + urgent, dave).json().getString("owner")).isEqualTo("dave");

    fx.web().node.directory().put(WebNode.TENANT, Kind.AGENT, "tina", new JsonObject().put("username", "tina")
        .put("displayName", "Tina Team").put("roles", new JsonArray().add("team-leader"))
        .put("password", WebNode.PASSWORD), null).await();
    fx.web().node.directory().put(WebNode.TENANT, Kind.TEAM, "tier1", nobodyAbove.copy().put("leader", "tina"), null)
        .await();
    Page leader = fx.page();
    try {
      page.click("#case-escalate button[type=submit]");
      expect(page.locator("#case-dialog")).isHidden();
      expect(page.locator("#mycases-said")).hasText("Case #" + urgent + " escalated to tina.");
      expect(rows).hasCount(3);

      // the team leader's page (the wallboard: a team leader takes no calls) lists what was escalated to it
      SoftphoneFixture.signIn(leader, "/wallboard.html", "tina");
      Locator theirs = leader.locator("#mycases-list li");
      expect(theirs).hasCount(1);
      expect(theirs.first()).hasAttribute("data-case-id", urgent);
      theirs.first().locator("button").click();
      expect(leader.locator("#case-dialog-fields")).containsText("tina");
      expect(leader.locator("#case-dialog-history")).containsText("Third jam today, need a technician");
      expect(leader.locator("#case-dialog-history")).containsText("dave: escalated");
    } finally {
      fx.browsers().closePage(leader);
      fx.web().node.directory().put(WebNode.TENANT, Kind.TEAM, "tier1", team, null).await();
    }
    assertThat(errors).as("only the refused escalation, which the page showed (Chromium logs every failed fetch)")
        .containsExactly("console: Failed to load resource: the server responded with a status of 400 (Bad Request)");
  }

  private static String create(HttpTestClient http, String token, String subject, String priority) {
    Reply r = http.postJson("/api/v1/cases", token, new JsonObject().put("subject", subject)
        .put("department", "support").put("priority", priority).encode());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().getString("id");
  }
}
