package io.switchboard.sip.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.sip.transaction.SipNode;
import io.switchboard.sip.transaction.TransactionLayer;
import io.switchboard.sip.transaction.VertxTimers;
import io.vertx.core.Vertx;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link SocketTransport} on real sockets with both address families, TLS, and responses that must follow the
 * transport a request came on (RFC 3261 §18.2.2), under a transaction layer that answers every request 200.
 *
 * <p>A wildcard bind once meant IPv4 only for UDP; over TCP on IPv6 the node wrote {@code received=0:0:0:0:0:0:0:1}
 * into the Via and then failed to parse its own Via ("Bad Via header"), so the OPTIONS went unanswered. A UDP
 * request whose Via said TCP was answered by a new TCP connection to port 5060, and the answer was lost.
 */
class TransportFamiliesIT {
  static Vertx vertx;
  static SocketTransport wildcard;
  static final AtomicInteger requests = new AtomicInteger();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    wildcard = SocketTransport.start(vertx, SipOptions.DEFAULTS.withTls(SipTls.selfSigned(0)), "0.0.0.0",
        "127.0.0.1", 0, 0).await();
    SipNode.on(wildcard, () -> new TransactionLayer(wildcard, new VertxTimers(wildcard.context()),
        SipOptions.DEFAULTS, tx -> {
          requests.incrementAndGet();
          tx.respond(200);
        }));
  }

  @AfterAll
  static void stop() {
    wildcard.close().await();
    vertx.close().await();
  }

  @Test
  void aWildcardBindAnswersUdpOverIpv6AndIpv4() throws Exception {
    for (String family : new String[] {"::1", "127.0.0.1"}) {
      InetAddress local = InetAddress.getByName(family);
      try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(local, 0))) {
        s.setSoTimeout(5000);
        String host = family.contains(":") ? "[" + family + "]" : family;
        send(s, options("UDP", host + ":9", "rport"), local, wildcard.udpPort());
        String answer = receive(s);
        assertThat(answer).as("over " + family).startsWith("SIP/2.0 200");
        // RFC 5118 §4.5 / RFC 3261: received is the bare address, in its short form
        assertThat(topVia(answer)).as(answer)
            .isEqualTo("SIP/2.0/UDP " + host + ":9;branch=z9hG4bK-fam-" + branches.get() + ";rport=" + s.getLocalPort()
                + ";received=" + family);
      }
    }
  }

  @Test
  void optionsOverTcpOnIpv6IsAnsweredOnTheConnectionWithAParsableVia() throws Exception {
    try (Socket s = new Socket(InetAddress.getByName("::1"), wildcard.tcpPort())) {
      s.setSoTimeout(5000);
      s.getOutputStream().write(options("TCP", "[::1]:9", "rport").getBytes(StandardCharsets.US_ASCII));
      String answer = readMessage(s.getInputStream());
      assertThat(answer).startsWith("SIP/2.0 200");
      assertThat(topVia(answer)).isEqualTo("SIP/2.0/TCP [::1]:9;branch=z9hG4bK-fam-" + branches.get()
          + ";rport=" + s.getLocalPort() + ";received=::1");
    }
  }

  @Test
  void aUdpRequestWhoseViaSaysTcpIsAnsweredOverUdpToItsSource() throws Exception {
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    int connectionsBefore = SipNode.on(wildcard, wildcard::connectionCount);
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
      s.setSoTimeout(5000);
      // no rport: §18.2.2 sends to the received address (here the sent-by host) and the sent-by port, over UDP
      send(s, options("TCP", "127.0.0.1:" + s.getLocalPort(), null), loopback, wildcard.udpPort());
      String answer = receive(s);
      assertThat(answer).startsWith("SIP/2.0 200");
      assertThat(topVia(answer)).startsWith("SIP/2.0/TCP 127.0.0.1:" + s.getLocalPort());
    }
    assertThat(SipNode.on(wildcard, wildcard::connectionCount)).as("no TCP connection opened for the answer")
        .isEqualTo(connectionsBefore);
  }

  @Test
  void optionsOverTlsIsAnsweredOnTheTlsConnectionWithTheSelfSignedCertificate() throws Exception {
    assertThat(wildcard.tlsPort()).isPositive().isNotEqualTo(wildcard.tcpPort());
    SSLContext ctx = SSLContext.getInstance("TLS");
    X509Certificate[][] seen = new X509Certificate[1][];
    ctx.init(null, new TrustManager[] {new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) {
        seen[0] = chain; // the test trusts whatever it is shown, and checks it below
      }

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    }}, null);
    try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", wildcard.tlsPort())) {
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      out.write(options("TLS", "127.0.0.1:9", "rport").getBytes(StandardCharsets.US_ASCII));
      String answer = readMessage(s.getInputStream());
      assertThat(answer).startsWith("SIP/2.0 200");
      assertThat(topVia(answer)).startsWith("SIP/2.0/TLS 127.0.0.1:9;branch=z9hG4bK-fam-" + branches.get() + ";rport=");
      assertThat(seen[0]).as("the listener presented a certificate").isNotEmpty();
      assertThat(seen[0][0].getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))))
          .contains("127.0.0.1", "localhost");
    }
  }

  @Test
  void plainTcpToTheTlsPortGetsNothing() throws Exception {
    int before = requests.get();
    try (Socket s = new Socket(InetAddress.getByName("127.0.0.1"), wildcard.tlsPort())) {
      s.setSoTimeout(1500);
      s.getOutputStream().write(options("TCP", "127.0.0.1:9", "rport").getBytes(StandardCharsets.US_ASCII));
      try {
        int b = s.getInputStream().read();
        assertThat(b).as("no SIP answer over a plain connection to the TLS port").isNotEqualTo('S');
      } catch (SocketTimeoutException | java.net.SocketException expected) {
        // closed or silent: either way not answered
      }
    }
    assertThat(requests.get()).isEqualTo(before);
  }

  static final AtomicInteger branches = new AtomicInteger();

  /** An OPTIONS with a branch of its own (a reused branch and sent-by would be taken for a retransmission). */
  static String options(String transport, String sentBy, String viaParam) {
    return "OPTIONS sip:node@127.0.0.1 SIP/2.0\r\n"
        + "Via: SIP/2.0/" + transport + " " + sentBy + ";branch=z9hG4bK-fam-" + branches.incrementAndGet()
        + (viaParam == null ? "" : ";" + viaParam)
        + "\r\n"
        + "Max-Forwards: 70\r\n"
        + "From: <sip:probe@test.invalid>;tag=fam\r\n"
        + "To: <sip:node@127.0.0.1>\r\n"
        + "Call-ID: fam-" + System.nanoTime() + "\r\n"
        + "CSeq: 1 OPTIONS\r\n"
        + "Content-Length: 0\r\n\r\n";
  }

  private static void send(DatagramSocket s, String message, InetAddress to, int port) throws Exception {
    byte[] b = message.getBytes(StandardCharsets.US_ASCII);
    s.send(new DatagramPacket(b, b.length, to, port));
  }

  private static String receive(DatagramSocket s) throws Exception {
    DatagramPacket p = new DatagramPacket(new byte[65535], 65535);
    s.receive(p);
    return new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII);
  }

  /** One message without a body, read up to the blank line. */
  static String readMessage(InputStream in) throws Exception {
    StringBuilder b = new StringBuilder();
    while (!b.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        break;
      }
      b.append((char) c);
    }
    return b.toString();
  }

  static String topVia(String message) {
    for (String line : message.split("\r\n")) {
      if (line.startsWith("Via:") || line.startsWith("v:")) {
        return line.substring(line.indexOf(':') + 1).trim();
      }
    }
    throw new AssertionError("no Via in " + message);
  }
}
