package io.switchboard.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The receiving end of {@link RtpJitterBenchmark}, run as its own JVM so that neither its CPU nor its GC shares a
 * JVM with the node. Binds an RTP port (and the RTCP port above it, whose packets are only counted) on 127.0.0.1,
 * prints {@code PORT n}, then reads stdin: {@code start} clears the statistics and starts measuring, {@code stop}
 * prints the results and exits.
 *
 * <p>One thread reads the socket with a reused buffer (no allocation per packet) and timestamps each datagram with
 * {@code System.nanoTime()} as it is read; packets are told apart by SSRC (every caller's SDP names this one port).
 * Per stream, in arrival order, for each packet with a higher sequence number than any before it:
 * <ul>
 *   <li>gap error = |arrival − previous arrival − 20 ms × sequence difference| into a 10 µs histogram;</li>
 *   <li>RFC 3550 6.4.1 interarrival jitter J += (|D| − J) / 16, D in 8 kHz timestamp units.</li>
 * </ul>
 * Lost = sequence numbers never seen between a stream's first and highest; reordered = packets arriving after a
 * higher sequence number.
 */
public final class JitterReceiver {
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
  private long rtcp;
  private volatile int phase; // 0 waiting, 1 measuring, 2 done

  private JitterReceiver() {}

  public static void main(String[] args) throws Exception {
    DatagramSocket[] pair = bindPair();
    System.out.println("PORT " + pair[0].getLocalPort());
    System.out.flush();
    JitterReceiver r = new JitterReceiver();
    Thread rtcpReader = new Thread(() -> r.drainRtcp(pair[1]), "rtcp");
    rtcpReader.setDaemon(true);
    rtcpReader.start();
    Thread reader = new Thread(() -> r.read(pair[0]), "rtp-receiver");
    reader.setPriority(Thread.MAX_PRIORITY);
    reader.start();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    long cpu0 = 0;
    long t0 = 0;
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (line.equals("start")) {
        cpu0 = ManagementFactory.getThreadMXBean().getThreadCpuTime(reader.getId());
        t0 = System.nanoTime();
        r.phase = 1;
      } else if (line.equals("stop")) {
        long cpu = ManagementFactory.getThreadMXBean().getThreadCpuTime(reader.getId()) - cpu0;
        double wall = (System.nanoTime() - t0) / 1e9;
        r.phase = 2;
        reader.join(2000);
        r.report(wall, cpu);
        break;
      }
    }
    System.exit(0);
  }

  /** An even port and the one above it, both free. */
  private static DatagramSocket[] bindPair() throws SocketException {
    InetAddress lo = InetAddress.getLoopbackAddress();
    for (int i = 0; i < 100; i++) {
      DatagramSocket a = new DatagramSocket(new InetSocketAddress(lo, 0));
      try {
        DatagramSocket b = new DatagramSocket(new InetSocketAddress(lo, a.getLocalPort() + 1));
        a.setReceiveBufferSize(4 << 20);
        a.setSoTimeout(100);
        b.setSoTimeout(100);
        return new DatagramSocket[] {a, b};
      } catch (SocketException e) {
        a.close();
      }
    }
    throw new SocketException("no free port pair");
  }

  private void drainRtcp(DatagramSocket s) {
    DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
    while (true) {
      try {
        s.receive(p);
        rtcp++;
      } catch (SocketTimeoutException e) {
        // keep reading
      } catch (Exception e) {
        return;
      }
    }
  }

  private void read(DatagramSocket s) {
    byte[] b = new byte[2048];
    DatagramPacket p = new DatagramPacket(b, b.length);
    while (phase < 2) {
      try {
        s.receive(p);
      } catch (SocketTimeoutException e) {
        continue;
      } catch (Exception e) {
        e.printStackTrace();
        return;
      }
      long now = System.nanoTime();
      if (phase == 1 && p.getLength() >= 12 && (b[0] & 0xC0) == 0x80 && (b[1] & 0x7F) < 64) {
        onPacket(b, now);
      }
    }
  }

  private void onPacket(byte[] b, long now) {
    int seq = ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
    long ts = ((b[4] & 0xFFL) << 24) | ((b[5] & 0xFF) << 16) | ((b[6] & 0xFF) << 8) | (b[7] & 0xFF);
    int ssrc = ((b[8] & 0xFF) << 24) | ((b[9] & 0xFF) << 16) | ((b[10] & 0xFF) << 8) | (b[11] & 0xFF);
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

  private void report(double wall, long cpuNanos) {
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
    System.out.printf("streams=%d window_s=%.1f packets=%d expected=%d lost=%d reordered=%d rtcp=%d%n",
        streams.size(), wall, packets, (long) (streams.size() * wall * 50), lost, reordered, rtcp);
    System.out.printf("rfc3550_jitter_ms_per_stream p50=%.3f p99=%.3f max=%.3f%n", at(jitterMs, 50), at(jitterMs, 99),
        jitterMs.length == 0 ? 0 : jitterMs[jitterMs.length - 1]);
    System.out.printf("gap_error_ms |arrival_delta-20ms| p50=%.3f p99=%.3f p999=%.3f max=%.3f (%d gaps)%n",
        gapPct(50), gapPct(99), gapPct(99.9), gapPct(100), Arrays.stream(gaps).sum());
    System.out.printf("receiver_cpu_percent_of_one_core=%.1f%n", 100 * cpuNanos / 1e9 / wall);
  }

  private static double at(double[] sorted, double p) {
    return sorted.length == 0 ? 0 : sorted[Math.max(0, (int) Math.ceil(sorted.length * p / 100) - 1)];
  }

  /** Upper edge of the bucket holding the p-th percentile, in ms. */
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
