package io.switchboard.web;

import static io.switchboard.web.SoftphoneFixture.expect;
import static io.switchboard.web.SoftphoneFixture.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.switchboard.directory.IfMatch;
import io.switchboard.directory.Kind;
import io.switchboard.support.SippCaller;
import io.switchboard.support.TestPostgres;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The supervisor wallboard in Debian Chromium, against a real node and PostgreSQL (a database of its own):
 * <ul>
 *   <li>live: a sipp caller waits in the sales queue (the board shows it waiting, the longest wait ticking), then an
 *       agent in a second browser page answers it (the board shows the agent on the call), then hangs up and wraps
 *       up. The call and the agent show their region (the node's "local" for the call; carol's directory region,
 *       set to the same here so the call goes to her at once);</li>
 *   <li>today's figures from the reports API: known calls of the support queue written into the records by hand
 *       (one of them yesterday in the browser's time zone, which must not count) give exact figures, each against
 *       its goal, marked met or breached in class and words, also in Spanish; a queue with no call shows "–";</li>
 *   <li>every agent of the tenant is listed, offline ones too, and a team filter kept in the URL narrows them.</li>
 * </ul>
 */
class WallboardIT {
  /** The browser's time zone for today's figures: not the machine's, so "today" is the browser's own day. */
  private static final String ZONE_ID = "America/Bogota";
  private static final String DB = TestPostgres.newDatabase("wallboard_it");

  @RegisterExtension
  static final SoftphoneFixture fx = new SoftphoneFixture("wallboard-it", Map.of(
      // the shortest lifetime allowed: the pages must renew their token on the open socket (after 7.5 s)
      "auth.access-token.ttl-seconds", "10",
      "database.url", DB), 1000);

  @Test
  void aSupervisorSeesTheWaitingCallThenTheAgentOnItLive() throws Exception {
    Page board = fx.page();
    List<String> boardErrors = Browsers.errors(board);
    signIn(board, "/wallboard.html", "sam");
    expect(board.locator("#conn")).hasText("Connected");
    expect(board.locator("#who")).hasText("sam @ demo");
    expect(board.locator("#updated")).hasText(Pattern.compile("Updated .+"));
    Locator sales = board.locator("#queues tr[data-queue=sales]");
    expect(sales.locator("td.waiting")).hasText("0");
    Locator counts = board.locator("#agent-counts");
    Locator call = board.locator("#calls tbody tr");
    update(Kind.AGENT, "carol", d -> d.put("region", "local"));
    expect(board.locator("#no-calls")).isVisible();

    try (SippCaller caller = SippCaller.dial("+15550101", fx.sipPort())) {
      expect(sales.locator("td.waiting")).hasText("1");
      expect(call.locator("td.queue")).hasText("sales");
      expect(call.locator("td.state")).hasText("Waiting");
      expect(call.locator("td.region")).hasText("local");
      expect(call.locator("td.agent")).hasText("–");
      expect(sales.locator("td.longest")).hasText(Pattern.compile("0:0[2-9]")); // ticks between pushes

      Page agent = fx.page();
      List<String> agentErrors = Browsers.errors(agent);
      signIn(agent, "/", "carol");
      expect(agent.locator("#conn")).hasText("Connected");
      agent.selectOption("#status-select", "available");
      expect(agent.locator("#offer")).isVisible(); // the waiting call goes to carol at once
      agent.click("#accept");
      expect(agent.locator("#state")).hasText("On call");

      expect(sales.locator("td.waiting")).hasText("0");
      expect(sales.locator("td.longest")).hasText("–");
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

  /*
   * Today in the support queue (goals: 80 % in 20 s, ASA 20 s, abandon 5 %, AHT 300 s; demo data), by hand:
   *   wb-1 answered by alice after 10 s: talk 200, wrap 40 → handled 240 s (within 20 s)
   *   wb-2 offered to dave (missed), answered by bob after 30 s: talk 300, hold 20, wrap 60 → handled 380 s
   *   wb-3 abandoned after 40 s;  wb-4 abandoned after 2 s (a short abandon: under 5 s)
   *   wb-0 answered by alice 5 minutes before midnight (yesterday in the browser's zone): not today's
   * offered 4, answered 2, abandoned 1; service level 1 / (2 + 1) = 33.3 % (missed); ASA (10 + 30) / 2 = 20 s (met:
   * equal); AHT (240 + 380) / 2 = 310 s = 5:10 (missed); abandon rate 1 / (4 - 1) = 33.3 % (missed); calls per agent
   * 2 answered / 2 agents = 1. Agents: alice 1 answered against her own goal of 1 a day (met), AHT 240 s = 4:00 against
   * her 250 s (met); bob 1 against his team's 40 a day (not reached yet: neither met nor missed), AHT 380 s = 6:20
   * against the team's 300 s (missed); dave (moved to tier2, no goals) 0 answered, no AHT.
   */
  @Test
  void todaysFiguresStandAgainstTheirGoalsAndEveryAgentIsListedWithATeamFilter() throws Exception {
    update(Kind.AGENT, "alice", d -> d.put("goals", new JsonObject().put("callsPerDay", 1).put("ahtSeconds", 250)));
    update(Kind.TEAM, "tier1", d -> d.put("goals", new JsonObject().put("callsPerDay", 40).put("ahtSeconds", 300)));
    fx.web().node.directory().create("demo", Kind.TEAM, "tier2", new JsonObject().put("name", "Tier 2")).await();
    update(Kind.AGENT, "dave", d -> d.put("team", "tier2"));
    ZoneId zone = ZoneId.of(ZONE_ID);
    LocalDate day = LocalDate.now(zone);
    ZonedDateTime midnight = day.atStartOfDay(zone);
    Instant t0 = midnight.plusMinutes(1).toInstant();
    Instant yesterday = midnight.minusMinutes(5).toInstant();
    try (ReportRows rows = new ReportRows(DB)) {
      rows.answered("wb-1", "support", t0, 10, "alice", 200, 0, 40);
      rows.leg("wb-1", 1, "alice", "support", t0.plusSeconds(8), "answered", 2, 200, 0, 40);
      rows.answered("wb-2", "support", t0.plusSeconds(60), 30, "bob", 300, 20, 60);
      rows.leg("wb-2", 1, "dave", "support", t0.plusSeconds(62), "missed", 0, 0, 0, 0);
      rows.leg("wb-2", 2, "bob", "support", t0.plusSeconds(85), "answered", 5, 300, 20, 60);
      rows.abandoned("wb-3", "support", t0.plusSeconds(120), 40);
      rows.abandoned("wb-4", "support", t0.plusSeconds(180), 2);
      rows.answered("wb-0", "support", yesterday, 100, "alice", 100, 0, 0);
      rows.leg("wb-0", 1, "alice", "support", yesterday.plusSeconds(98), "answered", 2, 100, 0, 0);
    }

    Page board = fx.page(ZONE_ID);
    List<String> errors = Browsers.errors(board);
    signIn(board, "/wallboard.html", "sam");
    // every agent, offline ones too (none of these has logged in), and the team filter, kept in the URL
    Locator alice = board.locator("#agents tr[data-agent=alice]");
    Locator bob = board.locator("#agents tr[data-agent=bob]");
    Locator dave = board.locator("#agents tr[data-agent=dave]");
    expect(alice.locator("td").first()).hasText("Alice Archer · alice");
    expect(alice.locator("td.state")).hasText("Offline");
    expect(alice.locator("td.team")).hasText("tier1");
    expect(dave.locator("td.team")).hasText("tier2");
    expect(dave.locator("td.state")).hasText("Offline");
    Locator agentRows = board.locator("#agents tbody tr");
    board.selectOption("#team-filter", "tier2");
    expect(agentRows).hasCount(1);
    expect(dave).isVisible();
    expect(board.locator("#agent-counts [data-state=offline] strong")).hasText("1");
    assertThat(board.url()).endsWith("/wallboard.html?team=tier2");
    board.reload();
    expect(board.locator("#team-filter")).hasValue("tier2");
    expect(board.locator("#team-filter option[value=tier2]")).hasText("Tier 2");
    expect(dave).isVisible();
    expect(agentRows).hasCount(1);
    board.selectOption("#team-filter", "");
    expect(alice).isVisible();
    expect(bob).isVisible();
    assertThat(board.url()).endsWith("/wallboard.html");

    // today's figures per queue against the queue's goals
    // (the pattern runs in the browser: a JavaScript regex)
    expect(board.locator("#today")).hasText(Pattern.compile(
        "Today's figures \\(" + day + ", " + ZONE_ID + "\\), updated .+"));
    Locator support = board.locator("#queues tr[data-queue=support]");
    expect(support.locator("td.offered")).hasText("4");
    expect(support.locator("td.answered")).hasText("2");
    expect(support.locator("td.abandoned")).hasText("1");
    expect(support.locator("td.sl")).hasText("33.3 % goal missed: 80 % in 20 s");
    expect(support.locator("td.sl")).hasClass(BREACHED);
    expect(support.locator("td.asa")).hasText("0:20 goal at most 0:20");
    expect(support.locator("td.asa")).hasClass(MET);
    expect(support.locator("td.aht")).hasText("5:10 goal missed: at most 5:00");
    expect(support.locator("td.aht")).hasClass(BREACHED);
    expect(support.locator("td.abandon-rate")).hasText("33.3 % goal missed: at most 5 %");
    expect(support.locator("td.abandon-rate")).hasClass(BREACHED);
    expect(support.locator("td.calls-per-agent")).hasText("1");
    // no call today: nothing to measure, not 100 % (and neither met nor missed)
    Locator billing = board.locator("#queues tr[data-queue=billing]");
    expect(billing.locator("td.offered")).hasText("0");
    expect(billing.locator("td.sl")).hasText("– goal 80 % in 20 s");
    expect(billing.locator("td.sl")).not().hasClass(Pattern.compile("breached|met"));
    expect(billing.locator("td.asa")).hasText("– goal at most 0:20");

    // today's figures per agent against the agent's goals, else the team's
    expect(alice.locator("td.calls")).hasText("1 goal 1 a day");
    expect(alice.locator("td.calls")).hasClass(MET);
    expect(alice.locator("td.aht")).hasText("4:00 goal at most 4:10");
    expect(alice.locator("td.aht")).hasClass(MET);
    expect(bob.locator("td.calls")).hasText("1 goal 40 a day");
    expect(bob.locator("td.calls")).not().hasClass(Pattern.compile("breached|met"));
    expect(bob.locator("td.aht")).hasText("6:20 goal missed: at most 5:00");
    expect(bob.locator("td.aht")).hasClass(BREACHED);
    expect(dave.locator("td.calls")).hasText("0");
    expect(dave.locator("td.aht")).hasText("–");

    board.selectOption("#lang", "es");
    expect(support.locator("td.sl")).hasText("33,3 % objetivo no cumplido: 80 % en 20 s");
    expect(bob.locator("td.aht")).hasText("6:20 objetivo no cumplido: como máximo 5:00");
    expect(board.locator("#today")).hasText(Pattern.compile("Cifras de hoy .+"));
    board.selectOption("#lang", "en");

    assertThat(errors).isEmpty();
    fx.browsers().closePage(board);
  }

  private static final Pattern MET = Pattern.compile("\\bmet\\b");
  private static final Pattern BREACHED = Pattern.compile("\\bbreached\\b");

  /** Rewrites a directory object of the demo tenant (the fields it has, changed by {@code change}). */
  private static void update(Kind kind, String id, UnaryOperator<JsonObject> change) {
    JsonObject doc = fx.web().node.directory().get("demo", kind, id).await().orElseThrow();
    doc.remove("id");
    doc.remove("version");
    fx.web().node.directory().put("demo", kind, id, change.apply(doc), IfMatch.ANY).await();
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
    expect(board.locator("#login-error")).hasText("This account is not a supervisor, manager or team leader.");
    expect(board.locator("#board")).isHidden();
  }
}
