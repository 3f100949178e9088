package io.switchboard.bench;

import io.switchboard.media.MediaOptions;
import io.switchboard.media.audio.Prompts;
import io.switchboard.media.sdp.AudioCodec;
import io.switchboard.media.sdp.Direction;
import io.switchboard.media.session.MediaCounters;
import io.switchboard.media.session.Pacer;
import io.switchboard.media.session.Peer;
import io.switchboard.media.session.PortAllocator;
import io.switchboard.media.session.RtpEndpoint;
import io.switchboard.media.session.RtpSession;
import io.switchboard.media.session.SessionListener;
import io.switchboard.media.session.SessionParams;
import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * N callers on music on hold: N RTP sessions (one port pair each, all driven by the one pacer) stream the shipped
 * music to N receiver sockets on loopback, read by one selector thread in the same JVM that records the arrival
 * time of every packet. Reports per-session pacing jitter (|gap − 20 ms|) p50/p99/max over all sessions, lost
 * packets (sequence gaps), how late the pacer's ticks start, and CPU per thread group.
 *
 * <p>Run: {@code mvn -B -o -q -pl server -am test-compile} then
 * {@code java -cp server/target/classes:server/target/test-classes:$(cat cp.txt) io.switchboard.bench.MusicOnHoldBenchmark}
 * with {@code -Dbench.sessions=1000 -Dbench.seconds=10} (defaults).
 */
public final class MusicOnHoldBenchmark {
  private MusicOnHoldBenchmark() {}

  public static void main(String[] args) throws Exception {
    int sessions = Integer.getInteger("bench.sessions", 1000);
    int seconds = Integer.getInteger("bench.seconds", 10);
    Vertx vertx = Vertx.vertx();
    Pacer pacer = new Pacer(System::nanoTime, 5);
    io.switchboard.media.session.MediaLoops loops =
        new io.switchboard.media.session.MediaLoops(0, MediaOptions.DEFAULT_POLL_INTERVAL, System::nanoTime);
    loops.start();
    MediaCounters counters = new MediaCounters();
    MediaOptions options = MediaOptions.defaults().withHosts("127.0.0.1", "127.0.0.1").withPorts(40000, 49999);
    PortAllocator ports = new PortAllocator(options.rtpPortMin(), options.rtpPortMax());
    Prompts prompts = new Prompts();

    Selector selector = Selector.open();
    long[][] arrivals = new long[sessions][];
    int[][] seqs = new int[sessions][];
    int[] count = new int[sessions];
    int perSession = seconds * 50 + 200;
    List<RtpEndpoint> endpoints = new ArrayList<>();
    List<RtpSession> list = new ArrayList<>();
    for (int i = 0; i < sessions; i++) {
      DatagramChannel ch = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
      ch.configureBlocking(false);
      ch.register(selector, SelectionKey.OP_READ, i);
      arrivals[i] = new long[perSession];
      seqs[i] = new int[perSession];
      int port = ((InetSocketAddress) ch.getLocalAddress()).getPort();
      RtpEndpoint ep = RtpEndpoint.open(vertx, loops, options, ports, counters, System::nanoTime).await();
      SessionParams p = new SessionParams(AudioCodec.PCMU, 0, 101, new Peer("127.0.0.1", port),
          new Peer("127.0.0.1", port), false, Direction.SENDRECV, options.rtpSources(), Duration.ofSeconds(5),
          "bench" + i);
      RtpSession s = new RtpSession(p, ep, new SessionListener() {}, counters, Clock.systemUTC(), new Random(i));
      ep.attach(s, false);
      s.output().switchTo(prompts.musicLoop());
      endpoints.add(ep);
      list.add(s);
    }
    long[] lateness = new long[seconds * 50 + 500];
    int[] lateCount = new int[1];
    pacer.add(deadline -> {
      if (lateCount[0] < lateness.length) {
        lateness[lateCount[0]++] = System.nanoTime() - deadline;
      }
    });
    for (int i = 0; i < sessions; i++) {
      pacer.add(list.get(i), endpoints.get(i).executor());
    }

    Thread receiver = new Thread(() -> receive(selector, arrivals, seqs, count), "bench-receiver");
    receiver.setDaemon(true);
    receiver.start();
    pacer.start();
    Thread.sleep(2000); // warm-up: JIT, the first RTCP reports
    for (int i = 0; i < sessions; i++) {
      synchronized (count) {
        count[i] = 0;
      }
    }
    lateCount[0] = 0;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long[] cpu0 = cpuByGroup(threads);
    long wall0 = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    long wall = System.nanoTime() - wall0;
    long[] cpu1 = cpuByGroup(threads);
    pacer.close();
    loops.close();
    receiver.interrupt();
    Thread.sleep(100);
    report(sessions, seconds, arrivals, seqs, count, Arrays.copyOf(lateness, lateCount[0]), cpu0, cpu1, wall,
        counters);
    for (RtpEndpoint ep : endpoints) {
      ep.close().await();
    }
    vertx.close().await();
    System.exit(0);
  }

  private static void receive(Selector selector, long[][] arrivals, int[][] seqs, int[] count) {
    ByteBuffer buf = ByteBuffer.allocateDirect(2048);
    try {
      while (!Thread.currentThread().isInterrupted()) {
        selector.select(100);
        long now = System.nanoTime();
        for (SelectionKey k : selector.selectedKeys()) {
          DatagramChannel ch = (DatagramChannel) k.channel();
          int i = (Integer) k.attachment();
          buf.clear();
          while (ch.receive(buf) != null) {
            buf.flip();
            if (buf.remaining() >= 12 && (buf.get(1) & 0x7F) == 0) {
              synchronized (count) {
                int c = count[i];
                if (c < arrivals[i].length) {
                  arrivals[i][c] = now;
                  seqs[i][c] = buf.getShort(2) & 0xFFFF;
                  count[i] = c + 1;
                }
              }
            }
            buf.clear();
          }
        }
        selector.selectedKeys().clear();
      }
    } catch (Exception e) {
      if (!Thread.currentThread().isInterrupted()) {
        e.printStackTrace();
      }
    }
  }

  /** CPU ns of {node: pacer + Vert.x event loops, receiver, everything else}. */
  private static long[] cpuByGroup(ThreadMXBean threads) {
    long[] out = new long[3];
    for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (t == null) {
        continue;
      }
      long c = threads.getThreadCpuTime(t.getThreadId());
      String n = t.getThreadName();
      int g = n.equals("rtp-pacer") || n.startsWith("vert.x-eventloop") ? 0 : n.equals("bench-receiver") ? 1 : 2;
      out[g] += Math.max(0, c);
    }
    return out;
  }

  private static void report(int sessions, int seconds, long[][] arrivals, int[][] seqs, int[] count, long[] late,
      long[] cpu0, long[] cpu1, long wall, MediaCounters counters) {
    List<Double> jitter = new ArrayList<>();
    long received = 0;
    long lost = 0;
    long reordered = 0;
    for (int i = 0; i < sessions; i++) {
      received += count[i];
      if (count[i] == 0) {
        continue;
      }
      long first = seqs[i][0];
      long max = first; // extended sequence numbers (RFC 3550 A.1 style) so wrap-around is not a reorder
      long prevExt = first;
      long cycles = 0;
      int prevSeq = seqs[i][0];
      for (int k = 1; k < count[i]; k++) {
        int delta = (seqs[i][k] - prevSeq) & 0xFFFF;
        if (delta != 0 && delta < 0x8000 && seqs[i][k] < prevSeq) {
          cycles += 0x10000;
        }
        long ext = cycles + seqs[i][k];
        if (delta == 0 || delta >= 0x8000) {
          ext = cycles + seqs[i][k] - (seqs[i][k] > prevSeq ? 0x10000 : 0);
        } else {
          prevSeq = seqs[i][k];
        }
        if (ext <= max) {
          if (reordered++ < 5 && Boolean.getBoolean("bench.debug")) {
            System.out.printf("reorder session %d at %d: %d after %d%n", i, k, ext, max);
          }
          continue;
        }
        long d = ext - prevExt;
        jitter.add(Math.abs((arrivals[i][k] - arrivals[i][k - 1]) / 1e6 - 20.0 * d));
        max = ext;
        prevExt = ext;
      }
      lost += Math.max(0, (max - first + 1) - count[i]);
    }
    double[] j = jitter.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double[] l = Arrays.stream(late).mapToDouble(x -> x / 1e6).sorted().toArray();
    double secs = wall / 1e9;
    System.out.printf("sessions=%d seconds=%d packets_received=%d expected~%d lost=%d reordered=%d%n", sessions,
        seconds, received, (long) sessions * seconds * 50, lost, reordered);
    System.out.printf("jitter_ms p50=%.2f p99=%.2f p999=%.2f max=%.2f%n", pct(j, 50), pct(j, 99), pct(j, 99.9),
        j.length == 0 ? 0 : j[j.length - 1]);
    System.out.printf("pacer_tick_start_late_ms p50=%.2f p99=%.2f max=%.2f ticks=%d%n", pct(l, 50), pct(l, 99),
        l.length == 0 ? 0 : l[l.length - 1], l.length);
    System.out.printf("cpu_percent_of_one_core node(pacer+eventloops)=%.1f receiver=%.1f other=%.1f%n",
        100 * (cpu1[0] - cpu0[0]) / 1e9 / secs, 100 * (cpu1[1] - cpu0[1]) / 1e9 / secs,
        100 * (cpu1[2] - cpu0[2]) / 1e9 / secs);
    System.out.printf("rtp_out=%d rtcp_out=%d rejected=%s%n", counters.rtpOutCount(), counters.rtcpOutCount(),
        counters.rejections());
  }

  private static double pct(double[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * p / 100) - 1)];
  }
}
