package io.switchboard.web;

import static io.switchboard.web.SoftphoneFixture.expect;
import static io.switchboard.web.SoftphoneFixture.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import io.switchboard.directory.Kind;
import io.switchboard.support.TestPostgres;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The wallboard and the reports page of a team leader in Debian Chromium, against a real node (docs/roles.md): tina,
 * with the team-leader role alone, leads team tier2, to which carol (sales, billing) is moved; the other demo agents
 * stay in tier1. Tina's board lists carol only, the queues carol serves and not support, offers no campaigns card,
 * and her reports hold carol and tier2 only; the page shows no error on the way.
 */
class TeamWallboardIT {
  @RegisterExtension
  static final SoftphoneFixture fx = new SoftphoneFixture("team-wallboard-it", Map.of(
      "database.url", TestPostgres.newDatabase("team_wallboard_it")), 1000);

  /** Creates or replaces (no precondition). */
  private static void put(Kind kind, String id, JsonObject doc) {
    fx.web().node.directory().put("demo", kind, id, doc, null).await();
  }

  @Test
  void aTeamLeadersBoardAndReportsShowItsTeamOnly() {
    put(Kind.AGENT, "tina", new JsonObject().put("username", "tina").put("displayName", "Tina Team")
        .put("roles", new JsonArray().add("team-leader")).put("password", WebNode.PASSWORD));
    put(Kind.TEAM, "tier2", new JsonObject().put("name", "Tier 2").put("leader", "tina"));
    JsonObject carol = fx.web().node.directory().get("demo", Kind.AGENT, "carol").await().orElseThrow();
    carol.remove("id");
    carol.remove("version");
    put(Kind.AGENT, "carol", carol.put("team", "tier2"));

    Page board = fx.page();
    List<String> errors = Browsers.errors(board);
    signIn(board, "/wallboard.html", "tina");
    expect(board.locator("#conn")).hasText("Connected");
    expect(board.locator("#who")).hasText("tina @ demo");
    expect(board.locator("#updated")).hasText(Pattern.compile("Updated .+"));
    expect(board.locator("#agents tbody tr")).hasCount(1);
    expect(board.locator("#agents tbody tr[data-agent=carol] td.team")).hasText("tier2");
    expect(board.locator("#queues tr[data-queue=sales]")).isVisible();
    expect(board.locator("#queues tr[data-queue=billing]")).isVisible();
    expect(board.locator("#queues tr[data-queue=support]")).hasCount(0);
    expect(board.locator("#campaigns-h")).isHidden();
    expect(board.locator("#team-filter option")).hasText(new String[] {"All teams", "Tier 2"});

    Page reports = fx.page();
    List<String> reportErrors = Browsers.errors(reports);
    signIn(reports, "/reports.html", "tina");
    expect(reports.locator("#reports")).isVisible();
    expect(reports.locator("#login-error")).isEmpty();
    assertThat(errors).as("the board's errors").isEmpty();
    assertThat(reportErrors).as("the reports page's errors").isEmpty();
    fx.browsers().closePage(board);
    fx.browsers().closePage(reports);
  }
}
