package io.switchboard.webhooks;

import io.switchboard.directory.Directory;
import io.switchboard.directory.Kind;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Each tenant's webhooks, read from the directory and kept for {@code refresh}: the events stored meanwhile are
 * queued for the webhooks as they were when read. A tenant's list that cannot be read fails the caller, so the
 * batch of events is stored later rather than without its deliveries.
 *
 * <p>Threading: {@link #of} blocks (a Redis read at most every {@code refresh} per tenant); call it off event loops.
 * Thread-safe.
 */
final class WebhookSubscriptions {
  private static final long READ_TIMEOUT_SECONDS = 5;

  private record Snapshot(List<Webhook> webhooks, long readAtNanos) {}

  private final Directory directory;
  private final long refreshNanos;
  private final LongSupplier nanoTime;
  private final Map<String, Snapshot> byTenant = new ConcurrentHashMap<>();

  WebhookSubscriptions(Directory directory, Duration refresh, LongSupplier nanoTime) {
    this.directory = directory;
    this.refreshNanos = refresh.toNanos();
    this.nanoTime = nanoTime;
  }

  /** The tenant's webhooks, read again when the last read is older than the refresh interval. */
  List<Webhook> of(String tenant) {
    long now = nanoTime.getAsLong();
    Snapshot s = byTenant.get(tenant);
    if (s == null || now - s.readAtNanos() >= refreshNanos) {
      s = new Snapshot(read(tenant), now);
      byTenant.put(tenant, s);
    }
    return s.webhooks();
  }

  private List<Webhook> read(String tenant) {
    List<Webhook> out = new ArrayList<>();
    String cursor = null;
    try {
      do {
        Directory.Page page = directory.list(tenant, Kind.WEBHOOK, cursor, Directory.MAX_PAGE)
            .toCompletionStage().toCompletableFuture().get(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        for (JsonObject doc : page.items()) {
          out.add(Webhook.of(doc));
        }
        cursor = page.next();
      } while (cursor != null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted reading the webhooks of tenant " + tenant, e);
    } catch (Exception e) {
      throw new IllegalStateException("the webhooks of tenant " + tenant + " could not be read: " + e, e);
    }
    return List.copyOf(out);
  }
}
