package io.switchboard.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@link BridgedNode} in a child JVM on this JVM's class path, spoken to by lines on stdin/stdout (its other output
 * is echoed with a {@code [node]} prefix). CPU is read from {@code /proc/<pid>/stat} (utime + stime), so it counts
 * every thread of the node JVM and nothing else (its embedded Redis is a separate process, reported apart).
 */
final class NodeProcess {
  private final Process process;
  private final PrintWriter in;
  private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
  final int httpPort;
  final int sipPort;

  private NodeProcess(Process p) throws Exception {
    this.process = p;
    this.in = new PrintWriter(p.getOutputStream(), true, StandardCharsets.UTF_8);
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          if (line.startsWith("READY ") || line.startsWith("STATS ")) {
            replies.add(line);
          } else {
            System.out.println("  [node] " + line);
          }
        }
      } catch (IOException e) {
        // the node exited
      }
      replies.add("EXIT");
    }, "node-stdout");
    reader.setDaemon(true);
    reader.start();
    String ready = reply(180);
    if (!ready.startsWith("READY ")) {
      throw new IllegalStateException("node did not start: " + ready);
    }
    String[] parts = ready.split(" ");
    httpPort = Integer.parseInt(parts[1].substring("http=".length()));
    sipPort = Integer.parseInt(parts[2].substring("sip=".length()));
  }

  /** Starts the node with {@code agents} agents provisioned; waits until it is ready. */
  static NodeProcess start(String secret, int agents) throws Exception {
    return start(secret, agents, List.of());
  }

  /** As {@link #start(String, int)}, with {@code jvmArgs} added to the node JVM's options (after bench.nodeJvmArgs). */
  static NodeProcess start(String secret, int agents, List<String> jvmArgs) throws Exception {
    List<String> cmd = new java.util.ArrayList<>();
    // -Dbench.nodeCpus=1 pins the node to those CPUs (taskset list syntax), e.g. to give it a core of its own while
    // the driver runs under taskset on the other: the node's share of the machine is then measured, not guessed
    String cpus = System.getProperty("bench.nodeCpus", "").trim();
    if (!cpus.isEmpty()) {
      cmd.addAll(List.of("taskset", "-c", cpus));
      System.out.println("node pinned to CPUs " + cpus);
    }
    cmd.addAll(List.of(
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
        "-Xmx1g", "-Dvertx.disableDnsResolver=true", "-DSWITCHBOARD_LOG_LEVEL=WARN"));
    // extra node JVM options, e.g. -Dbench.nodeJvmArgs=-Dice4j.harvest.udp.receive-buffer-size=4194304
    String extra = System.getProperty("bench.nodeJvmArgs", "").trim();
    if (!extra.isEmpty()) {
      cmd.addAll(List.of(extra.split("\\s+")));
      System.out.println("node JVM options added: " + extra);
    }
    cmd.addAll(jvmArgs);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), BridgedNode.class.getName(),
        Integer.toString(agents)));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.environment().put("BENCH_JWT_SECRET", secret);
    return new NodeProcess(pb.start());
  }

  private String reply(int seconds) throws InterruptedException {
    String r = replies.poll(seconds, TimeUnit.SECONDS);
    return r == null ? "TIMEOUT" : r;
  }

  /** Heap after GC, threads and the node's counts (runs System.gc() in the node: not during a window). */
  String measure() throws InterruptedException {
    in.println("MEASURE");
    return format(reply(60));
  }

  /** The node's counts without a GC. */
  String counts() throws InterruptedException {
    in.println("COUNTS");
    return format(reply(30));
  }

  private static String format(String stats) {
    if (!stats.startsWith("STATS ")) {
      return stats;
    }
    String s = stats.substring(6);
    String heap = s.replaceAll(".*heap=(\\d+).*", "$1");
    return String.format("heap after GC %.1f MiB, %s", Long.parseLong(heap) / 1048576.0,
        s.replaceAll("heap=\\d+ ", ""));
  }

  /** CPU nanoseconds per thread group (names with digits as '#') of the node's live threads. */
  java.util.Map<String, Long> threadCpu() throws InterruptedException {
    return perThreadGroup("CPU");
  }

  /** Bytes allocated so far per thread group (names with digits as '#') of the node's live threads. */
  java.util.Map<String, Long> threadAllocation() throws InterruptedException {
    return perThreadGroup("ALLOC");
  }

  private java.util.Map<String, Long> perThreadGroup(String command) throws InterruptedException {
    in.println(command);
    String r = reply(30);
    java.util.Map<String, Long> out = new java.util.HashMap<>();
    if (r.startsWith("STATS ")) {
      for (String kv : r.substring(6).split(";")) {
        int eq = kv.lastIndexOf('=');
        if (eq > 0) {
          out.put(kv.substring(0, eq), Long.parseLong(kv.substring(eq + 1)));
        }
      }
    }
    return out;
  }

  /** CPU time of the node JVM (all threads) in nanoseconds. */
  long cpuNanos() {
    return cpuOf(process.pid());
  }

  /** CPU of the node's child processes (the embedded Redis). */
  long childrenCpuNanos() {
    return process.descendants().mapToLong(h -> cpuOf(h.pid())).sum();
  }

  /** Resident set size of the node JVM in bytes. */
  long rssBytes() {
    return rssOf(process.pid());
  }

  /** VmRSS of a process from {@code /proc/<pid>/status}, in bytes (0 if unreadable). */
  static long rssOf(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // gone
    }
    return 0;
  }

  static long cpuOf(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // fields after "(comm)": state is index 0, utime 11, stime 12 (clock ticks, 100 Hz on Linux)
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
      return ticks * 10_000_000L;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  void stop() {
    List<ProcessHandle> kids = process.descendants().toList();
    in.println("STOP");
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroy();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroy();
    }
    kids.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroy);
  }
}
