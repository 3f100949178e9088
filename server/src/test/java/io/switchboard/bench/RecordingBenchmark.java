package io.switchboard.bench;

import io.switchboard.auth.JwtTokens;
import io.switchboard.auth.Role;
import io.switchboard.support.ApiClient;
import io.switchboard.webrtc.PeerNetwork;
import io.switchboard.webrtc.WebRtcTestPeer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.Stream;

/**
 * Recording on one node: N bridged calls (as in {@link BridgedCallsBenchmark}) with the queue's recording policy
 * {@code none}, a window of media, hang-up; the policy set to {@code all} through the admin API; N new calls, a
 * window, hang-up. Then every WAV file of the node's recording directory (a fresh temporary one, local store) is
 * read back: the {@link DecodedProbe}s in channel 1 (the caller as the node received it) must be exactly the ones the
 * agent's leg received from the node, and those in channel 2 (what the caller heard) exactly the ones the caller
 * received — "frames in the file = frames relayed", per call. The node's CPU per call-second in the recorded
 * window against the unrecorded one is the cost of recording a call.
 *
 * <p>Run like {@link BridgedCallsBenchmark}: {@code io.switchboard.bench.RecordingBenchmark [calls [windowSeconds
 * [ratePerSecond]]]} (defaults 300 20 20). The node's queue gets {@code wrapUpSeconds} 0 so that the agents are
 * offered the second set of calls at once. {@code -Dbench.warmupSeconds} (15) of media before the first window.
 */
public final class RecordingBenchmark {
  private static final int TO_AGENT = 0;
  private static final int TO_CALLER = 1;

  private final int n;
  private final int window;
  private final int rate;
  /** [set: 0 unrecorded, 1 recorded][direction]: the window's probes (phase = set + 1). */
  private final StreamStats[][] stats = new StreamStats[2][2];
  /** [direction]: every probe received per stream since the current set's calls were bridged. */
  private volatile AtomicLongArray[] received;

  /** One set's measured window and how many calls were up in it. */
  private record Measured(RelayWindow w, int calls) {}

  private RecordingBenchmark(int n, int window, int rate) {
    this.n = n;
    this.window = window;
    this.rate = rate;
    for (int s = 0; s < 2; s++) {
      for (int d = 0; d < 2; d++) {
        stats[s][d] = new StreamStats((s == 0 ? "unrecorded, " : "recorded, ")
            + (d == TO_AGENT ? "caller → agent" : "agent → caller"), n);
      }
    }
  }

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    int window = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int rate = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    BenchMachine.runAndExit(() -> new RecordingBenchmark(n, window, rate).run());
  }

  private void record(int dir, Probe.Fields f, long now) {
    AtomicLongArray[] r = received;
    if (f.stream >= 0 && f.stream < n) {
      r[dir].incrementAndGet(f.stream);
    }
    if (f.phase == 1 || f.phase == 2) {
      stats[f.phase - 1][dir].received(f, now);
    }
  }

  private int run() throws Exception {
    String secret = BenchMachine.randomSecret();
    Path dir = Files.createTempDirectory("recording-bench");
    System.setProperty("bench.nodeJvmArgs", (System.getProperty("bench.nodeJvmArgs", "")
        + " -Dbench.node.recording.dir=" + dir).trim());
    System.out.printf("Recording: %d calls unrecorded, then %d recorded (local store %s), %d s windows, ramp %d"
        + " calls/s%n%s%n", n, n, dir, window, rate, BenchMachine.describe());
    received = new AtomicLongArray[] {new AtomicLongArray(n), new AtomicLongArray(n)};
    NodeProcess node = NodeProcess.start(secret, n);
    Vertx vertx = Vertx.vertx();
    PeerNetwork net = new PeerNetwork(64);
    new WebRtcTestPeer(net).close(); // its shared DTLS identity: made now, not on an event loop
    DecodedProbe.RawReceiver callerRx = new DecodedProbe.RawReceiver("caller-rtp-rx");
    DecodedProbe.Decoder callerDecoder = new DecodedProbe.Decoder(); // the callers' receive thread's
    DecodedProbe.Decoder peerDecoder = new DecodedProbe.Decoder(); // the peers' one receive thread's
    BenchAgents agents = new BenchAgents(vertx, node.httpPort, net, (d, off, len) -> {
      long now = System.nanoTime();
      if (peerDecoder.parse(d, off, len)) {
        record(TO_AGENT, peerDecoder.fields, now);
      }
    });
    WebRtcTestPeer.RtpSink callerSink = (d, off, len) -> {
      long now = System.nanoTime();
      if (callerDecoder.parse(d, off, len)) {
        record(TO_CALLER, callerDecoder.fields, now);
      }
    };
    BenchCallers callers = new BenchCallers(vertx, node.sipPort);
    try {
      queue(node, secret, "none");
      agents.connectAll(n, secret);
      Measured plain = callsWithMedia(0, callers, agents, callerRx, callerSink, node);
      System.out.println("node after the unrecorded calls: " + BenchRamp.drained(node));
      queue(node, secret, "all");
      received = new AtomicLongArray[] {new AtomicLongArray(n), new AtomicLongArray(n)};
      Measured recorded = callsWithMedia(1, callers, agents, callerRx, callerSink, node);
      System.out.println("node after the recorded calls: " + BenchRamp.drained(node));
      Thread.sleep(3000); // the writer thread finishes the files (every 100 ms)
      printRecordingMeters(node, secret);
      compare(dir, plain, recorded);
      return 0;
    } finally {
      agents.close();
      callers.close();
      callerRx.close();
      net.close();
      vertx.close().await();
      node.stop();
    }
  }

  /** The queue's recording policy set through the admin API, with no wrap-up (the agents take the next set at once). */
  private static void queue(NodeProcess node, String secret, String policy) throws Exception {
    String admin = adminToken(secret);
    ApiClient api = new ApiClient(node.httpPort);
    ApiClient.Res got = api.get("/api/v1/queues/bench", admin);
    if (got.status() != 200) {
      throw new IllegalStateException("GET queue: " + got.status() + " " + got.body());
    }
    JsonObject q = got.json();
    q.remove("id");
    q.remove("version");
    ApiClient.Res put = api.put("/api/v1/queues/bench", admin,
        q.put("recording", policy).put("wrapUpSeconds", 0).encode());
    if (put.status() != 200) {
      throw new IllegalStateException("PUT queue: " + put.status() + " " + put.body());
    }
    System.out.println("queue bench: recording " + policy + ", wrap-up 0 s");
  }

  private static String adminToken(String secret) throws Exception {
    JwtTokens jwt = JwtTokens.start(secret, "switchboard", Clock.systemUTC());
    try {
      return jwt.issue(JwtTokens.Type.ACCESS, BridgedNode.TENANT, "bench-admin", Set.of(Role.ADMIN), null,
          Duration.ofMinutes(10)).token();
    } finally {
      jwt.close();
    }
  }

  /** The node's recording meters from {@code /metrics} (dropped frames by reason, failures, overflows). */
  private static void printRecordingMeters(NodeProcess node, String secret) throws Exception {
    ApiClient.Res m = new ApiClient(node.httpPort).get("/metrics", adminToken(secret));
    System.out.println("node recording meters (GET /metrics " + m.status() + "):");
    m.body().lines().filter(l -> l.startsWith("switchboard_recording_")).forEach(l -> System.out.println("  " + l));
  }

  /** Set {@code set}'s calls: ramp, warm-up (15 s the first, 3 s the second), the measured window, hang-up. */
  private Measured callsWithMedia(int set, BenchCallers callers, BenchAgents agents,
      DecodedProbe.RawReceiver callerRx, WebRtcTestPeer.RtpSink callerSink, NodeProcess node) throws Exception {
    List<BenchRamp.Leg> legs = BenchRamp.ramp(set * n, n, rate, callers, agents, callerRx, callerSink, node);
    List<RtpPump.Out> toAgent = new ArrayList<>();
    List<RtpPump.Out> toCaller = new ArrayList<>();
    for (BenchRamp.Leg leg : legs) {
      toAgent.add(DecodedProbe.encoding(leg.rtp()::write));
      toCaller.add(DecodedProbe.encoding(p -> leg.peer().sendRtp(p.array(), 0, p.limit())));
    }
    RelayWindow w;
    try (RtpPump.Pacer pa = new RtpPump.Pacer("pace-to-agent", toAgent, ph -> stats[set][TO_AGENT]);
         RtpPump.Pacer pc = new RtpPump.Pacer("pace-to-caller", toCaller, ph -> stats[set][TO_CALLER])) {
      pa.phase(0);
      pc.phase(0);
      // the first set also warms the node's JIT up (its window would otherwise look dearer than the recorded one's)
      Thread.sleep(set == 0 ? Integer.getInteger("bench.warmupSeconds", 15) * 1000L : 3000);
      System.out.printf("%s window: %d calls, %d s (load %s)%n", set == 0 ? "unrecorded" : "recorded", legs.size(),
          window, BenchMachine.loadavg());
      w = RelayWindow.start(node);
      pa.phase(set + 1);
      pc.phase(set + 1);
      Thread.sleep(window * 1000L);
      pa.phase(-1);
      pc.phase(-1);
      w.stop(node);
      System.out.println("pacer slots > 2 ms late: " + pa.lateSlots() + " / " + pc.lateSlots()
          + "; node threads: " + w.topThreads());
    }
    Thread.sleep(1000); // stragglers reach the driver before the calls end
    BenchRamp.hangUp(callers, legs);
    return new Measured(w, legs.size());
  }

  private void compare(Path dir, Measured plainSet, Measured recordedSet)
      throws Exception {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(p -> p.toString().endsWith(".wav")).toList();
    }
    RelayWindow plain = plainSet.w();
    RelayWindow recorded = recordedSet.w();
    int exact = 0;
    int calls = recordedSet.calls();
    long inFiles = 0;
    long relayed = 0;
    List<String> off = new ArrayList<>();
    for (Path f : files) {
      Map<Integer, Set<Integer>> ch1 = DecodedProbe.probesInWav(f, 0);
      Map<Integer, Set<Integer>> ch2 = DecodedProbe.probesInWav(f, 1);
      if (ch1.size() != 1 || ch2.size() > 1 || (ch2.size() == 1 && !ch2.keySet().equals(ch1.keySet()))) {
        off.add(f.getFileName() + ": streams " + ch1.keySet() + " / " + ch2.keySet());
        continue;
      }
      int s = ch1.keySet().iterator().next();
      long a = received[TO_AGENT].get(s);
      long c = received[TO_CALLER].get(s);
      long f1 = ch1.get(s).size();
      long f2 = ch2.isEmpty() ? 0 : ch2.get(s).size();
      inFiles += f1 + f2;
      relayed += a + c;
      if (a == f1 && c == f2) {
        exact++;
      } else if (off.size() < 20) {
        off.add(String.format("call %d: channel 1 %d frames, agent received %d; channel 2 %d, caller received %d",
            s, f1, a, f2, c));
      }
    }
    System.out.println();
    System.out.printf("### %d recorded calls, %d WAV files%n", calls, files.size());
    System.out.printf("frames in file = frames relayed, exactly, in both channels: **%d of %d calls**"
        + " (%,d frames in the files, %,d relayed and received by the driver)%n", exact, calls, inFiles, relayed);
    off.forEach(o -> System.out.println("  " + o));
    for (int s = 0; s < 2; s++) {
      for (int d = 0; d < 2; d++) {
        StreamStats st = stats[s][d];
        System.out.printf("%s: sent %,d received %,d (loss %.3f %%), p50 %.2f ms, p99 %.2f ms%n", st.name,
            st.sent.get(), st.received(), 100.0 * (1 - st.received() / (double) Math.max(1, st.sent.get())),
            st.quantileMs(0.5), st.quantileMs(0.99));
      }
    }
    double p = plain.nodeCpu / 1e6 / Math.max(1, plainSet.calls()) / (plain.wall / 1e9);
    double r = recorded.nodeCpu / 1e6 / Math.max(1, recordedSet.calls()) / (recorded.wall / 1e9);
    System.out.printf("node CPU: unrecorded %.0f %% of one core (%d calls, load %s → %s), recorded %.0f %% (%d calls,"
        + " load %s → %s)%n", 100.0 * plain.nodeCpu / plain.wall, plainSet.calls(), plain.loadBefore, plain.loadAfter,
        100.0 * recorded.nodeCpu / recorded.wall, recordedSet.calls(), recorded.loadBefore, recorded.loadAfter);
    System.out.printf("node CPU per call-second: unrecorded %.3f ms, recorded %.3f ms: **recording costs %+.3f ms of"
        + " CPU per call-second** (%+.1f %%)%n", p, r, r - p, 100 * (r / p - 1));
  }
}
