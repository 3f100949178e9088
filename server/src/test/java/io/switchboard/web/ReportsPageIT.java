package io.switchboard.web;

import static io.switchboard.web.SoftphoneFixture.expect;
import static io.switchboard.web.SoftphoneFixture.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.switchboard.support.TestPostgres;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The reports page in Debian Chromium against a real node, its reports API and PostgreSQL (a database of its own,
 * holding known calls written by hand). A supervisor picks a range, interval and time zone; the tables show the
 * hand-computed figures against their goals, the charts plot them with the service-level goal line, the CSV
 * download holds the report's rows; the page speaks Spanish; agents may not read reports; the wallboard links to the
 * page in the same session.
 */
class ReportsPageIT {
  private static final String DB = TestPostgres.newDatabase("reports_page_it");

  @RegisterExtension
  static final SoftphoneFixture fx = new SoftphoneFixture("reports-page-it", Map.of("database.url", DB), 1000);

  /*
   * The support queue (goals: 80 % in 20 s, ASA 20 s, abandon 5 %, AHT 300 s; demo data), in UTC:
   *   2026-11-02  r-1 answered by alice after 10 s (talk 100, wrap 20: handled 120 s)
   *               r-2 abandoned after 30 s
   *               r-3 answered by bob after 25 s, beyond 20 s (talk 200, hold 10, wrap 30: handled 240 s)
   *   2026-11-03  r-4 answered by alice after 5 s (talk 60: handled 60 s)
   *               r-5 abandoned after 3 s (short: under 5 s)
   *   outside the range 2026-11-02..2026-11-03: r-0 a minute before it, r-6 at its (exclusive) end
   * Totals: offered 5, answered 3, abandoned 1, short 1; service level (r-1, r-4) 2 / (3 + 1) = 50 %; abandon rate
   * 1 / (5 - 1) = 25 %; ASA 40 / 3 = 13.3 s → 0:13; AHT 420 / 3 = 140 s → 2:20; longest wait 0:30; calls per agent
   * 3 answered / 2 agents = 1.5. By day: 11-02 offered 3, answered 2, abandoned 1, service level 1 / 3 = 33.3 %;
   * 11-03 offered 2, answered 1, abandoned 0, service level 1 / 1 = 100 %.
   * Agents: alice 2 answered, AHT (120 + 60) / 2 = 90 s → 1:30; bob 1, AHT 4:00; team tier1 3 answered, AHT 2:20.
   */
  @BeforeAll
  static void knownCalls() throws Exception {
    try (ReportRows rows = new ReportRows(DB)) {
      Instant day1 = Instant.parse("2026-11-02T00:00:00Z");
      Instant day2 = Instant.parse("2026-11-03T00:00:00Z");
      answered(rows, "r-1", day1.plusSeconds(10 * 3600), 10, "alice", 100, 0, 20);
      rows.abandoned("r-2", "support", day1.plusSeconds(10 * 3600 + 300), 30);
      answered(rows, "r-3", day1.plusSeconds(11 * 3600), 25, "bob", 200, 10, 30);
      answered(rows, "r-4", day2.plusSeconds(9 * 3600), 5, "alice", 60, 0, 0);
      rows.abandoned("r-5", "support", day2.plusSeconds(9 * 3600 + 1800), 3);
      answered(rows, "r-0", day1.minusSeconds(60), 50, "alice", 100, 0, 0); // offered to alice 11 s before
      answered(rows, "r-6", Instant.parse("2026-11-04T00:00:00Z"), 50, "bob", 100, 0, 0);
    }
  }

  private static void answered(ReportRows rows, String id, Instant arrived, int waitS, String agent, int talkS,
      int holdS, int wrapS) throws Exception {
    rows.answered(id, "support", arrived, waitS, agent, talkS, holdS, wrapS);
    rows.leg(id, 1, agent, "support", arrived.plusSeconds(waitS - 1), "answered", 1, talkS, holdS, wrapS);
  }

  @Test
  void aSupervisorReadsTheFiguresTheChartsAndTheCsvOfARange() throws Exception {
    Page page = fx.page("Europe/Madrid");
    List<String> errors = Browsers.errors(page);
    signIn(page, "/reports.html", "sam");
    expect(page.locator("#who")).hasText("sam @ demo");
    expect(page.locator("input[name=tz]")).hasValue("Europe/Madrid"); // the browser's by default
    page.fill("input[name=from]", "2026-11-02");
    page.fill("input[name=to]", "2026-11-03");
    page.selectOption("select[name=interval]", "day");
    page.fill("input[name=tz]", "UTC");
    page.click("#range button[type=submit]");
    expect(page.locator("#status")).hasText("2026-11-02 to 2026-11-03 (UTC), by day");

    Locator support = page.locator("#queue-totals tr[data-key=support]");
    expect(support.locator("td.offered")).hasText("5");
    expect(support.locator("td.answered")).hasText("3");
    expect(support.locator("td.abandoned")).hasText("1");
    expect(support.locator("td.shortAbandoned")).hasText("1");
    expect(support.locator("td.sl")).hasText("50 % goal missed: 80 % in 20 s");
    expect(support.locator("td.sl")).hasClass(Pattern.compile("\\bbreached\\b"));
    expect(support.locator("td.asa")).hasText("0:13 goal at most 0:20");
    expect(support.locator("td.asa")).hasClass(Pattern.compile("\\bmet\\b"));
    expect(support.locator("td.aht")).hasText("2:20 goal at most 5:00");
    expect(support.locator("td.abandon-rate")).hasText("25 % goal missed: at most 5 %");
    expect(support.locator("td.longestWaitSeconds")).hasText("0:30");
    expect(support.locator("td.callsPerAgent")).hasText("1.5");
    expect(page.locator("#queue-totals tr[data-key=billing] td.sl")).hasText("– goal 80 % in 20 s");
    expect(page.locator("#queue-totals thead th").first()).hasText("Queue");

    // the charts show the busiest queue: two days, the service level (33.3 %, 100 %) under and over its 80 % goal
    expect(page.locator("#chart-queue")).hasValue("support");
    Locator sl = page.locator("#chart-sl svg[role=img]");
    expect(sl.locator("line.goal-line[data-value='80']")).hasCount(1);
    // y = 12 + 174 * (1 - value / 100): the goal 80 % at 46.8, 33.3 % at 128.0, 100 % at 12.0
    expect(sl.locator("line.goal-line[data-value='80']")).hasAttribute("y1", "46.8");
    Locator points = sl.locator("[data-series=sl] circle");
    expect(points).hasCount(2);
    expect(points.nth(0)).hasAttribute("cy", "128.0");
    expect(points.nth(1)).hasAttribute("cy", "12.0");
    Locator volume = page.locator("#chart-volume svg[role=img]");
    for (String series : List.of("offered", "answered", "abandoned")) {
      expect(volume.locator("[data-series=" + series + "] circle")).hasCount(2);
    }
    page.click("#panel-queues summary");
    Locator day1 = page.locator("#queue-rows tr[data-key='2026-11-02']");
    expect(day1.locator("td.offered")).hasText("3");
    expect(day1.locator("td.answered")).hasText("2");
    expect(day1.locator("td.sl")).hasText("33.3 % goal missed: 80 % in 20 s");
    expect(page.locator("#queue-rows tr[data-key='2026-11-03'] td.sl")).hasText("100 % goal 80 % in 20 s");

    // the CSV of the queue report: a header, then every day of every queue (3 queues x 2 days)
    Download csv = page.waitForDownload(() -> page.click("#csv"));
    assertThat(csv.suggestedFilename()).isEqualTo("queues-2026-11-02-2026-11-03.csv");
    List<String> lines = Files.readAllLines(csv.path()).stream().filter(l -> !l.isBlank()).toList();
    assertThat(lines).hasSize(1 + 3 * 2);
    List<String> header = Arrays.asList(lines.get(0).split(","));
    assertThat(header).contains("start", "queue", "offered", "answered", "abandoned");
    List<String[]> supportRows = lines.stream().skip(1).map(l -> l.split(",", -1))
        .filter(r -> r[header.indexOf("queue")].equals("support")).toList();
    assertThat(supportRows).hasSize(2);
    String[] first = supportRows.get(0);
    assertThat(first[header.indexOf("start")]).startsWith("2026-11-02T00:00");
    assertThat(first[header.indexOf("offered")]).isEqualTo("3");
    assertThat(first[header.indexOf("answered")]).isEqualTo("2");
    assertThat(first[header.indexOf("abandoned")]).isEqualTo("1");
    assertThat(supportRows.get(1)[header.indexOf("offered")]).isEqualTo("2");

    // agents and teams, by mouse and by keyboard (arrow keys move along the tabs)
    page.click("#tab-agents");
    expect(page.locator("#panel-agents")).isVisible();
    expect(page.locator("#panel-queues")).isHidden();
    Locator alice = page.locator("#agent-totals tr[data-key=alice]");
    expect(alice.locator("th")).hasText("Alice Archer · alice");
    expect(alice.locator("td.answered")).hasText("2");
    expect(alice.locator("td.aht")).hasText("1:30");
    expect(page.locator("#agent-totals tr[data-key=bob] td.aht")).hasText("4:00");
    page.keyboard().press("ArrowRight");
    expect(page.locator("#tab-teams")).isFocused();
    expect(page.locator("#tab-teams")).hasAttribute("aria-selected", "true");
    expect(page.locator("#panel-teams")).isVisible();
    Locator tier1 = page.locator("#team-totals tr[data-key=tier1]");
    expect(tier1.locator("td.answered")).hasText("3");
    expect(tier1.locator("td.aht")).hasText("2:20");
    page.keyboard().press("Home");
    expect(page.locator("#tab-queues")).isFocused();
    expect(page.locator("#panel-queues")).isVisible();

    page.selectOption("#lang", "es");
    expect(page.locator("#tab-queues")).hasText("Colas");
    expect(page.locator("label:has(input[name=from]) span")).hasText("Desde");
    expect(page.locator("#queue-totals thead th").first()).hasText("Cola");
    expect(page.locator("#queue-totals thead")).containsText("Ofrecidas");
    expect(page.locator("#status")).hasText("Del 2026-11-02 al 2026-11-03 (UTC), por día");
    expect(support.locator("td.sl")).hasText("50 % objetivo no cumplido: 80 % en 20 s");
    expect(page.locator("#csv")).hasText("Descargar CSV");
    assertThat(errors).isEmpty();
    fx.browsers().closePage(page);
  }

  @Test
  void theWallboardLinksToTheReportsInTheSameSession() {
    Page page = fx.page();
    signIn(page, "/wallboard.html", "sam");
    expect(page.locator("#conn")).hasText("Connected");
    page.click("header a[href='/reports.html']");
    expect(page.locator("#reports")).isVisible();
    expect(page.locator("#login")).isHidden();
    expect(page.locator("#status")).hasText(Pattern.compile(".+ to .+ \\(.+\\), by hour"));
    fx.browsers().closePage(page);
  }

  @Test
  void aBadTimeZoneIsNamedAndAnAgentMayNotReadReports() {
    Page page = fx.page();
    signIn(page, "/reports.html", "sam");
    expect(page.locator("#reports")).isVisible();
    page.fill("input[name=tz]", "Mars/Olympus_Mons");
    page.click("#range button[type=submit]");
    expect(page.locator("#status")).hasText(Pattern.compile("The report failed: .*tz.*"));
    fx.browsers().closePage(page);

    Page agent = fx.page();
    signIn(agent, "/reports.html", "bob");
    expect(agent.locator("#login-error"))
        .hasText("This account may not read reports (supervisors, managers, team leaders and admins only).");
    expect(agent.locator("#reports")).isHidden();
    fx.browsers().closePage(agent);
  }
}
