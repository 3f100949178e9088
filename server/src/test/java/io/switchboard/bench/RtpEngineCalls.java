package io.switchboard.bench;

import io.switchboard.webrtc.PeerNetwork;
import io.switchboard.webrtc.WebRtcTestPeer;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The same calls as the node's, bridged by rtpengine instead: per call a {@link WebRtcTestPeer} (the agent's
 * browser leg: ICE as controlling agent, DTLS client, SRTP) and a plain UDP socket (the SIP caller's RTP, PCMU),
 * joined by rtpengine's {@code offer} (the browser's SDP in, RTP/AVP out for the caller, ICE removed) and
 * {@code answer} (the caller's RTP/AVP PCMU answer in, UDP/TLS/RTP/SAVPF out for the browser with ICE forced and
 * DTLS passive, rtcp-mux). No SIP: rtpengine is controlled by the signalling proxy in a deployment, so set-up is
 * not compared, only media. Not thread-safe: one thread sets the calls up.
 */
final class RtpEngineCalls {
  private static final Pattern PORT = Pattern.compile("m=audio (\\d+)");

  /** One bridged call: the caller's socket (connected to rtpengine's port for it) and the browser leg. */
  record Call(String callId, DatagramChannel caller, WebRtcTestPeer peer) {}

  private final RtpEngineProcess engine;
  final List<Call> calls = new ArrayList<>();
  final Map<String, AtomicInteger> failures = new TreeMap<>();
  /** Every call offered to rtpengine, bridged or not, with its peer and socket (closed at the end). */
  private final List<Call> offered = new ArrayList<>();

  RtpEngineCalls(RtpEngineProcess engine) {
    this.engine = engine;
  }

  /**
   * Sets up {@code n} calls at {@code rate} per second; each caller socket is registered with {@code callerRx} and
   * each peer's plain RTP goes to {@code peerSink}. Returns when every call is connected (DTLS done) or failed.
   */
  void setUp(int n, int rate, PeerNetwork net, RtpPump.Receiver callerRx, RtpPump.Receiver.Sink callerSink,
      WebRtcTestPeer.RtpSink peerSink) throws Exception {
    List<Call> pending = new ArrayList<>();
    long r0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      long at = r0 + i * 1_000_000_000L / rate;
      while (System.nanoTime() < at) {
        LockSupport.parkNanos(at - System.nanoTime());
      }
      try {
        pending.add(call(i, net, callerRx, callerSink, peerSink));
      } catch (Exception e) {
        fail(String.valueOf(e.getMessage()));
      }
    }
    for (Call c : pending) {
      try {
        c.peer().connected().get(30, TimeUnit.SECONDS);
        calls.add(c);
      } catch (Exception e) {
        fail("dtls-or-ice: " + e.getClass().getSimpleName());
      }
    }
  }

  private Call call(int i, PeerNetwork net, RtpPump.Receiver callerRx, RtpPump.Receiver.Sink callerSink,
      WebRtcTestPeer.RtpSink peerSink) throws Exception {
    String callId = "bench-" + i;
    WebRtcTestPeer peer = new WebRtcTestPeer(net).onRtp(peerSink);
    Map<String, Object> offer = engine.ng(Map.of("command", "offer", "call-id", callId, "from-tag", "agent-" + i,
        "sdp", peer.offer(), "transport-protocol", "RTP/AVP", "ICE", "remove", "rtcp-mux", List.of("demux")));
    Matcher port = PORT.matcher((String) offer.get("sdp"));
    if (!port.find()) {
      peer.close();
      throw new IllegalStateException("offer without a media port");
    }
    DatagramChannel caller = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
    Call call = new Call(callId, caller, peer);
    offered.add(call);
    int callerPort = ((InetSocketAddress) caller.getLocalAddress()).getPort();
    String sdp = "v=0\r\no=- " + i + " 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
        + "m=audio " + callerPort + " RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\n"
        + "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=ptime:20\r\na=sendrecv\r\n";
    Map<String, Object> answered = engine.ng(Map.of("command", "answer", "call-id", callId, "from-tag",
        "agent-" + i, "to-tag", "caller-" + i, "sdp", sdp, "transport-protocol", "UDP/TLS/RTP/SAVPF", "ICE", "force",
        "DTLS", "passive", "rtcp-mux", List.of("offer", "require")));
    caller.connect(new InetSocketAddress("127.0.0.1", Integer.parseInt(port.group(1))));
    callerRx.register(caller, callerSink);
    peer.accept((String) answered.get("sdp"));
    return call;
  }

  private void fail(String reason) {
    failures.computeIfAbsent(reason, r -> new AtomicInteger()).incrementAndGet();
  }

  /** Deletes every call offered to rtpengine, closes peers and sockets; the number of calls rtpengine still holds. */
  String tearDown() throws Exception {
    int deleted = 0;
    for (Call c : offered) {
      c.peer().close();
      c.caller().close();
      try {
        engine.ng(Map.of("command", "delete", "call-id", c.callId(), "from-tag", "agent-" + c.callId().substring(6)));
        deleted++;
      } catch (Exception e) {
        fail("delete: " + e.getMessage());
      }
    }
    Object list = engine.ng(Map.of("command", "list")).get("calls");
    return deleted + " deleted; rtpengine holds " + (list instanceof List<?> l ? l.size() : "?") + " calls";
  }
}
