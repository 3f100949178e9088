package io.switchboard.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.TimeUnit;

/**
 * Times HTTP requests into {@code switchboard_http_server_requests_seconds{method, route, status}}. The route
 * tag is the matched route's pattern ({@code /api/v1/queues/:id}), never the raw path, so ids cannot blow up
 * the number of series.
 */
public final class HttpMeters {
  private final MeterRegistry registry;

  public HttpMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  /** A first route handler: records when the response ends, then passes the request on. */
  public void handle(RoutingContext rc) {
    long start = System.nanoTime();
    rc.addBodyEndHandler(v -> Timer.builder("switchboard.http.server.requests")
        .tag("method", rc.request().method().name())
        .tag("route", routeOf(rc))
        .tag("status", Integer.toString(rc.response().getStatusCode()))
        .register(registry)
        .record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
    rc.next();
  }

  private static String routeOf(RoutingContext rc) {
    Route route = rc.currentRoute();
    String path = route == null ? null : route.getPath();
    return path == null || path.isEmpty() || "/".equals(path) ? "other" : path;
  }
}
