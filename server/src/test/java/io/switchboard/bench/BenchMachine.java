package io.switchboard.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What the machine is and how busy: CPU model, load average, kernel UDP drops, this JVM's CPU and heap. Linux only.
 */
final class BenchMachine {
  private BenchMachine() {}

  /**
   * Runs a benchmark's main body and exits with its code (1 if it threw): Vert.x and the peers' threads would keep a
   * failed run alive forever. Sets the driver's own JVM as every benchmark wants it first: no DNS resolver (loopback
   * only), warnings only in the log.
   */
  static void runAndExit(java.util.concurrent.Callable<Integer> body) {
    System.setProperty("vertx.disableDnsResolver", "true");
    System.setProperty("SWITCHBOARD_LOG_LEVEL", "WARN");
    int code = 1;
    try {
      code = body.call();
    } catch (Throwable t) {
      t.printStackTrace();
    }
    System.exit(code);
  }

  /** A fresh random JWT secret (256 bits, Base64) for a node the benchmark starts and the tokens it signs. */
  static String randomSecret() {
    byte[] key = new byte[32];
    new java.security.SecureRandom().nextBytes(key);
    return java.util.Base64.getEncoder().encodeToString(key);
  }

  static String describe() throws IOException {
    String model = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
        .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
    return String.format("machine: nproc %d, %s, java %s, load average %s", Runtime.getRuntime().availableProcessors(),
        model, System.getProperty("java.version"), loadavg());
  }

  static String loadavg() {
    try {
      String[] p = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return p[0] + " " + p[1] + " " + p[2];
    } catch (IOException e) {
      return "?";
    }
  }

  /** Machine-wide UDP InErrors and RcvbufErrors (/proc/net/snmp): datagrams the kernel dropped at receive. */
  static long[] udpErrors() {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/net/snmp")).stream()
          .filter(l -> l.startsWith("Udp: ")).toList();
      List<String> names = List.of(lines.get(0).split(" "));
      String[] values = lines.get(1).split(" ");
      return new long[] {Long.parseLong(values[names.indexOf("InErrors")]),
          Long.parseLong(values[names.indexOf("RcvbufErrors")])};
    } catch (IOException | RuntimeException e) {
      return new long[] {0, 0};
    }
  }

  static long ownCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** This JVM's live threads' CPU nanoseconds grouped by name with digits as '#' (as the node reports its own). */
  static java.util.Map<String, Long> ownThreadCpu() {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    java.util.Map<String, Long> by = new java.util.HashMap<>();
    for (long id : mx.getAllThreadIds()) {
      java.lang.management.ThreadInfo info = mx.getThreadInfo(id);
      long cpu = mx.getThreadCpuTime(id);
      if (info != null && cpu > 0) {
        by.merge(info.getThreadName().replaceAll("[0-9]+", "#"), cpu, Long::sum);
      }
    }
    return by;
  }

  /**
   * This JVM's heap used (bytes) after full collections, repeated until it stops shrinking (finalizers, soft
   * references): the floor a node process holds, as {@link BridgedNode} and {@link IdleSocketsBenchmark}'s node
   * report it. Takes up to a second (200 ms between collections).
   */
  static long heapAfterGc() throws InterruptedException {
    MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(200);
      long now = mem.getHeapMemoryUsage().getUsed();
      if (now >= used) {
        return Math.min(now, used);
      }
      used = now;
    }
    return used;
  }
}
