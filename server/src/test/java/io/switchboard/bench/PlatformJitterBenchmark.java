package io.switchboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * How much time the platform takes from a thread that never blocks: the floor under any "added latency at p99"
 * figure measured on this machine. One thread spins on {@link System#nanoTime()} and counts the gaps between two
 * consecutive readings (a gap is time the thread did not run: an interrupt, another thread scheduled on its CPU,
 * or the hypervisor holding the vCPU). The guest scheduler's own share comes from the thread's run-queue wait in
 * {@code /proc/thread-self/schedstat}; gap time beyond it was taken below the guest scheduler. Every other thread
 * on the machine that ran during the measurement is listed with its CPU time, so the cause has a name.
 *
 * <p>Two rounds: the other CPUs idle, then one busy thread per other CPU (pure computation, no system calls),
 * which is what the node's CPU sees while the load generator or other calls keep the rest of the machine busy.
 *
 * <p>Then the memory the machine gives us: a dependent pointer chase over working sets of 1, 2 and 4 MiB (random
 * order, one cache line per step, so every step is a cache or memory access), its mean time per access in every
 * 100 ms. A working set that stays in the CPU's cache gives a flat series; one that the host's other guests push
 * out of a shared cache shows phases several times slower, with nothing else running in ours.
 *
 * <p>Run: {@code java -cp ... io.switchboard.bench.PlatformJitterBenchmark [seconds per round]} (default 20);
 * {@code taskset -c 1} pins the spinning thread (and the busy ones, which then share its CPU: run unpinned to
 * compare CPUs). Linux only. Sends no traffic.
 */
public final class PlatformJitterBenchmark {
  private static final long[] THRESHOLDS_NANOS = {50_000, 200_000, 1_000_000, 2_000_000, 5_000_000};
  private static final long CLOCK_TICKS_PER_SECOND = 100; // USER_HZ for /proc/<pid>/stat on Linux

  private PlatformJitterBenchmark() {}

  public static void main(String[] args) throws Exception {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 20;
    System.out.println(BenchMachine.describe());
    spin(1); // warm-up: the loop compiled before anything is counted
    System.out.println("| other CPUs | gaps > 50 µs | > 200 µs | > 1 ms | > 2 ms | > 5 ms | max ms"
        + " | time lost in gaps > 1 ms | of it waiting in the guest's run queue |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    List<String> others = new ArrayList<>();
    for (boolean busy : new boolean[] {false, true}) {
      Map<String, ThreadCpu> before = cpuByThread();
      Gaps g = busy ? withBusyThreads(seconds) : spin(seconds);
      others.add((busy ? "busy" : "idle") + ": " + ranBesides(before, cpuByThread(), g.elapsedNanos));
      System.out.printf("| %s | %d | %d | %d | %d | %d | %.2f | %.2f %% | %.2f %% |%n", busy ? "busy" : "idle",
          g.over[0], g.over[1], g.over[2], g.over[3], g.over[4], g.maxNanos / 1e6,
          100.0 * g.lostOver1msNanos / g.elapsedNanos, 100.0 * g.runQueueWaitNanos / g.elapsedNanos);
    }
    System.out.println();
    others.forEach(line -> System.out.println("other threads that ran (ms of CPU), " + line));
    System.out.println();
    System.out.println("| working set | 100-ms slots | ns per access: min | median | max | slots over 3 × min |");
    System.out.println("|---:|---:|---:|---:|---:|---:|");
    for (int mib : new int[] {1, 2, 4}) {
      double[] slots = chase(mib, seconds / 2);
      double[] sorted = slots.clone();
      java.util.Arrays.sort(sorted);
      long slow = java.util.Arrays.stream(slots).filter(ns -> ns > 3 * sorted[0]).count();
      System.out.printf("| %d MiB | %d | %.0f | %.0f | %.0f | %d |%n", mib, slots.length, sorted[0],
          sorted[sorted.length / 2], sorted[sorted.length - 1], slow);
    }
  }

  /** Mean ns per access of a pointer chase over {@code mib} MiB, per 100 ms slot, for {@code seconds}. */
  static double[] chase(int mib, double seconds) {
    int lines = mib * 1024 * 1024 / 64;
    int stride = 16; // ints per 64-byte cache line
    int[] next = new int[lines * stride];
    int[] order = new int[lines];
    for (int i = 0; i < lines; i++) {
      order[i] = i;
    }
    java.util.Random random = new java.util.Random(1);
    for (int i = lines - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    for (int i = 0; i < lines; i++) {
      next[order[i] * stride] = order[(i + 1) % lines] * stride;
    }
    List<Double> slots = new ArrayList<>();
    int p = 0;
    long end = System.nanoTime() + (long) (seconds * 1e9);
    while (System.nanoTime() < end) {
      long t0 = System.nanoTime();
      long slotEnd = t0 + 100_000_000L;
      long steps = 0;
      long t;
      do {
        for (int k = 0; k < 1000; k++) {
          p = next[p];
        }
        steps += 1000;
        t = System.nanoTime();
      } while (t < slotEnd);
      slots.add((double) (t - t0) / steps);
    }
    if (p == -1) { // keeps the chase from being removed
      System.out.print("");
    }
    return slots.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** What one spinning thread saw. */
  record Gaps(long[] over, long maxNanos, long lostOver1msNanos, long runQueueWaitNanos, long elapsedNanos) {}

  private static Gaps withBusyThreads(double seconds) throws InterruptedException {
    int n = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    List<Thread> busy = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Thread t = new Thread(PlatformJitterBenchmark::burn, "busy-" + i);
      t.setDaemon(true);
      t.start();
      busy.add(t);
    }
    try {
      return spin(seconds);
    } finally {
      busy.forEach(Thread::interrupt);
      for (Thread t : busy) {
        t.join();
      }
    }
  }

  private static void burn() {
    long x = 0;
    while (!Thread.currentThread().isInterrupted()) {
      for (int i = 0; i < 1_000_000; i++) {
        x = x * 6364136223846793005L + 1442695040888963407L;
      }
    }
    if (x == 42) { // keeps the loop from being removed
      System.out.print("");
    }
  }

  /** Spins for {@code seconds} on the calling thread. */
  static Gaps spin(double seconds) {
    long[] over = new long[THRESHOLDS_NANOS.length];
    long max = 0;
    long lost = 0;
    long wait0 = runQueueWaitNanos();
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    long prev = start;
    long now;
    do {
      now = System.nanoTime();
      long gap = now - prev;
      prev = now;
      if (gap > THRESHOLDS_NANOS[0]) {
        for (int i = 0; i < THRESHOLDS_NANOS.length && gap > THRESHOLDS_NANOS[i]; i++) {
          over[i]++;
        }
        max = Math.max(max, gap);
        lost += gap > 1_000_000 ? gap : 0;
      }
    } while (now < end);
    return new Gaps(over, max, lost, runQueueWaitNanos() - wait0, now - start);
  }

  /** Time this thread spent runnable but waiting for a CPU, per the guest kernel (schedstat's second field). */
  private static long runQueueWaitNanos() {
    try {
      return Long.parseLong(Files.readString(Path.of("/proc/thread-self/schedstat")).trim().split(" ")[1]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** A thread's name (which for a kernel worker names its current work, so it changes) and CPU time (ns). */
  record ThreadCpu(String name, long cpuNanos) {}

  /** Every thread on the machine but this JVM's, keyed "pid/tid". */
  private static Map<String, ThreadCpu> cpuByThread() throws IOException {
    Map<String, ThreadCpu> cpu = new HashMap<>();
    String self = Long.toString(ProcessHandle.current().pid());
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path proc : (Iterable<Path>) procs::iterator) {
        String pid = proc.getFileName().toString();
        if (!pid.chars().allMatch(Character::isDigit) || pid.equals(self)) {
          continue;
        }
        try (Stream<Path> tasks = Files.list(proc.resolve("task"))) {
          for (Path task : (Iterable<Path>) tasks::iterator) {
            readThreadCpu(pid, task, cpu);
          }
        } catch (IOException gone) {
          // the process ended meanwhile
        }
      }
    }
    return cpu;
  }

  private static void readThreadCpu(String pid, Path task, Map<String, ThreadCpu> into) {
    try {
      String stat = Files.readString(task.resolve("stat"));
      int open = stat.indexOf('(');
      int close = stat.lastIndexOf(')');
      String[] f = stat.substring(close + 2).split(" ");
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime + stime (fields 14 and 15)
      into.put(pid + "/" + task.getFileName(),
          new ThreadCpu(stat.substring(open + 1, close), ticks * 1_000_000_000L / CLOCK_TICKS_PER_SECOND));
    } catch (IOException | RuntimeException gone) {
      // the thread ended meanwhile
    }
  }

  private static String ranBesides(Map<String, ThreadCpu> before, Map<String, ThreadCpu> after, long elapsedNanos) {
    StringBuilder out = new StringBuilder();
    after.entrySet().stream()
        .map(e -> Map.entry(e.getKey() + " " + e.getValue().name(), e.getValue().cpuNanos()
            - (before.containsKey(e.getKey()) ? before.get(e.getKey()).cpuNanos() : 0L)))
        .filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(8)
        .forEach(e -> out.append(String.format("%s %.0f; ", e.getKey(), e.getValue() / 1e6)));
    return out.length() == 0 ? "none" : out.toString() + String.format("(round of %.0f s)", elapsedNanos / 1e9);
  }
}
