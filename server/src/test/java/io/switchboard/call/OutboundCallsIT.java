package io.switchboard.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.switchboard.auth.PasswordHasher;
import io.switchboard.directory.Directory;
import io.switchboard.directory.Kind;
import io.switchboard.redis.RedisConnections;
import io.switchboard.sip.SipRequest;
import io.switchboard.sip.transaction.SipNode;
import io.switchboard.sip.transaction.TransactionLayer;
import io.switchboard.sip.transaction.VertxTimers;
import io.switchboard.sip.transport.SipOptions;
import io.switchboard.sip.transport.SocketTransport;
import io.switchboard.support.TestRedis;
import io.switchboard.support.Tools;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outbound calls end to end on 127.0.0.1: the node's side is OutboundCalls on our SIP stack with a trunk
 * from a real directory (Redis); the carrier is {@link OutboundUas} (or sipp). Short SIP timers (T1 = 25 ms,
 * so Timer B is 1.6 s) keep the failover test quick.
 */
class OutboundCallsIT {
  static final String T = "outb";
  static final String PASSWORD = "trunk-secret-1";
  static final SipOptions OPTIONS = SipOptions.DEFAULTS.withTimers(25, 200, 200);
  static final String OFFER = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
      + "m=audio 40002 RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\n";

  static Vertx vertx;
  static RedisConnections redis;
  static Directory dir;
  static SocketTransport transport;
  static TransactionLayer layer;
  static OutboundCalls outbound;
  static final List<String> inboundSeen = new CopyOnWriteArrayList<>();
  OutboundUas uas;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    redis = TestRedis.connect();
    dir = new Directory(vertx, redis, new PasswordHasher(4));
    transport = SocketTransport.start(vertx, OPTIONS, "127.0.0.1", 0, 0).await();
    outbound = new OutboundCalls(transport.context(), dir, "127.0.0.1:" + transport.udpPort());
    layer = SipNode.on(transport, () -> new TransactionLayer(transport, new VertxTimers(transport.context()),
        OPTIONS, outbound.routing(tx -> {
          inboundSeen.add(tx.request().method());
          tx.respond(481);
        })));
    outbound.attach(layer);
  }

  @AfterAll
  static void stop() {
    transport.close().await();
    redis.close();
    vertx.close().await();
  }

  @BeforeEach
  void clean() {
    TestRedis.flushAll();
    dir.createTenant(T).await();
    uas = new OutboundUas(vertx, OPTIONS, PASSWORD);
  }

  @AfterEach
  void nothingLeaks() {
    await().atMost(Duration.ofSeconds(5)).until(() -> SipNode.on(transport, outbound::activeCalls) == 0);
    uas.close();
  }

  static void trunk(String id, boolean digest, int... ports) {
    JsonArray addresses = new JsonArray();
    for (int p : ports) {
      addresses.add(new JsonObject().put("host", "127.0.0.1").put("port", p));
    }
    JsonObject t = new JsonObject().put("name", id).put("addresses", addresses)
        .put("allowedSources", new JsonArray().add("127.0.0.1"));
    if (digest) {
      t.put("digest", new JsonObject().put("username", "acme").put("password", PASSWORD).put("realm", "x"));
    }
    dir.create(T, Kind.TRUNK, id, t).await();
  }

  static OutboundCall call(String trunk) {
    return outbound.originate(T, trunk, "+15550199", "+15550100", OFFER).await();
  }

  @Test
  void challengedWith401ConnectsWithDigestAndHangsUpWithBye() {
    trunk("c401", true, uas.port());
    uas.challenge = 401;
    OutboundCall call = call("c401");
    List<Integer> ringing = new CopyOnWriteArrayList<>();
    call.onProvisional(r -> ringing.add(r.status()));
    assertThat(call.answered().await()).isEqualTo(OutboundUas.SDP);
    assertThat(call.state()).isEqualTo(OutboundCall.State.CONNECTED);
    await().atMost(Duration.ofSeconds(2)).until(() -> ringing.contains(180));

    assertThat(uas.invites).hasSize(2);
    SipRequest first = uas.invites.get(0);
    SipRequest second = uas.invites.get(1);
    assertThat(second.callId()).isEqualTo(first.callId());
    assertThat(second.cseq().number()).isEqualTo(first.cseq().number() + 1);
    assertThat(second.topVia().branch()).isNotEqualTo(first.topVia().branch());
    assertThat(second.from().tag()).isEqualTo(first.from().tag());
    assertThat(second.authorizations()).hasSize(1);
    assertThat(second.authorizations().get(0).param("algorithm")).contains("SHA-256");
    assertThat(second.bodyText()).isEqualTo(OFFER);
    assertThat(uas.badDigests).hasValue(0);
    await().atMost(Duration.ofSeconds(2)).until(() -> uas.methods.contains("ACK") || uas.dialog != null);

    call.hangup().await();
    assertThat(call.ended().await()).isEqualTo("local-bye");
    await().atMost(Duration.ofSeconds(2)).until(() -> uas.methods.contains("BYE"));
    await("no transaction left on the node").atMost(Duration.ofSeconds(5))
        .until(() -> SipNode.on(transport, layer::activeCount) == 0);
  }

  @Test
  void requestsOutsideOutboundDialogsGoToTheInboundTransactionUser() {
    SipRequest options = new SipRequest("OPTIONS", "sip:node@127.0.0.1:" + transport.udpPort(),
        io.switchboard.sip.SipHeaders.builder().add("Max-Forwards", "70")
            .add("From", "<sip:uas@127.0.0.1>;tag=abc").add("To", "<sip:node@127.0.0.1>")
            .add("Call-ID", "not-outbound-1").add("CSeq", "1 OPTIONS").build(), new byte[0]);
    int status = uas.node.on(() -> uas.node.layer.send(options,
        new io.switchboard.sip.transport.Destination(io.switchboard.sip.transport.Protocol.UDP, "127.0.0.1",
            transport.udpPort()))).response().await().status();
    assertThat(status).isEqualTo(481);
    assertThat(inboundSeen).contains("OPTIONS");
    inboundSeen.clear();
  }

  @Test
  void challengedWith407UsesProxyAuthorizationAndRemoteByeEndsTheCall() {
    trunk("c407", true, uas.port());
    uas.challenge = 407;
    OutboundCall call = call("c407");
    call.answered().await();
    assertThat(uas.invites.get(1).proxyAuthorizations()).hasSize(1);
    assertThat(uas.invites.get(1).authorizations()).isEmpty();

    assertThat(uas.bye()).isEqualTo(200);
    assertThat(call.ended().await()).isEqualTo("remote-bye");
    assertThat(inboundSeen).as("the BYE went to the outbound call, not the inbound TU").isEmpty();
  }

  @Test
  void aStaleNonceIsRetriedOnceWithTheNewOne() {
    trunk("stale", true, uas.port());
    uas.challenge = 401;
    uas.staleFirst = true;
    OutboundCall call = call("stale");
    call.answered().await();
    assertThat(uas.invites).hasSize(3);
    assertThat(uas.invites.get(2).cseq().number()).isEqualTo(3);
    call.hangup().await();
  }

  @Test
  void wrongPasswordFailsNamingTheStatus() {
    trunk("wrong", true, uas.port());
    dir.put(T, Kind.TRUNK, "wrong", new JsonObject().put("name", "wrong")
        .put("addresses", new JsonArray().add(new JsonObject().put("host", "127.0.0.1").put("port", uas.port())))
        .put("allowedSources", new JsonArray().add("127.0.0.1"))
        .put("digest", new JsonObject().put("username", "acme").put("password", "not-it")), null).await();
    uas.challenge = 401;
    OutboundCall call = call("wrong");
    assertThatThrownBy(() -> call.answered().await()).isInstanceOfSatisfying(OutboundCallException.class, e -> {
      assertThat(e.status()).isEqualTo(403);
      assertThat(e.kind()).isEqualTo(OutboundCallException.Kind.REJECTED);
      assertThat(e.getMessage()).contains("403").doesNotContain("not-it");
    });
    assertThat(call.ended().await()).isEqualTo("failed:403");
  }

  @Test
  void aChallengeWithoutCredentialsAndBusyAreTypedFailures() {
    trunk("nocreds", false, uas.port());
    uas.challenge = 407;
    assertThatThrownBy(() -> call("nocreds").answered().await())
        .isInstanceOfSatisfying(OutboundCallException.class, e -> assertThat(e.status()).isEqualTo(407));
    uas.challenge = 0;
    uas.answer = OutboundUas.Answer.BUSY;
    assertThatThrownBy(() -> call("nocreds").answered().await())
        .isInstanceOfSatisfying(OutboundCallException.class, e -> {
          assertThat(e.status()).isEqualTo(486);
          assertThat(e.getMessage()).contains("486");
        });
  }

  @Test
  void cancelBeforeTheAnswerGets487() {
    trunk("ring", false, uas.port());
    uas.answer = OutboundUas.Answer.RING;
    OutboundCall call = call("ring");
    await().atMost(Duration.ofSeconds(2)).until(() -> call.state() == OutboundCall.State.RINGING);
    call.cancel().await();
    assertThat(call.ended().await()).isEqualTo("cancelled");
    assertThatThrownBy(() -> call.answered().await()).isInstanceOfSatisfying(OutboundCallException.class, e -> {
      assertThat(e.kind()).isEqualTo(OutboundCallException.Kind.CANCELLED);
      assertThat(e.status()).isEqualTo(487);
    });
    assertThat(uas.methods).contains("CANCEL");
  }

  @Test
  void anAddressThatDoesNotAnswerFailsOverToTheNext() throws Exception {
    int dead;
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      dead = s.getLocalPort();
    }
    trunk("failover", false, dead, uas.port());
    long t0 = System.nanoTime();
    OutboundCall call = call("failover");
    call.answered().await();
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(4000);
    assertThat(uas.invites).hasSize(1);
    assertThat(uas.invites.get(0).cseq().number()).isEqualTo(2);
    call.hangup().await();
  }

  @Test
  void whenNoAddressAnswersTheFailureIsUnreachable() throws Exception {
    int dead;
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      dead = s.getLocalPort();
    }
    trunk("dead", false, dead);
    OutboundCall call = call("dead");
    assertThatThrownBy(() -> call.answered().await()).isInstanceOfSatisfying(OutboundCallException.class, e -> {
      assertThat(e.kind()).isEqualTo(OutboundCallException.Kind.UNREACHABLE);
      assertThat(e.status()).isIn(408, 503);
    });
  }

  @Test
  void badInputIsRefusedBeforeAnythingIsSent() {
    trunk("ok", false, uas.port());
    assertInvalid(outbound.originate(T, "ok", "555; evil", "+1", OFFER), "toNumber");
    assertInvalid(outbound.originate(T, "ok", "+1555", "x@y", OFFER), "fromNumber");
    assertInvalid(outbound.originate(T, "ok", "+1555", "+1", " "), "offerSdp");
    assertInvalid(outbound.originate(T, "missing", "+1555", "+1", OFFER), "missing");
    assertInvalid(outbound.originate("other-tenant", "ok", "+1555", "+1", OFFER), "ok");
    assertThat(uas.invites).isEmpty();
  }

  private static void assertInvalid(Future<OutboundCall> f, String mentions) {
    assertThatThrownBy(f::await).isInstanceOfSatisfying(OutboundCallException.class, e -> {
      assertThat(e.kind()).isEqualTo(OutboundCallException.Kind.INVALID);
      assertThat(e.getMessage()).contains(mentions);
    });
  }

  @Test
  void sippUasAnswersAnOutboundCall(@TempDir Path tmp) throws Exception {
    Path sipp = Tools.require("sipp");
    int port;
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Process p = new ProcessBuilder(sipp.toString(), "-sn", "uas", "-i", "127.0.0.1", "-p", Integer.toString(port),
        "-m", "1", "-timeout", "15s", "-timeout_error", "-nostdin")
        .directory(tmp.toFile()).redirectErrorStream(true).redirectOutput(new File(tmp.toFile(), "sipp.out"))
        .start();
    try {
      await().atMost(Duration.ofSeconds(5)).until(() -> bound(port));
      trunk("sipp", false, port);
      OutboundCall call = call("sipp");
      assertThat(call.answered().await()).contains("m=audio");
      call.hangup().await();
      boolean done = p.waitFor(10, TimeUnit.SECONDS);
      String out = Files.readString(tmp.resolve("sipp.out"));
      assertThat(done).as("sipp finished\n" + out).isTrue();
      assertThat(p.exitValue()).as("sipp exit code\n" + out).isZero();
    } finally {
      p.destroyForcibly();
    }
  }

  /** True once something (sipp) holds the UDP port. */
  private static boolean bound(int port) {
    try (DatagramSocket s = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
      return false;
    } catch (Exception e) {
      return true;
    }
  }

}
