package io.switchboard.api;

import io.switchboard.auth.Principal;
import io.switchboard.auth.Role;
import io.switchboard.chat.bot.BotOutcomes;
import io.switchboard.directory.Directory;
import io.switchboard.directory.Kind;
import io.switchboard.directory.Oversight;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;

/**
 * {@code GET /api/v1/reports/bot?from&to[&queue]}: per queue, the chats its bot ended in [from, to), how many it
 * contained (closed without an agent), how many it handed over and why, and the containment rate (docs/chat-bot.md).
 * For supervisors, managers and admins of the token's tenant, and team leaders over the queues they oversee (as the
 * other reports). {@code from}/{@code to} are ISO-8601 instants, at most {@value InstantRange#MAX_DAYS} days apart; a bad one is
 * a 400 naming it, an unknown queue (or one beyond a team leader's reach) a 404 naming {@code queue}.
 *
 * <p>Handlers run on the event loop; the query on a worker thread.
 */
public final class BotReportApi {
  static final String PATH = AdminApi.PREFIX + "/reports/bot";

  private final Vertx vertx;
  private final BotOutcomes outcomes;
  private final Directory directory;
  private final Oversight oversight;

  public BotReportApi(Vertx vertx, BotOutcomes outcomes, Directory directory) {
    this.vertx = vertx;
    this.outcomes = outcomes;
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
    String queue = QueryParams.param(rc, "queue");
    Principal p = Principals.of(rc);
    oversight.of(p).compose(reach -> queue == null ? Future.succeededFuture(reach)
        : directory.get(p.tenant(), Kind.QUEUE, queue).compose(q -> q.isPresent() && reach.queue(queue)
            ? Future.succeededFuture(reach)
            : Future.failedFuture(new Problem(404, "Not Found", "queue: no such queue '" + queue + "'",
                List.of(new Problem.FieldError("queue", "no such queue '" + queue + "'"))))))
        .compose(reach -> vertx.executeBlocking(() -> outcomes.figures(p.tenant(), from, to, queue), false)
            .map(rows -> body(from, to, rows.stream().filter(r -> reach.queue(r.queueId())).toList())))
        .onSuccess(body -> DirectoryResource.json(rc, 200, body))
        .onFailure(rc::fail);
  }

  private static JsonObject body(Instant from, Instant to, List<BotOutcomes.QueueFigures> rows) {
    JsonArray out = new JsonArray();
    for (BotOutcomes.QueueFigures f : rows) {
      out.add(new JsonObject().put("queue", f.queueId()).put("chats", f.chats()).put("contained", f.contained())
          .put("handedOver", f.handedOver()).put("left", f.left())
          .put("containmentRate", Math.round(f.containmentRate() * 10_000) / 10_000.0)
          .put("handoverReasons", new JsonObject(new TreeMap<>(f.handovers()))));
    }
    return new JsonObject().put("from", from.toString()).put("to", to.toString()).put("rows", out);
  }
}
