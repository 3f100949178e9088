package io.switchboard.bench;

import static io.switchboard.bench.BridgedCallsBenchmark.DIRECT;
import static io.switchboard.bench.BridgedCallsBenchmark.NODE;
import static io.switchboard.bench.BridgedCallsBenchmark.RTPENGINE;
import static io.switchboard.bench.BridgedCallsBenchmark.TO_AGENT;
import static io.switchboard.bench.BridgedCallsBenchmark.TO_CALLER;

import java.util.List;

/**
 * The side-by-side table of {@link BridgedCallsBenchmark}: per relay (node, rtpengine) loss, added latency
 * (through the relay − direct, same run, same percentile) p50 / p99, the max, CPU per relayed packet (the relay
 * process's CPU over all its windows / packets received through it in either direction), memory per call, and the
 * machine's kernel UDP receive drops during its windows (a full socket buffer anywhere: relay or driver).
 */
final class RelaySummary {
  private RelaySummary() {}

  static void print(int streams, int window, StreamStats[][] stats, List<RelayWindow> nodeWindows,
      BridgedCallsBenchmark.Memory nodeMemory, RtpEngineSide rtpe) {
    System.out.println();
    System.out.printf("### side by side: %d calls, %d window(s) of %d s per relay, load %s%n", streams,
        nodeWindows.size(), window, BenchMachine.loadavg());
    System.out.println("| calls | relay | loss c→a / a→c | p99 c→a / a→c ms | added p50 c→a / a→c ms"
        + " | added p99 c→a / a→c ms | max c→a / a→c ms | relay CPU (% of a core) | **CPU per relayed packet**"
        + " | memory per call | kernel UDP receive drops |");
    System.out.println("|---:|---|---|---|---|---|---|---:|---:|---|---:|");
    row(streams, "node", NODE, stats, nodeWindows, nodeMemory);
    if (rtpe != null) {
      row(rtpe.streams(), "rtpengine", RTPENGINE, stats, rtpe.windows, rtpe.memory);
    }
  }

  private static void row(int calls, String relay, int phase, StreamStats[][] stats, List<RelayWindow> windows,
      BridgedCallsBenchmark.Memory memory) {
    StreamStats a = stats[TO_AGENT][phase];
    StreamStats c = stats[TO_CALLER][phase];
    StreamStats da = stats[TO_AGENT][DIRECT];
    StreamStats dc = stats[TO_CALLER][DIRECT];
    long cpu = windows.stream().mapToLong(w -> w.relayCpu).sum();
    long wall = windows.stream().mapToLong(w -> w.wall).sum();
    long relayed = a.received() + c.received();
    long drops = windows.stream().mapToLong(w -> w.udp[1]).sum(); // machine-wide RcvbufErrors in its windows
    System.out.printf("| %d | %s | %s / %s | %.2f / %.2f | %+.2f / %+.2f | %+.2f / %+.2f | %.1f / %.1f | %.0f %%"
        + " | %.1f µs | %s | %d |%n", calls, relay, loss(a), loss(c), a.quantileMs(0.99), c.quantileMs(0.99),
        a.quantileMs(0.5) - da.quantileMs(0.5), c.quantileMs(0.5) - dc.quantileMs(0.5),
        a.quantileMs(0.99) - da.quantileMs(0.99), c.quantileMs(0.99) - dc.quantileMs(0.99), a.maxMs(), c.maxMs(),
        100.0 * cpu / Math.max(1, wall), cpu / 1e3 / Math.max(1, relayed), memory.perCall(), drops);
  }

  private static String loss(StreamStats s) {
    long sent = s.sent.get();
    return sent == 0 ? "n/a" : String.format("%.2f %%", 100.0 * (sent - s.received()) / sent);
  }
}
