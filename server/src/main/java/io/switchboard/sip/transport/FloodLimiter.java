package io.switchboard.sip.transport;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Token buckets against floods (RFC 3261 §26.1.5 asks a server to survive them): each message takes a token from
 * its source's bucket, which holds at most a burst and refills at a rate. By default each source IP has its own
 * bucket at the per-source limit, so one source cannot starve another; a {@link FloodPolicy} may put the addresses
 * of a trunk into one shared bucket with the trunk's (higher) limit.
 *
 * <p>Memory is bounded: at most {@code maxSources} buckets; when full, buckets that have refilled
 * completely (idle sources, indistinguishable from new ones) are dropped, and if none has, the newcomer
 * is refused — an attacker spraying spoofed addresses then only hurts sources not yet seen. Trunk buckets are
 * few (one per trunk) and count towards the same bound.
 *
 * <p>Not thread-safe: used from the transport's event loop. The clock is injected (nanoseconds) so
 * tests need not wait.
 */
public final class FloodLimiter {
  private final double ratePerNano;
  private final double burst;
  private final int maxSources;
  private final LongSupplier nanos;
  private volatile FloodPolicy policy;
  /** Source IP, or "trunk:" + share key, to its bucket. */
  private final Map<String, Bucket> buckets = new HashMap<>();

  public FloodLimiter(double ratePerSecond, int burst, int maxSources, LongSupplier nanos) {
    this(ratePerSecond, burst, maxSources, nanos, FloodPolicy.PER_SOURCE);
  }

  public FloodLimiter(double ratePerSecond, int burst, int maxSources, LongSupplier nanos, FloodPolicy policy) {
    if (ratePerSecond <= 0 || burst < 1 || maxSources < 1) {
      throw new IllegalArgumentException("rate, burst and maxSources must be positive");
    }
    this.ratePerNano = ratePerSecond / 1e9;
    this.burst = burst;
    this.maxSources = maxSources;
    this.nanos = nanos;
    this.policy = policy;
  }

  /** Replaces the policy (any thread); buckets already filled keep their tokens. */
  public void policy(FloodPolicy policy) {
    this.policy = policy == null ? FloodPolicy.PER_SOURCE : policy;
  }

  /** Takes a token for {@code sourceIp}; false means over the limit: refuse the message. */
  public boolean tryAcquire(String sourceIp) {
    long now = nanos.getAsLong();
    FloodPolicy.Share share = policy.shareOf(sourceIp);
    String key = share == null ? sourceIp : "trunk:" + share.key();
    double rate = share == null ? ratePerNano : share.ratePerSecond() / 1e9;
    double size = share == null ? burst : share.burst();
    Bucket b = buckets.get(key);
    if (b == null) {
      if (buckets.size() >= maxSources && !evictIdle(now)) {
        return false;
      }
      b = new Bucket(size, now);
      buckets.put(key, b);
    }
    b.ratePerNano = rate; // a trunk's limit may change while its bucket lives
    b.size = size;
    return b.take(now);
  }

  /** Buckets currently tracked (sources and shares). */
  public int sources() {
    return buckets.size();
  }

  private boolean evictIdle(long now) {
    boolean any = false;
    for (Iterator<Bucket> it = buckets.values().iterator(); it.hasNext();) {
      if (it.next().full(now)) {
        it.remove();
        any = true;
      }
    }
    return any;
  }

  private static final class Bucket {
    double tokens;
    long last;
    double ratePerNano;
    double size;

    Bucket(double size, long now) {
      this.tokens = size;
      this.size = size;
      this.last = now;
    }

    boolean take(long now) {
      tokens = Math.min(size, tokens + (now - last) * ratePerNano);
      last = now;
      if (tokens < 1) {
        return false;
      }
      tokens -= 1;
      return true;
    }

    boolean full(long now) {
      return tokens + (now - last) * ratePerNano >= size;
    }
  }
}
