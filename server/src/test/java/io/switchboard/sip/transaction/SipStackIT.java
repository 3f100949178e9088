package io.switchboard.sip.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.sip.SipHeaders;
import io.switchboard.sip.SipParser;
import io.switchboard.sip.SipRequest;
import io.switchboard.sip.SipResponse;
import io.switchboard.sip.dialog.Dialog;
import io.switchboard.sip.transport.Destination;
import io.switchboard.sip.transport.Protocol;
import io.switchboard.sip.transport.Refusal;
import io.switchboard.sip.transport.SipOptions;
import io.vertx.core.Vertx;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Transport + transactions on real sockets on 127.0.0.1. Timers scaled down (T1 = 40 ms, so 64*T1 is
 * 2.56 s) to keep the class to seconds; one warm-up exchange first, so class loading on a busy
 * machine does not eat into a test's Timer F.
 */
class SipStackIT {
  static final SipOptions FAST = SipOptions.DEFAULTS.withTimers(40, 320, 100).withTryingDelay(0);
  static Vertx vertx;
  final List<SipNode> nodes = new ArrayList<>();
  final List<SipRequest> served = new CopyOnWriteArrayList<>();
  final List<Destination> servedFrom = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void up() {
    vertx = Vertx.vertx();
    SipOptions patient = SipOptions.DEFAULTS.withTryingDelay(0);
    try (SipNode a = SipNode.start(vertx, patient, tx -> tx.respond(200))) {
      Destination self = a.udp();
      a.on(() -> a.layer.send(request("OPTIONS", self), self)).response().await();
    }
  }

  @AfterAll
  static void down() {
    vertx.close().await();
  }

  @AfterEach
  void closeNodes() {
    nodes.forEach(SipNode::close);
  }

  SipNode node(SipOptions o, TransactionUser tu) {
    SipNode n = SipNode.start(vertx, o, tu);
    nodes.add(n);
    return n;
  }

  /** A UAS answering 200 to everything (with a Contact, so an INVITE makes a dialog). */
  SipNode answering(SipOptions o) {
    return node(o, tx -> {
      served.add(tx.request());
      servedFrom.add(tx.source());
      SipResponse ok = tx.createResponse(200);
      tx.respond(ok.withHeaders(ok.headers().toBuilder().add("Contact", "<sip:uas@127.0.0.1>").build()));
    });
  }

  SipNode client() {
    return node(FAST, tx -> tx.respond(501));
  }

  static SipRequest request(String method, Destination to) {
    SipHeaders h = SipHeaders.builder().add("Max-Forwards", "70")
        .add("From", "<sip:alice@127.0.0.1>;tag=" + SipIds.tag())
        .add("To", "<sip:bob@127.0.0.1>").add("Call-ID", SipIds.callId("127.0.0.1")).add("CSeq", "1 " + method)
        .add("Contact", "<sip:alice@127.0.0.1>").build();
    return new SipRequest(method, "sip:bob@" + to.address(), h, new byte[0]);
  }

  @Test
  void udpClientAgainstUdpServerAndCountsBackToZero() {
    SipNode uas = answering(FAST);
    SipNode uac = client();
    ClientTransaction tx = uac.on(() -> uac.layer.send(request("OPTIONS", uas.udp()), uas.udp()));
    SipResponse r = tx.response().await();
    assertThat(r.status()).isEqualTo(200);
    assertThat(served).hasSize(1);
    assertThat(served.get(0).topVia().received()).contains("127.0.0.1"); // asked rport: received + rport added
    assertThat(served.get(0).topVia().rport()).hasValue(uac.transport.udpPort());
    await().atMost(Duration.ofSeconds(5)).until(() -> uas.active() == 0 && uac.active() == 0);
  }

  @Test
  void tcpInviteAckByeWithDialogsOnOneConnection() {
    SipNode uas = answering(FAST);
    SipNode uac = client();
    SipRequest invite = request("INVITE", uas.tcp());
    ClientTransaction tx = uac.on(() -> uac.layer.send(invite, uas.tcp()));
    SipResponse ok = tx.response().await();
    assertThat(ok.status()).isEqualTo(200);
    Dialog d = Dialog.asUac(tx.request(), ok, "sip:alice@127.0.0.1");
    uac.on(() -> uac.layer.sendAck(d.ack(1), uas.tcp())).await();
    ClientTransaction bye = uac.on(() -> uac.layer.send(d.newRequest("BYE"), uas.tcp()));
    assertThat(bye.response().await().status()).isEqualTo(200);
    assertThat(served).extracting(SipRequest::method).containsExactly("INVITE", "BYE");
    assertThat(servedFrom).allMatch(s -> s.protocol() == Protocol.TCP);
    assertThat(uas.on(uas.transport::connectionCount)).isEqualTo(1); // reused both ways
    await().atMost(Duration.ofSeconds(5)).until(() -> uas.active() == 0 && uac.active() == 0);
  }

  @Test
  void cancelOverTheWireGets200And487AndEverythingEnds() {
    List<ServerTransaction> ringing = new CopyOnWriteArrayList<>();
    SipNode uas = node(FAST, tx -> {
      tx.respond(180);
      ringing.add(tx);
    });
    SipNode uac = client();
    List<Integer> provisional = new CopyOnWriteArrayList<>();
    // the listener is set in the same event-loop task as the send: set from the test thread it could miss the
    // 180 (loopback answers within a millisecond, and a provisional response stops the INVITE's retransmissions)
    ClientTransaction invite = uac.on(() -> {
      ClientTransaction tx = uac.layer.send(request("INVITE", uas.udp()), uas.udp());
      tx.onProvisional(r -> provisional.add(r.status()));
      return tx;
    });
    await().atMost(Duration.ofSeconds(2)).until(() -> !provisional.isEmpty());
    ClientTransaction cancel = uac.on(() -> uac.layer.send(Cancels.create(invite), invite.destination()));
    assertThat(cancel.response().await().status()).isEqualTo(200);
    assertThat(invite.response().await().status()).isEqualTo(487);
    assertThat(ringing.get(0).state()).isIn(ServerTransaction.State.COMPLETED, ServerTransaction.State.CONFIRMED,
        ServerTransaction.State.TERMINATED);
    await().atMost(Duration.ofSeconds(8)).until(() -> uas.active() == 0 && uac.active() == 0);
  }

  @Test
  void tcpFramingErrorGets400AndClosesOnlyThatConnection() throws Exception {
    SipNode uas = answering(FAST);
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", uas.transport.tcpPort())) {
      s.setSoTimeout(2000);
      String noLength = new String(raw("127.0.0.1", s.getLocalPort(), "z9hG4bKtcp", true), StandardCharsets.UTF_8)
          .replace("Content-Length: 0\r\n", "").replace("UDP", "TCP");
      s.getOutputStream().write(noLength.getBytes(StandardCharsets.UTF_8));
      byte[] buf = s.getInputStream().readAllBytes(); // until the server closes
      SipResponse r = (SipResponse) new SipParser().parse(buf);
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.reason()).isEqualTo("Missing Content-Length header");
    }
    SipNode uac = client();
    ClientTransaction tx = uac.on(() -> uac.layer.send(request("OPTIONS", uas.tcp()), uas.tcp()));
    assertThat(tx.response().await().status()).isEqualTo(200);
  }

  @Test
  void idleTcpConnectionsAreClosed() {
    SipOptions idle = FAST.withTcpIdleTimeout(300);
    SipNode uas = answering(idle);
    SipNode uac = node(idle, tx -> tx.respond(501));
    ClientTransaction tx = uac.on(() -> uac.layer.send(request("OPTIONS", uas.tcp()), uas.tcp()));
    assertThat(tx.response().await().status()).isEqualTo(200);
    assertThat(uac.on(uac.transport::connectionCount)).isEqualTo(1);
    await().atMost(Duration.ofSeconds(3)).until(() -> uac.on(uac.transport::connectionCount) == 0
        && uas.on(uas.transport::connectionCount) == 0);
  }

  @Test
  void retransmissionsReallyArriveWhenTheServerIsSilent() throws Exception {
    SipNode uac = client();
    try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      silent.setSoTimeout(1000);
      Destination to = new Destination(Protocol.UDP, "127.0.0.1", silent.getLocalPort());
      ClientTransaction tx = uac.on(() -> uac.layer.send(request("OPTIONS", to), to));
      List<String> branches = new ArrayList<>();
      long start = System.nanoTime();
      while (branches.size() < 4) {
        DatagramPacket p = new DatagramPacket(new byte[4000], 4000);
        silent.receive(p);
        SipRequest got = (SipRequest) new SipParser().parse(p.getData(), 0, p.getLength());
        branches.add(got.topVia().branch().orElseThrow());
      }
      long elapsedMs = (System.nanoTime() - start) / 1_000_000;
      assertThat(branches).containsOnly(tx.request().topVia().branch().orElseThrow());
      assertThat(elapsedMs).isGreaterThanOrEqualTo(200); // 40 + 80 + 160 ms between the four (E doubling)
      assertThat(tx.response().await().status()).isEqualTo(408); // Timer F
      assertThat(uac.active()).isZero();
    }
  }

  @Test
  void malformedDatagramGets400AndTheNextRequestIsServed() throws Exception {
    SipNode uas = answering(FAST);
    try (DatagramSocket peer = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      peer.setSoTimeout(2000);
      send(peer, uas, raw(peer, "z9hG4bKbad1", false));
      SipResponse bad = receive(peer);
      assertThat(bad.status()).isEqualTo(400);
      assertThat(bad.reason()).isEqualTo("Missing Max-Forwards header");
      send(peer, uas, raw(peer, "z9hG4bKgood1", true));
      assertThat(receive(peer).status()).isEqualTo(200);
      send(peer, uas, "\u0001garbage".getBytes(StandardCharsets.ISO_8859_1));
      assertThat(uas.on(() -> uas.transport.refused(Refusal.ANSWERED))).isEqualTo(1);
      await().atMost(Duration.ofSeconds(2)).until(() -> uas.on(() -> uas.transport.refused(Refusal.MALFORMED)) == 1);
    }
  }

  @Test
  void oversizedDatagramIsDroppedAndCounted() throws Exception {
    SipNode uas = answering(new SipOptions(20, 160, 100, 0, 1300, 60_000, 200, 400,
        new io.switchboard.sip.SipLimits(2000, 64)));
    try (DatagramSocket peer = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      peer.setSoTimeout(500);
      String big = new String(raw(peer, "z9hG4bKbig", true), StandardCharsets.UTF_8)
          .replace("Max-Forwards: 70", "Max-Forwards: 70\r\nSubject: " + "x".repeat(3000));
      send(peer, uas, big.getBytes(StandardCharsets.UTF_8));
      assertThat(receiveOrNull(peer)).isNull();
      assertThat(uas.on(() -> uas.transport.refused(Refusal.OVERSIZE))).isEqualTo(1);
      send(peer, uas, raw(peer, "z9hG4bKsmall", true));
      assertThat(receive(peer).status()).isEqualTo(200);
    }
  }

  @Test
  void largeUdpRequestGoesOverTcp() {
    SipNode uas = answering(FAST);
    SipNode uac = client();
    SipRequest big = request("MESSAGE", uas.udp()).withBody("y".repeat(1500).getBytes(StandardCharsets.UTF_8));
    ClientTransaction tx = uac.on(() -> uac.layer.send(big, uas.udp()));
    assertThat(tx.destination().protocol()).isEqualTo(Protocol.TCP); // §18.1.1
    assertThat(tx.request().topVia().transport()).isEqualTo("TCP");
    assertThat(tx.response().await().status()).isEqualTo(200);
    assertThat(servedFrom.get(0).protocol()).isEqualTo(Protocol.TCP);
  }

  @Test
  void floodFromOneSourceIsLimitedWhileAnotherIsServed() throws Exception {
    SipNode uas = answering(FAST.withFlood(5, 10));
    try (DatagramSocket flooder = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        DatagramSocket other = new DatagramSocket(new InetSocketAddress("127.0.0.2", 0))) {
      for (int i = 0; i < 100; i++) {
        send(flooder, uas, raw(flooder, "z9hG4bKflood" + i, true));
      }
      flooder.setSoTimeout(300);
      int answered = 0;
      while (receiveOrNull(flooder) != null) {
        answered++;
      }
      assertThat(answered).isBetween(10, 14); // the burst, plus what refilled meanwhile
      other.setSoTimeout(2000);
      send(other, uas, raw(other, "z9hG4bKother", true));
      assertThat(receive(other).status()).isEqualTo(200);
      assertThat(uas.on(() -> uas.transport.refused(Refusal.FLOOD))).isGreaterThanOrEqualTo(86);
      await().atMost(Duration.ofSeconds(5)).until(() -> uas.active() == 0);
    }
  }

  static byte[] raw(DatagramSocket from, String branch, boolean valid) {
    return raw(from.getLocalAddress().getHostAddress(), from.getLocalPort(), branch, valid);
  }

  /** An OPTIONS as a peer would write it; without Max-Forwards when not {@code valid}. */
  static byte[] raw(String host, int port, String branch, boolean valid) {
    String s = "OPTIONS sip:bob@127.0.0.1 SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP " + host + ":" + port + ";branch=" + branch
        + (valid ? "\r\nMax-Forwards: 70" : "") + "\r\nFrom: <sip:raw@127.0.0.1>;tag=r1\r\nTo: <sip:bob@127.0.0.1>\r\n"
        + "Call-ID: " + branch + "@raw\r\n"
        + "CSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static void send(DatagramSocket s, SipNode to, byte[] bytes) throws Exception {
    s.send(new DatagramPacket(bytes, bytes.length, InetAddress.getByName("127.0.0.1"), to.transport.udpPort()));
  }

  static SipResponse receive(DatagramSocket s) throws Exception {
    SipResponse r = receiveOrNull(s);
    assertThat(r).as("a response").isNotNull();
    return r;
  }

  static SipResponse receiveOrNull(DatagramSocket s) throws Exception {
    DatagramPacket p = new DatagramPacket(new byte[65536], 65536);
    try {
      s.receive(p);
    } catch (SocketTimeoutException e) {
      return null;
    }
    return (SipResponse) new SipParser().parse(p.getData(), 0, p.getLength());
  }
}
