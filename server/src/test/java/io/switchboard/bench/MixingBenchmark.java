package io.switchboard.bench;

import io.switchboard.webrtc.PeerNetwork;
import io.switchboard.webrtc.WebRtcTestPeer;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Mixing on one node: N bridged calls (SIP caller ↔ node ↔ agent's WebRTC leg, set up as in
 * {@link BridgedCallsBenchmark}) of which M are barged by a supervisor with a WebRTC leg of its own (a 3-party mix:
 * every party decoded, summed per listener, encoded again), M stepped up window by window in the same run, the
 * other N − M calls still relayed packet by packet. Per window: the node's CPU (the window with M = 0 gives the
 * two-party cost; the 3-party cost per call is what the window costs above N − M two-party calls, over M), loss and
 * one-way latency per direction for passthrough and mixed calls apart, and the packets each supervisor got.
 *
 * <p>The probes survive the mix: they are {@link DecodedProbe}s (µ-law codes that decode and encode back to
 * themselves), and the supervisors send silence, so in a barge the agent hears the caller's probe and the caller the
 * agent's, each summed with zero. The supervisor hears caller + agent summed (no probe): its packets are counted.
 *
 * <p>Run like {@link BridgedCallsBenchmark} (class path file, plain JVM): {@code io.switchboard.bench.MixingBenchmark
 * [calls [windowSeconds [ratePerSecond [steps]]]]}, steps the monitored counts separated by commas starting at 0
 * (defaults 200 20 20 0,25,50,100,150,200). Stepping stops after the first window with 1 % loss or more; then the
 * supervisors leave and a last window measures the same calls two-party again. {@code -Dbench.warmupSeconds} (15)
 * of probes before the first window.
 */
public final class MixingBenchmark {
  private static final int TO_AGENT = 0;
  private static final int TO_CALLER = 1;
  private static final int PASS = 0;
  private static final int MIXED = 1;

  private final int n;
  private final int window;
  private final int rate;
  private final int[] steps;
  /** [step][direction][group]: what the receivers got in the step's window (probe phase = step + 1). */
  private final StreamStats[][][] stats;
  /** [step][direction]: what the pacers sent in the step's window (all groups). */
  private final StreamStats[][] sent;
  /** 1 when the stream (call) at that index is monitored. */
  private AtomicIntegerArray mixed;
  private AtomicLongArray supervisorPackets;
  private volatile int countingPhase = -1;

  private MixingBenchmark(int n, int window, int rate, int[] steps) {
    this.n = n;
    this.window = window;
    this.rate = rate;
    this.steps = steps;
    // one more window than steps: two-party again once the supervisors have left
    stats = new StreamStats[steps.length + 1][2][2];
    sent = new StreamStats[steps.length + 1][2];
    for (int s = 0; s <= steps.length; s++) {
      for (int d = 0; d < 2; d++) {
        sent[s][d] = new StreamStats("sent", n);
        for (int g = 0; g < 2; g++) {
          stats[s][d][g] = new StreamStats((g == PASS ? "passthrough, " : "3-party, ")
              + (d == TO_AGENT ? "caller → agent" : "agent → caller"), n);
        }
      }
    }
  }

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int window = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int rate = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    int[] steps = Arrays.stream((args.length > 3 ? args[3] : "0,25,50,100,150,200").split(","))
        .mapToInt(Integer::parseInt).toArray();
    BenchMachine.runAndExit(() -> new MixingBenchmark(n, window, rate, steps).run());
  }

  private void record(int dir, Probe.Fields f, long now) {
    int step = f.phase - 1;
    if (step >= 0 && step <= steps.length && f.stream >= 0 && f.stream < mixed.length()) {
      stats[step][dir][mixed.get(f.stream) == 1 ? MIXED : PASS].received(f, now);
    }
  }

  private int run() throws Exception {
    String secret = BenchMachine.randomSecret();
    System.out.printf("Mixing: %d calls, monitored (barge) in steps %s, %d s windows, ramp %d calls/s%n%s%n", n,
        Arrays.toString(steps), window, rate, BenchMachine.describe());
    NodeProcess node = NodeProcess.start(secret, n);
    Vertx vertx = Vertx.vertx();
    PeerNetwork net = new PeerNetwork(64);
    new WebRtcTestPeer(net).close(); // its shared DTLS identity: made now, not on an event loop
    DecodedProbe.RawReceiver callerRx = new DecodedProbe.RawReceiver("caller-rtp-rx");
    DecodedProbe.Decoder callerDecoder = new DecodedProbe.Decoder(); // the callers' receive thread's
    DecodedProbe.Decoder peerDecoder = new DecodedProbe.Decoder(); // the peers' one receive thread's
    mixed = new AtomicIntegerArray(n);
    supervisorPackets = new AtomicLongArray(n);
    BenchAgents agents = new BenchAgents(vertx, node.httpPort, net, (d, off, len) -> {
      long now = System.nanoTime();
      if (peerDecoder.parse(d, off, len)) {
        record(TO_AGENT, peerDecoder.fields, now);
      }
    });
    BenchCallers callers = new BenchCallers(vertx, node.sipPort);
    BenchSupervisors supervisors = new BenchSupervisors(vertx, node.httpPort, net, secret);
    List<RtpPump.Pacer> pacers = new ArrayList<>();
    try {
      agents.connectAll(n, secret);
      List<BenchRamp.Leg> legs = BenchRamp.ramp(0, n, rate, callers, agents, callerRx, (d, off, len) -> {
        long now = System.nanoTime();
        if (callerDecoder.parse(d, off, len)) {
          record(TO_CALLER, callerDecoder.fields, now);
        }
      }, node);
      int calls = legs.size();
      if (calls == 0) {
        return 2;
      }
      List<RtpPump.Out> toAgent = new ArrayList<>();
      List<RtpPump.Out> toCaller = new ArrayList<>();
      List<RtpPump.Out> fromSupervisor = new ArrayList<>();
      AtomicReferenceArray<WebRtcTestPeer> supervisorPeers = new AtomicReferenceArray<>(calls);
      for (int i = 0; i < calls; i++) {
        BenchRamp.Leg leg = legs.get(i);
        toAgent.add(DecodedProbe.encoding(leg.rtp()::write));
        toCaller.add(DecodedProbe.encoding(p -> leg.peer().sendRtp(p.array(), 0, p.limit())));
        int idx = i;
        fromSupervisor.add(DecodedProbe.silence(p -> {
          WebRtcTestPeer sp = supervisorPeers.get(idx);
          if (sp != null) {
            sp.sendRtp(p.array(), 0, p.limit());
          }
        }));
      }
      RtpPump.Pacer pa = new RtpPump.Pacer("pace-to-agent", toAgent, ph -> sent[ph - 1][TO_AGENT]);
      RtpPump.Pacer pc = new RtpPump.Pacer("pace-to-caller", toCaller, ph -> sent[ph - 1][TO_CALLER]);
      StreamStats ignored = new StreamStats("supervisors' silence", calls);
      RtpPump.Pacer ps = new RtpPump.Pacer("pace-supervisors", fromSupervisor, ph -> ignored);
      pacers.addAll(List.of(pa, pc, ps));
      ps.phase(0); // supervisors' silence flows from the start (it only reaches the node once a leg is up)
      pa.phase(0);
      pc.phase(0);
      Thread.sleep(Integer.getInteger("bench.warmupSeconds", 15) * 1000L); // the node's JIT too

      double[] cpuPerCallSecond = new double[steps.length + 1];
      int[] monitoredAt = new int[steps.length];
      int monitored = 0;
      int largestUnderOnePercent = -1;
      List<String> rows = new ArrayList<>();
      for (int s = 0; s < steps.length; s++) {
        int target = Math.min(steps[s], calls);
        long t0 = System.nanoTime();
        int refused = 0;
        for (; monitored < target; monitored++) {
          int i = monitored;
          try {
            supervisorPeers.set(i, supervisors.monitor(i, legs.get(i).agentId(), "barge", (d, off, len) -> {
              if (countingPhase > 0) {
                supervisorPackets.incrementAndGet(i);
              }
            }).get(60, TimeUnit.SECONDS));
            mixed.set(i, 1);
          } catch (Exception e) {
            refused++;
            System.out.println("monitor of call " + i + " failed: " + e);
          }
        }
        int m = 0;
        for (int i = 0; i < calls; i++) {
          m += mixed.get(i);
        }
        monitoredAt[s] = m;
        System.out.printf("step %d: %d calls monitored (barge) in %.1f s, %d failed%n", s, m,
            (System.nanoTime() - t0) / 1e9, refused);
        Thread.sleep(2000); // the new mixes' jitter buffers fill
        RelayWindow w = window(s, pa, pc, node);
        long supReceived = 0;
        for (int i = 0; i < calls; i++) {
          supReceived += supervisorPackets.getAndSet(i, 0);
        }
        cpuPerCallSecond[s] = w.nodeCpu / 1e6 / calls / (w.wall / 1e9);
        rows.add(row(s, calls, m, w, cpuPerCallSecond, supReceived));
        System.out.println(rows.get(rows.size() - 1));
        System.out.println("node threads: " + w.topThreads() + "; driver " + Math.round(w.driverPercent())
            + " % of one core; pacer slots > 2 ms late " + pa.lateSlots() + " / " + pc.lateSlots());
        if (worstLoss(s, calls, m, w, supReceived) >= 1.0) {
          break;
        }
        largestUnderOnePercent = m;
      }
      // the supervisors leave (their sockets close): every call is two-party again, relayed
      ps.close();
      supervisors.close();
      for (int i = 0; i < calls; i++) {
        mixed.set(i, 0);
      }
      Thread.sleep(3000);
      int after = steps.length;
      RelayWindow w = window(after, pa, pc, node);
      cpuPerCallSecond[after] = w.nodeCpu / 1e6 / calls / (w.wall / 1e9);
      rows.add(row(after, calls, 0, w, cpuPerCallSecond, 0).replaceFirst("\\| 0 /", "| 0 (supervisors left) /"));
      System.out.println(rows.get(rows.size() - 1));
      System.out.println("node threads: " + w.topThreads());
      System.out.println();
      System.out.println("| monitored (3-party) / calls | load | node CPU | ms CPU per call-second, all calls |"
          + " **per 3-party call** (above 2-party) | loss c→a / a→c, 2-party | loss c→a / a→c, 3-party |"
          + " p99 ms c→a / a→c, 2-party | p99 ms c→a / a→c, 3-party | supervisor legs: packets received |");
      System.out.println("|---|---|---:|---:|---:|---|---|---|---|---|");
      rows.forEach(System.out::println);
      System.out.printf("largest number of 3-party calls with < 1 %% loss in every stream here: %d%n",
          largestUnderOnePercent);
      // the two-party cost drifts over a run on a shared machine (JIT, other builds): against the mean of the
      // windows before and after the supervisors, as well as against the first one (the rows)
      double twoParty = (cpuPerCallSecond[0] + cpuPerCallSecond[after]) / 2;
      System.out.printf("two-party: %.3f ms CPU per call-second before the supervisors, %.3f after (mean %.3f)%n",
          cpuPerCallSecond[0], cpuPerCallSecond[after], twoParty);
      for (int s = 1; s < monitoredAt.length && monitoredAt[s] > 0; s++) {
        double mixCost = (cpuPerCallSecond[s] * calls - (calls - monitoredAt[s]) * twoParty) / monitoredAt[s];
        System.out.printf("  %d monitored: %.3f ms per 3-party call-second against the mean (%.1f× a two-party"
            + " call)%n", monitoredAt[s], mixCost, mixCost / twoParty);
      }
      pacers.forEach(RtpPump.Pacer::close);
      pacers.clear();
      BenchRamp.hangUp(callers, legs);
      agents.close();
      System.out.println("node after teardown: " + BenchRamp.drained(node));
      return 0;
    } finally {
      pacers.forEach(RtpPump.Pacer::close);
      supervisors.close();
      agents.close();
      callers.close();
      callerRx.close();
      net.close();
      vertx.close().await();
      node.stop();
    }
  }

  /** Both pacers send probes of phase {@code s + 1} for the window while the node's resources are measured. */
  private RelayWindow window(int s, RtpPump.Pacer pa, RtpPump.Pacer pc, NodeProcess node)
      throws InterruptedException {
    RelayWindow w = RelayWindow.start(node);
    countingPhase = s + 1;
    pa.phase(s + 1);
    pc.phase(s + 1);
    Thread.sleep(window * 1000L);
    pa.phase(0);
    pc.phase(0);
    countingPhase = -1;
    w.stop(node);
    Thread.sleep(1000); // stragglers
    return w;
  }

  /** Loss in % of a group's packets in a direction: sent per stream × the group's streams. */
  private double loss(int s, int d, int g, int calls, int m) {
    int group = g == MIXED ? m : calls - m;
    if (group == 0) {
      return 0;
    }
    double expected = (double) sent[s][d].sent.get() / calls * group;
    return 100.0 * (1 - stats[s][d][g].received() / expected);
  }

  private double supervisorLoss(int m, RelayWindow w, long received) {
    return m == 0 ? 0 : 100.0 * (1 - received / (m * 50.0 * w.wall / 1e9));
  }

  private double worstLoss(int s, int calls, int m, RelayWindow w, long supReceived) {
    double worst = supervisorLoss(m, w, supReceived);
    for (int d = 0; d < 2; d++) {
      for (int g = 0; g < 2; g++) {
        worst = Math.max(worst, loss(s, d, g, calls, m));
      }
    }
    return worst;
  }

  private String row(int s, int calls, int m, RelayWindow w, double[] perCall, long supReceived) {
    String mix = "—";
    if (m > 0 && s > 0) {
      double twoParty = perCall[0];
      double total = perCall[s] * calls;
      mix = String.format("%.3f ms/s (%+.3f)", (total - (calls - m) * twoParty) / m,
          (total - (calls - m) * twoParty) / m - twoParty);
    }
    return String.format("| %d / %d | %s → %s | %.0f %% | %.3f | %s | %.2f %% / %.2f %% | %s | %.2f / %.2f | %s | %s |",
        m, calls, w.loadBefore, w.loadAfter, 100.0 * w.nodeCpu / w.wall, perCall[s], mix,
        loss(s, TO_AGENT, PASS, calls, m), loss(s, TO_CALLER, PASS, calls, m),
        m == 0 ? "—" : String.format("%.2f %% / %.2f %%", loss(s, TO_AGENT, MIXED, calls, m),
            loss(s, TO_CALLER, MIXED, calls, m)),
        stats[s][TO_AGENT][PASS].quantileMs(0.99), stats[s][TO_CALLER][PASS].quantileMs(0.99),
        m == 0 ? "—" : String.format("%.2f / %.2f", stats[s][TO_AGENT][MIXED].quantileMs(0.99),
            stats[s][TO_CALLER][MIXED].quantileMs(0.99)),
        m == 0 ? "—" : String.format("%,d (%.2f %% short of 50/s each)", supReceived,
            supervisorLoss(m, w, supReceived)));
  }
}
