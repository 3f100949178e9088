package io.switchboard.api;

import io.switchboard.auth.Role;
import io.switchboard.directory.Oversight;
import io.switchboard.reports.Csv;
import io.switchboard.reports.ReportException;
import io.switchboard.reports.ReportRequest;
import io.switchboard.reports.Reports;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/reports/queues|agents|teams} for supervisors, managers and admins of the token's tenant, and for
 * team leaders over what they oversee ({@link Oversight}: their teams, their members and the queues those serve):
 * JSON, or CSV of the rows with {@code Accept: text/csv}. A bad parameter is a 400 problem naming it, an unknown
 * queue, agent or team (or one beyond a team leader's reach) a 404 naming its parameter (docs/reports.md).
 *
 * <p>Handlers run on the event loop; the queries run on worker threads inside {@link Reports}.
 */
final class ReportsResource {
  static final String BASE = AdminApi.PREFIX + "/reports";

  private final Reports reports;
  private final Oversight oversight;

  ReportsResource(Reports reports, Oversight oversight) {
    this.reports = reports;
    this.oversight = oversight;
  }

  void mount(Router router, RouteGuard guard) {
    Role[] readers = {Role.ADMIN, Role.SUPERVISOR, Role.MANAGER, Role.TEAM_LEADER};
    router.get(BASE + "/queues").handler(guard.require(readers))
        .handler(rc -> answer(rc, ReportRequest.Kind.QUEUES));
    router.get(BASE + "/agents").handler(guard.require(readers))
        .handler(rc -> answer(rc, ReportRequest.Kind.AGENTS));
    router.get(BASE + "/teams").handler(guard.require(readers))
        .handler(rc -> answer(rc, ReportRequest.Kind.TEAMS));
  }

  private void answer(RoutingContext rc, ReportRequest.Kind kind) {
    String tenant = Principals.of(rc).tenant();
    Future<JsonObject> report;
    try {
      ReportRequest req = reports.parse(kind, params(rc));
      report = oversight.of(Principals.of(rc)).compose(reach -> switch (kind) {
        case QUEUES -> reports.queues(tenant, req, reach);
        case AGENTS -> reports.agents(tenant, req, reach);
        case TEAMS -> reports.teams(tenant, req, reach);
      });
    } catch (ReportException e) {
      report = Future.failedFuture(e);
    }
    report.onSuccess(body -> {
      rc.response().putHeader("Cache-Control", "no-store");
      if (wantsCsv(rc)) {
        rc.response().setStatusCode(200)
            .putHeader("Content-Type", "text/csv; charset=utf-8; header=present")
            .putHeader("Content-Disposition",
                "attachment; filename=\"" + kind.name().toLowerCase(java.util.Locale.ROOT) + ".csv\"")
            .end(Csv.render(Csv.columns(kind), body.getJsonArray("rows", new JsonArray())));
      } else {
        DirectoryResource.json(rc, 200, body);
      }
    }).onFailure(e -> rc.fail(e instanceof ReportException r ? problem(r) : e));
  }

  static Problem problem(ReportException e) {
    List<Problem.FieldError> field = List.of(new Problem.FieldError(e.parameter(), e.getMessage()));
    return e.status() == 404
        ? new Problem(404, "Not Found", e.parameter() + ": " + e.getMessage(), field)
        : new Problem(e.status(), "Invalid parameter", e.parameter() + ": " + e.getMessage(), field);
  }

  /** CSV when the client asks for text/csv (alone or before JSON), JSON otherwise. */
  static boolean wantsCsv(RoutingContext rc) {
    String accept = rc.request().getHeader("Accept");
    if (accept == null) {
      return false;
    }
    int csv = accept.indexOf("text/csv");
    int json = accept.indexOf("application/json");
    return csv >= 0 && (json < 0 || csv < json);
  }

  private static Map<String, List<String>> params(RoutingContext rc) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    rc.queryParams().forEach(e -> out.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
    return out;
  }
}
