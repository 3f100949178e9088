package io.switchboard.bench;

import io.switchboard.webrtc.WebRtcTestPeer;
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
 * Sets bridged calls up the way {@link BridgedCallsBenchmark} does (SIP callers of {@link BenchCallers} dialling
 * {@link BridgedNode#NUMBER} at a steady rate, answered by {@link BenchAgents} with a WebRTC leg), for the benchmarks
 * that then do something with the calls (mix them, record them), and tears them down.
 */
final class BenchRamp {
  /** One bridged call: the caller's index, its RTP socket (connected to the node), SIP call, agent leg and agent. */
  record Leg(int caller, DatagramChannel rtp, BenchCallers.Call call, WebRtcTestPeer peer, String agentId) {}

  private BenchRamp() {}

  /**
   * Dials callers {@code from}..{@code from + n - 1} at {@code rate} calls/s, each with its own RTP socket read by
   * {@code rx} into {@code sink}; waits up to 60 s for them to be bridged. Returns the bridged calls.
   */
  static List<Leg> ramp(int from, int n, int rate, BenchCallers callers, BenchAgents agents,
      DecodedProbe.RawReceiver rx, WebRtcTestPeer.RtpSink sink, NodeProcess node) throws Exception {
    AtomicReferenceArray<BenchCallers.Call> calls = new AtomicReferenceArray<>(n);
    DatagramChannel[] rtp = new DatagramChannel[n];
    Map<String, AtomicInteger> sipFailures = new ConcurrentHashMap<>();
    AtomicInteger settled = new AtomicInteger();
    int bridgedBefore = agents.bridged.size();
    long cpu0 = node.cpuNanos();
    long r0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      long at = r0 + i * 1_000_000_000L / rate;
      while (System.nanoTime() < at) {
        LockSupport.parkNanos(at - System.nanoTime());
      }
      rtp[i] = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
      rx.register(rtp[i], sink);
      int idx = i;
      callers.call(from + i, BridgedNode.NUMBER, ((InetSocketAddress) rtp[i].getLocalAddress()).getPort())
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
    while (System.nanoTime() < deadline && (settled.get() < n
        || agents.bridged.size() - bridgedBefore + sum(agents.failures) < n - sum(sipFailures))) {
      Thread.sleep(100);
    }
    long cpu = node.cpuNanos() - cpu0;
    List<Leg> legs = new ArrayList<>();
    for (BenchAgents.Bridged b : agents.bridged) {
      int i = b.caller() - from;
      if (i >= 0 && i < n && calls.get(i) != null) {
        rtp[i].connect(calls.get(i).nodeRtp());
        legs.add(new Leg(b.caller(), rtp[i], calls.get(i), b.peer(), agents.agentOfCaller.get(b.caller())));
      }
    }
    System.out.printf("ramp: %d INVITEs in %.1f s, %d bridged; SIP failures %s; agent-side failures %s;"
        + " node CPU %.0f ms (%.1f ms per call)%n", n, (System.nanoTime() - r0) / 1e9, legs.size(), sipFailures,
        new TreeMap<>(agents.failures), cpu / 1e6, cpu / 1e6 / Math.max(1, legs.size()));
    return legs;
  }

  private static int sum(Map<String, AtomicInteger> m) {
    return m.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  /** Every caller sends BYE (100 per 200 ms); waits up to 30 s for the answers; prints them. */
  static void hangUp(BenchCallers callers, List<Leg> legs) throws Exception {
    Map<String, AtomicInteger> byes = new ConcurrentHashMap<>();
    AtomicInteger pending = new AtomicInteger();
    int i = 0;
    for (Leg l : legs) {
      pending.incrementAndGet();
      callers.bye(l.call()).onComplete(ar -> {
        byes.computeIfAbsent(ar.succeeded() ? String.valueOf(ar.result()) : ar.cause().toString(),
            k -> new AtomicInteger()).incrementAndGet();
        pending.decrementAndGet();
      });
      if (++i % 100 == 0) {
        Thread.sleep(200);
      }
    }
    for (int k = 0; k < 300 && pending.get() > 0; k++) {
      Thread.sleep(100);
    }
    System.out.println("hang-up: BYE answers " + byes);
  }

  /** Reads the node's counts until no call, leg, session or port is left (up to 15 s); returns the last. */
  static String drained(NodeProcess node) throws Exception {
    String counts = "";
    for (int i = 0; i < 30; i++) {
      counts = node.counts();
      if (counts.contains("calls=0 legs=0 sessions=0 ports=0")) {
        break;
      }
      Thread.sleep(500);
    }
    return counts;
  }
}
