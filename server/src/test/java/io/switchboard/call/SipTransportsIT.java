package io.switchboard.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.switchboard.support.SippPorts;
import io.switchboard.Node;
import io.switchboard.acd.TenantStats;
import io.switchboard.support.BaresipCaller;
import io.switchboard.support.TestNodes;
import io.switchboard.support.Tools;
import io.switchboard.sip.SipHeaders;
import io.switchboard.sip.SipRequest;
import io.switchboard.sip.SipResponse;
import io.switchboard.sip.SipUri;
import io.switchboard.sip.dialog.Dialog;
import io.switchboard.sip.transaction.SipIds;
import io.switchboard.sip.transaction.SipNode;
import io.switchboard.sip.transaction.TransactionLayer;
import io.switchboard.sip.transaction.VertxTimers;
import io.switchboard.sip.transport.Destination;
import io.switchboard.sip.transport.Protocol;
import io.switchboard.sip.transport.SipOptions;
import io.switchboard.sip.transport.SipTls;
import io.switchboard.sip.transport.SocketTransport;
import io.switchboard.sip.transport.TlsFiles;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node's SIP transports from outside: baresip (Debian's, which speaks TLS) calls over TLS, a client of our own
 * stack calls sips: with verification on, sipp sends over UDP what claims to be TCP. The node's certificate comes
 * from PEM files (sip.tls.cert-file/key-file); baresip 1.0 does not verify it.
 */
class SipTransportsIT {
  static Node node;
  static Path certDir;
  static TlsFiles.Pair tls;

  @BeforeAll
  static void start() throws Exception {
    certDir = Files.createTempDirectory("sip-tls");
    tls = TlsFiles.selfSigned(certDir, "127.0.0.1");
    // overload shedding off: on a loaded test machine it answers 503 to the first calls, which is not under test here
    node = TestNodes.loopback("transports-it", Map.of("sip.overload.max-wait-ms", "0",
        "sip.tls.cert-file", tls.cert().toString(), "sip.tls.key-file", tls.key().toString()));
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.stop();
    }
    Files.deleteIfExists(tls.cert());
    Files.deleteIfExists(tls.key());
    Files.deleteIfExists(certDir);
  }

  @Test
  void aCallOverTlsIsAnsweredQueuedAndEndedByTheCallersBye() throws Exception {
    String log = callAndHangUp("sip:+15550100@127.0.0.1:" + node.sipTlsPort(), ";transport=tls");
    assertThat(contactOf200(log)).as(log).isEqualTo("<sip:127.0.0.1:" + node.sipTlsPort() + ";transport=tls>");
    assertThat(log).contains("SIP/2.0/TLS");
  }

  /**
   * The node ends a TLS caller's call (its agent hangs up): the BYE goes back over the caller's own TLS connection,
   * the one way to reach a caller that listens on no port the node could connect to.
   */
  @Test
  void theNodesByeReachesATlsCallerOverItsOwnConnection() throws Exception {
    String password = "tls-agent-password";
    node.directory().put("demo", io.switchboard.directory.Kind.AGENT, "tls-agent", new io.vertx.core.json.JsonObject()
        .put("username", "tls-agent").put("displayName", "tls-agent")
        .put("roles", new io.vertx.core.json.JsonArray().add("agent"))
        .put("skills", new io.vertx.core.json.JsonObject().put("support", 3))
        .put("queues", new io.vertx.core.json.JsonArray().add("support"))
        .put("password", password), null).await();
    String token = TestNodes.login(node.httpPort(), "demo", "tls-agent", password);
    io.vertx.core.http.WebSocketClient ws = node.vertx().createWebSocketClient();
    try (BaresipCaller caller = BaresipCaller.dialUri("sip:+15550100@127.0.0.1:" + node.sipTlsPort(),
        ";transport=tls", 440, 30);
         io.switchboard.signaling.WsClient agent = io.switchboard.signaling.WsClient.connect(ws, node.httpPort(),
             token)) {
      agent.next("hello");
      await().atMost(Duration.ofSeconds(8)).untilAsserted(() ->
          assertThat(node.calls().activeCalls()).as(caller.log()).isEqualTo(1));
      agent.request("a", new io.vertx.core.json.JsonObject().put("type", "state.set").put("state", "available"));
      String callId = agent.next("call.offered").getString("callId");
      agent.request("acc", new io.vertx.core.json.JsonObject().put("type", "call.accept").put("callId", callId));
      assertThat(agent.request("hup", new io.vertx.core.json.JsonObject().put("type", "call.hangup")
          .put("callId", callId)).getString("type")).isEqualTo("ack");
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(caller.log()).as("baresip received the node's BYE and answered it")
              .containsPattern("BYE sip:[^\\r\\n]+ SIP/2.0[\\s\\S]*SIP/2.0 200 OK[^\\n]*\\r?\\n[\\s\\S]*CSeq: *\\d+ BYE"));
      assertThat(caller.waitFor(0)).as("baresip is still running: the call ended by the BYE, not by its timer")
          .isFalse();
      await().atMost(Duration.ofSeconds(5)).until(() -> node.calls().activeCalls() == 0);
      agent.request("wrap", new io.vertx.core.json.JsonObject().put("type", "wrapup.done").put("callId", callId)
          .put("disposition", "resolved"));
    } finally {
      ws.close().await();
    }
  }

  /**
   * RFC 3261 §26.2.2: a sips: Request-URI over TLS gets a sips: Contact. The caller is this project's own stack
   * (baresip 1.0 cannot dial sips:) with TLS verification on, trusting the node's certificate file (sip.tls.ca-file).
   */
  @Test
  void aSipsInviteOverVerifiedTlsGetsASipsContactAndItsByeEndsTheCall() throws Exception {
    Vertx vertx = Vertx.vertx();
    SipOptions trusting = SipOptions.DEFAULTS.withTls(
        new SipTls(0, Optional.empty(), Optional.empty(), Optional.of(tls.cert().toString())));
    SocketTransport t = SocketTransport.start(vertx, trusting, "127.0.0.1", 0, 0).await();
    try {
      TransactionLayer layer = SipNode.on(t,
          () -> new TransactionLayer(t, new VertxTimers(t.context()), trusting, tx -> tx.respond(200)));
      String uri = "sips:+15550100@127.0.0.1:" + node.sipTlsPort();
      SipRequest invite = new SipRequest("INVITE", uri, SipHeaders.builder()
          .add("Max-Forwards", "70")
          .add("From", "<sips:+15557654321@127.0.0.1>;tag=" + SipIds.tag())
          .add("To", "<" + uri + ">")
          .add("Call-ID", SipIds.callId("127.0.0.1"))
          .add("CSeq", "1 INVITE")
          .add("Contact", "<sips:caller@127.0.0.1:" + t.tlsPort() + ">")
          .add("Content-Type", "application/sdp")
          .build(), ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
              + "m=audio 9 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n").getBytes(StandardCharsets.UTF_8));
      SipResponse ok = SipNode.on(t, () -> layer.send(invite, Destination.of(SipUri.parse(uri)))).response()
          .await();
      assertThat(ok.status()).isEqualTo(200);
      assertThat(ok.headers().first("Contact")).contains("<sips:127.0.0.1:" + node.sipTlsPort() + ">");
      Dialog dialog = Dialog.asUac(invite, ok, "sips:caller@127.0.0.1:" + t.tlsPort());
      assertThat(dialog.nextHop()).isEqualTo(new Destination(Protocol.TLS, "127.0.0.1", node.sipTlsPort()));
      SipNode.on(t, () -> layer.sendAck(dialog.ack(1), dialog.nextHop())).await();
      await().atMost(Duration.ofSeconds(5)).until(() -> node.calls().activeCalls() == 1);
      SipResponse byeOk = SipNode.on(t, () -> layer.send(dialog.newRequest("BYE"), dialog.nextHop())).response()
          .await();
      assertThat(byeOk.status()).isEqualTo(200);
      assertThat(SipNode.on(t, t::connectionCount)).as("one TLS connection, reused for ACK and BYE").isEqualTo(1);
      await().atMost(Duration.ofSeconds(5)).until(() -> node.calls().activeCalls() == 0);
    } finally {
      t.close().await();
      vertx.close().await();
    }
  }

  /** Security on by default: the TLS client refuses a certificate it has no reason to trust. */
  @Test
  void theTlsClientRefusesTheNodesCertificateWithoutTheCa() throws Exception {
    Vertx vertx = Vertx.vertx();
    SipOptions jvmTrust = SipOptions.DEFAULTS.withTls(SipTls.selfSigned(0));
    SocketTransport t = SocketTransport.start(vertx, jvmTrust, "127.0.0.1", 0, 0).await();
    try {
      SipRequest options = new SipRequest("OPTIONS", "sip:node@127.0.0.1", SipHeaders.builder()
          .add("Via", "SIP/2.0/TLS 127.0.0.1;branch=z9hG4bK-untrusted").add("Max-Forwards", "70")
          .add("From", "<sip:probe@127.0.0.1>;tag=1").add("To", "<sip:node@127.0.0.1>")
          .add("Call-ID", SipIds.callId("127.0.0.1")).add("CSeq", "1 OPTIONS").build(), new byte[0]);
      Destination to = new Destination(Protocol.TLS, "127.0.0.1", node.sipTlsPort());
      Future<Void> sent = SipNode.on(t, () -> t.send(t.prepare(options, to).request(), to));
      assertThatThrownBy(sent::await).hasStackTraceContaining("SSLHandshakeException");
    } finally {
      t.close().await();
      vertx.close().await();
    }
  }

  /** RFC 3261 §18.2.2: the answer goes back over UDP, where the request came from (it once went to TCP 5060). */
  @Test
  void aUdpOptionsWhoseViaSaysTcpIsAnsweredOverUdp() throws Exception {
    Path sipp = Tools.require("sipp");
    Path scenario = Path.of(getClass().getResource("/sipp/options-via-tcp.xml").toURI());
    Path out = Files.createTempFile("sipp-via-tcp", ".log");
    try {
      Process p = new ProcessBuilder(sipp.toString(), "-sf", scenario.toString(), "-s", "node", "-t", "u1",
          "-i", "127.0.0.1", "-p", String.valueOf(SippPorts.freeSignalingPort()), "-m", "1", "-nostdin",
          "-timeout", "20s", "-timeout_error", "127.0.0.1:" + node.sipPort())
          .redirectErrorStream(true).redirectOutput(out.toFile()).start();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(Files.readString(out)).isZero();
    } finally {
      Files.deleteIfExists(out);
    }
  }

  private static String callAndHangUp(String uri, String accountParams) throws Exception {
    long abandonedBefore = queue().abandoned();
    try (BaresipCaller caller = BaresipCaller.dialUri(uri, accountParams, 440, 6)) {
      await().atMost(Duration.ofSeconds(8)).untilAsserted(() -> {
        assertThat(node.calls().activeCalls()).as(caller.log()).isEqualTo(1);
        assertThat(queue().waiting()).as("baresip's call waiting in support").isEqualTo(1);
      });
      assertThat(caller.waitFor(15)).as("baresip quit").isTrue();
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
        assertThat(queue().abandoned()).as(caller.log()).isEqualTo(abandonedBefore + 1);
        assertThat(node.calls().activeCalls()).isZero();
        assertThat(node.media().activeSessions()).isZero();
      });
      String log = caller.log();
      assertThat(log).contains("Call established");
      assertThat(log).as("the node answered baresip's BYE").containsPattern("SIP/2.0 200 OK[\\s\\S]*CSeq: *\\d+ BYE");
      return log;
    }
  }

  /** The Contact of the node's 200 to the INVITE, from baresip's SIP trace. */
  private static String contactOf200(String log) {
    Matcher m = Pattern.compile("SIP/2.0 200 OK\\r?\\n((?:[^\\r\\n]+\\r?\\n)*?)\\r?\\n").matcher(log);
    while (m.find()) {
      String head = m.group(1);
      if (head.matches("(?s).*CSeq: *\\d+ INVITE.*")) {
        Matcher c = Pattern.compile("(?m)^(?:Contact|m): *(.+?)\\r?$").matcher(head);
        if (c.find()) {
          return c.group(1);
        }
      }
    }
    throw new AssertionError("no 200 OK to the INVITE in baresip's trace");
  }

  private static TenantStats.QueueStats queue() {
    return node.acd().stats("demo").await().queues().stream().filter(s -> s.queue().equals("support")).findFirst()
        .orElseThrow();
  }
}
