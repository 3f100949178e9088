package io.switchboard.bench;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Per-stream RTP arrival statistics, streams told apart by SSRC. For each packet, in arrival order, whose sequence
 * number is higher than any before it in its stream:
 * <ul>
 *   <li>gap error = |arrival − previous arrival − 20 ms × sequence difference| into a 10 µs histogram (with no loss
 *       this is |arrival delta − 20 ms|);</li>
 *   <li>RFC 3550 6.4.1 interarrival jitter J += (|D| − J) / 16, D in 8 kHz timestamp units.</li>
 * </ul>
 * Lost = sequence numbers never seen between a stream's first and highest; reordered = packets arriving after a
 * higher sequence number. Not thread-safe: one reader.
 */
final class JitterStats {
  private static final long FRAME_NANOS = 20_000_000L;
  private static final int BUCKET_NANOS = 10_000;
  private static final int BUCKETS = 200_000; // 2 s

  private static final class Stream {
    long firstSeq = -1;
    long maxSeq;
    long lastArrival;
    long lastTimestamp;
    double jitter; // timestamp units
    long packets;
    long reordered;
  }

  private final Map<Integer, Stream> streams = new HashMap<>();
  private final long[] gaps = new long[BUCKETS];

  /** An RTP packet starting at {@code b[off]} (at least 12 bytes) that arrived at {@code now} ns. */
  void onPacket(byte[] b, int off, long now) {
    int seq = ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    long ts = ((b[off + 4] & 0xFFL) << 24) | ((b[off + 5] & 0xFF) << 16) | ((b[off + 6] & 0xFF) << 8)
        | (b[off + 7] & 0xFF);
    int ssrc = ((b[off + 8] & 0xFF) << 24) | ((b[off + 9] & 0xFF) << 16) | ((b[off + 10] & 0xFF) << 8)
        | (b[off + 11] & 0xFF);
    Stream st = streams.computeIfAbsent(ssrc, k -> new Stream());
    st.packets++;
    if (st.firstSeq < 0) {
      st.firstSeq = seq;
      st.maxSeq = seq;
      st.lastArrival = now;
      st.lastTimestamp = ts;
      return;
    }
    long ext = extend(seq, st.maxSeq);
    if (ext <= st.maxSeq) {
      st.reordered++;
      return;
    }
    long gapError = Math.abs(now - st.lastArrival - FRAME_NANOS * (ext - st.maxSeq));
    gaps[(int) Math.min(BUCKETS - 1, gapError / BUCKET_NANOS)]++;
    long arrivalUnits = (now - st.lastArrival) * 8 / 1_000_000; // 8 kHz units
    long tsDelta = (ts - st.lastTimestamp) & 0xFFFFFFFFL;
    double d = Math.abs(arrivalUnits - (double) (tsDelta >= 0x80000000L ? tsDelta - 0x100000000L : tsDelta));
    st.jitter += (d - st.jitter) / 16;
    st.maxSeq = ext;
    st.lastArrival = now;
    st.lastTimestamp = ts;
  }

  /** The 16-bit {@code seq} extended to the cycle nearest {@code reference}. */
  private static long extend(int seq, long reference) {
    long candidate = (reference & ~0xFFFFL) | seq;
    if (candidate - reference > 0x8000) {
      candidate -= 0x10000;
    } else if (reference - candidate > 0x8000) {
      candidate += 0x10000;
    }
    return candidate;
  }

  void report(double wallSeconds, PrintStream out) {
    long packets = 0;
    long lost = 0;
    long reordered = 0;
    double[] jitterMs = new double[streams.size()];
    int i = 0;
    for (Stream s : streams.values()) {
      packets += s.packets;
      reordered += s.reordered;
      lost += Math.max(0, s.maxSeq - s.firstSeq + 1 - s.packets);
      jitterMs[i++] = s.jitter / 8.0;
    }
    Arrays.sort(jitterMs);
    out.printf("streams=%d window_s=%.1f packets=%d expected=%d lost=%d reordered=%d%n",
        streams.size(), wallSeconds, packets, (long) (streams.size() * wallSeconds * 50), lost, reordered);
    out.printf("rfc3550_jitter_ms_per_stream p50=%.3f p99=%.3f max=%.3f%n", at(jitterMs, 50), at(jitterMs, 99),
        jitterMs.length == 0 ? 0 : jitterMs[jitterMs.length - 1]);
    out.printf("gap_error_ms |arrival_delta-20ms| p50=%.2f p99=%.2f p999=%.2f max=%.2f (%d gaps)%n",
        gapPct(50), gapPct(99), gapPct(99.9), gapPct(100), Arrays.stream(gaps).sum());
  }

  private static double at(double[] sorted, double p) {
    return sorted.length == 0 ? 0 : sorted[Math.max(0, (int) Math.ceil(sorted.length * p / 100) - 1)];
  }

  /** Upper edge of the 10 µs bucket holding the p-th percentile, in ms. */
  private double gapPct(double p) {
    long total = Arrays.stream(gaps).sum();
    long want = Math.max(1, (long) Math.ceil(total * p / 100));
    long seen = 0;
    for (int k = 0; k < gaps.length; k++) {
      seen += gaps[k];
      if (seen >= want) {
        return (k + 1) * BUCKET_NANOS / 1e6;
      }
    }
    return 0;
  }
}
