package io.switchboard.bench;

import java.util.Map;
import java.util.function.LongSupplier;

/**
 * One measurement window of {@link BridgedCallsBenchmark}: the relay's CPU (the node JVM, or rtpengine), the node's
 * per-thread CPU and allocation, the driver's CPU, kernel UDP drops and the load average between {@link #start} and
 * {@link #stop}. Used from the driver's main thread only.
 */
final class RelayWindow {
  private final LongSupplier relayCpuNow;
  final long relayCpu0;
  final long nodeCpu0;
  final long driverCpu0;
  final long t0;
  final String loadBefore;
  final Map<String, Long> threads0;
  final Map<String, Long> driverThreads0 = BenchMachine.ownThreadCpu();
  Map<String, Long> driverThreads;
  final long[] udp0 = BenchMachine.udpErrors();
  long[] udp;
  final long redis0;
  Map<String, Long> threads;
  final Map<String, Long> allocation0;
  /** Bytes the node's thread groups allocated in the window (threads that ended meanwhile are not counted). */
  Map<String, Long> allocation;
  long redisCpu;
  long nodeCpu;
  /** CPU of the relay measured in this window (the node, or rtpengine), nanoseconds. */
  long relayCpu;
  long driverCpu;
  long wall;
  String loadAfter;

  private RelayWindow(NodeProcess node, LongSupplier relayCpu) throws InterruptedException {
    relayCpuNow = relayCpu;
    relayCpu0 = relayCpu.getAsLong();
    threads0 = node.threadCpu();
    allocation0 = node.threadAllocation();
    redis0 = node.childrenCpuNanos();
    nodeCpu0 = node.cpuNanos();
    driverCpu0 = BenchMachine.ownCpuNanos();
    t0 = System.nanoTime();
    loadBefore = BenchMachine.loadavg();
  }

  /** Starts a window whose relay is the node. */
  static RelayWindow start(NodeProcess node) throws InterruptedException {
    return new RelayWindow(node, node::cpuNanos);
  }

  /** Starts a window whose relay's CPU is {@code relayCpu} (the node's figures are still read, for comparison). */
  static RelayWindow start(NodeProcess node, LongSupplier relayCpu) throws InterruptedException {
    return new RelayWindow(node, relayCpu);
  }

  void stop(NodeProcess node) throws InterruptedException {
    relayCpu = relayCpuNow.getAsLong() - relayCpu0;
    nodeCpu = node.cpuNanos() - nodeCpu0;
    redisCpu = node.childrenCpuNanos() - redis0;
    Map<String, Long> now = node.threadCpu();
    threads = new java.util.HashMap<>();
    now.forEach((k, v) -> threads.put(k, v - threads0.getOrDefault(k, 0L)));
    allocation = new java.util.HashMap<>();
    node.threadAllocation().forEach((k, v) -> allocation.put(k, v - allocation0.getOrDefault(k, 0L)));
    driverCpu = BenchMachine.ownCpuNanos() - driverCpu0;
    driverThreads = new java.util.HashMap<>();
    BenchMachine.ownThreadCpu().forEach((k, v) -> driverThreads.put(k, v - driverThreads0.getOrDefault(k, 0L)));
    wall = System.nanoTime() - t0;
    loadAfter = BenchMachine.loadavg();
    long[] u = BenchMachine.udpErrors();
    udp = new long[] {u[0] - udp0[0], u[1] - udp0[1]};
  }

  String cpu(int calls, int seconds) {
    return String.format("%.1f %% of one core, %.3f ms CPU per call per second (load %s → %s)",
        100.0 * relayCpu / wall, relayCpu / 1e6 / calls / (wall / 1e9), loadBefore, loadAfter);
  }

  /** The driver's busiest thread groups in the window, in % of one core (the rest of its CPU: GC, JIT). */
  String topDriverThreads() {
    StringBuilder sb = new StringBuilder();
    driverThreads.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(10)
        .forEach(e -> sb.append(String.format("%s %.1f %%, ", e.getKey(), 100.0 * e.getValue() / wall)));
    return sb.toString();
  }

  /** The node's busiest thread groups in the window, in % of one core. */
  String topThreads() {
    StringBuilder sb = new StringBuilder();
    threads.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
        .forEach(e -> sb.append(String.format("%s %.1f %%, ", e.getKey(), 100.0 * e.getValue() / wall)));
    return sb + String.format("(Redis process %.1f %%)", 100.0 * redisCpu / wall);
  }

  String topAllocation(long packets) {
    StringBuilder sb = new StringBuilder();
    allocation.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(4)
        .forEach(e -> sb.append(String.format("%s %.0f, ", e.getKey(), e.getValue() / (double) Math.max(1, packets))));
    return sb.length() == 0 ? "none" : sb.substring(0, sb.length() - 2);
  }

  double driverPercent() {
    return 100.0 * driverCpu / wall;
  }
}
