package io.switchboard.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.switchboard.auth.PasswordHasher;
import io.switchboard.directory.Directory;
import io.switchboard.directory.Kind;
import io.switchboard.media.MediaNode;
import io.switchboard.media.MediaOptions;
import io.switchboard.media.sdp.AudioCodec;
import io.switchboard.media.session.SessionListener;
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
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
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
  static MediaNode media;
  static final List<String> inboundSeen = new CopyOnWriteArrayList<>();
  OutboundUas uas;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    redis = TestRedis.connect();
    dir = new Directory(vertx, redis, new PasswordHasher(4));
    transport = SocketTransport.start(vertx, OPTIONS, "127.0.0.1", 0, 0).await();
    int base = 30000 + 2 * ThreadLocalRandom.current().nextInt(10000);
    media = new MediaNode(vertx, MediaOptions.defaults().withHosts("127.0.0.1", "127.0.0.1")
        .withPorts(base, base + 99), Clock.systemUTC());
    media.start();
    outbound = new OutboundCalls(transport.context(), dir, "127.0.0.1:" + transport.udpPort(), media);
    layer = SipNode.on(transport, () -> new TransactionLayer(transport, new VertxTimers(transport.context()),
        OPTIONS, outbound.routing(tx -> {
          inboundSeen.add(tx.request().method());
          tx.respond(481);
        })));
    outbound.attach(layer);
  }

  @AfterAll
  static void stop() {
    media.close();
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
    await("RTP ports and sessions released").atMost(Duration.ofSeconds(5))
        .until(() -> media.portsInUse() == 0 && media.activeSessions() == 0);
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
  void theFarEndsRequestsMustCarryBothTagsAndComeFromTheTrunk() {
    trunk("tags", false, uas.port());
    OutboundCall call = call("tags");
    call.answered().await();
    assertThat(uas.send(retagged(uas.dialog.newRequest("BYE"), "To"))).as("made-up To tag").isEqualTo(481);
    assertThat(uas.send(retagged(uas.dialog.newRequest("BYE"), "From"))).as("made-up From tag").isEqualTo(481);
    try (SipNode stranger = SipNode.start(vertx, OPTIONS, "127.0.0.2", tx -> tx.respond(500))) {
      SipRequest bye = uas.dialog.newRequest("BYE");
      int status = stranger.on(() -> stranger.layer.send(bye, uas.dialog.nextHop())).response().await().status();
      assertThat(status).as("the right tags from outside the trunk").isEqualTo(403);
    }
    assertThat(call.state()).as("the call is still up").isEqualTo(OutboundCall.State.CONNECTED);
    assertThat(uas.bye()).isEqualTo(200);
    assertThat(call.ended().await()).isEqualTo("remote-bye");
  }

  /** {@code r} with a made-up tag in its {@code header} (To or From). */
  private static SipRequest retagged(SipRequest r, String header) {
    String v = r.headers().first(header).orElseThrow().replaceAll(";tag=[^;]*", ";tag=made-up");
    return r.withHeaders(r.headers().toBuilder().set(header, v).build());
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

  @Test
  void anOriginatedCallStreamsToTheTrunkThatAnsweredIt(@TempDir Path tmp) throws Exception {
    try (DatagramSocket rtp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      rtp.setSoTimeout(3000);
      Process p = sippAnswering(tmp, rtp.getLocalPort(), "8", "PCMA");
      try {
        OutboundCall call = outbound.originate(T, "sipp", "+15550199", "+15550100", new SessionListener() {})
            .await();
        assertThat(media.portsInUse()).as("our offer holds a port pair before the answer").isEqualTo(1);
        call.answered().await();
        MediaNode.CallMedia m = call.media().await();
        assertThat(m.negotiated().codec()).isEqualTo(AudioCodec.PCMA);
        assertThat(m.negotiated().payloadType()).isEqualTo(8);
        assertThat(m.negotiated().telephoneEventPayloadType()).isEqualTo(101);
        assertThat(m.negotiated().remoteRtpPort()).isEqualTo(rtp.getLocalPort());
        m.session().output().switchTo(media.prompts().musicLoop());

        List<byte[]> got = receiveRtp(rtp, m.endpoint().rtpPort(), 25);
        int ssrc = word(got.get(0), 8);
        for (int i = 1; i < got.size(); i++) {
          byte[] a = got.get(i - 1);
          byte[] b = got.get(i);
          assertThat(b[1] & 0x7F).as("PCMA payload type").isEqualTo(8);
          assertThat(word(b, 8)).as("one SSRC").isEqualTo(ssrc);
          assertThat((half(b, 2) - half(a, 2)) & 0xFFFF).as("sequence +1").isEqualTo(1);
          assertThat((word(b, 4) - word(a, 4)) & 0xFFFFFFFFL).as("timestamp +160").isEqualTo(160);
        }
        assertThat(got.stream().anyMatch(OutboundCallsIT::notSilence)).as("music, not PCMA silence").isTrue();

        call.hangup().await();
        assertThat(call.ended().await()).isEqualTo("local-bye");
        assertSippPassed(p, tmp);
      } finally {
        p.destroyForcibly();
      }
    }
  }

  @Test
  void anAnswerWithoutG711IsAckedThenHungUpAndFreesThePorts(@TempDir Path tmp) throws Exception {
    try (DatagramSocket rtp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      Process p = sippAnswering(tmp, rtp.getLocalPort(), "18", "G729");
      try {
        OutboundCall call = outbound.originate(T, "sipp", "+15550199", "+15550100", new SessionListener() {})
            .await();
        assertThatThrownBy(() -> call.answered().await()).isInstanceOfSatisfying(OutboundCallException.class, e -> {
          assertThat(e.kind()).isEqualTo(OutboundCallException.Kind.REJECTED);
          assertThat(e.getMessage()).contains("SDP answer").contains("PCMU");
        });
        assertThatThrownBy(() -> call.media().await()).isInstanceOf(OutboundCallException.class);
        assertThat(call.ended().await()).isEqualTo("local-bye");
        assertSippPassed(p, tmp); // sipp got its ACK and then our BYE
      } finally {
        p.destroyForcibly();
      }
    }
  }

  @Test
  void aFailedOriginateReleasesItsOfferPorts() {
    trunk("nobody", false, 9); // discard port: nothing answers; the call fails over to nothing and ends
    OutboundCall call = outbound.originate(T, "nobody", "+15550199", "+15550100", new SessionListener() {}).await();
    assertThatThrownBy(() -> call.answered().await()).isInstanceOf(OutboundCallException.class);
    assertThatThrownBy(() -> call.media().await()).isInstanceOf(OutboundCallException.class);
    assertInvalid(outbound.originate(T, "missing", "+1555", "+1", new SessionListener() {}), "missing");
    assertThatThrownBy(() -> call("nobody").media().await()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("external SDP offer");
    // @AfterEach: no port pair left behind
  }

  private static Process sippAnswering(Path tmp, int rtpPort, String pt, String encoding) throws Exception {
    Path sipp = Tools.require("sipp");
    int port;
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path scenario = Path.of(OutboundCallsIT.class.getResource("/sipp/uas-answer-to-port.xml").toURI());
    Process p = new ProcessBuilder(sipp.toString(), "-sf", scenario.toString(), "-i", "127.0.0.1",
        "-p", Integer.toString(port), "-key", "rtpport", Integer.toString(rtpPort), "-key", "pt", pt,
        "-key", "enc", encoding, "-m", "1", "-timeout", "15s", "-timeout_error", "-nostdin")
        .directory(tmp.toFile()).redirectErrorStream(true).redirectOutput(new File(tmp.toFile(), "sipp.out"))
        .start();
    await().atMost(Duration.ofSeconds(5)).until(() -> bound(port));
    trunk("sipp", false, port);
    return p;
  }

  private static void assertSippPassed(Process p, Path tmp) throws Exception {
    boolean done = p.waitFor(10, TimeUnit.SECONDS);
    String out = Files.readString(tmp.resolve("sipp.out"));
    assertThat(done).as("sipp finished\n" + out).isTrue();
    assertThat(p.exitValue()).as("sipp exit code\n" + out).isZero();
  }

  /** {@code count} RTP packets (RTCP skipped) sent from our port {@code fromPort}. */
  private static List<byte[]> receiveRtp(DatagramSocket s, int fromPort, int count) throws Exception {
    List<byte[]> out = new ArrayList<>();
    byte[] buf = new byte[2048];
    while (out.size() < count) {
      DatagramPacket dp = new DatagramPacket(buf, buf.length);
      s.receive(dp);
      int pt = buf[1] & 0x7F;
      if (dp.getLength() >= 12 && (pt < 64 || pt > 95)) {
        assertThat(dp.getPort()).as("symmetric RTP: sent from the port in our offer").isEqualTo(fromPort);
        out.add(java.util.Arrays.copyOf(buf, dp.getLength()));
      }
    }
    return out;
  }

  private static boolean notSilence(byte[] rtpPacket) {
    for (int i = 12; i < rtpPacket.length; i++) {
      if (rtpPacket[i] != (byte) 0xD5 && rtpPacket[i] != (byte) 0x55) {
        return true;
      }
    }
    return false;
  }

  private static int half(byte[] b, int off) {
    return ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
  }

  private static int word(byte[] b, int off) {
    return (half(b, off) << 16) | half(b, off + 2);
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
