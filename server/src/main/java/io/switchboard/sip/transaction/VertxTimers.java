package io.switchboard.sip.transaction;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * {@link Timers} on Vert.x timers, running tasks on one context (the transport's), whatever thread
 * scheduled them. Thread-safe.
 */
public final class VertxTimers implements Timers {
  private final Vertx vertx;
  private final Context context;

  public VertxTimers(Context context) {
    this.vertx = context.owner();
    this.context = context;
  }

  @Override
  public long schedule(long delayMs, Runnable task) {
    return vertx.setTimer(Math.max(1, delayMs), id -> {
      if (Vertx.currentContext() == context) {
        task.run();
      } else {
        context.runOnContext(v -> task.run());
      }
    });
  }

  @Override
  public void cancel(long id) {
    vertx.cancelTimer(id);
  }
}
