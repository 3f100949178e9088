package io.switchboard.call;

import io.switchboard.acd.Acd;
import io.switchboard.directory.BusinessHours;
import io.switchboard.directory.Directory;
import io.switchboard.directory.Kind;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the ACD which of the tenant's queues are open now ({@link Acd#queueHours}), so that callbacks, which belong
 * to no node, are not dialed while their queue is closed and are routed as soon as it opens (docs/callbacks.md).
 * Every node does it for the tenant of its SIP listener, judging the hours by the same injected clock as
 * {@link AfterHours}; the ACD's view is the last node's word, and every node repeats its own.
 *
 * <pre>
 *   tick (every AfterHours.TICK_MS) ── every RELOAD_MS ──► the queues and their businessHours from the directory
 *        └─ for each queue: open = no hours, hours that do not parse, or status(clock).open()
 *             told differently, or not told for RETELL_MS ──► Acd.queueHours(queue, open)
 * </pre>
 * A change to a queue's hours applies within {@link #RELOAD_MS}; a queue deleted after it was told closed is told
 * open once (its callbacks, if any, are routed).
 *
 * <p>Threading: {@link #tick} runs on the SIP event loop ({@code context}) and every reply is hopped back there;
 * {@link #told} may be read from any thread.
 */
final class QueueHoursWatch {
  private static final Logger LOG = LoggerFactory.getLogger(QueueHoursWatch.class);
  /** How often the queues and their hours are read again (ms): the most a change to them is late by. */
  static final long RELOAD_MS = 5_000;
  /** How often an unchanged state is told again (ms): another node with another word is corrected by then. */
  static final long RETELL_MS = 30_000;

  private final Context context;
  private final Acd acd;
  private final Directory directory;
  private final String tenant;
  private final Supplier<Clock> clock;
  /** queue → its hours (absent value: none, always open), as last read. */
  private Map<String, Optional<BusinessHours>> hours = Map.of();
  /** When the queues were last read (ms, System.nanoTime's scale); meaningless until {@link #loaded}. */
  private long loadedAt;
  private boolean loaded;
  private boolean loading;
  /** queue → open as the ACD acknowledged it from this node. */
  private final Map<String, Boolean> told = new ConcurrentHashMap<>();
  private final Map<String, Long> toldAt = new HashMap<>();
  private final Set<String> telling = new HashSet<>();

  QueueHoursWatch(Context context, Acd acd, Directory directory, String tenant, Supplier<Clock> clock) {
    this.context = context;
    this.acd = acd;
    this.directory = directory;
    this.tenant = tenant;
    this.clock = clock;
  }

  /** What this node last told the ACD of {@code queue}: open (true), closed (false), or null when nothing yet. */
  Boolean told(String queue) {
    return told.get(queue);
  }

  /** Reads the queues when due and tells the ACD each one's state when it changed or is due again. */
  void tick() {
    long now = System.nanoTime() / 1_000_000;
    if (!loading && (!loaded || now - loadedAt >= RELOAD_MS)) {
      loading = true;
      load().onComplete(ar -> context.runOnContext(v -> {
        loading = false;
        if (ar.failed()) {
          LOG.warn("hours.queues-unread tenant={} why={}", tenant, ar.cause().toString());
          return;
        }
        loadedAt = System.nanoTime() / 1_000_000;
        loaded = true;
        for (String gone : List.copyOf(told.keySet())) {
          if (!ar.result().containsKey(gone) && !told.get(gone)) {
            tell(gone, true, loadedAt); // deleted while closed: nothing may stay held for it
          }
        }
        hours = ar.result();
        judge(loadedAt);
      }));
    }
    judge(now);
  }

  private void judge(long now) {
    Instant at = clock.get().instant();
    for (Map.Entry<String, Optional<BusinessHours>> e : hours.entrySet()) {
      boolean open = e.getValue().map(h -> h.status(at).open()).orElse(true);
      Boolean before = told.get(e.getKey());
      Long last = toldAt.get(e.getKey());
      if (before == null || before != open || last == null || now - last >= RETELL_MS) {
        tell(e.getKey(), open, now);
      }
    }
  }

  private void tell(String queue, boolean open, long now) {
    if (!telling.add(queue)) {
      return;
    }
    acd.queueHours(tenant, queue, open).onComplete(ar -> context.runOnContext(v -> {
      telling.remove(queue);
      if (ar.failed()) {
        LOG.debug("hours.tell-failed tenant={} queue={} why={}", tenant, queue, ar.cause().toString());
        return; // the next tick tries again
      }
      if (ar.result()) {
        LOG.info("hours.queue tenant={} queue={} open={}", tenant, queue, open);
      }
      told.put(queue, open);
      toldAt.put(queue, now);
    }));
  }

  /** Every queue of the tenant with its hours (a document that is gone or does not parse counts as none). */
  private Future<Map<String, Optional<BusinessHours>>> load() {
    return queues(null, new ArrayList<>()).compose(docs -> {
      Map<String, Future<Optional<BusinessHours>>> byHours = new HashMap<>();
      Map<String, Future<Optional<BusinessHours>>> byQueue = new HashMap<>();
      for (JsonObject q : docs) {
        String id = q.getString("businessHours");
        Future<Optional<BusinessHours>> h = id == null || id.isEmpty() ? Future.succeededFuture(Optional.empty())
            : byHours.computeIfAbsent(id, this::hours);
        byQueue.put(q.getString("id"), h);
      }
      return Future.join(List.copyOf(byQueue.values())).map(v -> {
        Map<String, Optional<BusinessHours>> out = new HashMap<>();
        byQueue.forEach((q, f) -> out.put(q, f.result()));
        return out;
      });
    });
  }

  private Future<List<JsonObject>> queues(String cursor, List<JsonObject> into) {
    return directory.list(tenant, Kind.QUEUE, cursor, Directory.MAX_PAGE).compose(page -> {
      into.addAll(page.items());
      return page.next() == null ? Future.succeededFuture(into) : queues(page.next(), into);
    });
  }

  private Future<Optional<BusinessHours>> hours(String id) {
    return directory.get(tenant, Kind.BUSINESS_HOURS, id).map(doc -> {
      try {
        return doc.map(BusinessHours::of);
      } catch (IllegalArgumentException e) {
        return Optional.empty(); // InboundRouting logs it for the calls; open, as for them
      }
    });
  }
}
