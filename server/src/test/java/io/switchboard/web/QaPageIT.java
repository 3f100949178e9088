package io.switchboard.web;

import static io.switchboard.web.SoftphoneFixture.expect;
import static io.switchboard.web.SoftphoneFixture.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.switchboard.support.ApiClient;
import io.switchboard.support.BaresipCaller;
import io.switchboard.support.TestNodes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The QA page end to end: a baresip caller's call answered by the agent in Debian Chromium is recorded (queue
 * policy {@code all}, through the real recording path); the supervisor finds it on /qa.html by agent, reviews it:
 * the recording loads into the player beside the interaction's timeline, and clicking a step seeks the player to
 * that step's time; answers a scorecard and submits: the page shows the server's score. The agent's softphone then
 * lists the evaluation and its Acknowledge button records the acknowledgement, once. The reports page's quality
 * card shows the agent's and the queue's average.
 */
class QaPageIT {
  static final String ADMIN_PASSWORD = "qa-admin-pass-1";
  static final String CARD = """
      {"name":"Standard","sections":[
        {"title":"Greeting","weight":40,"questions":[{"id":"greet","text":"Greeted?","type":"yes-no","weight":1}]},
        {"title":"Resolution","weight":60,"questions":[
          {"id":"fixed","text":"Fixed?","type":"scale","scaleMax":5,"weight":1,"allowNa":true}]}]}""";
  @RegisterExtension
  static final SoftphoneFixture fx = new SoftphoneFixture("qa-page-it",
      Map.of("bootstrap.admin.password", ADMIN_PASSWORD), 1000);

  @Test
  void aSupervisorReviewsARecordedCallAndTheAgentAcknowledges() throws Exception {
    int port = fx.web().node.httpPort();
    ApiClient api = new ApiClient(port);
    String admin = TestNodes.login(port, "demo", "admin", ADMIN_PASSWORD);
    assertThat(api.put("/api/v1/scorecards/standard", admin, CARD).status()).isEqualTo(201);
    JsonObject queue = api.get("/api/v1/queues/support", admin).json();
    queue.remove("id");
    queue.remove("version");
    assertThat(api.put("/api/v1/queues/support", admin, queue.put("recording", "all").encode()).status())
        .isEqualTo(200);

    Page agent = fx.page();
    List<String> agentErrors = Browsers.errors(agent);
    signIn(agent, "/", "alice");
    expect(agent.locator("#conn")).hasText("Connected");
    String callId = call(agent);
    JsonObject rec = await().atMost(Duration.ofSeconds(15)).until(() -> {
      JsonArray items = api.get("/api/v1/recordings?callId=" + callId, admin).json().getJsonArray("items");
      return items.size() == 1 && "complete".equals(items.getJsonObject(0).getString("status"))
          ? items.getJsonObject(0) : null;
    }, r -> r != null);
    await().atMost(Duration.ofSeconds(15)).until(() -> {
      ApiClient.Res r = api.get("/api/v1/interactions/" + callId, admin);
      return r.status() == 200 && r.json().getString("endedAt") != null;
    });

    Page qa = fx.page();
    List<String> qaErrors = Browsers.errors(qa);
    signIn(qa, "/qa.html", "sam");
    qa.fill("#search input[name=agent]", "alice");
    qa.click("#search button[type=submit]");
    qa.click("#calls button[data-call-id='" + callId + "']");
    expect(qa.locator("#timeline button[data-kind=answered]")).isVisible();
    // the recording is in the player, whole (its duration the recording's)
    await().atMost(Duration.ofSeconds(15)).until(() ->
        ((Number) qa.evaluate("() => document.getElementById('player').duration || 0")).doubleValue() > 1);
    double duration = ((Number) qa.evaluate("() => document.getElementById('player').duration")).doubleValue();
    assertThat(duration * 1000).as("the player has the recording").isCloseTo(rec.getLong("durationMs"),
        org.assertj.core.data.Offset.offset(100.0));
    // clicking a step seeks to its time from the recording's start
    var ended = qa.locator("#timeline button[data-kind=ended]");
    double at = Double.parseDouble(ended.getAttribute("data-seconds"));
    assertThat(at).as("the call ended at the recording's end").isGreaterThan(1.0);
    ended.click();
    double now = ((Number) qa.evaluate("() => document.getElementById('player').currentTime")).doubleValue();
    assertThat(now).isCloseTo(Math.min(at, duration), org.assertj.core.data.Offset.offset(0.05));
    qa.locator("#timeline button[data-kind=answered]").click();
    assertThat(((Number) qa.evaluate("() => document.getElementById('player').currentTime")).doubleValue())
        .isLessThan(at);

    // the scorecard form: greet yes, fixed 4 of 5 → 40 + 60 × 0.75 = 85
    qa.check("fieldset[data-question=greet] input[value=yes]");
    qa.check("fieldset[data-question=fixed] input[value='4']");
    qa.click("#evaluate button[type=submit]");
    expect(qa.locator("#eval-status")).hasAttribute("data-score", "85");
    JsonObject evaluation = api.get("/api/v1/evaluations?callId=" + callId, admin).json().getJsonArray("items")
        .getJsonObject(0);
    assertThat(evaluation.getString("agentId")).isEqualTo("alice");
    assertThat(evaluation.getString("recordingId")).isEqualTo(rec.getString("id"));

    // the reports page's quality card averages it (today's range, the page's default)
    Page reports = fx.page("UTC");
    signIn(reports, "/reports.html", "sam");
    expect(reports.locator("#qa-agents tr[data-key=alice]")).containsText("85%");
    expect(reports.locator("#qa-queues tr[data-key=support]")).containsText("85%");

    // the agent sees it on the softphone and acknowledges it
    agent.reload();
    expect(agent.locator("#conn")).hasText("Connected");
    var item = agent.locator("#evaluations-list li[data-evaluation-id='" + evaluation.getString("id") + "']");
    expect(item).containsText("85");
    item.locator("input").fill("Thanks");
    item.locator("button").click();
    expect(item).containsText("Acknowledged");
    JsonObject acked = api.get("/api/v1/evaluations/" + evaluation.getString("id"), admin).json();
    assertThat(acked.getString("acknowledgedAt")).isNotNull();
    assertThat(acked.getString("ackComment")).isEqualTo("Thanks");
    assertThat(item.locator("button").count()).as("once").isZero();
    assertThat(qaErrors).isEmpty();
    assertThat(agentErrors).isEmpty();
  }

  /** One call from baresip answered by the agent page and talked over for 3 s; returns its call id. */
  static String call(Page agent) throws Exception {
    agent.selectOption("#status-select", "available");
    expect(agent.locator("#state")).hasText("Available");
    String callId;
    try (BaresipCaller caller = BaresipCaller.dial("+15550100", fx.sipPort(), 440, 40)) {
      expect(agent.locator("#offer")).isVisible();
      agent.click("#accept");
      expect(agent.locator("#media-status")).hasAttribute("data-state", "connected",
          new LocatorAssertions.HasAttributeOptions().setTimeout(15_000));
      Set<String> ids = fx.web().node.calls().activeCallIds();
      assertThat(ids).hasSize(1);
      callId = ids.iterator().next();
      agent.waitForTimeout(3000);
      agent.click("#hangup");
      expect(agent.locator("#wrapup")).isVisible();
    }
    agent.click("#wrapup button[type=submit]");
    expect(agent.locator("#state")).hasText("Available");
    return callId;
  }
}
