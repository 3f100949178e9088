package io.switchboard.bench;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Loss and one-way latency of one direction in one phase of {@link BridgedCallsBenchmark}: packets sent (by the
 * sender threads), received, received out of order (a stream's sequence going backwards) and a latency histogram
 * with 10 µs buckets up to 5 s (beyond: counted in the last bucket; the max is exact). {@link #received} is called
 * by one receive thread at a time (uncontended lock, no allocation); it is synchronized so that any thread may read
 * the figures afterwards.
 */
final class StreamStats {
  private static final int BUCKET_NANOS = 10_000;
  private static final int BUCKETS = 500_000;

  final String name;
  final AtomicLong sent = new AtomicLong();
  private final long[] histogram = new long[BUCKETS];
  private final int[] lastSeq;
  private long received;
  private long reordered;
  private long maxNanos;
  private long sumNanos;

  StreamStats(String name, int streams) {
    this.name = name;
    this.lastSeq = new int[streams];
    Arrays.fill(lastSeq, -1);
  }

  synchronized void received(Probe.Fields f, long nowNanos) {
    long lat = Math.max(0, nowNanos - f.sentNanos);
    received++;
    sumNanos += lat;
    maxNanos = Math.max(maxNanos, lat);
    histogram[(int) Math.min(BUCKETS - 1, lat / BUCKET_NANOS)]++;
    int stream = f.stream;
    if (stream >= 0 && stream < lastSeq.length) {
      if (f.seq < lastSeq[stream]) {
        reordered++;
      } else {
        lastSeq[stream] = f.seq;
      }
    }
  }

  synchronized long received() {
    return received;
  }

  /** Loss in percent of what was sent (negative would mean duplicates). */
  synchronized double lossPercent() {
    long s = sent.get();
    return s == 0 ? 0 : 100.0 * (s - received) / s;
  }

  /** The latency at quantile {@code q} (0..1) in milliseconds, to the bucket's upper edge (10 µs). */
  synchronized double quantileMs(double q) {
    if (received == 0) {
      return Double.NaN;
    }
    long rank = (long) Math.ceil(q * received);
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += histogram[i];
      if (seen >= rank) {
        return (i + 1) * (double) BUCKET_NANOS / 1e6;
      }
    }
    return maxNanos / 1e6;
  }

  synchronized double maxMs() {
    return maxNanos / 1e6;
  }

  synchronized double meanMs() {
    return received == 0 ? Double.NaN : sumNanos / 1e6 / received;
  }

  synchronized long reordered() {
    return reordered;
  }

  /** One markdown table row: name, sent, received, loss, p50, p99, p99.9, max, out of order. */
  synchronized String row() {
    return String.format("| %s | %,d | %,d | %.3f %% | %.2f | %.2f | %.2f | %.2f | %,d |", name, sent.get(), received,
        lossPercent(), quantileMs(0.5), quantileMs(0.99), quantileMs(0.999), maxMs(), reordered);
  }
}
