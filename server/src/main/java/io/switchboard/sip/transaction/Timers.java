package io.switchboard.sip.transaction;

/**
 * The transaction layer's only source of time (RFC 3261 §17 timers). Injected so tests fire timers by
 * hand instead of waiting: {@link VertxTimers} in production, a manual clock in tests.
 *
 * <p>Contract: tasks run on the same thread as the layer (the transport's event loop), never
 * concurrently with it; a cancelled task never runs; cancelling an unknown or fired id is a no-op.
 */
public interface Timers {
  /** Runs {@code task} after {@code delayMs} (0 allowed: soon, not now); returns an id for {@link #cancel}. */
  long schedule(long delayMs, Runnable task);

  void cancel(long id);
}
