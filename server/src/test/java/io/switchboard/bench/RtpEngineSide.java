package io.switchboard.bench;

import io.switchboard.webrtc.PeerNetwork;
import io.switchboard.webrtc.WebRtcTestPeer;
import java.util.ArrayList;
import java.util.List;

/**
 * rtpengine's part of a {@link BridgedCallsBenchmark} run: its calls ({@link RtpEngineCalls}), the two pacers that
 * send through it (the same {@link RtpPump.Pacer} code as the node's, their own threads, paused while the node is
 * measured), its windows, and the memory its calls took. Used from the driver's main thread.
 */
final class RtpEngineSide {
  final RtpEngineProcess engine;
  final RtpEngineCalls calls;
  final RtpPump.Pacer toAgent;
  final RtpPump.Pacer toCaller;
  final List<RelayWindow> windows = new ArrayList<>();
  final BridgedCallsBenchmark.Memory memory;

  private RtpEngineSide(RtpEngineProcess engine, RtpEngineCalls calls, StreamStats[][] stats, long rss0) {
    this.engine = engine;
    this.calls = calls;
    List<RtpPump.Out> a = new ArrayList<>();
    List<RtpPump.Out> c = new ArrayList<>();
    for (RtpEngineCalls.Call call : calls.calls) {
      a.add(call.caller()::write);
      WebRtcTestPeer peer = call.peer();
      c.add(packet -> peer.sendRtp(packet.array(), 0, packet.limit()));
    }
    toAgent = new RtpPump.Pacer("rtpe-pace-to-agent", a, ph -> stats[BridgedCallsBenchmark.TO_AGENT][ph]);
    toCaller = new RtpPump.Pacer("rtpe-pace-to-caller", c, ph -> stats[BridgedCallsBenchmark.TO_CALLER][ph]);
    memory = new BridgedCallsBenchmark.Memory(Double.NaN, engine.rssBytes() - rss0, Math.max(1, calls.calls.size()));
  }

  /** Sets {@code n} calls up through {@code engine} at {@code rate} per second (see {@link RtpEngineCalls#setUp}). */
  static RtpEngineSide setUp(RtpEngineProcess engine, int n, int rate, PeerNetwork net, RtpPump.Receiver callerRx,
      RtpPump.Receiver.Sink callerSink, WebRtcTestPeer.RtpSink peerSink, StreamStats[][] stats) throws Exception {
    long rss0 = engine.rssBytes();
    long cpu0 = engine.cpuNanos();
    long t0 = System.nanoTime();
    RtpEngineCalls calls = new RtpEngineCalls(engine);
    calls.setUp(n, rate, net, callerRx, callerSink, peerSink);
    System.out.printf("rtpengine: %d of %d calls bridged in %.1f s (failures %s); its CPU during the set-up %.0f ms;"
        + " %d threads%n", calls.calls.size(), n, (System.nanoTime() - t0) / 1e9, calls.failures,
        (engine.cpuNanos() - cpu0) / 1e6, engine.threads());
    System.out.println("rtpengine: SRTP profiles negotiated "
        + profiles(calls.calls.stream().map(RtpEngineCalls.Call::peer)));
    return new RtpEngineSide(engine, calls, stats, rss0);
  }

  /** use_srtp profiles of these peers and how many of each (1: AES_CM_128_HMAC_SHA1_80, 7: AEAD_AES_128_GCM). */
  static java.util.Map<Integer, Long> profiles(java.util.stream.Stream<WebRtcTestPeer> peers) {
    return new java.util.TreeMap<>(peers.collect(java.util.stream.Collectors.groupingBy(WebRtcTestPeer::srtpProfile,
        java.util.stream.Collectors.counting())));
  }

  int streams() {
    return calls.calls.size();
  }

  /** One window through rtpengine: its pacers send for {@code seconds}; rtpengine's CPU is the relay's. */
  RelayWindow measure(NodeProcess node, int seconds) throws InterruptedException {
    RelayWindow w = RelayWindow.start(node, engine::cpuNanos);
    toAgent.phase(BridgedCallsBenchmark.RTPENGINE);
    toCaller.phase(BridgedCallsBenchmark.RTPENGINE);
    Thread.sleep(seconds * 1000L);
    toAgent.phase(-1);
    toCaller.phase(-1);
    w.stop(node);
    return w;
  }

  String tearDown() throws Exception {
    return calls.tearDown();
  }
}
