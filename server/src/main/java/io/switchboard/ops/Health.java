package io.switchboard.ops;

import io.switchboard.records.RecordsStatus;
import io.switchboard.redis.Lua;
import io.switchboard.redis.RedisConnections;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Liveness and readiness for orchestrators and load balancers; no auth (they carry no secrets).
 * {@code /health/live}: the event loop answers. {@code /health/ready}: Redis answers PING within
 * {@link #READY_TIMEOUT_MS}; otherwise 503, so a load balancer stops sending agents and calls here. It also shows
 * the records pipeline ({@code checks.records}: lag, oldest unrecorded event, store up or failing) without letting it
 * decide readiness: calls are routed while PostgreSQL is down, the events wait in Redis.
 */
public final class Health {
  static final long READY_TIMEOUT_MS = 1000;
  private final Vertx vertx;
  private final RedisConnections redis;
  private final String nodeId;
  private final String region;
  private final Supplier<RecordsStatus> records;

  public Health(Vertx vertx, RedisConnections redis, String nodeId, String region, Supplier<RecordsStatus> records) {
    this.vertx = vertx;
    this.records = records;
    this.redis = redis;
    this.nodeId = nodeId;
    this.region = region;
  }

  public void mount(Router router) {
    router.get("/health/live").handler(rc -> json(rc, 200, base().put("status", "UP")));
    router.get("/health/ready").handler(this::ready);
  }

  private void ready(RoutingContext rc) {
    Future<String> ping = Lua.toVertx(
        redis.commands().ping().toCompletableFuture().orTimeout(READY_TIMEOUT_MS, TimeUnit.MILLISECONDS),
        vertx.getOrCreateContext());
    ping.onComplete(ar -> {
      boolean up = ar.succeeded() && "PONG".equals(ar.result());
      JsonObject redisCheck = new JsonObject().put("status", up ? "UP" : "DOWN");
      if (!up) {
        redisCheck.put("error", ar.failed() ? ar.cause().getClass().getSimpleName() : "unexpected reply");
      }
      json(rc, up ? 200 : 503, base().put("status", up ? "UP" : "DOWN")
          .put("checks", new JsonObject().put("redis", redisCheck).put("records", recordsCheck())));
    });
  }

  private JsonObject recordsCheck() {
    RecordsStatus r = records.get();
    JsonObject check = new JsonObject().put("status", r.storeUp() ? "UP" : "DEGRADED")
        .put("lagEvents", r.lagEvents()).put("oldestPendingSeconds", r.oldestPendingSeconds());
    if (!r.lastError().isEmpty()) {
      check.put("error", r.lastError());
    }
    return check;
  }

  private JsonObject base() {
    return new JsonObject().put("node", nodeId).put("region", region);
  }

  private static void json(RoutingContext rc, int status, JsonObject body) {
    rc.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store").end(body.encode());
  }
}
