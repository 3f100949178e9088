package io.switchboard.api;

import io.switchboard.auth.Role;
import io.switchboard.directory.Directory;
import io.switchboard.directory.Kind;
import io.switchboard.webhooks.Delivery;
import io.switchboard.webhooks.PgWebhookDeliveries;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;

/**
 * What became of a webhook's deliveries, and sending dead ones again (the webhooks themselves are a directory kind,
 * {@code /api/v1/webhooks}):
 * <ul>
 *   <li>{@code GET /api/v1/webhooks/{id}/deliveries?status=pending|delivered|dead&limit&before}: newest first; the
 *       page's {@code next} is the {@code before} of the next page;
 *   <li>{@code GET /api/v1/webhooks/{id}/deliveries/{deliveryId}}: one, with the body that is sent;
 *   <li>{@code POST /api/v1/webhooks/{id}/deliveries/{deliveryId}/retry}: a dead delivery is pending again, due now,
 *       its attempts counted from zero (409 when it is not dead);
 *   <li>{@code POST /api/v1/webhooks/{id}/deliveries/retry}: every dead one of the webhook ({@code {"retried": n}}).
 * </ul>
 * Roles: admins. Threading: checks on the event loop, the store (JDBC) on a worker thread.
 */
public final class WebhookDeliveriesApi {
  static final String BASE = AdminApi.PREFIX + "/webhooks/:id/deliveries";
  static final int MAX_PAGE = 200;
  static final List<String> STATUSES = List.of(Delivery.PENDING, Delivery.DELIVERED, Delivery.DEAD);

  private final PgWebhookDeliveries store;
  private final Directory directory;

  public WebhookDeliveriesApi(PgWebhookDeliveries store, Directory directory) {
    this.store = store;
    this.directory = directory;
  }

  public void mount(Router router, RouteGuard guard) {
    Handler<RoutingContext> admins = guard.require(Role.ADMIN);
    router.get(BASE).handler(admins).handler(this::page);
    router.post(BASE + "/retry").handler(admins).handler(this::retryAll);
    router.get(BASE + "/:deliveryId").handler(admins).handler(this::get);
    router.post(BASE + "/:deliveryId/retry").handler(admins).handler(this::retryOne);
  }

  private void page(RoutingContext rc) {
    String status = QueryParams.param(rc, "status");
    if (status != null && !STATUSES.contains(status)) {
      throw Problem.invalidField("status", "must be one of " + String.join(", ", STATUSES));
    }
    int limit = QueryParams.limit(rc, MAX_PAGE);
    Long before = id(QueryParams.param(rc, "before"), "before");
    String tenant = Principals.of(rc).tenant();
    String webhook = rc.pathParam("id");
    webhook(rc).onSuccess(x -> Workers.blocking(rc, () -> store.list(tenant, webhook, status, before, limit), page -> {
      JsonArray items = new JsonArray();
      page.forEach(d -> items.add(json(d, false)));
      Long next = page.size() == limit ? page.get(page.size() - 1).id() : null;
      DirectoryResource.json(rc, 200, new JsonObject().put("items", items)
          .put("next", next == null ? null : next.toString()));
    })).onFailure(rc::fail);
  }

  private void get(RoutingContext rc) {
    long id = id(rc.pathParam("deliveryId"), "deliveryId");
    String tenant = Principals.of(rc).tenant();
    String webhook = rc.pathParam("id");
    webhook(rc).onSuccess(x -> Workers.blocking(rc, () -> store.get(tenant, webhook, id)
            .orElseThrow(() -> Problem.notFound("webhook '" + webhook + "' has no delivery " + id)),
        d -> DirectoryResource.json(rc, 200, json(d, true)))).onFailure(rc::fail);
  }

  private void retryOne(RoutingContext rc) {
    long id = id(rc.pathParam("deliveryId"), "deliveryId");
    String tenant = Principals.of(rc).tenant();
    String webhook = rc.pathParam("id");
    webhook(rc).onSuccess(x -> Workers.blocking(rc, () -> {
      List<Delivery> retried = store.retryDead(tenant, webhook, id);
      if (!retried.isEmpty()) {
        return retried.get(0);
      }
      Delivery d = store.get(tenant, webhook, id)
          .orElseThrow(() -> Problem.notFound("webhook '" + webhook + "' has no delivery " + id));
      throw Problem.conflict("delivery " + id + " is " + d.status() + ": only a dead delivery is sent again");
    }, d -> DirectoryResource.json(rc, 200, json(d, false)))).onFailure(rc::fail);
  }

  private void retryAll(RoutingContext rc) {
    String tenant = Principals.of(rc).tenant();
    String webhook = rc.pathParam("id");
    webhook(rc).onSuccess(x -> Workers.blocking(rc, () -> store.retryDead(tenant, webhook, null).size(),
        n -> DirectoryResource.json(rc, 200, new JsonObject().put("retried", n)))).onFailure(rc::fail);
  }

  /** Succeeds when the path's webhook exists in the principal's tenant; else a 404 naming it. */
  private Future<Void> webhook(RoutingContext rc) {
    String id = rc.pathParam("id");
    return directory.get(Principals.of(rc).tenant(), Kind.WEBHOOK, id).compose(found -> found.isPresent()
        ? Future.succeededFuture() : Future.failedFuture(Problem.notFound("no such webhook '" + id + "'")));
  }

  private static Long id(String raw, String field) {
    if (raw == null) {
      return null;
    }
    try {
      long id = Long.parseLong(raw);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // the problem below says what is accepted
    }
    throw Problem.invalidField(field, "must be a delivery id (a positive integer)");
  }

  static JsonObject json(Delivery d, boolean withBody) {
    JsonObject o = new JsonObject()
        .put("id", Long.toString(d.id()))
        .put("eventId", d.eventId())
        .put("eventType", d.eventType())
        .put("status", d.status())
        .put("attempts", d.attempts())
        .put("nextAttemptAt", d.status().equals(Delivery.PENDING) ? text(d.nextAttemptAt()) : null)
        .put("lastStatus", d.lastStatus())
        .put("lastError", d.lastError())
        .put("lastAttemptAt", text(d.lastAttemptAt()))
        .put("createdAt", text(d.createdAt()))
        .put("finishedAt", text(d.finishedAt()));
    if (withBody) {
      o.put("body", new JsonObject(d.body()));
    }
    return o;
  }

  private static String text(Instant t) {
    return t == null ? null : t.toString();
  }
}
