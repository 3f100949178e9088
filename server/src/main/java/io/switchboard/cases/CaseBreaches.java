package io.switchboard.cases;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cases whose due time passed escalate by themselves: every {@code cases.breach-check-seconds} a node takes the
 * breached cases and gives each to its owner's superior ({@link Superiors}), or records the breach when there is
 * none. Each case is acted on once, by one node ({@link CaseStore#handleBreach}).
 * Threading: the timer on an event loop, the store on workers.
 */
public final class CaseBreaches implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CaseBreaches.class);
  static final int BATCH = 100;

  private final Vertx vertx;
  private final CaseStore store;
  private final Superiors superiors;
  private final AtomicBoolean running = new AtomicBoolean();
  private long timer = -1;

  public CaseBreaches(Vertx vertx, CaseStore store, Superiors superiors) {
    this.vertx = vertx;
    this.store = store;
    this.superiors = superiors;
  }

  public CaseBreaches start(Duration every) {
    timer = vertx.setPeriodic(every.toMillis(), t -> check());
    return this;
  }

  /** One pass over the breached cases; completes when each was handled. */
  public Future<Void> check() {
    if (!running.compareAndSet(false, true)) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> store.breached(BATCH), false)
        .compose(cases -> {
          Future<Void> chain = Future.succeededFuture();
          for (Case k : cases) {
            chain = chain.compose(x -> handle(k));
          }
          return chain;
        })
        .onFailure(e -> LOG.warn("cases.breach-check-failed error={}", e.toString()))
        .onComplete(x -> running.set(false));
  }

  private Future<Void> handle(Case k) {
    return superiors.of(k.tenant(), k.owner()).compose(a -> vertx.executeBlocking(() -> store.handleBreach(
        k.tenant(), k.id(), a.superior(), a.superior() != null ? "due time passed"
            : "due time passed; not escalated: " + a.none()), false)).<Void>mapEmpty()
        .recover(e -> {
          LOG.warn("cases.breach-failed tenant={} case={} error={}", k.tenant(), k.id(), e.toString());
          return Future.succeededFuture();
        });
  }

  @Override
  public void close() {
    vertx.cancelTimer(timer);
  }
}
