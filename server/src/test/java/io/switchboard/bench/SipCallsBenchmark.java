package io.switchboard.bench;

import io.switchboard.Node;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.directory.IfMatch;
import io.switchboard.directory.Kind;
import io.switchboard.support.SippPorts;
import io.switchboard.support.TestNodes;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Inbound SIP calls through a real node (SIP + media + ACD on an embedded Redis), driven by sipp with
 * {@code sipp/music-then-bye.xml}: INVITE → 200 (PCMU) → ACK → music for the hold time → BYE (the caller abandons).
 *
 * <p>Two phases, each one sipp run:
 * <ol>
 *   <li><b>rate</b>: {@code rate} new calls per second for {@code seconds}, each holding {@code holdMs}; reports the
 *       calls per second sipp completed, failed calls, and the node's CPU per call (this JVM's process CPU time).</li>
 *   <li><b>concurrent</b>: {@code concurrent} callers ramped up at 100/s and held long enough that all of them hear music
 *       at once; reports the peak of active calls and RTP sessions, heap per waiting caller (heap after GC at the
 *       peak minus before) and CPU per second of music per caller.</li>
 * </ol>
 *
 * <p>Run: {@code mvn -B -q -pl server -am test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.switchboard.bench.SipCallsBenchmark} with optional
 * {@code -Dexec.args="rate seconds holdMs concurrent"} (defaults {@code 200 30 2000 1000}). Needs sipp on PATH.
 * sipp runs on the same machine, so its CPU competes with the node's.
 */
public final class SipCallsBenchmark {
  private SipCallsBenchmark() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("SWITCHBOARD_LOG_LEVEL", "WARN");
    int rate = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    int holdMs = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
    int concurrent = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
    Node node = Node.start(SwitchboardConfig.from(TestNodes.settings(Map.ofEntries(
        Map.entry("http.host", "127.0.0.1"), Map.entry("http.port", "0"),
        Map.entry("sip.host", "127.0.0.1"), Map.entry("sip.port", "0"),
        // one sipp process is one source address: lift the per-source flood limit for the benchmark
        Map.entry("sip.flood.rate", "100000"), Map.entry("sip.flood.burst", "100000"),
        Map.entry("media.bind-host", "127.0.0.1"),
        Map.entry("media.inactivity-timeout-seconds", "0"), // the sipp callers listen only: they send no RTP
        Map.entry("sip.overload.max-wait-ms", "0"), // measured as before overload control: every call is set up
        Map.entry("node.id", "sip-bench"), Map.entry("auth.bcrypt.cost", "4")))),
        new PrintStream(new ByteArrayOutputStream()));
    try {
      // the demo trunk allows 100 calls at once (the default); the rate phase holds rate × holdMs of them
      JsonObject trunk = node.directory().get("demo", Kind.TRUNK, "loopback").await().orElseThrow();
      node.directory().put("demo", Kind.TRUNK, "loopback", trunk.copy().put("maxConcurrentCalls", 100_000),
          IfMatch.ANY).await();
      System.out.printf("machine: %d cpus, java %s, load average %.2f%n", Runtime.getRuntime().availableProcessors(),
          System.getProperty("java.version"), os().getSystemLoadAverage());
      warmUp(node);
      ratePhase(node, rate, seconds, holdMs);
      if (concurrent > 0) {
        concurrentPhase(node, concurrent);
      }
      System.out.printf("load average at the end %.2f%n", os().getSystemLoadAverage());
    } finally {
      node.stop();
      System.exit(0);
    }
  }

  private static void warmUp(Node node) throws Exception {
    Sipp s = Sipp.start(node, 50, 500, 500);
    s.finish(60);
    System.out.printf("warm-up: %s%n", s.summary());
  }

  private static void ratePhase(Node node, int rate, int seconds, int holdMs) throws Exception {
    Map<String, Long> threads0 = cpuByThreadKind();
    long gc0 = gcMillis();
    long jit0 = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    long cpu0 = cpuNanos();
    long t0 = System.nanoTime();
    Sipp s = Sipp.start(node, rate, rate * seconds, holdMs);
    int peak = 0;
    while (s.running()) {
      peak = Math.max(peak, node.calls().activeCalls());
      Thread.sleep(200);
    }
    s.finish(10);
    double wall = (System.nanoTime() - t0) / 1e9;
    long cpu = cpuNanos() - cpu0;
    long ok = s.stat("SuccessfulCall(C)");
    long failed = s.stat("FailedCall(C)");
    double cps = ok / Math.max(0.001, wall - holdMs / 1000.0);
    System.out.printf("rate phase: offered %d cps for %d s (hold %d ms): %d successful, %d failed, sipp exit %d (%s);"
            + " %.1f calls/s completed; peak active calls %d; node CPU %.0f%% of one core, %.0f µs CPU per call%n",
        rate, seconds, holdMs, ok, failed, s.exit(), s.summary(), cps, peak, 100.0 * cpu / 1e9 / wall, cpu / 1e3 / Math.max(1, ok));
    System.out.printf("  response time INVITE → 200: %s%n", s.responseTime());
    Map<String, Long> threads1 = cpuByThreadKind();
    StringBuilder by = new StringBuilder();
    threads1.forEach((kind, nanos) -> {
      double micros = (nanos - threads0.getOrDefault(kind, 0L)) / 1e3 / Math.max(1, ok);
      if (micros >= 5) {
        by.append(String.format(" %s %.0f µs;", kind, micros));
      }
    });
    System.out.printf("  CPU per call by thread (live threads only):%s; GC pauses %.0f µs, JIT %.0f µs (wall time)%n",
        by, (gcMillis() - gc0) * 1e3 / Math.max(1, ok),
        (ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jit0) * 1e3 / Math.max(1, ok));
  }

  private static long gcMillis() {
    long ms = 0;
    for (java.lang.management.GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ms += Math.max(0, gc.getCollectionTime());
    }
    return ms;
  }

  /**
   * CPU time of this JVM's live threads summed by what they do (thread name without its number): where a call's CPU
   * goes, e.g. the SIP event loops against the media loops that play the music.
   */
  private static Map<String, Long> cpuByThreadKind() {
    java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Map<String, Long> out = new java.util.TreeMap<>();
    for (java.lang.management.ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
      long nanos = t == null ? -1 : mx.getThreadCpuTime(t.getThreadId());
      if (nanos > 0) {
        out.merge(t.getThreadName().replaceAll("[0-9]+", "N"), nanos, Long::sum);
      }
    }
    return out;
  }

  private static void concurrentPhase(Node node, int concurrent) throws Exception {
    MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
    long heap0 = heapAfterGc(mem);
    int rampRate = 100;
    int holdMs = concurrent * 1000 / rampRate + 15000;
    Sipp s = Sipp.start(node, rampRate, concurrent, holdMs);
    // every caller has dialled after the ramp; measure in the middle of the hold, before the first one hangs up
    Thread.sleep(concurrent * 1000L / rampRate + 3000);
    int calls = node.calls().activeCalls();
    int sessions = node.media().activeSessions();
    long cpu0 = cpuNanos();
    long t0 = System.nanoTime();
    Thread.sleep(8000);
    double wall = (System.nanoTime() - t0) / 1e9;
    long cpu = cpuNanos() - cpu0;
    int callsAfter = node.calls().activeCalls();
    long heap1 = heapAfterGc(mem);
    s.finish(holdMs / 1000 + 60);
    System.out.printf("concurrent phase: %d callers (ramp %d/s): active calls %d → %d over %.1f s of music, RTP sessions"
            + " %d; node CPU %.0f%% of one core (%.1f µs CPU per caller per second); heap after GC %d MiB → %d MiB"
            + " (%.1f KiB per caller); sipp: %s%n",
        concurrent, rampRate, calls, callsAfter, wall, sessions, 100.0 * cpu / 1e9 / wall,
        cpu / 1e3 / wall / Math.max(1, calls), heap0 >> 20, heap1 >> 20,
        (heap1 - heap0) / 1024.0 / Math.max(1, calls), s.summary());
  }

  private static long heapAfterGc(MemoryMXBean mem) throws InterruptedException {
    System.gc();
    Thread.sleep(300);
    System.gc();
    return mem.getHeapMemoryUsage().getUsed();
  }

  private static com.sun.management.OperatingSystemMXBean os() {
    return (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  }

  private static long cpuNanos() {
    return os().getProcessCpuTime();
  }

  /** One sipp run of music-then-bye.xml against the node, with its statistics CSV. */
  private static final class Sipp {
    final Process process;
    final Path log;
    final Path stats;

    private Sipp(Process process, Path log, Path stats) {
      this.process = process;
      this.log = log;
      this.stats = stats;
    }

    static Sipp start(Node node, int rate, int calls, int holdMs) throws Exception {
      Path log = Files.createTempFile("sipp-bench", ".log");
      Path stats = Files.createTempFile("sipp-bench", ".csv");
      Process p = new ProcessBuilder("sipp", "-sf", scenario().toString(), "-s", "+15550100",
          "-i", "127.0.0.1", "-p", String.valueOf(SippPorts.freeSignalingPort()),
          "-mp", String.valueOf(SippPorts.freeMediaPort()),
          "-r", String.valueOf(rate), "-m", String.valueOf(calls), "-l", String.valueOf(calls + 10),
          "-d", String.valueOf(holdMs), "-nostdin", "-recv_timeout", "10000",
          "-timeout", (calls / Math.max(1, rate) + holdMs / 1000 + 60) + "s", "-timeout_error",
          "-trace_stat", "-stf", stats.toString(), "-fd", "1", "-trace_err", "-error_file", log + ".err",
          "127.0.0.1:" + node.sipPort())
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      return new Sipp(p, log, stats);
    }

    boolean running() {
      return process.isAlive();
    }

    void finish(int seconds) throws Exception {
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }

    int exit() {
      return process.isAlive() ? -1 : process.exitValue();
    }

    long stat(String column) throws Exception {
      String v = column(column);
      return v == null ? -1 : Long.parseLong(v.trim());
    }

    String responseTime() throws Exception {
      return "average " + column("ResponseTime1(C)") + " (hh:mm:ss:µs)";
    }

    String summary() throws Exception {
      String s = stat("SuccessfulCall(C)") + " successful, " + stat("FailedCall(C)") + " failed, exit " + exit();
      Path err = Path.of(log + ".err");
      if (stat("FailedCall(C)") != 0 && Files.exists(err) && Files.size(err) > 0) {
        List<String> lines = Files.readAllLines(err);
        s += "; first errors: " + String.join(" | ", lines.subList(0, Math.min(6, lines.size())));
      }
      return s;
    }

    private String column(String name) throws Exception {
      List<String> lines = Files.readAllLines(stats);
      if (lines.size() < 2) {
        return null;
      }
      String[] head = lines.get(0).split(";");
      String[] last = lines.get(lines.size() - 1).split(";");
      for (int i = 0; i < head.length && i < last.length; i++) {
        if (head[i].equals(name)) {
          return last[i];
        }
      }
      return null;
    }

    private static Path scenario() throws URISyntaxException {
      return Path.of(SipCallsBenchmark.class.getResource("/sipp/music-then-bye.xml").toURI());
    }
  }
}
