package io.switchboard.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.ext.web.Router;

/**
 * Prometheus metrics at {@code /metrics}. Components record through Micrometer's global registry
 * ({@code io.micrometer.core.instrument.Metrics}), to which this registry is added, so they need no wiring.
 * Every meter carries the node and region tags.
 */
public final class Metrics implements AutoCloseable {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();

  public Metrics(String nodeId, String region) {
    registry.config().commonTags("node", nodeId, "region", region);
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    io.micrometer.core.instrument.Metrics.addRegistry(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** Unauthenticated like most Prometheus targets; bind the HTTP port privately or scrape through a proxy. */
  public void mount(Router router) {
    router.get("/metrics").handler(rc -> rc.response()
        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        .end(registry.scrape()));
  }

  @Override
  public void close() {
    io.micrometer.core.instrument.Metrics.removeRegistry(registry);
    gc.close();
    registry.close();
  }
}
