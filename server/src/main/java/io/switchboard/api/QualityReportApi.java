package io.switchboard.api;

import io.switchboard.auth.Principal;
import io.switchboard.auth.Role;
import io.switchboard.directory.Directory;
import io.switchboard.directory.Kind;
import io.switchboard.directory.Oversight;
import io.switchboard.quality.EvaluationStore;
import io.switchboard.quality.EvaluationStore.Average;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * {@code GET /api/v1/reports/quality?from&to}: the quality evaluations made in [from, to) averaged per agent, per
 * team (its current members' evaluations together) and per queue (docs/quality.md): evaluations, averageScore
 * (percent, 2 decimals), failed. For supervisors, managers and admins of the tenant, and team leaders over their
 * teams, their members and the queues those members serve (as the other reports). {@code from}/{@code to} as in
 * {@code /reports/bot}: required ISO-8601 instants at most {@value InstantRange#MAX_DAYS} days apart.
 *
 * <p>Handlers run on the event loop; the queries on a worker thread.
 */
public final class QualityReportApi {
  static final String PATH = AdminApi.PREFIX + "/reports/quality";

  private final Vertx vertx;
  private final EvaluationStore store;
  private final Directory directory;
  private final Oversight oversight;

  public QualityReportApi(Vertx vertx, EvaluationStore store, Directory directory) {
    this.vertx = vertx;
    this.store = store;
    this.directory = directory;
    this.oversight = new Oversight(directory);
  }

  public void mount(Router router, RouteGuard guard) {
    router.get(PATH).handler(guard.require(Role.ADMIN, Role.SUPERVISOR, Role.MANAGER, Role.TEAM_LEADER))
        .handler(this::report);
  }

  private void report(RoutingContext rc) {
    InstantRange range = InstantRange.of(rc);
    Instant from = range.from();
    Instant to = range.to();
    Principal p = Principals.of(rc);
    Future.all(oversight.of(p), teamsOfAgents(p.tenant(), null, new TreeMap<>()))
        .compose(both -> vertx.executeBlocking(() -> body(from, to, both.resultAt(0), both.resultAt(1),
            store.averages(p.tenant(), from, to, false), store.averages(p.tenant(), from, to, true)), false))
        .onSuccess(body -> DirectoryResource.json(rc, 200, body))
        .onFailure(rc::fail);
  }

  /** Every agent's team (agents in no team left out), page after page. */
  private Future<Map<String, String>> teamsOfAgents(String tenant, String cursor, Map<String, String> into) {
    return directory.list(tenant, Kind.AGENT, cursor, Directory.MAX_PAGE).compose(page -> {
      page.items().forEach(a -> {
        if (a.getString("team") != null) {
          into.put(a.getString("id"), a.getString("team"));
        }
      });
      return page.next() == null ? Future.succeededFuture(into) : teamsOfAgents(tenant, page.next(), into);
    });
  }

  private static JsonObject body(Instant from, Instant to, Oversight.Reach reach, Map<String, String> teamOf,
      List<Average> agents, List<Average> queues) {
    Map<String, Average> teams = new TreeMap<>();
    for (Average a : agents) {
      String team = teamOf.get(a.key());
      if (team != null) {
        teams.merge(team, new Average(team, a.evaluations(), a.scoreSum(), a.failed()), Average::plus);
      }
    }
    return new JsonObject().put("from", from.toString()).put("to", to.toString())
        .put("agents", rows("agent", agents, reach::agent))
        .put("teams", rows("team", new ArrayList<>(teams.values()), reach::team))
        .put("queues", rows("queue", queues, reach::queue));
  }

  private static JsonArray rows(String keyName, List<Average> rows, Predicate<String> seen) {
    JsonArray out = new JsonArray();
    for (Average a : rows) {
      if (seen.test(a.key())) {
        BigDecimal avg = a.averageScore();
        out.add(new JsonObject().put(keyName, a.key()).put("evaluations", a.evaluations())
            .put("averageScore", avg == null ? null : avg.doubleValue()).put("failed", a.failed()));
      }
    }
    return out;
  }
}
