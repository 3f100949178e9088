package io.switchboard.bench;

import io.switchboard.webrtc.PeerNetwork;
import io.switchboard.webrtc.WebRtcTestPeer;
import io.vertx.core.Vertx;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Concurrent bridged calls (SIP caller with plain RTP ↔ node ↔ agent's WebRTC leg with real ICE and DTLS-SRTP)
 * on one node: loss and one-way latency per direction, the latency the node adds over a direct path measured in
 * the same run, and the node's CPU, heap and threads.
 *
 * <p>Two JVMs: the node ({@link BridgedNode}, its CPU read from the process) and this driver, which holds both
 * ends of every call so that one clock times every packet: N agents on WebSockets (each answering its offered call
 * with a {@link io.switchboard.webrtc.WebRtcTestPeer}: media.offer → media.answer → ICE + DTLS → call.accept) and
 * N SIP callers (our SIP stack; each call its own RTP socket on 127.0.0.1) dialling {@link BridgedNode#NUMBER},
 * ramped at {@code rate} calls/s. Once all calls are bridged:
 * <ol>
 *   <li>warm-up: 3 s ({@code -Dbench.warmupSeconds}) of probes through the node (not counted);</li>
 *   <li><b>direct</b> (the baseline): the same number of streams, same pacers, same receive code, between pairs of
 *       plain UDP sockets on loopback, without the node; {@code window} seconds;</li>
 *   <li><b>through the node</b>: every caller and every agent peer sends one 20 ms PCMU packet per 20 ms carrying
 *       {@link Probe} fields; {@code window} seconds.</li>
 * </ol>
 * Added latency = through-node minus direct at p50 and p99. Every receive thread of the driver (callers' sockets,
 * the peers' sockets, the direct baseline's) is a {@link PeerNetwork.TickPoller} reading on a 1 ms tick, so each
 * arrival stamp includes up to one tick of polling delay, alike in both windows. Then every caller sends BYE,
 * peers and sockets close, and the node's counts of calls, legs, RTP sessions and ports are read until they are
 * back to 0.
 *
 * <p>Run from the repository root (test class path in a file, then a plain JVM that can start the child):
 * {@code mvn -B -o -q -pl server -am test-compile dependency:build-classpath -Dmdep.includeScope=test
 * -Dmdep.outputFile=$PWD/server/target/bench.cp && java -cp
 * server/target/test-classes:server/target/classes:$(cat server/target/bench.cp)
 * io.switchboard.bench.BridgedCallsBenchmark [calls [windowSeconds [ratePerSecond]]]} (defaults 1000 30 50).
 * {@code -Dbench.directOnly=true} stops after the direct window (to measure the driver alone; calls still set up).
 *
 * <p>rtpengine side by side (issue 20): unless {@code -Dbench.relays=node}, the same driver also sets up N calls
 * through Debian's {@code rtpengine} ({@link RtpEngineSide}: ng offer/answer, the browser leg with ICE and
 * DTLS-SRTP, the caller's plain RTP/PCMU), and each of {@code -Dbench.rounds} (default 2) rounds measures a direct
 * window, then the node and rtpengine in alternating order, {@code window} seconds each; {@link RelaySummary}
 * prints both relays' loss, latency, CPU per relayed packet and memory per call.
 */
public final class BridgedCallsBenchmark {
  static final int TO_AGENT = 0;
  static final int TO_CALLER = 1;
  static final int DIRECT = 1;
  static final int NODE = 2;
  static final int RTPENGINE = 3;

  private final int n;
  private final int window;
  private final int rate;
  /** [direction][phase]: 1 direct, 2 through the node, 3 through rtpengine (0 unused: warm-up is not counted). */
  private final StreamStats[][] stats = new StreamStats[2][4];
  /** {@code -Dbench.relays}: which relays are measured, in one run ({@code node}, {@code rtpengine} or both). */
  private final boolean withRtpEngine = System.getProperty("bench.relays", "node,rtpengine").contains("rtpengine");

  private BridgedCallsBenchmark(int n, int window, int rate) {
    this.n = n;
    this.window = window;
    this.rate = rate;
    for (int d = 0; d < 2; d++) {
      for (int p = 1; p < 4; p++) {
        String path = p == DIRECT ? "direct, " : p == NODE ? "through the node, " : "through rtpengine, ";
        stats[d][p] = new StreamStats(path
            + (d == TO_AGENT ? "caller → agent" : "agent → caller"), n);
      }
    }
  }

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int window = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    int rate = args.length > 2 ? Integer.parseInt(args[2]) : 50;
    BenchMachine.runAndExit(() -> new BridgedCallsBenchmark(n, window, rate).run());
  }

  private void record(int dir, Probe.Fields f, long now) {
    int phase = f.phase;
    if (phase > 0 && phase < 4) {
      stats[dir][phase].received(f, now);
    }
  }

  private int run() throws Exception {
    String secret = BenchMachine.randomSecret();
    System.out.printf("Bridged calls: %d calls, %d s windows, ramp %d calls/s%n%s%n", n, window, rate, BenchMachine.describe());
    NodeProcess node = NodeProcess.start(secret, n);
    // the same number of worker threads as the node has media loops (media.io-threads, 2 by default)
    RtpEngineProcess engine = withRtpEngine ? RtpEngineProcess.start(Integer.getInteger("bench.rtpengineThreads", 2),
        Integer.getInteger("bench.rtpenginePortMin", 30_000), n) : null;
    Vertx vertx = Vertx.vertx();
    PeerNetwork net = new PeerNetwork(64);
    new WebRtcTestPeer(net).close(); // its shared DTLS identity: made now, not on an event loop
    RtpPump.Receiver callerRx = receiver(net, "caller-rtp-rx");
    Probe.Fields peerFields = new Probe.Fields(); // the peers' sink runs on the network's one reader thread
    WebRtcTestPeer.RtpSink peerSink = (d, off, len) -> {
      long now = System.nanoTime();
      if (peerFields.parse(d, off, len)) {
        record(TO_AGENT, peerFields, now);
      }
    };
    BenchAgents agents = new BenchAgents(vertx, node.httpPort, net, peerSink);
    BenchCallers callers = new BenchCallers(vertx, node.sipPort);
    try {
      System.out.println("node: http " + node.httpPort + ", sip udp " + node.sipPort);
      String idle = node.measure();
      System.out.println("node idle: " + idle);
      long nodeRss0 = node.rssBytes();
      long t0 = System.nanoTime();
      agents.connectAll(n, secret);
      System.out.printf("%d agents connected and available in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);

      AtomicReferenceArray<BenchCallers.Call> calls = new AtomicReferenceArray<>(n);
      DatagramChannel[] rtp = new DatagramChannel[n];
      Map<String, AtomicInteger> sipFailures = new ConcurrentHashMap<>();
      AtomicInteger settled = new AtomicInteger();
      long cpu0 = node.cpuNanos();
      long r0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        long at = r0 + i * 1_000_000_000L / rate;
        while (System.nanoTime() < at) {
          LockSupport.parkNanos(at - System.nanoTime());
        }
        rtp[i] = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        callerRx.register(rtp[i], (f, now) -> record(TO_CALLER, f, now));
        int idx = i;
        callers.call(i, BridgedNode.NUMBER, ((InetSocketAddress) rtp[i].getLocalAddress()).getPort())
            .onComplete(ar -> {
              if (ar.succeeded()) {
                calls.set(idx, ar.result());
              } else {
                sipFailures.computeIfAbsent(String.valueOf(ar.cause().getMessage()), k -> new AtomicInteger())
                    .incrementAndGet();
              }
              settled.incrementAndGet();
            });
      }
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (System.nanoTime() < deadline
          && (settled.get() < n || agents.bridged.size() + failures(agents) < n - sipFailuresTotal(sipFailures))) {
        Thread.sleep(100);
      }
      double rampSeconds = (System.nanoTime() - r0) / 1e9;
      long rampCpu = node.cpuNanos() - cpu0;
      int k = agents.bridged.size();
      System.out.printf("ramp: %d INVITEs in %.1f s, %d answered, %d offered to agents, %d bridged; SIP failures %s;"
          + " agent-side failures %s; node CPU during the ramp %.0f ms (%.1f ms per call)%n", n, rampSeconds,
          n - sipFailuresTotal(sipFailures), agents.offered.get(), k, sipFailures, new TreeMap<>(agents.failures),
          rampCpu / 1e6, rampCpu / 1e6 / Math.max(1, k));
      if (k == 0) {
        return 2;
      }

      List<RtpPump.Out> toAgent = new ArrayList<>();
      List<RtpPump.Out> toCaller = new ArrayList<>();
      for (BenchAgents.Bridged b : agents.bridged) {
        BenchCallers.Call c = calls.get(b.caller());
        if (c == null) {
          continue;
        }
        DatagramChannel ch = rtp[b.caller()];
        // connected: cheaper sends, and only the node's RTP (symmetric: it sends from the port it advertised) is read
        ch.connect(c.nodeRtp());
        toAgent.add(ch::write);
        WebRtcTestPeer peer = b.peer();
        toCaller.add(packet -> peer.sendRtp(packet.array(), 0, packet.limit()));
      }
      int streams = toAgent.size();
      System.out.println("node: SRTP profiles negotiated "
          + RtpEngineSide.profiles(agents.bridged.stream().map(BenchAgents.Bridged::peer)));
      String loadedIdle = node.measure(); // the calls up, before any probe
      Memory nodeMemory = new Memory(heapMiB(loadedIdle) - heapMiB(idle), node.rssBytes() - nodeRss0, streams);
      RtpPump.Pacer nodeToAgent = new RtpPump.Pacer("pace-to-agent", toAgent, ph -> stats[TO_AGENT][ph]);
      RtpPump.Pacer nodeToCaller = new RtpPump.Pacer("pace-to-caller", toCaller, ph -> stats[TO_CALLER][ph]);
      RtpEngineSide rtpe = engine == null ? null
          : RtpEngineSide.setUp(engine, n, rate, net, callerRx, (f, now) -> record(TO_CALLER, f, now), peerSink,
              stats);
      for (RtpPump.Pacer p : pacers(nodeToAgent, nodeToCaller, rtpe)) {
        p.phase(0);
      }
      Thread.sleep(Integer.getInteger("bench.warmupSeconds", 3) * 1000L);
      for (RtpPump.Pacer p : pacers(nodeToAgent, nodeToCaller, rtpe)) {
        p.phase(-1);
      }
      Thread.sleep(1000);

      RelayWindow direct = directWindow(streams, net, callerRx, node);
      Thread.sleep(1000);
      if (Boolean.getBoolean("bench.directOnly")) {
        for (RtpPump.Pacer p : pacers(nodeToAgent, nodeToCaller, rtpe)) {
          p.close();
        }
        if (rtpe != null) {
          rtpe.tearDown();
        }
        System.out.println(stats[TO_AGENT][DIRECT].row());
        System.out.println(stats[TO_CALLER][DIRECT].row());
        teardown(callers, calls, agents, node);
        return 0;
      }

      System.out.println("node before the through-node window: " + node.measure());
      System.out.println("driver receivers before: callers' sockets " + callerRx.pollGaps() + "; peers' sockets "
          + net.poller().pollGaps());
      // alternating windows, node first in even rounds, rtpengine first in odd ones: what the machine's load does
      // meanwhile falls on both relays alike
      int rounds = Integer.getInteger("bench.rounds", rtpe == null ? 1 : 2);
      List<RelayWindow> throughNode = new ArrayList<>();
      for (int r = 0; r < rounds; r++) {
        if (r > 0) { // the baseline again in each round: on a shared machine the load moves between rounds
          stats[TO_AGENT][DIRECT].newSenders(); // the new direct pacers start their own sequence numbers
          stats[TO_CALLER][DIRECT].newSenders();
          directWindow(streams, net, callerRx, node);
          Thread.sleep(1000);
        }
        for (int slot = 0; slot < 2; slot++) {
          if ((slot == 0) == (r % 2 == 0)) {
            System.out.printf("through the node: %d streams each way for %d s (load %s)%n", streams, window,
                BenchMachine.loadavg());
            throughNode.add(measure(node, nodeToAgent, nodeToCaller, NODE, window));
          } else if (rtpe != null) {
            System.out.printf("through rtpengine: %d streams each way for %d s (load %s)%n", rtpe.streams(), window,
                BenchMachine.loadavg());
            rtpe.windows.add(rtpe.measure(node, window));
          }
          Thread.sleep(1000);
        }
      }
      RelayWindow through = throughNode.get(throughNode.size() - 1);
      String pacing = String.format("pacer slots > 2 ms late: to-agent %d (max %.1f ms), to-caller %d (max %.1f ms);"
          + " send errors %d / %d", nodeToAgent.lateSlots(), nodeToAgent.maxLateNanos() / 1e6,
          nodeToCaller.lateSlots(), nodeToCaller.maxLateNanos() / 1e6, nodeToAgent.sendErrors(),
          nodeToCaller.sendErrors());
      Thread.sleep(2000); // stragglers
      System.out.println("driver receivers after: callers' sockets " + callerRx.pollGaps() + "; peers' sockets "
          + net.poller().pollGaps());
      String loaded = node.measure();
      for (RtpPump.Pacer p : pacers(nodeToAgent, nodeToCaller, rtpe)) {
        p.close();
      }

      report(streams, direct, through, throughNode.size(), pacing, loaded, callerRx.foreign());
      RelaySummary.print(streams, window, stats, throughNode, nodeMemory, rtpe);
      if (rtpe != null) {
        System.out.println("rtpengine teardown: " + rtpe.tearDown());
      }
      teardown(callers, calls, agents, node);
      return 0;
    } finally {
      agents.close();
      callers.close();
      callerRx.close();
      net.close();
      vertx.close().await();
      node.stop();
      if (engine != null) {
        engine.close();
      }
    }
  }

  /**
   * A probe receiver on a poller thread of its own named {@code name}. {@code -Dbench.sharedRxThread=true} puts it
   * on the peers' poller thread instead (one receive thread for the whole driver: one wake-up per tick instead of
   * three, ~5 % of a core less at 1,000 calls, but on the shared 2-core machine that one thread, needing ~40 % of a
   * core, fell seconds behind: the scheduler gives each runnable thread its share, so split work gets more).
   */
  private static RtpPump.Receiver receiver(PeerNetwork net, String name) {
    return Boolean.getBoolean("bench.sharedRxThread") ? new RtpPump.Receiver(net.poller()) : new RtpPump.Receiver(name);
  }

  private static List<RtpPump.Pacer> pacers(RtpPump.Pacer a, RtpPump.Pacer b, RtpEngineSide rtpe) {
    return rtpe == null ? List.of(a, b) : List.of(a, b, rtpe.toAgent, rtpe.toCaller);
  }

  /** The heap after GC in a {@link NodeProcess#measure()} line, MiB. */
  private static double heapMiB(String measured) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("heap after GC ([\\d.]+) MiB").matcher(measured);
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }

  /** What the calls cost a relay in memory: heap after GC (the node only) and resident set, per call. */
  record Memory(double heapMiB, long rssBytes, int calls) {
    String perCall() {
      return (Double.isNaN(heapMiB) ? "" : String.format("heap %.1f KiB, ", heapMiB * 1024 / calls))
          + String.format("RSS %.1f KiB", rssBytes / 1024.0 / calls);
    }
  }

  private static int failures(BenchAgents a) {
    return a.failures.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  private static int sipFailuresTotal(Map<String, AtomicInteger> f) {
    return f.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  /** The baseline: {@code streams} pairs of plain sockets, same pacers and receive code, no node in between. */
  private RelayWindow directWindow(int streams, PeerNetwork net, RtpPump.Receiver callerRx, NodeProcess node)
      throws Exception {
    List<DatagramChannel> open = new ArrayList<>();
    List<RtpPump.Out> toAgent = new ArrayList<>();
    List<RtpPump.Out> toCaller = new ArrayList<>();
    RtpPump.Receiver agentRx = receiver(net, "agent-rtp-rx-direct");
    try {
      for (int i = 0; i < streams; i++) {
        DatagramChannel a = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        DatagramChannel b = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        a.connect(b.getLocalAddress());
        b.connect(a.getLocalAddress());
        open.add(a);
        open.add(b);
        callerRx.register(a, (f, now) -> record(TO_CALLER, f, now));
        agentRx.register(b, (f, now) -> record(TO_AGENT, f, now));
        toAgent.add(a::write);
        toCaller.add(b::write);
      }
      try (RtpPump.Pacer pa = new RtpPump.Pacer("direct-to-agent", toAgent, ph -> stats[TO_AGENT][ph]);
           RtpPump.Pacer pc = new RtpPump.Pacer("direct-to-caller", toCaller, ph -> stats[TO_CALLER][ph])) {
        pa.phase(0);
        pc.phase(0);
        Thread.sleep(2000);
        System.out.printf("direct: %d streams each way for %d s (load %s)%n", streams, window, BenchMachine.loadavg());
        RelayWindow w = measure(node, pa, pc, DIRECT, window);
        System.out.printf("direct pacers: slots > 2 ms late %d / %d (max %.1f / %.1f ms)%n", pa.lateSlots(),
            pc.lateSlots(), pa.maxLateNanos() / 1e6, pc.maxLateNanos() / 1e6);
        System.out.printf("driver CPU direct window: %.0f %% of one core; load %s → %s%n", w.driverPercent(),
            w.loadBefore, w.loadAfter);
        System.out.println("driver threads, direct window: " + w.topDriverThreads());
        Thread.sleep(2000);
        return w;
      }
    } finally {
      agentRx.close();
      for (DatagramChannel c : open) {
        c.close();
      }
    }
  }

  private void report(int streams, RelayWindow direct, RelayWindow through, int nodeWindows, String pacing,
      String loaded, long foreign) {
    System.out.println();
    System.out.printf("### %d bridged calls (%d streams each way), %d s per window%n", streams, streams, window);
    System.out.printf("expected per direction and window: %,d packets (%d streams × 50/s × %d s); fewer sent means the"
        + " driver's pacer thread could not keep up%n", (long) streams * 50 * window, streams, window);
    System.out.println("(the relays' rows sum all their windows)");
    System.out.println("| path, direction | sent | received | loss | p50 ms | p99 ms | p99.9 ms | max ms | out of order |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (int p = 1; p < 4; p++) {
      for (int d = 0; d < 2; d++) {
        System.out.println(stats[d][p].row());
      }
    }
    System.out.println();
    for (int p = 1; p < 4; p++) {
      for (int d = 0; d < 2; d++) {
        System.out.println("packets > 5 ms by send time, " + stats[d][p].name + ":" + stats[d][p].lateTimeline());
      }
    }
    for (int d = 0; d < 2; d++) {
      StreamStats s = stats[d][NODE];
      StreamStats b = stats[d][DIRECT];
      System.out.printf("added by the node, %s: p50 %+.2f ms, p99 %+.2f ms (mean %+.2f ms)%n",
          d == TO_AGENT ? "caller → agent" : "agent → caller", s.quantileMs(0.5) - b.quantileMs(0.5),
          s.quantileMs(0.99) - b.quantileMs(0.99), s.meanMs() - b.meanMs());
    }
    System.out.printf("node CPU, direct window (calls up, no media): %s%n", direct.cpu(streams, window));
    System.out.printf("node CPU, through-node window: %s%n", through.cpu(streams, window));
    // packets of the last through-node window (the one whose allocation is read): the windows are alike in length
    long relayed = (stats[TO_AGENT][NODE].received() + stats[TO_CALLER][NODE].received()) / nodeWindows;
    System.out.printf("node heap allocation per relayed packet: %.0f bytes (%s)%n",
        through.allocation.values().stream().mapToLong(Long::longValue).sum() / (double) Math.max(1, relayed),
        through.topAllocation(relayed));
    System.out.printf("kernel UDP receive drops on the machine (InErrors / RcvbufErrors): direct window %d / %d,"
        + " through-node window %d / %d%n", direct.udp[0], direct.udp[1], through.udp[0], through.udp[1]);
    System.out.println("node threads, direct window: " + direct.topThreads());
    System.out.println("node threads, through-node window: " + through.topThreads());
    System.out.printf("driver CPU through-node window: %.0f %% of one core; load %s → %s%n",
        through.driverPercent(), through.loadBefore, through.loadAfter);
    System.out.println("driver threads, through-node window: " + through.topDriverThreads());
    System.out.println(pacing);
    System.out.println("node with the calls up, after the window: " + loaded);
    System.out.println("non-probe datagrams at the callers (music before the bridge, RTCP): " + foreign);
  }

  private static void teardown(BenchCallers callers, AtomicReferenceArray<BenchCallers.Call> calls,
      BenchAgents agents, NodeProcess node) throws Exception {
    Map<String, AtomicInteger> byes = new ConcurrentHashMap<>();
    AtomicInteger pending = new AtomicInteger();
    for (int i = 0; i < calls.length(); i++) {
      BenchCallers.Call c = calls.get(i);
      if (c != null) {
        pending.incrementAndGet();
        callers.bye(c).onComplete(ar -> {
          byes.computeIfAbsent(ar.succeeded() ? String.valueOf(ar.result()) : ar.cause().toString(),
              k -> new AtomicInteger()).incrementAndGet();
          pending.decrementAndGet();
        });
        if (i % 100 == 99) {
          Thread.sleep(200);
        }
      }
    }
    for (int i = 0; i < 300 && pending.get() > 0; i++) {
      Thread.sleep(100);
    }
    System.out.println("teardown: BYE answers " + byes + ", requests from the node " + callers.requestsFromNode
        + ", 2xx retransmitted by the node (ACKed again) " + callers.retransmitted2xx);
    agents.close();
    String counts = "";
    for (int i = 0; i < 30; i++) {
      counts = node.counts();
      if (counts.contains("calls=0 legs=0 sessions=0 ports=0")) {
        break;
      }
      Thread.sleep(500);
    }
    System.out.println("node after teardown: " + counts);
  }

  /** Both pacers send in {@code phase} for {@code seconds} while the node's resources are measured. */
  private static RelayWindow measure(NodeProcess node, RtpPump.Pacer a, RtpPump.Pacer b, int phase, int seconds)
      throws InterruptedException {
    RelayWindow w = RelayWindow.start(node);
    a.phase(phase);
    b.phase(phase);
    Thread.sleep(seconds * 1000L);
    a.phase(-1);
    b.phase(-1);
    w.stop(node);
    return w;
  }
}
