package io.switchboard.api;

import io.switchboard.auth.Principal;
import io.switchboard.auth.Role;
import io.switchboard.campaigns.CampaignFigures;
import io.switchboard.directory.Directory;
import io.switchboard.directory.Oversight;
import io.switchboard.reports.Csv;
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
 * abandoned, 30-day abandon rate, remaining contacts, preview skips and contacts not dialed by reason, and the same
 * summed per mode (docs/reports.md, "Campaigns"); JSON, or CSV of the rows with {@code Accept: text/csv}. For supervisors, managers and admins; a team leader sees the campaigns of the queues it oversees
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
        .onSuccess(body -> {
          if (ReportsResource.wantsCsv(rc)) {
            rc.response().setStatusCode(200).putHeader("Cache-Control", "no-store")
                .putHeader("Content-Type", "text/csv; charset=utf-8; header=present")
                .putHeader("Content-Disposition", "attachment; filename=\"campaigns.csv\"")
                .end(csv(body.getJsonArray("rows")));
          } else {
            DirectoryResource.json(rc, 200, body);
          }
        })
        .onFailure(rc::fail);
  }

  static JsonObject body(List<CampaignFigures.Row> rows) {
    JsonArray out = new JsonArray();
    Map<String, Sums> byMode = new TreeMap<>();
    for (CampaignFigures.Row r : rows) {
      CampaignFigures.Reasons why = r.reasons();
      out.add(new JsonObject().put("campaign", r.campaignId()).put("name", r.name()).put("queue", r.queue())
          .put("mode", r.mode()).put("status", r.status()).put("dialed", r.dialed()).put("connected", r.connected())
          .put("abandoned", r.abandoned()).put("abandonRate", round(r.abandonRate()))
          .put("remaining", r.remaining()).put("skips", why.skipsInAll())
          .put("skipReasons", new JsonObject(new TreeMap<String, Object>(why.skips())))
          .put("notDialed", why.notDialedContacts())
          .put("notDialedReasons", new JsonObject(new TreeMap<String, Object>(why.notDialed()))));
      byMode.computeIfAbsent(r.mode(), k -> new Sums()).add(r);
    }
    JsonObject modes = new JsonObject();
    byMode.forEach((mode, m) -> modes.put(mode, m.json()));
    return new JsonObject().put("rows", out).put("byMode", modes);
  }

  /** The figures of one mode's campaigns, summed. */
  private static final class Sums {
    long campaigns, dialed, connected, abandoned, remaining, abandoned30d, answered30d, skips, notDialed;
    final Map<String, Object> skipReasons = new TreeMap<>();
    final Map<String, Object> notDialedReasons = new TreeMap<>();

    void add(CampaignFigures.Row r) {
      campaigns++;
      dialed += r.dialed();
      connected += r.connected();
      abandoned += r.abandoned();
      remaining += r.remaining();
      abandoned30d += r.abandoned30d();
      answered30d += r.answered30d();
      skips += r.reasons().skipsInAll();
      notDialed += r.reasons().notDialedContacts();
      r.reasons().skips().forEach((k, v) -> skipReasons.merge(k, v, (a, b) -> (Long) a + (Long) b));
      r.reasons().notDialed().forEach((k, v) -> notDialedReasons.merge(k, v, (a, b) -> (Long) a + (Long) b));
    }

    JsonObject json() {
      return new JsonObject().put("campaigns", campaigns).put("dialed", dialed).put("connected", connected)
          .put("abandoned", abandoned).put("abandonRate", round(answered30d == 0 ? 0 : (double) abandoned30d
              / answered30d)).put("remaining", remaining).put("skips", skips)
          .put("skipReasons", new JsonObject(skipReasons)).put("notDialed", notDialed)
          .put("notDialedReasons", new JsonObject(notDialedReasons));
    }
  }

  /** The fixed columns of the CSV; then one {@code skipReasons.<reason>} / {@code notDialedReasons.<reason>} each. */
  static final List<String> CSV_COLUMNS = List.of("campaign", "name", "queue", "mode", "status", "dialed",
      "connected", "abandoned", "abandonRate", "remaining", "skips", "notDialed");

  /**
   * The rows as CSV (docs/reports.md, "CSV"): the fixed columns, then a column per reason any row has (sorted), the
   * reasons flattened into them (0 where a row has none).
   */
  static String csv(JsonArray rows) {
    java.util.SortedSet<String> skip = new java.util.TreeSet<>();
    java.util.SortedSet<String> not = new java.util.TreeSet<>();
    for (int i = 0; i < rows.size(); i++) {
      skip.addAll(rows.getJsonObject(i).getJsonObject("skipReasons").fieldNames());
      not.addAll(rows.getJsonObject(i).getJsonObject("notDialedReasons").fieldNames());
    }
    List<String> columns = new java.util.ArrayList<>(CSV_COLUMNS);
    skip.forEach(r -> columns.add("skipReasons." + r));
    not.forEach(r -> columns.add("notDialedReasons." + r));
    JsonArray flat = new JsonArray();
    for (int i = 0; i < rows.size(); i++) {
      JsonObject r = rows.getJsonObject(i).copy();
      skip.forEach(k -> r.put("skipReasons." + k, r.getJsonObject("skipReasons").getLong(k, 0L)));
      not.forEach(k -> r.put("notDialedReasons." + k, r.getJsonObject("notDialedReasons").getLong(k, 0L)));
      flat.add(r);
    }
    return Csv.render(columns, flat);
  }

  private static double round(double rate) {
    return Math.round(rate * 10_000) / 10_000.0;
  }
}
