package io.switchboard.sip.transport;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A token bucket per source IP (RFC 3261 §26.1.5 asks a server to survive floods): each message takes a
 * token, a bucket holds at most {@code burst} and refills at {@code ratePerSecond}. One source cannot
 * starve another because each has its own bucket.
 *
 * <p>Memory is bounded: at most {@code maxSources} buckets; when full, buckets that have refilled
 * completely (idle sources, indistinguishable from new ones) are dropped, and if none has, the newcomer
 * is refused — an attacker spraying spoofed addresses then only hurts sources not yet seen.
 *
 * <p>Not thread-safe: used from the transport's event loop. The clock is injected (nanoseconds) so
 * tests need not wait.
 */
public final class FloodLimiter {
  private final double ratePerNano;
  private final double burst;
  private final int maxSources;
  private final LongSupplier nanos;
  private final Map<String, double[]> buckets = new HashMap<>(); // ip -> {tokens, lastRefillNanos}

  public FloodLimiter(double ratePerSecond, int burst, int maxSources, LongSupplier nanos) {
    if (ratePerSecond <= 0 || burst < 1 || maxSources < 1) {
      throw new IllegalArgumentException("rate, burst and maxSources must be positive");
    }
    this.ratePerNano = ratePerSecond / 1e9;
    this.burst = burst;
    this.maxSources = maxSources;
    this.nanos = nanos;
  }

  /** Takes a token for {@code sourceIp}; false means over the limit: refuse the message. */
  public boolean tryAcquire(String sourceIp) {
    long now = nanos.getAsLong();
    double[] b = buckets.get(sourceIp);
    if (b == null) {
      if (buckets.size() >= maxSources && !evictIdle(now)) {
        return false;
      }
      b = new double[] {burst, now};
      buckets.put(sourceIp, b);
    }
    b[0] = Math.min(burst, b[0] + (now - (long) b[1]) * ratePerNano);
    b[1] = now;
    if (b[0] < 1) {
      return false;
    }
    b[0] -= 1;
    return true;
  }

  /** Sources currently tracked. */
  public int sources() {
    return buckets.size();
  }

  private boolean evictIdle(long now) {
    boolean any = false;
    for (Iterator<double[]> it = buckets.values().iterator(); it.hasNext();) {
      double[] b = it.next();
      if (b[0] + (now - (long) b[1]) * ratePerNano >= burst) {
        it.remove();
        any = true;
      }
    }
    return any;
  }
}
