package io.switchboard.api;

import io.switchboard.auth.Principal;
import io.switchboard.auth.Role;
import io.switchboard.campaigns.CampaignFigures;
import io.switchboard.directory.Directory;
import io.switchboard.directory.Oversight;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /api/v1/reports/campaigns}: per campaign of the token's tenant its mode, status, dialed, connected,
 * abandoned, 30-day abandon rate and remaining contacts, and the same summed per mode (docs/reports.md,
 * "Campaigns"). For supervisors, managers and admins; a team leader sees the campaigns of the queues it oversees
 * (as the other reports). Takes no parameter: one is a 400 naming it.
 *
 * <p>Handlers run on the event loop; the query on a worker thread.
 */
public final class CampaignReportApi {
  static final String PATH = AdminApi.PREFIX + "/reports/campaigns";

  private final Vertx vertx;
  private final CampaignFigures figures;
  private final Oversight oversight;
  private final Clock clock;

  public CampaignReportApi(Vertx vertx, CampaignFigures figures, Directory directory, Clock clock) {
    this.vertx = vertx;
    this.figures = figures;
    this.oversight = new Oversight(directory);
    this.clock = clock;
  }

  public void mount(Router router, RouteGuard guard) {
    router.get(PATH).handler(guard.require(Role.ADMIN, Role.SUPERVISOR, Role.MANAGER, Role.TEAM_LEADER))
        .handler(this::report);
  }

  private void report(RoutingContext rc) {
    if (!rc.queryParams().isEmpty()) {
      throw Problem.invalidField(rc.queryParams().names().iterator().next(),
          "is not a parameter of the campaigns report (it takes none)");
    }
    Principal p = Principals.of(rc);
    oversight.of(p)
        .compose(reach -> vertx.executeBlocking(() -> figures.rows(p.tenant(), clock.instant()), false)
            .map(rows -> body(rows.stream().filter(r -> reach.queue(r.queue())).toList())))
        .onSuccess(body -> DirectoryResource.json(rc, 200, body))
        .onFailure(rc::fail);
  }

  static JsonObject body(List<CampaignFigures.Row> rows) {
    JsonArray out = new JsonArray();
    Map<String, long[]> byMode = new TreeMap<>(); // dialed, connected, abandoned, remaining, abandoned30d, answered30d
    for (CampaignFigures.Row r : rows) {
      out.add(new JsonObject().put("campaign", r.campaignId()).put("name", r.name()).put("queue", r.queue())
          .put("mode", r.mode()).put("status", r.status()).put("dialed", r.dialed()).put("connected", r.connected())
          .put("abandoned", r.abandoned()).put("abandonRate", round(r.abandonRate()))
          .put("remaining", r.remaining()));
      long[] m = byMode.computeIfAbsent(r.mode(), k -> new long[6]);
      m[0] += r.dialed();
      m[1] += r.connected();
      m[2] += r.abandoned();
      m[3] += r.remaining();
      m[4] += r.abandoned30d();
      m[5] += r.answered30d();
    }
    JsonObject modes = new JsonObject();
    byMode.forEach((mode, m) -> modes.put(mode, new JsonObject().put("campaigns",
            rows.stream().filter(r -> r.mode().equals(mode)).count())
        .put("dialed", m[0]).put("connected", m[1]).put("abandoned", m[2])
        .put("abandonRate", round(m[5] == 0 ? 0 : (double) m[4] / m[5])).put("remaining", m[3])));
    return new JsonObject().put("rows", out).put("byMode", modes);
  }

  private static double round(double rate) {
    return Math.round(rate * 10_000) / 10_000.0;
  }
}
