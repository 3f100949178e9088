package io.switchboard.web;

import static io.switchboard.web.SoftphoneFixture.expect;
import static io.switchboard.web.SoftphoneFixture.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.switchboard.directory.IfMatch;
import io.switchboard.directory.Kind;
import io.switchboard.support.SippCaller;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The supervisor wallboard in Debian Chromium, live against a real node: a sipp caller waits in the sales queue
 * (the board shows it waiting, the longest wait ticking), then an agent in a second browser page answers it
 * (the board shows the agent on the call and the call answered), then hangs up and wraps up. The call and the
 * agent show their region (the node's "local" for the call; carol's directory region, set to the same here so
 * the call goes to her at once). The queue's figures stand against its goals: "–" before any call, then a service
 * level that missed its goal (the call waited longer than the 1 s target) marked so in class and words.
 */
class WallboardIT {
  @RegisterExtension
  static final SoftphoneFixture fx = new SoftphoneFixture("wallboard-it",
      // the shortest lifetime allowed: the pages must renew their token on the open socket (after 7.5 s)
      Map.of("auth.access-token.ttl-seconds", "10"), 1000);

  @Test
  void aSupervisorSeesTheWaitingCallThenTheAgentOnItLive() throws Exception {
    Page board = fx.page();
    List<String> boardErrors = Browsers.errors(board);
    signIn(board, "/wallboard.html", "sam");
    expect(board.locator("#conn")).hasText("Connected");
    expect(board.locator("#who")).hasText("sam @ demo");
    expect(board.locator("#updated")).hasText(Pattern.compile("Updated .+"));
    Locator sales = board.locator("#queues tr[data-queue=sales]");
    Locator counts = board.locator("#agent-counts");
    Locator call = board.locator("#calls tbody tr");
    JsonObject carolDoc = fx.web().node.directory().get("demo", Kind.AGENT, "carol").await().orElseThrow();
    carolDoc.remove("id");
    carolDoc.remove("version");
    fx.web().node.directory().put("demo", Kind.AGENT, "carol", carolDoc.put("region", "local"), IfMatch.ANY).await();
    // Goals the call below meets (abandon rate) and misses (answered after more than 1 s, and 80 % must be)
    JsonObject salesDoc = fx.web().node.directory().get("demo", Kind.QUEUE, "sales").await().orElseThrow();
    salesDoc.remove("id");
    salesDoc.remove("version");
    fx.web().node.directory().put("demo", Kind.QUEUE, "sales", salesDoc
        .put("serviceLevel", new JsonObject().put("percent", 80).put("seconds", 1))
        .put("goals", new JsonObject().put("abandonPercent", 5)), IfMatch.ANY).await();
    expect(board.locator("#no-calls")).isVisible();
    // no call offered today: no service level and no abandon rate yet (not 100 % / 0 %), the goals shown
    expect(sales.locator("td.sl")).hasText("– goal 80 % in 1 s");
    expect(sales.locator("td.abandon-rate")).hasText("– goal at most 5 %");
    expect(sales.locator("td.sl")).not().hasClass(Pattern.compile("breached|met"));

    try (SippCaller caller = SippCaller.dial("+15550101", fx.sipPort())) {
      expect(sales.locator("td.waiting")).hasText("1");
      expect(call.locator("td.queue")).hasText("sales");
      expect(call.locator("td.state")).hasText("Waiting");
      expect(call.locator("td.region")).hasText("local");
      expect(call.locator("td.agent")).hasText("–");
      expect(sales.locator("td.longest")).hasText(Pattern.compile("0:0[2-9]")); // ticks between pushes
      expect(sales.locator("td.offered")).hasText("1");

      Page agent = fx.page();
      List<String> agentErrors = Browsers.errors(agent);
      signIn(agent, "/", "carol");
      expect(agent.locator("#conn")).hasText("Connected");
      agent.click("#go-available");
      expect(agent.locator("#offer")).isVisible(); // the waiting call goes to carol at once
      agent.click("#accept");
      expect(agent.locator("#state")).hasText("On call");

      expect(sales.locator("td.waiting")).hasText("0");
      expect(sales.locator("td.longest")).hasText("–");
      expect(sales.locator("td.answered")).hasText("1");
      expect(sales.locator("td.sl")).hasText("0 % goal missed: 80 % in 1 s");
      expect(sales.locator("td.sl")).hasClass(Pattern.compile("\\bbreached\\b"));
      expect(sales.locator("td.abandon-rate")).hasText("0 % goal at most 5 %");
      expect(sales.locator("td.abandon-rate")).hasClass(Pattern.compile("\\bmet\\b"));
      board.selectOption("#lang", "es");
      expect(sales.locator("td.sl")).hasText("0 % objetivo no cumplido: 80 % en 1 s");
      board.selectOption("#lang", "en");
      expect(counts.locator("[data-state=on-call] strong")).hasText("1");
      Locator carol = board.locator("#agents tr[data-agent=carol]");
      expect(carol.locator("td").first()).hasText("Carol Cruz · carol");
      expect(carol.locator("td.state")).hasText("On call");
      expect(carol.locator("td.since")).hasText(Pattern.compile("0:0[1-9]")); // time in state ticks
      expect(carol.locator("td.region")).hasText("local");
      expect(call.locator("td.state")).hasText("Connected");
      expect(call.locator("td.agent")).hasText("carol");

      agent.click("#hangup");
      expect(counts.locator("[data-state=wrap-up] strong")).hasText("1");
      caller.assertHungUpByNode(10);
      agent.click("#wrapup button[type=submit]");
      expect(counts.locator("[data-state=available] strong")).hasText("1");
      expect(counts.locator("[data-state=on-call] strong")).hasText("0");
      expect(carol.locator("td.state")).hasText("Available");
      expect(board.locator("#no-calls")).isVisible();
      assertThat(agentErrors).isEmpty();
    }
    assertThat(boardErrors).isEmpty();
  }

  @Test
  void theBoardRenewsItsAccessTokenOnTheOpenSocketAndKeepsUpdating() {
    Page board = fx.page();
    AtomicInteger sockets = new AtomicInteger();
    board.onWebSocket(ws -> sockets.incrementAndGet());
    signIn(board, "/wallboard.html", "sam");
    expect(board.locator("#conn")).hasText("Connected");
    board.waitForTimeout(12_000); // past the 10 s token: without renewal the node closes the socket (4001)
    expect(board.locator("#conn")).hasText("Connected");
    String updated = board.locator("#updated").textContent();
    expect(board.locator("#updated")).not().hasText(updated); // stats still arrive
    assertThat(sockets.get()).as("WebSockets opened").isEqualTo(1);
    fx.browsers().closePage(board);
  }

  @Test
  void anAgentWithoutTheSupervisorRoleIsToldSo() {
    Page board = fx.page();
    signIn(board, "/wallboard.html", "bob");
    expect(board.locator("#login-error")).hasText("This account is not a supervisor.");
    expect(board.locator("#board")).isHidden();
  }
}
