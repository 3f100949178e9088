package io.switchboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The supervisor wallboard in Debian Chromium, live against a real node: a sipp caller waits in the sales queue
 * (the board shows it waiting, the longest wait ticking), then an agent in a second browser page answers it
 * (the board shows the agent on the call and the call answered), then hangs up and wraps up.
 */
class WallboardIT {
  static WebNode web;
  static Browsers browsers;

  @BeforeAll
  static void start() {
    PlaywrightAssertions.setDefaultAssertionTimeout(10_000);
    // The node and the browser start side by side: each takes seconds on a busy 2-core machine.
    CompletableFuture<WebNode> node = CompletableFuture.supplyAsync(() -> WebNode.start("wallboard-it",
        // the shortest lifetime allowed: the pages must renew their token on the open socket (after 7.5 s)
        Map.of("auth.access-token.ttl-seconds", "10")));
    try {
      browsers = Browsers.launch(1000);
    } finally {
      web = node.join();
    }
  }

  @AfterAll
  static void stop() {
    if (browsers != null) {
      browsers.close();
    }
    if (web != null) {
      web.close();
    }
  }

  private static LocatorAssertions expect(Locator l) {
    return PlaywrightAssertions.assertThat(l);
  }

  @Test
  void aSupervisorSeesTheWaitingCallThenTheAgentOnItLive() throws Exception {
    Page board = browsers.page(web.baseUrl());
    List<String> boardErrors = Browsers.errors(board);
    Browsers.signIn(board, "/wallboard.html", "sam", WebNode.PASSWORD);
    expect(board.locator("#conn")).hasText("Connected");
    expect(board.locator("#who")).hasText("sam @ demo");
    expect(board.locator("#updated")).hasText(Pattern.compile("Updated .+"));
    Locator sales = board.locator("#queues tr[data-queue=sales]");
    Locator counts = board.locator("#agent-counts");

    try (SippCaller caller = SippCaller.dial("+15550101", web.node.sipPort())) {
      expect(sales.locator("td.waiting")).hasText("1");
      expect(sales.locator("td.longest")).hasText(Pattern.compile("0:0[2-9]")); // ticks between pushes
      expect(sales.locator("td.offered")).hasText("1");

      Page agent = browsers.page(web.baseUrl());
      List<String> agentErrors = Browsers.errors(agent);
      Browsers.signIn(agent, "/", "carol", WebNode.PASSWORD);
      expect(agent.locator("#conn")).hasText("Connected");
      agent.click("#go-available");
      expect(agent.locator("#offer")).isVisible(); // the waiting call goes to carol at once
      agent.click("#accept");
      expect(agent.locator("#state")).hasText("On call");

      expect(sales.locator("td.waiting")).hasText("0");
      expect(sales.locator("td.longest")).hasText("–");
      expect(sales.locator("td.answered")).hasText("1");
      expect(counts.locator("[data-state=on-call] strong")).hasText("1");
      Locator carol = board.locator("#agents tr[data-agent=carol]");
      expect(carol.locator("td").first()).hasText("Carol Cruz · carol");
      expect(carol.locator("td.state")).hasText("On call");
      expect(carol.locator("td.since")).hasText(Pattern.compile("0:0[1-9]")); // time in state ticks

      agent.click("#hangup");
      expect(counts.locator("[data-state=wrap-up] strong")).hasText("1");
      caller.assertHungUpByNode(10);
      agent.click("#wrapup button[type=submit]");
      expect(counts.locator("[data-state=available] strong")).hasText("1");
      expect(counts.locator("[data-state=on-call] strong")).hasText("0");
      expect(carol.locator("td.state")).hasText("Available");
      assertThat(agentErrors).isEmpty();
    }
    assertThat(boardErrors).isEmpty();
  }

  @Test
  void theBoardRenewsItsAccessTokenOnTheOpenSocketAndKeepsUpdating() {
    Page board = browsers.page(web.baseUrl());
    AtomicInteger sockets = new AtomicInteger();
    board.onWebSocket(ws -> sockets.incrementAndGet());
    Browsers.signIn(board, "/wallboard.html", "sam", WebNode.PASSWORD);
    expect(board.locator("#conn")).hasText("Connected");
    board.waitForTimeout(12_000); // past the 10 s token: without renewal the node closes the socket (4001)
    expect(board.locator("#conn")).hasText("Connected");
    String updated = board.locator("#updated").textContent();
    expect(board.locator("#updated")).not().hasText(updated); // stats still arrive
    assertThat(sockets.get()).as("WebSockets opened").isEqualTo(1);
    browsers.closePage(board);
  }

  @Test
  void anAgentWithoutTheSupervisorRoleIsToldSo() {
    Page board = browsers.page(web.baseUrl());
    Browsers.signIn(board, "/wallboard.html", "bob", WebNode.PASSWORD);
    expect(board.locator("#login-error")).hasText("This account is not a supervisor.");
    expect(board.locator("#board")).isHidden();
  }
}
