package io.switchboard.bench;

import io.switchboard.Node;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.support.TestNodes;
import io.switchboard.media.session.Pacer;
import io.switchboard.support.SippPorts;
import io.switchboard.support.TestNodes;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * RTP pacing jitter of N concurrent callers on music on hold, measured in ANOTHER JVM, through the real call path:
 * sipp dials N calls into a real node (SIP, SDP, the ACD on an embedded Redis, one RTP session per call playing the
 * music loop); every caller's SDP names the receiver's UDP port ({@code sipp/music-to-port-hold.xml}, {@code -key
 * rtpport}), and the receiver, a child JVM ({@link JitterReceiver}), timestamps every packet as it reads it and keeps
 * per-stream statistics by SSRC ({@link JitterStats}). The same statistics are also computed from the kernel's
 * timestamps of a tcpdump capture of that port ({@link PcapJitter}), which leave out the receiver's scheduling.
 *
 * <p>Reports, over the measuring window (all N calls up, after a warm-up): RFC 3550 interarrival jitter per stream
 * (p50/p99/max over streams), |arrival gap − 20 ms × sequence gap| over all gaps (p50/p99/p999/max), lost and
 * reordered packets; the pacer's tick-start lateness; node CPU (this JVM's process CPU: the node runs here, sipp,
 * Redis and the receiver are other processes) and heap per call (after GC, during the calls minus before).
 * Afterwards, when every call has ended: the node's call, session and port counts (must be 0) and the growth of the
 * node's heap by class ({@code jcmd GC.class_histogram} before the calls and after, both after the SIP transactions'
 * 32 s timers expired).
 *
 * <p>Run (plain {@code java}: the receiver is started with this JVM's class path):
 * {@code java -cp server/target/test-classes:server/target/classes:$(cat server/target/bench.cp)
 * io.switchboard.bench.RtpJitterBenchmark [calls [seconds]]} (defaults 1000 and 20). Needs sipp and jcmd.
 */
public final class RtpJitterBenchmark {
  private static final int RAMP_PER_SECOND = 100;
  private static final int WARM_SECONDS = 5;
  /** 64 × T1 (500 ms): the longest a finished call's SIP transaction lives (Timer J / Timer H). */
  private static final int TRANSACTION_LINGER_SECONDS = Integer.getInteger("bench.linger", 34);

  private RtpJitterBenchmark() {}

  public static void main(String[] args) throws Exception {
    int calls = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    System.setProperty("SWITCHBOARD_LOG_LEVEL", System.getProperty("bench.log", "WARN"));
    Node node = Node.start(SwitchboardConfig.from(TestNodes.settings(Map.ofEntries(
        Map.entry("http.host", "127.0.0.1"), Map.entry("http.port", "0"),
        Map.entry("sip.host", "127.0.0.1"), Map.entry("sip.port", "0"),
        Map.entry("sip.flood.rate", "100000"), Map.entry("sip.flood.burst", "100000"), // one sipp process is one source address
        Map.entry("media.bind-host", "127.0.0.1"),
        Map.entry("media.inactivity-timeout-seconds", "0"), // the sipp callers listen only: they send no RTP
        Map.entry("sip.overload.max-wait-ms", "0"), // measured as before overload control: every call is set up
        Map.entry("node.id", "rtp-bench"), Map.entry("auth.bcrypt.cost", "4")))),
        new PrintStream(new ByteArrayOutputStream()));
    Process receiver = null;
    Process sipp = null;
    try {
      System.out.printf("machine: %d cpus, java %s, load average %.2f, calls %d, measured %d s%n",
          Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), load(), calls, seconds);
      sipp = sipp(node, -1, 200, 50, 1000, "music-then-bye.xml"); // warm-up: JIT, lazy state, pools
      sipp.waitFor(60, TimeUnit.SECONDS);
      awaitIdle(node);
      Thread.sleep(TRANSACTION_LINGER_SECONDS * 1000L);
      Map<String, long[]> histogramBefore = Histogram.take();
      long heap0 = heapAfterGc();

      receiver = new ProcessBuilder(javaBin(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
          JitterReceiver.class.getName()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      BufferedReader fromReceiver = new BufferedReader(
          new InputStreamReader(receiver.getInputStream(), StandardCharsets.UTF_8));
      Writer toReceiver = new java.io.OutputStreamWriter(receiver.getOutputStream(), StandardCharsets.UTF_8);
      int port = Integer.parseInt(fromReceiver.readLine().replace("PORT ", "").trim());

      // generous: on a loaded machine the ramp takes up to ~3× its nominal time, and no call may end inside the window
      int holdMs = (3 * calls / RAMP_PER_SECOND + WARM_SECONDS + seconds + 15) * 1000;
      sipp = sipp(node, port, calls, RAMP_PER_SECOND, holdMs, "music-to-port-hold.xml");
      if (!await(() -> node.media().activeSessions() >= calls, calls / RAMP_PER_SECOND + 30)) {
        throw new IllegalStateException("only " + node.media().activeSessions() + " sessions of " + calls + " came up");
      }
      Thread.sleep(WARM_SECONDS * 1000L);
      long heap1 = heapAfterGc();
      Pacer pacer = node.media().pacer();
      long[] late0 = pacer.lateness();
      long skipped0 = pacer.skipped();
      long[] udp0 = udpErrors();
      long[] media0 = mediaThreadsCpu();
      long cpu0 = cpuNanos();
      long t0 = System.nanoTime();
      double load0 = load();
      PcapJitter pcap = PcapJitter.start(port);
      command(toReceiver, "start");
      Thread.sleep(seconds * 1000L);
      command(toReceiver, "stop");
      double wall = (System.nanoTime() - t0) / 1e9;
      long cpu = cpuNanos() - cpu0;
      long[] media = minus(mediaThreadsCpu(), media0);
      long[] late = minus(pacer.lateness(), late0);
      long[] udp = minus(udpErrors(), udp0);
      int sessions = node.media().activeSessions();
      List<String> result = new ArrayList<>();
      for (String line = fromReceiver.readLine(); line != null; line = fromReceiver.readLine()) {
        result.add(line);
      }
      System.out.printf("load average %.2f at the start of the window, %.2f at its end%n", load0, load());
      System.out.println("receiver JVM (its own read times):");
      result.forEach(l -> System.out.println("  " + l));
      if (pcap != null) {
        pcap.stopAndReport(wall, System.out);
      }
      System.out.printf("kernel UDP counters during the window (/proc/net/snmp, whole machine): RcvbufErrors +%d,"
          + " SndbufErrors +%d%n", udp[0], udp[1]);
      System.out.printf("media threads (rtp-pacer + media loops + Vert.x event loops): %.1f %% of one core, of which user %.1f %%,"
              + " kernel %.1f %% (%.1f µs user + %.1f µs kernel per packet)%n", 100.0 * media[0] / 1e9 / wall,
          100.0 * media[1] / 1e9 / wall, 100.0 * (media[0] - media[1]) / 1e9 / wall,
          media[1] / 1e3 / wall / calls / 50, (media[0] - media[1]) / 1e3 / wall / calls / 50);
      System.out.printf("node: %d calls, %d RTP sessions; pacer tick start late p50 %s p99 %s max %s ms "
              + "(%d ticks, %d skipped); node CPU %.1f %% of one core = %.1f µs per call per second "
              + "(%.1f µs per packet); heap after GC %.1f → %.1f MiB = %.1f KiB per call%n",
          node.calls().activeCalls(), sessions, pct(late, 50), pct(late, 99), pct(late, 100), sum(late),
          pacer.skipped() - skipped0, 100.0 * cpu / 1e9 / wall, cpu / 1e3 / wall / calls, cpu / 1e3 / wall / calls / 50,
          heap0 / 1048576.0, heap1 / 1048576.0, (heap1 - heap0) / 1024.0 / calls);

      sipp.waitFor(holdMs / 1000 + 60, TimeUnit.SECONDS);
      System.out.printf("sipp: exit %d%n", sipp.isAlive() ? -1 : sipp.exitValue());
      awaitIdle(node);
      Thread.sleep(TRANSACTION_LINGER_SECONDS * 1000L);
      System.out.printf("after every call ended: inbound calls %d, outbound calls %d, RTP sessions %d, ports in use %d,"
              + " heap after GC %.1f MiB (%.1f before the calls); media rejections %s%n",
          node.calls().activeCalls(), node.outbound().activeCalls(), node.media().activeSessions(),
          node.media().portsInUse(), heapAfterGc() / 1048576.0, heap0 / 1048576.0, node.media().counters().rejections());
      Histogram.printGrowth(histogramBefore, Histogram.take(), 12);
    } catch (Exception e) {
      e.printStackTrace(System.out);
    } finally {
      if (sipp != null) {
        sipp.destroyForcibly();
      }
      if (receiver != null) {
        receiver.destroyForcibly();
      }
      node.stop();
      System.exit(0);
    }
  }

  /** sipp dialling the demo number; {@code rtpPort} < 0 for the plain music-then-bye scenario. */
  private static Process sipp(Node node, int rtpPort, int calls, int rate, int holdMs, String scenario)
      throws Exception {
    Path sf = Path.of(RtpJitterBenchmark.class.getResource("/sipp/" + scenario).toURI());
    Path log = Files.createTempFile("sipp-rtp-bench", ".log");
    List<String> cmd = new ArrayList<>(List.of("sipp", "-sf", sf.toString(), "-s", "+15550100",
        "-i", "127.0.0.1", "-p", String.valueOf(SippPorts.freeSignalingPort()),
        "-mp", String.valueOf(SippPorts.freeMediaPort()),
        "-r", String.valueOf(rate), "-m", String.valueOf(calls), "-l", String.valueOf(calls + 10),
        "-d", String.valueOf(holdMs), "-nostdin", "-recv_timeout", "20000", "-trace_err", "-error_file", log + ".err"));
    if (rtpPort >= 0) {
      cmd.addAll(List.of("-key", "rtpport", String.valueOf(rtpPort)));
    }
    if (Boolean.getBoolean("bench.sipptrace")) { // every SIP message to <log>_messages.log (for stuck-call hunts)
      cmd.addAll(List.of("-trace_msg", "-message_file", log + "_messages.log"));
    }
    cmd.add("127.0.0.1:" + node.sipPort());
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private static void awaitIdle(Node node) throws InterruptedException {
    if (!await(() -> node.calls().activeCalls() == 0 && node.media().activeSessions() == 0
        && node.media().portsInUse() == 0, 60)) {
      System.out.printf("NOT IDLE after 60 s: calls %d, sessions %d, ports %d%n", node.calls().activeCalls(),
          node.media().activeSessions(), node.media().portsInUse());
    }
  }

  private static boolean await(BooleanSupplier condition, int seconds) throws InterruptedException {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        return false;
      }
      Thread.sleep(100);
    }
    return true;
  }

  private static void command(Writer w, String c) throws IOException {
    w.write(c + "\n");
    w.flush();
  }

  /** {CPU ns, user ns} of the threads that build and send RTP and handle SIP: pacer, media loops, event loops. */
  private static long[] mediaThreadsCpu() {
    java.lang.management.ThreadMXBean t = ManagementFactory.getThreadMXBean();
    long[] out = new long[2];
    for (java.lang.management.ThreadInfo i : t.getThreadInfo(t.getAllThreadIds())) {
      if (i != null && (i.getThreadName().equals("rtp-pacer") || i.getThreadName().startsWith("media-io-")
          || i.getThreadName().startsWith("vert.x-eventloop"))) {
        out[0] += Math.max(0, t.getThreadCpuTime(i.getThreadId()));
        out[1] += Math.max(0, t.getThreadUserTime(i.getThreadId()));
      }
    }
    return out;
  }

  /** {RcvbufErrors, SndbufErrors} of the Udp line of /proc/net/snmp (zeros where not available). */
  private static long[] udpErrors() {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/net/snmp"));
      for (int i = 0; i + 1 < lines.size(); i++) {
        if (lines.get(i).startsWith("Udp: ") && lines.get(i + 1).startsWith("Udp: ")) {
          List<String> head = List.of(lines.get(i).split("\\s+"));
          String[] v = lines.get(i + 1).split("\\s+");
          return new long[] {Long.parseLong(v[head.indexOf("RcvbufErrors")]),
              Long.parseLong(v[head.indexOf("SndbufErrors")])};
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: report zeros
    }
    return new long[2];
  }

  private static long[] minus(long[] a, long[] b) {
    long[] out = new long[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] - b[i];
    }
    return out;
  }

  private static long sum(long[] h) {
    long s = 0;
    for (long x : h) {
      s += x;
    }
    return s;
  }

  /** Percentile of a 1 ms histogram as "<n" (upper bound of the bucket), "≥100" in the last one. */
  private static String pct(long[] h, double p) {
    long total = sum(h);
    long want = (long) Math.ceil(total * p / 100);
    long seen = 0;
    for (int i = 0; i < h.length; i++) {
      seen += h[i];
      if (seen >= want && seen > 0) {
        return i == h.length - 1 ? "≥" + i : "<" + (i + 1);
      }
    }
    return "-";
  }

  private static long heapAfterGc() throws InterruptedException {
    System.gc();
    Thread.sleep(300);
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static double load() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** {@code jcmd <this pid> GC.class_histogram} (a full GC first): class → {instances, bytes}. */
  static final class Histogram {
    private Histogram() {}

    static Map<String, long[]> take() throws Exception {
      Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
          String.valueOf(ProcessHandle.current().pid()), "GC.class_histogram").redirectErrorStream(true).start();
      Map<String, long[]> out = new java.util.HashMap<>();
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          String[] f = line.trim().split("\\s+");
          if (f.length >= 4 && f[0].endsWith(":")) {
            out.put(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
          }
        }
      }
      p.waitFor(30, TimeUnit.SECONDS);
      return out;
    }

    static void printGrowth(Map<String, long[]> before, Map<String, long[]> after, int top) {
      long total = 0;
      List<Map.Entry<String, long[]>> growth = new ArrayList<>();
      for (Map.Entry<String, long[]> e : after.entrySet()) {
        long[] b = before.getOrDefault(e.getKey(), new long[2]);
        long[] d = {e.getValue()[0] - b[0], e.getValue()[1] - b[1]};
        total += d[1];
        growth.add(Map.entry(e.getKey(), d));
      }
      for (Map.Entry<String, long[]> e : before.entrySet()) {
        if (!after.containsKey(e.getKey())) {
          total -= e.getValue()[1];
        }
      }
      growth.sort((x, y) -> Long.compare(y.getValue()[1], x.getValue()[1]));
      System.out.printf("heap histogram (live objects) after minus before the calls: %+.1f KiB in total; largest "
          + "growth:%n", total / 1024.0);
      for (Map.Entry<String, long[]> e : growth.subList(0, Math.min(top, growth.size()))) {
        System.out.printf("  %+8d instances %+10.1f KiB  %s%n", e.getValue()[0], e.getValue()[1] / 1024.0, e.getKey());
      }
      String[] watched = {"io.switchboard.call.InboundCall", "io.switchboard.call.OutboundCall",
          "io.switchboard.media.session.RtpSession", "io.switchboard.media.session.RtpEndpoint",
          "io.switchboard.media.session.UdpSocket", "io.switchboard.sip.transaction.ServerTransaction",
          "io.switchboard.sip.transaction.ClientTransaction", "io.switchboard.sip.dialog.Dialog"};
      for (String c : watched) {
        System.out.printf("  live %s: %d before, %d after%n", c, before.getOrDefault(c, new long[2])[0],
            after.getOrDefault(c, new long[2])[0]);
      }
    }
  }
}
