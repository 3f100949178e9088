package io.switchboard.web;

import static io.switchboard.web.SoftphoneFixture.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Page;
import io.switchboard.acd.AgentState;
import io.switchboard.acd.AgentStatus;
import io.switchboard.acd.CallSpec;
import io.switchboard.auth.HttpTestClient;
import io.switchboard.auth.HttpTestClient.Reply;
import io.switchboard.support.SippCaller;
import io.switchboard.support.TestNodes;
import io.switchboard.support.TestPostgres;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The screen pop in Debian Chromium against a real node and a sipp caller (+15557650042): a known caller's name,
 * company and an earlier call show while the call rings, before the agent answers; an unknown caller is created
 * from the card and then shown. Customers are written through the real API as supervisor sam.
 */
class ScreenPopIT {
  @RegisterExtension
  static final SoftphoneFixture fx = new SoftphoneFixture("screen-pop-it",
      Map.of("database.url", TestPostgres.newDatabase("screen_pop_it"), "bootstrap.admin.password", "pop-admin-1"),
      1000);
  Page page;
  List<String> pageErrors;
  HttpTestClient http;
  String sam;

  @BeforeEach
  void clearTheCallersCustomers() throws Exception {
    http = new HttpTestClient(fx.web().node.httpPort());
    sam = TestNodes.login(fx.web().node.httpPort(), "sam");
    for (Object o : customers()) {
      assertThat(http.delete("/api/v1/customers/" + ((JsonObject) o).getString("id"), sam).status()).isEqualTo(204);
    }
  }

  @AfterEach
  void closePage() {
    if (page != null) {
      fx.browsers().closePage(page);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> List.of("alice", "dave").stream()
        .map(a -> agent(a).state()).allMatch(s -> s == AgentState.OFFLINE || s == AgentState.WRAP_UP));
  }

  /** The customers having the sipp caller's number. */
  JsonArray customers() {
    Reply r = http.get("/api/v1/customers?phone=%2B15557650042", sam);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().getJsonArray("items");
  }

  AgentStatus agent(String id) {
    return fx.web().node.acd().agent(WebNode.TENANT, id).await();
  }

  void openAvailable(String user) {
    page = fx.page();
    pageErrors = Browsers.errors(page);
    Browsers.signIn(page, "/", user, WebNode.PASSWORD);
    expect(page.locator("#conn")).hasText("Connected");
    page.selectOption("#status-select", "available");
    expect(page.locator("#state")).hasText("Available");
    expect(page.locator("#pop")).isHidden();
  }

  /** Answers, hangs up and wraps up the ringing call, as an agent would. */
  void answerHangUpAndWrapUp(SippCaller caller) throws Exception {
    answerHangUpAndWrapUp(caller, null, null);
  }

  /** As {@link #answerHangUpAndWrapUp(SippCaller)}, with a disposition and a case opened at wrap-up when given. */
  void answerHangUpAndWrapUp(SippCaller caller, String caseSubject, String disposition) throws Exception {
    page.click("#accept");
    expect(page.locator("#state")).hasText("On call");
    expect(page.locator("#pop")).isVisible(); // the card stays through the call
    page.click("#hangup");
    expect(page.locator("#wrapup")).isVisible();
    caller.assertHungUpByNode(10);
    if (disposition != null) {
      page.selectOption("#disposition", disposition);
    }
    if (caseSubject != null) {
      page.fill("#case-subject", caseSubject);
      page.selectOption("#case-priority", "high");
    }
    page.click("#wrapup button[type=submit]");
    expect(page.locator("#state")).hasText("Available");
    expect(page.locator("#pop")).isHidden();
  }

  @Test
  void aKnownCallerAndAnEarlierCallShowBeforeTheAgentAnswers() throws Exception {
    Reply created = http.postJson("/api/v1/customers", sam, new JsonObject().put("displayName", "Dana Known")
        .put("company", "Known Widgets").put("language", "en").put("phones", new JsonArray().add("(555) 765-0042"))
        .encode());
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String customerId = created.json().getString("id");
    Reply openCase = http.postJson("/api/v1/cases", sam, new JsonObject().put("subject", "Refund for order 1234")
        .put("department", "billing").put("priority", "high").put("customerId", customerId)
        .put("owner", "carol").encode()); // carol's: not offered from the backlog to dave meanwhile (docs/cases.md)
    assertThat(openCase.status()).as(openCase.body()).isEqualTo(201);
    String caseId = openCase.json().getString("id");
    Reply closedCase = http.postJson("/api/v1/cases", sam, new JsonObject().put("subject", "Old question")
        .put("department", "support").put("customerId", customerId).encode());
    assertThat(http.send("PATCH", "/api/v1/cases/" + closedCase.json().getString("id"), "Bearer " + sam,
        "application/json", "{\"status\":\"closed\"}").status()).isEqualTo(200);
    String admin = TestNodes.login(fx.web().node.httpPort(), "demo", "admin", "pop-admin-1");
    assertThat(http.send("PUT", "/api/v1/customer-settings", "Bearer " + admin, "application/json",
        "{\"crmUrlTemplate\":\"https://crm.example.com/people/{customerId}?tel={number}\"}").status())
        .isEqualTo(200);
    // an earlier call from the number, abandoned while nobody was available, reaches the interactions table
    fx.web().node.acd().enqueue(WebNode.TENANT, new CallSpec("pop-earlier-call", "sales", null, Map.of(), null,
        SippCaller.CALLER, SippCaller.CALLER_NAME, null, fx.web().node.config().nodeId())).await();
    fx.web().node.acd().callerHangup(WebNode.TENANT, "pop-earlier-call").await();
    // the records pipeline writes the enqueue and the abandon apart: wait for the abandon
    await().atMost(Duration.ofSeconds(15)).until(() -> !http.get(
        "/api/v1/interactions?caller=%2B15557650042&outcome=abandoned", sam).json().getJsonArray("items").isEmpty());

    openAvailable("alice");
    try (SippCaller caller = SippCaller.dial("+15550100", fx.sipPort())) {
      expect(page.locator("#offer")).isVisible();
      expect(page.locator("#pop .pop-name")).hasText("Dana Known");
      expect(page.locator("#pop .pop-company")).containsText("Known Widgets");
      expect(page.locator("#pop .pop-language")).containsText("en");
      // (the other test's call from the same number may be listed too)
      expect(page.locator("#pop-history li[data-call-id=pop-earlier-call]")).containsText("sales");
      expect(page.locator("#pop-history li[data-call-id=pop-earlier-call]")).containsText("abandoned");
      expect(page.locator("#pop-create")).isHidden();
      // the customer's open case, from another department; not the closed one
      expect(page.locator("#pop-cases li[data-case-id='" + caseId + "']")).containsText("Refund for order 1234");
      expect(page.locator("#pop-cases li[data-case-id='" + caseId + "']")).containsText("high priority");
      expect(page.locator("#pop-cases li")).hasCount(1);
      expect(page.locator("#pop .pop-crm")).hasText("Open in CRM");
      expect(page.locator("#pop .pop-crm")).hasAttribute("href",
          "https://crm.example.com/people/" + customerId + "?tel=%2B15557650042");
      // all of it while ringing: the agent has not answered
      expect(page.locator("#state")).hasText("Ringing");
      assertThat(agent("alice").state()).isEqualTo(AgentState.RESERVED);
      answerHangUpAndWrapUp(caller, "Refund still missing", null);
    }
    // the case opened at wrap-up: alice's, in the call's queue, about the call and the customer
    JsonArray made = http.get("/api/v1/cases?q=refund%20still%20missing", sam).json().getJsonArray("items");
    assertThat(made).hasSize(1);
    JsonObject k = made.getJsonObject(0);
    assertThat(k.getString("owner")).isEqualTo("alice");
    assertThat(k.getString("department")).isEqualTo("support");
    assertThat(k.getString("priority")).isEqualTo("high");
    assertThat(k.getString("customerId")).isEqualTo(customerId);
    assertThat(k.getJsonArray("callIds")).hasSize(1);
    assertThat(pageErrors).isEmpty();
  }

  @Test
  void anUnknownCallerIsCreatedFromTheCard() throws Exception {
    // billing lists its own dispositions: the wrap-up offers them and the ACD keeps the one chosen
    String admin = TestNodes.login(fx.web().node.httpPort(), "demo", "admin", "pop-admin-1");
    JsonObject billing = http.get("/api/v1/queues/billing", admin).json();
    billing.remove("version");
    billing.put("dispositions", new JsonArray()
        .add(new JsonObject().put("code", "refund-issued").put("label", "Refund issued"))
        .add(new JsonObject().put("code", "invoice-sent").put("label", "Invoice sent")));
    assertThat(http.send("PUT", "/api/v1/queues/billing", "Bearer " + admin, "application/json", billing.encode())
        .status()).isEqualTo(200);
    openAvailable("dave");
    try (SippCaller caller = SippCaller.dial("+15550102", fx.sipPort())) { // billing: only dave
      expect(page.locator("#offer")).isVisible();
      expect(page.locator("#pop-create")).isVisible();
      expect(page.locator("#pop-number")).hasText(SippCaller.CALLER);
      expect(page.locator("#pop .pop-name")).hasCount(0);
      page.fill("#pop-name", "Dana Created");
      page.fill("#pop-company", "New Co");
      page.click("#pop-create-submit");
      expect(page.locator("#pop .pop-name")).hasText("Dana Created");
      expect(page.locator("#pop .pop-company")).containsText("New Co");
      expect(page.locator("#pop-create")).isHidden();
      expect(page.locator("#notice")).hasText(Pattern.compile("Customer Dana Created created"));
      expect(page.locator("#state")).hasText("Ringing");
      JsonArray found = customers();
      assertThat(found).hasSize(1);
      assertThat(found.getJsonObject(0).getString("displayName")).isEqualTo("Dana Created");
      assertThat(found.getJsonObject(0).getJsonArray("phones").getList()).containsExactly(SippCaller.CALLER);
      page.click("#accept");
      expect(page.locator("#state")).hasText("On call");
      String callId = agent("dave").callId();
      page.click("#hangup");
      expect(page.locator("#disposition option")).hasText(new String[] {"Refund issued", "Invoice sent"});
      page.selectOption("#disposition", "invoice-sent");
      caller.assertHungUpByNode(10);
      page.click("#wrapup button[type=submit]");
      expect(page.locator("#state")).hasText("Available");
      await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(http.get("/api/v1/interactions/"
          + callId, sam).json().getString("disposition")).isEqualTo("invoice-sent"));
    }
    assertThat(pageErrors).isEmpty();
  }
}
