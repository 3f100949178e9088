package io.switchboard.ops;

import io.switchboard.redis.Lua;
import io.switchboard.redis.RedisConnections;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.TimeUnit;

/**
 * Liveness and readiness for orchestrators and load balancers; no auth (they carry no secrets).
 * {@code /health/live}: the event loop answers. {@code /health/ready}: Redis answers PING within
 * {@link #READY_TIMEOUT_MS}; otherwise 503, so a load balancer stops sending agents and calls here.
 */
public final class Health {
  static final long READY_TIMEOUT_MS = 1000;
  private final Vertx vertx;
  private final RedisConnections redis;
  private final String nodeId;
  private final String region;

  public Health(Vertx vertx, RedisConnections redis, String nodeId, String region) {
    this.vertx = vertx;
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
          .put("checks", new JsonObject().put("redis", redisCheck)));
    });
  }

  private JsonObject base() {
    return new JsonObject().put("node", nodeId).put("region", region);
  }

  private static void json(RoutingContext rc, int status, JsonObject body) {
    rc.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store").end(body.encode());
  }
}
