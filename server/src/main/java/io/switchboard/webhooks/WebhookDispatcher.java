package io.switchboard.webhooks;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.config.WebhooksConfig;
import io.switchboard.directory.Directory;
import io.switchboard.directory.Kind;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the deliveries that are due, from any node: every {@code webhooks.poll-ms} it claims up to
 * {@code webhooks.max-in-flight} less those still open, and records each attempt's outcome. A failed attempt is
 * tried again by the {@link RetrySchedule}; after the last one the delivery is dead, kept for an admin to send again.
 * A delivery of a disabled webhook waits (no attempt is counted) and one of a deleted webhook is dead.
 *
 * <p>Nothing here runs on the call path: a slow or dead endpoint holds only its own requests and rows.
 * Threading: the timers run on one event loop; database work on workers; requests on the HTTP client's threads.
 * The counters are atomics, so completions may come from any of them.
 */
final class WebhookDispatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
  /** How long a delivery of a disabled webhook waits before it is looked at again. */
  static final Duration DISABLED_WAIT = Duration.ofSeconds(60);
  private static final long PURGE_EVERY_MS = 3_600_000;

  private final Vertx vertx;
  private final Directory directory;
  private final PgWebhookDeliveries deliveries;
  private final WebhookSender sender;
  private final WebhooksConfig config;
  private final RetrySchedule schedule;
  private final Clock clock;
  private final Duration lease;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicBoolean claiming = new AtomicBoolean();
  private final AtomicBoolean warned = new AtomicBoolean();
  private final Counter delivered;
  private final Counter failed;
  private final Counter dead;
  private long pollTimer = -1;
  private long purgeTimer = -1;

  WebhookDispatcher(Vertx vertx, Directory directory, PgWebhookDeliveries deliveries, WebhookSender sender,
      WebhooksConfig config, MeterRegistry registry, Clock clock) {
    this.vertx = vertx;
    this.directory = directory;
    this.deliveries = deliveries;
    this.sender = sender;
    this.config = config;
    this.schedule = new RetrySchedule(config.maxAttempts(), config.retryBase(), config.retryMax());
    this.clock = clock;
    this.lease = config.timeout().plusSeconds(30);
    String name = "switchboard.webhooks.attempts";
    String help = "webhook delivery attempts by outcome (failed: tried again later; dead: the last attempt failed)";
    this.delivered = Counter.builder(name).tag("outcome", "delivered").description(help).register(registry);
    this.failed = Counter.builder(name).tag("outcome", "failed").description(help).register(registry);
    this.dead = Counter.builder(name).tag("outcome", "dead").description(help).register(registry);
  }

  void start() {
    pollTimer = vertx.setPeriodic(config.poll().toMillis(), t -> poll());
    purgeTimer = vertx.setPeriodic(1_000, PURGE_EVERY_MS, t -> purge());
  }

  @Override
  public void close() {
    vertx.cancelTimer(pollTimer);
    vertx.cancelTimer(purgeTimer);
  }

  private void poll() {
    int room = config.maxInFlight() - inFlight.get();
    if (room <= 0 || !claiming.compareAndSet(false, true)) {
      return;
    }
    vertx.executeBlocking(() -> deliveries.claim(room, lease), false).onComplete(ar -> {
      claiming.set(false);
      if (ar.failed()) {
        if (warned.compareAndSet(false, true)) {
          LOG.warn("webhooks.claim-failed error={} (deliveries wait in PostgreSQL)", ar.cause().toString());
        }
        return;
      }
      warned.set(false);
      for (Delivery d : ar.result()) {
        inFlight.incrementAndGet();
        attempt(d).onComplete(x -> inFlight.decrementAndGet());
      }
    });
  }

  private Future<Void> attempt(Delivery d) {
    Future<Optional<JsonObject>> doc = directory.get(d.tenant(), Kind.WEBHOOK, d.webhookId());
    Future<Optional<String>> secret = directory.webhookSecret(d.tenant(), d.webhookId());
    return Future.all(doc, secret).compose(x -> {
      if (doc.result().isEmpty() || secret.result().isEmpty()) {
        return record(d, new WebhookSender.Outcome(null, "the webhook was deleted"), true);
      }
      Webhook w = Webhook.of(doc.result().get());
      if (!w.enabled()) {
        return blocking(() -> deliveries.postpone(d.id(), DISABLED_WAIT));
      }
      return sender.send(w.url(), secret.result().get(), d).compose(o -> record(d, o, false));
    }).recover(e -> {
      // The row keeps its lease and is claimed again when it ends: nothing is lost.
      LOG.warn("webhooks.attempt-failed id={} webhook={} error={}", d.id(), d.webhookId(), e.toString());
      return Future.succeededFuture();
    });
  }

  private Future<Void> record(Delivery d, WebhookSender.Outcome o, boolean lastAttempt) {
    int attempts = d.attempts() + 1;
    String status;
    Duration retryIn = Duration.ZERO;
    if (o.delivered()) {
      status = Delivery.DELIVERED;
      delivered.increment();
    } else if (!lastAttempt && schedule.another(attempts)) {
      status = Delivery.PENDING;
      retryIn = schedule.delayAfter(attempts);
      failed.increment();
    } else {
      status = Delivery.DEAD;
      dead.increment();
      LOG.info("webhooks.dead tenant={} webhook={} event={} attempts={} error={}", d.tenant(), d.webhookId(),
          d.eventId(), attempts, o.error());
    }
    Duration in = retryIn;
    return blocking(() -> deliveries.attempted(d.id(), status, o.status(), o.error(), in));
  }

  private void purge() {
    blocking(() -> {
      int n = deliveries.purge(clock.instant().minus(config.keepDelivered()), clock.instant().minus(config.keepDead()));
      if (n > 0) {
        LOG.info("webhooks.purged deliveries={}", n);
      }
    }).onFailure(e -> LOG.warn("webhooks.purge-failed error={}", e.toString()));
  }

  private interface Blocking {
    void run() throws Exception;
  }

  private Future<Void> blocking(Blocking work) {
    return vertx.executeBlocking(() -> {
      work.run();
      return null;
    }, false);
  }
}
