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
  /** Packets later than {@link #LATE_NANOS} per 100 ms of send time, from the first packet: when the tail happens. */
  private final int[] lateBySendTime = new int[6000];
  private long firstSentNanos = Long.MIN_VALUE;
  /** Wall-clock time of the first packet's send, so the timeline lines up with other tools' logs. */
  private java.time.Instant firstSentWall;
  static final long LATE_NANOS = 5_000_000;

  StreamStats(String name, int streams) {
    this.name = name;
    this.lastSeq = new int[streams];
    Arrays.fill(lastSeq, -1);
  }

  /** New senders (fresh sequence numbers) from now on: a stream's next sequence number is not compared to its last. */
  synchronized void newSenders() {
    Arrays.fill(lastSeq, -1);
  }

  synchronized void received(Probe.Fields f, long nowNanos) {
    long lat = Math.max(0, nowNanos - f.sentNanos);
    received++;
    sumNanos += lat;
    maxNanos = Math.max(maxNanos, lat);
    histogram[(int) Math.min(BUCKETS - 1, lat / BUCKET_NANOS)]++;
    if (firstSentNanos == Long.MIN_VALUE) {
      firstSentNanos = f.sentNanos;
      firstSentWall = java.time.Instant.now().minusNanos(nowNanos - f.sentNanos);
    }
    if (lat > LATE_NANOS) {
      long bin = (f.sentNanos - firstSentNanos) / 100_000_000L;
      lateBySendTime[(int) Math.max(0, Math.min(lateBySendTime.length - 1, bin))]++;
    }
    int stream = f.stream;
    if (stream >= 0 && stream < lastSeq.length) {
      if (f.seq < lastSeq[stream]) {
        reordered++;
      } else {
        lastSeq[stream] = f.seq;
      }
    }
  }

  /**
   * Where the late packets were sent: "t+1.2s:340" per 100 ms bin holding any (time from the window's first packet),
   * so a few stalls (many late packets in one bin) can be told from a spread-out tail.
   */
  synchronized String lateTimeline() {
    StringBuilder bins = new StringBuilder();
    for (int i = 0; i < lateBySendTime.length; i++) {
      if (lateBySendTime[i] > 0) {
        bins.append(String.format(" t+%.1fs:%d", i / 10.0, lateBySendTime[i]));
      }
    }
    String origin = firstSentWall == null ? "" : " (t+0 = " + firstSentWall + ")";
    return origin + (bins.length() == 0 ? " none" : bins);
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
