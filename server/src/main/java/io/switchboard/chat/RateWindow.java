package io.switchboard.chat;

import java.time.Clock;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * At most {@code limit} events per key per window (a fixed window that starts at a key's first event): the
 * per-customer message limit and the per-source limit of the customer token route. Keys whose window passed are
 * forgotten as new ones arrive, so memory stays bounded by the keys active within one window.
 *
 * <p>Threading: synchronized; cheap enough for an event loop.
 */
public final class RateWindow {
  private final int limit;
  private final long windowMs;
  private final Clock clock;
  private final Map<String, long[]> windows = new HashMap<>();

  public RateWindow(int limit, long windowMs, Clock clock) {
    if (limit < 1 || windowMs < 1) {
      throw new IllegalArgumentException("limit and window must be positive");
    }
    this.limit = limit;
    this.windowMs = windowMs;
    this.clock = clock;
  }

  /** Counts one event of {@code key}; false (not counted) when the key already had {@code limit} this window. */
  public synchronized boolean tryAcquire(String key) {
    long now = clock.millis();
    if (windows.size() > 1024) {
      forgetPast(now);
    }
    long[] w = windows.computeIfAbsent(key, k -> new long[] {now, 0});
    if (now - w[0] >= windowMs) {
      w[0] = now;
      w[1] = 0;
    }
    if (w[1] >= limit) {
      return false;
    }
    w[1]++;
    return true;
  }

  /** Milliseconds until {@code key} may send again (0: now). */
  public synchronized long retryAfterMs(String key) {
    long[] w = windows.get(key);
    if (w == null || w[1] < limit) {
      return 0;
    }
    return Math.max(0, w[0] + windowMs - clock.millis());
  }

  private void forgetPast(long now) {
    for (Iterator<long[]> it = windows.values().iterator(); it.hasNext(); ) {
      if (now - it.next()[0] >= windowMs) {
        it.remove();
      }
    }
  }
}
