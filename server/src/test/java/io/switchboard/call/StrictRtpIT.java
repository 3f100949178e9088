package io.switchboard.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.switchboard.Node;
import io.switchboard.support.TestNodes;
import io.switchboard.media.audio.G711;
import io.switchboard.media.audio.Goertzel;
import io.switchboard.media.rtp.RtpCodec;
import io.switchboard.media.rtp.RtpPacket;
import io.switchboard.media.session.MediaCounters;
import io.switchboard.redis.EmbeddedRedis;
import io.switchboard.redis.RedisConnections;
import io.switchboard.sip.SipResponse;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Strict RTP on a real call (default settings: media.strict-rtp=true, probation 4): a stranger who sends RTP to the
 * call's port cannot take the call's media from the caller, and a caller behind NAT (sending from another port than
 * its SDP names) is latched after its probation and hears the music.
 */
class StrictRtpIT {
  static Node node;
  static RedisConnections redis;

  @BeforeAll
  static void start() {
    int redisPort = EmbeddedRedis.freePort();
    Map<String, String> settings = new java.util.HashMap<>(TestNodes.randomRtpPorts(400));
    settings.put("redis.embedded.port", String.valueOf(redisPort));
    node = TestNodes.loopback("strict-rtp-it", settings);
    redis = RedisConnections.connect("redis://127.0.0.1:" + redisPort, Duration.ofSeconds(5));
  }

  @AfterAll
  static void stop() {
    if (redis != null) {
      redis.close();
    }
    if (node != null) {
      node.stop();
    }
  }

  @AfterEach
  void nothingLeaks() {
    TestNodes.awaitNothingLeaks(node, Duration.ofSeconds(5));
  }

  /**
   * The stranger starts a perfect in-sequence stream to the call's port before the caller sends anything, at twice
   * the caller's rate, and never stops. Before the caller's first packet the stranger cannot be told from a caller
   * behind NAT (it may be latched: RtpSourceFilter's known limit); from the caller's first packet on, the stranger
   * receives nothing, its packets are dropped and counted, the caller hears the music and its digit reaches the ACD.
   */
  @Test
  void aStrangerWhoSendsFirstAndForeverLosesTheMediaToTheCaller() throws Exception {
    MediaCounters counters = node.media().counters();
    try (SipCaller caller = new SipCaller(node.vertx(), "127.0.0.1", node.sipPort());
        DatagramSocket stranger = socket()) {
      SipResponse ok = caller.invite("+15550100");
      assertThat(ok.status()).isEqualTo(200);
      int callPort = mediaPort(ok);
      try (Sender flood = new Sender(stranger, callPort, 0x6666, 10)) {
        await().atMost(Duration.ofSeconds(3)).until(() -> flood.sent() >= 10); // well past its probation
        caller.ack(ok);
        long strangersBefore = counters.rejectedCount("stranger");
        try (Sender voice = new Sender(caller.rtp, callPort, 0x1111, 20)) {
          await().atMost(Duration.ofSeconds(3)).until(() -> voice.sent() >= 3);
          Thread.sleep(100); // what the node sent before the caller's first packet arrived is in flight
          drain(stranger);
          int floodedBefore = flood.sent();

          assertThat(audibleFrames(caller.rtp, 50)).as("music frames among 50 at the caller").isGreaterThan(25);
          String callId = waitingCallId();
          caller.sendDtmf(ok, '7', 123456);
          await().atMost(Duration.ofSeconds(3))
              .untilAsserted(() -> assertThat(dtmfDigits(callId)).containsExactly("7"));
          assertThat(packetsWithin(stranger, Duration.ofMillis(500))).as("RTP to the stranger").isZero();
          assertThat(counters.rejectedCount("stranger") - strangersBefore)
              .as("the stranger's packets dropped while the caller speaks")
              .isGreaterThanOrEqualTo((flood.sent() - floodedBefore) * 9L / 10);
        }
      }
      assertThat(caller.bye().status()).isEqualTo(200);
    }
  }

  /**
   * The caller's SDP names one port but its RTP comes from another (a NAT): the node sends music to the SDP port
   * until the real source has sent four in-sequence packets, then to the real source only.
   */
  @Test
  void aCallerBehindNatIsLatchedAfterItsProbationAndHearsTheMusic() throws Exception {
    MediaCounters counters = node.media().counters();
    try (SipCaller caller = new SipCaller(node.vertx(), "127.0.0.1", node.sipPort());
        DatagramSocket natted = socket()) {
      SipResponse ok = caller.invite("+15550100");
      assertThat(ok.status()).isEqualTo(200);
      caller.ack(ok);
      assertThat(audibleFrames(caller.rtp, 10)).as("music to the SDP address at first").isGreaterThan(5);
      long probationBefore = counters.rejectedCount("probation");
      try (Sender voice = new Sender(natted, mediaPort(ok), 0x2222, 20)) {
        await().atMost(Duration.ofSeconds(3)).until(() -> voice.sent() >= 6);
        assertThat(counters.rejectedCount("probation") - probationBefore).as("the probation's packets")
            .isEqualTo(3);
        assertThat(audibleFrames(natted, 50)).as("music frames among 50 at the NAT address").isGreaterThan(25);
        drain(caller.rtp);
        assertThat(packetsWithin(caller.rtp, Duration.ofMillis(300))).as("RTP still to the SDP address").isZero();
      }
      assertThat(caller.bye().status()).isEqualTo(200);
    }
  }

  /** Sends a 1 kHz PCMU tone as one stream (an SSRC, sequence + 1 each) every {@code periodMs}, until closed. */
  static final class Sender implements AutoCloseable {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger sent = new AtomicInteger();
    private final Thread thread;

    Sender(DatagramSocket from, int port, int ssrc, long periodMs) {
      byte[] tone = SipCaller.ulawTone(1000);
      thread = new Thread(() -> {
        int seq = ThreadLocalRandom.current().nextInt(0x10000);
        long ts = 0;
        try {
          InetAddress to = InetAddress.getLoopbackAddress();
          while (running.get()) {
            byte[] b = RtpCodec.serialize(RtpPacket.of(sent.get() == 0, 0, seq, ts, ssrc, tone));
            from.send(new DatagramPacket(b, b.length, to, port));
            sent.incrementAndGet();
            seq = (seq + 1) & 0xFFFF;
            ts += 160;
            Thread.sleep(periodMs);
          }
        } catch (Exception e) {
          // socket closed or interrupted: the test is over
        }
      }, "rtp-sender-" + Integer.toHexString(ssrc));
      thread.setDaemon(true);
      thread.start();
    }

    int sent() {
      return sent.get();
    }

    @Override
    public void close() throws InterruptedException {
      running.set(false);
      thread.join(2000);
    }
  }

  private static DatagramSocket socket() throws Exception {
    DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    s.setSoTimeout(300);
    return s;
  }

  private static int mediaPort(SipResponse ok) {
    Matcher m = Pattern.compile("m=audio (\\d+)").matcher(ok.bodyText());
    assertThat(m.find()).as(ok.bodyText()).isTrue();
    return Integer.parseInt(m.group(1));
  }

  /** How many of the next {@code n} datagrams on {@code s} are audible PCMU (a 300 ms timeout counts silent). */
  private static int audibleFrames(DatagramSocket s, int n) throws Exception {
    int audible = 0;
    byte[] buf = new byte[2048];
    short[] pcm = new short[2048];
    for (int i = 0; i < n; i++) {
      DatagramPacket d = new DatagramPacket(buf, buf.length);
      try {
        s.receive(d);
      } catch (SocketTimeoutException e) {
        continue;
      }
      RtpPacket p = RtpCodec.parse(buf, 0, d.getLength());
      if (p.payloadType() == 0) {
        G711.decodeUlaw(p.payload(), 0, p.payload().length, pcm);
        if (Goertzel.rms(pcm, 0, p.payload().length) > Goertzel.SILENCE_RMS) {
          audible++;
        }
      }
    }
    return audible;
  }

  /** Datagrams arriving on {@code s} during {@code window}. */
  private static int packetsWithin(DatagramSocket s, Duration window) throws Exception {
    int n = 0;
    long end = System.nanoTime() + window.toNanos();
    byte[] buf = new byte[2048];
    int timeout = s.getSoTimeout();
    try {
      while (System.nanoTime() < end) {
        s.setSoTimeout((int) Math.max(1, (end - System.nanoTime()) / 1_000_000));
        try {
          s.receive(new DatagramPacket(buf, buf.length));
          n++;
        } catch (SocketTimeoutException e) {
          break;
        }
      }
    } finally {
      s.setSoTimeout(timeout);
    }
    return n;
  }

  private static void drain(DatagramSocket s) throws Exception {
    int timeout = s.getSoTimeout();
    s.setSoTimeout(1);
    byte[] buf = new byte[2048];
    try {
      while (true) {
        s.receive(new DatagramPacket(buf, buf.length));
      }
    } catch (SocketTimeoutException e) {
      // empty
    } finally {
      s.setSoTimeout(timeout);
    }
  }

  private static String waitingCallId() {
    return await().atMost(Duration.ofSeconds(3)).until(
        () -> redis.commands().zrange("sb:{demo}:acd:q:support:waiting", 0, -1).get(), l -> !l.isEmpty()).get(0);
  }

  private static List<String> dtmfDigits(String callId) throws Exception {
    return redis.commands().xrange("sb:{demo}:events", Range.create("-", "+")).get().stream()
        .map(StreamMessage::getBody)
        .filter(b -> "call.dtmf".equals(b.get("type")) && callId.equals(b.get("callId")))
        .map(b -> b.get("digit"))
        .toList();
  }
}
