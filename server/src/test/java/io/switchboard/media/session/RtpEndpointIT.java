package io.switchboard.media.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.media.MediaOptions;
import io.switchboard.media.audio.G711;
import io.switchboard.media.audio.Goertzel;
import io.switchboard.media.audio.Prompts;
import io.switchboard.media.audio.ToneGenerator;
import io.switchboard.media.dtmf.DtmfDigit;
import io.switchboard.media.dtmf.TelephoneEvent;
import io.switchboard.media.rtcp.RtcpCodec;
import io.switchboard.media.rtcp.RtcpPacket;
import io.switchboard.media.rtcp.RtcpPacket.Bye;
import io.switchboard.media.rtcp.RtcpPacket.SenderReport;
import io.switchboard.media.rtp.RtpCodec;
import io.switchboard.media.rtp.RtpPacket;
import io.switchboard.media.sdp.NegotiatedAudio;
import io.switchboard.media.sdp.SdpNegotiator;
import io.switchboard.media.sdp.SdpParser;
import io.vertx.core.Vertx;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real session on 127.0.0.1: NIO sockets on media loops, the pacer thread, and a peer made of plain JDK sockets that checks
 * what arrives. Timing bounds are generous (a loaded 2-core machine must not fail); the strict target is measured
 * by the benchmark.
 */
class RtpEndpointIT {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private Vertx vertx;
  private Pacer pacer;
  private MediaLoops loops;
  private PortAllocator ports;
  private final MediaCounters counters = new MediaCounters();
  private final List<DatagramSocket> peerSockets = new ArrayList<>();

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    pacer = new Pacer(System::nanoTime, 5);
    pacer.start();
    loops = new MediaLoops(2, java.time.Duration.ofMillis(1), System::nanoTime);
    loops.start();
    int base = 30000 + 2 * ThreadLocalRandom.current().nextInt(10000);
    ports = new PortAllocator(base, base + 99);
  }

  @AfterEach
  void tearDown() {
    pacer.close();
    loops.close();
    peerSockets.forEach(DatagramSocket::close);
    vertx.close().await();
  }

  private DatagramSocket peerSocket() throws Exception {
    DatagramSocket s = new DatagramSocket(0, LOOPBACK);
    s.setSoTimeout(3000);
    peerSockets.add(s);
    return s;
  }

  record Arrival(RtpPacket packet, long nanos) {}

  private static List<Arrival> receiveRtp(DatagramSocket s, int count) throws Exception {
    List<Arrival> out = new ArrayList<>(count);
    byte[] buf = new byte[2048];
    while (out.size() < count) {
      DatagramPacket dp = new DatagramPacket(buf, buf.length);
      s.receive(dp);
      long t = System.nanoTime();
      out.add(new Arrival(RtpCodec.parse(Arrays.copyOf(dp.getData(), dp.getLength())), t));
    }
    return out;
  }

  private static List<RtcpPacket> receiveRtcp(DatagramSocket s) throws Exception {
    byte[] buf = new byte[2048];
    DatagramPacket dp = new DatagramPacket(buf, buf.length);
    s.receive(dp);
    return RtcpCodec.parse(dp.getData(), 0, dp.getLength());
  }

  private static void send(DatagramSocket from, int port, RtpPacket p) throws Exception {
    byte[] b = RtpCodec.serialize(p);
    from.send(new DatagramPacket(b, b.length, LOOPBACK, port));
  }

  @Test
  void streamsPacedMusicLatchesSymmetricallyReportsAndReceivesDtmf() throws Exception {
    DatagramSocket sdpRtp = peerSocket();
    DatagramSocket sdpRtcp = peerSocket();
    String offer = "v=0\r\no=peer 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
        + "m=audio " + sdpRtp.getLocalPort() + " RTP/AVP 0 101\r\na=rtpmap:101 telephone-event/8000\r\n"
        + "a=rtcp:" + sdpRtcp.getLocalPort() + "\r\n";
    MediaOptions options = MediaOptions.defaults().withHosts("127.0.0.1", "127.0.0.1")
        .withRtcpInterval(Duration.ofMillis(800));
    RtpEndpoint ep = RtpEndpoint.open(vertx, loops, options, ports, counters, System::nanoTime).await();
    NegotiatedAudio n = SdpNegotiator.answer(SdpParser.parse(offer), "127.0.0.1", ep.rtpPort(), 1, 1, false);
    List<DtmfDigit> digits = new CopyOnWriteArrayList<>();
    List<Peer> latches = new CopyOnWriteArrayList<>();
    RtpSession session = new RtpSession(SessionParams.of(n, options, "it@switchboard"), ep, new SessionListener() {
      @Override
      public void onDtmf(DtmfDigit d) {
        digits.add(d);
      }

      @Override
      public void onLatched(Peer p) {
        latches.add(p);
      }
    }, counters, Clock.systemUTC(), new java.util.Random());
    ep.attach(session, n.rtcpMux());
    session.output().switchTo(new Prompts().musicLoop());
    pacer.add(session, ep.executor());

    // 1. Music to the SDP address, paced every 20 ms, continuous, PCMU, not silence.
    List<Arrival> music = receiveRtp(sdpRtp, 10); // start-up: class loading, JIT, the resolver
    assertPacedInSomeWindow(sdpRtp, music);
    assertThat(music).allMatch(a -> a.packet().payloadType() == 0 && a.packet().ssrc() == session.localSsrc());
    short[] pcm = new short[160 * music.size()];
    for (int i = 0; i < music.size(); i++) {
      short[] f = new short[160];
      G711.decodeUlaw(music.get(i).packet().payload(), 0, 160, f);
      System.arraycopy(f, 0, pcm, i * 160, 160);
    }
    assertThat(Goertzel.rms(pcm, 0, pcm.length)).as("music RMS").isGreaterThan(300);

    // 2. RTCP SR arrives at the a=rtcp port and describes our stream.
    SenderReport sr = null;
    while (sr == null) {
      List<RtcpPacket> r = receiveRtcp(sdpRtcp);
      if (r.get(0) instanceof SenderReport s) {
        sr = s;
      }
    }
    assertThat(sr.ssrc()).isEqualTo(session.localSsrc());
    assertThat(sr.packetCount()).isPositive();
    assertThat(sr.octetCount()).isEqualTo(sr.packetCount() * 160);
    assertThat(Math.abs(io.switchboard.media.rtcp.NtpTime.toUnixMillis(sr.ntpTimestamp())
        - System.currentTimeMillis())).isLessThan(5000);

    // 3. Symmetric RTP: the peer really sends from another port than its SDP said (NAT); after a probation of
    // in-sequence packets we follow it.
    DatagramSocket actual = peerSocket();
    int ssrc = 0x0BADCAFE;
    short[] tone = ToneGenerator.samples(1000, 8000, 160);
    byte[] ulaw = new byte[160];
    G711.encodeUlaw(tone, ulaw);
    for (int i = 1; i <= 4; i++) {
      send(actual, ep.rtpPort(), RtpPacket.of(i == 1, 0, i, 160L * i, ssrc, ulaw));
    }
    List<Arrival> latched = receiveRtp(actual, 25);
    assertThat(latches).containsExactly(new Peer("127.0.0.1", actual.getLocalPort()));
    assertContinuous(latched);
    assertThat(latched.get(0).packet().ssrc()).isEqualTo(session.localSsrc());

    // 4. DTMF from the peer: '4' with its triple end packet, then '#' whose start packet was lost.
    int seq = 5;
    long ts = 960;
    for (int[] ev : new int[][] {{4, 0}, {11, 1}}) {
      for (int dur = 160 * (1 + ev[1]); dur <= 800; dur += 160) {
        boolean end = dur == 800;
        for (int rep = 0; rep < (end ? 3 : 1); rep++) {
          byte[] payload = new TelephoneEvent(ev[0], end, 10, dur).serialize();
          send(actual, ep.rtpPort(), RtpPacket.of(dur == 160, 101, seq++, ts, ssrc, payload));
        }
      }
      ts += 1600;
    }
    await().atMost(Duration.ofSeconds(3)).until(() -> digits.size() == 2);
    assertThat(digits).extracting(DtmfDigit::digit).containsExactly('4', '#');
    assertThat(digits).extracting(DtmfDigit::durationMillis).containsExactly(100, 100);

    // 5. Switching the source keeps the stream: same SSRC, next sequence number, marker set, new audio.
    drain(actual);
    session.output().switchTo(ToneGenerator.sine(1000, 8000));
    List<Arrival> after = receiveRtp(actual, 20);
    assertContinuous(after);
    int m = 0;
    while (!after.get(m).packet().marker()) {
      m++;
    }
    assertThat(m).isLessThan(10);
    short[] f = new short[160];
    G711.decodeUlaw(after.get(m + 1).packet().payload(), 0, 160, f);
    assertThat(Goertzel.detect(f, 1000)).isTrue();

    // 6. Closing sends RTCP BYE and frees the port pair.
    pacer.remove(session);
    ep.close().await();
    List<RtcpPacket> last;
    do {
      last = receiveRtcp(sdpRtcp);
    } while (!(last.get(last.size() - 1) instanceof Bye));
    assertThat(((Bye) last.get(last.size() - 1)).ssrcs()).containsExactly(session.localSsrc());
    assertThat(ports.inUse()).isZero();
    assertThat(counters.rejections()).as("the probation's first three packets").containsExactly(
        java.util.Map.entry("probation", 3L));
  }

  @Test
  void garbageOnTheRtpPortIsCountedAndTheStreamGoesOn() throws Exception {
    DatagramSocket peer = peerSocket();
    MediaOptions options = MediaOptions.defaults().withHosts("127.0.0.1", "127.0.0.1");
    RtpEndpoint ep = RtpEndpoint.open(vertx, loops, options, ports, counters, System::nanoTime).await();
    String offer = "v=0\r\no=p 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio "
        + peer.getLocalPort() + " RTP/AVP 8\r\n";
    NegotiatedAudio n = SdpNegotiator.answer(SdpParser.parse(offer), "127.0.0.1", ep.rtpPort(), 1, 1, false);
    RtpSession session = new RtpSession(SessionParams.of(n, options, "g"), ep, new SessionListener() {}, counters,
        Clock.systemUTC(), new java.util.Random());
    ep.attach(session, false);
    session.output().switchTo(ToneGenerator.sine(440, 8000));
    pacer.add(session, ep.executor());
    byte[][] junk = {new byte[0], new byte[] {1}, new byte[1500], "INVITE sip:x SIP/2.0\r\n".getBytes()};
    junk[2][0] = (byte) 0x80;
    junk[2][1] = 0;
    junk[2][0] |= 0x0F; // 15 CSRCs claimed, fine size, but PT 0 is PCMU and we negotiated PCMA
    for (byte[] j : junk) {
      peer.send(new DatagramPacket(j, j.length, LOOPBACK, ep.rtpPort()));
      peer.send(new DatagramPacket(j, j.length, LOOPBACK, ep.rtpPort() + 1));
    }
    List<Arrival> got = receiveRtp(peer, 30);
    assertContinuous(got);
    assertThat(got).allMatch(a -> a.packet().payloadType() == 8);
    await().atMost(Duration.ofSeconds(2)).until(() -> counters.rejections().values().stream()
        .mapToLong(Long::longValue).sum() >= 7);
    assertThat(session.latched()).isFalse();
    pacer.remove(session);
    ep.close().await();
  }

  private static void drain(DatagramSocket s) throws Exception {
    s.setSoTimeout(1);
    byte[] buf = new byte[2048];
    try {
      while (true) {
        s.receive(new DatagramPacket(buf, buf.length));
      }
    } catch (SocketTimeoutException done) {
      s.setSoTimeout(3000);
    }
  }

  private static void assertContinuous(List<Arrival> a) {
    for (int i = 1; i < a.size(); i++) {
      RtpPacket p = a.get(i - 1).packet();
      RtpPacket q = a.get(i).packet();
      assertThat(q.ssrc()).isEqualTo(p.ssrc());
      assertThat(q.sequence()).as("seq after %s", p).isEqualTo((p.sequence() + 1) & 0xFFFF);
      assertThat(q.timestamp()).isEqualTo((p.timestamp() + 160) & 0xFFFFFFFFL);
    }
  }

  /**
   * 20 ms spacing, measured by the receiver in windows of 50 packets (1 s): at least one of up to 4 windows must
   * have a mean gap within 2 ms of 20 ms and p99 jitter (|gap − 20 ms|) under 15 ms. Several windows because other
   * builds share this 2-core machine: a 100 ms CPU stall (seen at load average 9) makes one window fail whatever the
   * pacer does, while a pacing bug fails every window. Sequence continuity is checked across all of them.
   */
  private static void assertPacedInSomeWindow(DatagramSocket s, List<Arrival> before) throws Exception {
    List<String> seen = new ArrayList<>();
    List<Arrival> all = new ArrayList<>(before);
    for (int w = 0; w < 4; w++) {
      List<Arrival> window = receiveRtp(s, 50);
      all.addAll(window);
      assertContinuous(all);
      double[] stats = pacing(window);
      String line = String.format("window %d: mean gap %.2f ms, jitter p50 %.2f ms p99 %.2f ms", w, stats[0],
          stats[1], stats[2]);
      System.out.println("RTP pacing on loopback, " + line);
      seen.add(line);
      if (Math.abs(stats[0] - 20) <= 2 && stats[2] < 15) {
        return;
      }
    }
    throw new AssertionError("RTP pacing off in every window: " + seen);
  }

  /** {mean gap, p50 jitter, p99 jitter} in ms. */
  private static double[] pacing(List<Arrival> a) {
    double[] jitter = new double[a.size() - 1];
    double sum = 0;
    for (int i = 1; i < a.size(); i++) {
      double gap = (a.get(i).nanos() - a.get(i - 1).nanos()) / 1e6;
      sum += gap;
      jitter[i - 1] = Math.abs(gap - 20);
    }
    Arrays.sort(jitter);
    return new double[] {sum / jitter.length, jitter[jitter.length / 2],
        jitter[(int) Math.ceil(jitter.length * 0.99) - 1]};
  }
}
