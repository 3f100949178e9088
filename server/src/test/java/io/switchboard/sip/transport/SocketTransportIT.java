package io.switchboard.sip.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link SocketTransport} on real sockets.
 *
 * <p>The SIP UDP socket keeps what arrives while its event loop is busy. Under load (docs/benchmarks.md: load average
 * 9–16 on 2 cores, the loop shared with RTP) the loop stalls for hundreds of ms; the kernel then holds every
 * datagram in the socket's receive buffer, and drops what does not fit. With the buffer the transport used to ask
 * for (SO_RCVBUF 64 KiB, tied by Vert.x to the largest message) about a hundred small requests fit: the callers'
 * ACKs and BYEs beyond that were dropped, and a BYE whose loss sipp hid (it took a retransmitted 200 to the INVITE
 * as the BYE's answer) left the call up for good.
 *
 * <p>With both ports 0, the transport binds UDP first and TCP on the same number; when that TCP port is already
 * taken it binds both again. That retry once failed on the reused TCP server ("Listen already called", thrown out
 * of start), so a node could fail to start, depending on which port the kernel happened to pick.
 */
class SocketTransportIT {
  /** TCP ports held so that a random UDP pick often finds its TCP twin taken (about a quarter of the range). */
  static final int HELD = 7000;
  static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @Test
  void requestsArrivingDuringAStallOfTheLoopAreAllDelivered() throws Exception {
    // the per-source flood limit lifted: one socket sends everything here (as one sipp process does)
    SocketTransport t = SocketTransport.start(vertx, SipOptions.DEFAULTS.withFlood(100_000, 100_000), "127.0.0.1", 0,
        0).await();
    AtomicInteger received = new AtomicInteger();
    t.listener((m, src) -> received.incrementAndGet());
    int n = 600;
    try (DatagramSocket out = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      CountDownLatch stalled = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      t.context().runOnContext(v -> { // the loop is busy (a GC pause, a CPU-starved machine, a burst of RTP work)
        stalled.countDown();
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      assertThat(stalled.await(5, TimeUnit.SECONDS)).isTrue();
      for (int i = 0; i < n; i++) {
        byte[] b = bye(i, out.getLocalPort()).getBytes(StandardCharsets.US_ASCII);
        out.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), t.udpPort()));
      }
      release.countDown();
      await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ofMillis(300))
          .untilAsserted(() -> assertThat(received.get()).as("requests delivered of " + n).isEqualTo(n));
      assertThat(t.refused(Refusal.FLOOD)).as("refused by the flood limiter").isZero();
    } finally {
      t.close().await();
    }
  }

  @Test
  void takenTcpTwinIsRetriedWithFreshListeners() throws IOException {
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    List<ServerSocket> held = new ArrayList<>();
    List<SocketTransport> started = new ArrayList<>();
    try {
      for (int i = 0; i < HELD; i++) {
        held.add(new ServerSocket(0, 1, loopback));
      }
      SocketTransport retried = null;
      for (int i = 0; i < 60 && retried == null; i++) { // P(no collision in 60) < 1e-6 with a quarter held
        SocketTransport t = SocketTransport.start(vertx, SipOptions.DEFAULTS, "127.0.0.1", 0, 0).await();
        started.add(t);
        assertThat(t.tcpPort()).as("one number for UDP and TCP").isEqualTo(t.udpPort());
        if (t.listenAttempts() > 1) {
          retried = t;
        }
      }
      assertThat(retried).as("no start met a taken TCP twin: the test did not provoke the retry").isNotNull();
    } finally {
      for (SocketTransport t : started) {
        t.close().await();
      }
      for (ServerSocket s : held) {
        s.close();
      }
    }
  }

  @Test
  void aProbeComesBackThroughTheSocketAndAForgedOneDoesNot() throws Exception {
    SocketTransport t = SocketTransport.start(vertx, SipOptions.DEFAULTS, "127.0.0.1", 0, 0).await();
    java.util.concurrent.BlockingQueue<Long> read = new java.util.concurrent.LinkedBlockingQueue<>();
    AtomicInteger messages = new AtomicInteger();
    t.onProbe(read::add);
    t.listener((m, src) -> messages.incrementAndGet());
    try (DatagramSocket out = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      t.context().runOnContext(v -> t.sendProbe(123_456_789L));
      assertThat(read.poll(5, TimeUnit.SECONDS)).isEqualTo(123_456_789L);
      // the magic without the transport's secret: not a probe (and not SIP either)
      byte[] forged = java.nio.ByteBuffer.allocate(24).putLong(0x5342_5052_4F42_4500L).putLong(42).putLong(7)
          .array();
      out.send(new DatagramPacket(forged, forged.length, InetAddress.getLoopbackAddress(), t.udpPort()));
      Thread.sleep(300);
      assertThat(read).as("a forged probe is not taken").isEmpty();
      assertThat(messages.get()).as("nor passed up as a message").isZero();
    } finally {
      t.close().await();
    }
  }

  /** A BYE as sipp sends it (~420 bytes). */
  private static String bye(int i, int port) {
    return "BYE sip:+15550100@127.0.0.1:5060 SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP 127.0.0.1:" + port + ";branch=z9hG4bK-4242-" + i + "-6\r\n"
        + "From: \"sipp\" <sip:+15557650000@127.0.0.1:" + port + ">;tag=4242SIPpTag00" + i + "\r\n"
        + "To: <sip:+15550100@127.0.0.1:5060>;tag=abcdef0123456789\r\n"
        + "Call-ID: " + i + "-4242@127.0.0.1\r\n"
        + "CSeq: 2 BYE\r\n"
        + "Contact: <sip:sipp@127.0.0.1:" + port + ">\r\n"
        + "Max-Forwards: 70\r\n"
        + "Content-Length: 0\r\n\r\n";
  }
}
