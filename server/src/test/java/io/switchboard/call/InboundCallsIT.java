package io.switchboard.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.Node;
import io.switchboard.acd.TenantStats;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.directory.IfMatch;
import io.switchboard.directory.Kind;
import io.switchboard.media.audio.G711;
import io.switchboard.media.audio.Goertzel;
import io.switchboard.redis.EmbeddedRedis;
import io.switchboard.redis.RedisConnections;
import io.micrometer.core.instrument.Metrics;
import io.switchboard.signaling.WsClient;
import io.vertx.core.json.JsonObject;
import io.vertx.core.http.WebSocketClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import io.switchboard.sip.SipRequest;
import io.switchboard.sip.SipResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.Map;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.switchboard.support.SippPorts;
import io.switchboard.support.TestNodes;
import io.switchboard.support.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Inbound calls end to end: a real node, our SIP stack as the caller, RTP on a plain UDP socket. */
class InboundCallsIT {
  static Node node;
  static RedisConnections redis;

  @BeforeAll
  static void start() {
    // RTP ports apart from the default range other test JVMs on this machine may be using at the same time
    int rtpBase = 10_000 + 2 * java.util.concurrent.ThreadLocalRandom.current().nextInt(4500);
    int redisPort = EmbeddedRedis.freePort();
    node = Node.start(SwitchboardConfig.from(TestNodes.settings(Map.of(
        "http.host", "127.0.0.1", "http.port", "0",
        "sip.host", "127.0.0.1", "sip.port", "0",
        "media.bind-host", "127.0.0.1", "redis.embedded.port", String.valueOf(redisPort),
        "media.rtp-port-min", String.valueOf(rtpBase), "media.rtp-port-max", String.valueOf(rtpBase + 399),
        "node.id", "call-it", "auth.bcrypt.cost", "4"))), new PrintStream(new ByteArrayOutputStream()));
    redis = RedisConnections.connect("redis://127.0.0.1:" + redisPort, Duration.ofSeconds(5));
    // A queue whose callers are sent away after 2 s (no overflowQueue), reached on +15550177.
    node.directory().create("demo", Kind.SKILL, "nobody-has-this", new JsonObject().put("name", "Rare")).await();
    node.directory().create("demo", Kind.QUEUE, "short-wait", new JsonObject().put("name", "Short wait")
        .put("maxWaitSeconds", 2).put("requiredSkills", new JsonObject().put("nobody-has-this", 1))).await();
    node.directory().create("demo", Kind.PHONE_NUMBER, null, new JsonObject().put("number", "+15550177")
        .put("queue", "short-wait")).await();
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

  @Test
  void aCallerWhoWaitedTheQueuesMaximumHearsGoodbyeGetsByeAndIsCounted() throws Exception {
    long abandonedBefore = abandoned("short-wait");
    try (SipCaller caller = new SipCaller(node.vertx(), "127.0.0.1", node.sipPort())) {
      SipResponse ok = caller.invite("+15550177");
      assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
      caller.ack(ok);
      assertThat(audibleFrames(caller, 25)).as("music frames among 25").isGreaterThan(15);
      await().atMost(Duration.ofSeconds(3)).until(() -> waiting("short-wait") == 1);
      assertThat(caller.nextRequest(1)).as("no BYE before maxWaitSeconds").isNull();

      await().atMost(Duration.ofSeconds(3)).until(() -> waiting("short-wait") == 0);
      assertThat(audibleFrames(caller, 40)).as("goodbye prompt frames among 40").isGreaterThan(20);
      SipRequest bye = caller.nextRequest(10);
      assertThat(bye).as("BYE after the goodbye").isNotNull();
      assertThat(bye.method()).isEqualTo("BYE");
      assertThat(bye.callId()).isEqualTo(caller.invite.callId());
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> abandoned("short-wait") == abandonedBefore + 1);
    assertThat(waiting("short-wait")).isZero();
  }

  @Test
  void aWaitingCallersDigitBecomesACallEvent() throws Exception {
    try (SipCaller caller = new SipCaller(node.vertx(), "127.0.0.1", node.sipPort())) {
      SipResponse ok = caller.invite("+15550100");
      assertThat(ok.status()).isEqualTo(200);
      caller.ack(ok);
      await().atMost(Duration.ofSeconds(3)).until(() -> waiting("support") >= 1);
      String callId = redis.commands().zrange("sb:{demo}:acd:q:support:waiting", 0, -1).get().get(0);

      caller.sendDtmf(ok, '7', 123456);
      await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertThat(dtmfEvents(callId))
          .as("call.dtmf events").singleElement().satisfies(e -> {
            assertThat(e).containsEntry("digit", "7").containsEntry("queue", "support")
                .containsEntry("durationMs", "80").containsEntry("node", "call-it");
            assertThat(e).doesNotContainKey("agentId");
          }));
      assertThat(caller.bye().status()).isEqualTo(200);
    }
  }

  @Test
  void aCallCarriesItsTrunksRegionElseItsNodesToTheAcd() throws Exception {
    assertThat(regionOfAWaitingCall()).as("the demo trunk names no region: the node's").isEqualTo("local");
    JsonObject trunk = node.directory().get("demo", Kind.TRUNK, "loopback").await().orElseThrow();
    JsonObject withRegion = trunk.copy().put("region", "us-east");
    withRegion.remove("version");
    withRegion.remove("id");
    node.directory().put("demo", Kind.TRUNK, "loopback", withRegion, IfMatch.ANY).await();
    try {
      assertThat(regionOfAWaitingCall()).isEqualTo("us-east");
    } finally {
      withRegion.putNull("region");
      node.directory().put("demo", Kind.TRUNK, "loopback", withRegion, IfMatch.ANY).await();
    }
  }

  /** Places a call to support and reads the region the ACD recorded for it while it waits. */
  private static String regionOfAWaitingCall() throws Exception {
    try (SipCaller caller = new SipCaller(node.vertx(), "127.0.0.1", node.sipPort())) {
      SipResponse ok = caller.invite("+15550100");
      assertThat(ok.status()).isEqualTo(200);
      caller.ack(ok);
      await().atMost(Duration.ofSeconds(3)).until(() -> waiting("support") >= 1);
      String callId = redis.commands().zrange("sb:{demo}:acd:q:support:waiting", 0, -1).get().get(0);
      String region = redis.commands().hget("sb:{demo}:acd:call:" + callId, "region").get();
      assertThat(caller.bye().status()).isEqualTo(200);
      await().atMost(Duration.ofSeconds(3)).until(() -> waiting("support") == 0);
      return region;
    }
  }

  private static List<Map<String, String>> dtmfEvents(String callId) throws Exception {
    return redis.commands().xrange("sb:{demo}:events", Range.create("-", "+")).get().stream()
        .map(StreamMessage::getBody)
        .filter(b -> "call.dtmf".equals(b.get("type")) && callId.equals(b.get("callId")))
        .toList();
  }

  @AfterEach
  void nothingLeaks() {
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      assertThat(node.calls().activeCalls()).as("active calls").isZero();
      assertThat(node.media().activeSessions()).as("media sessions").isZero();
      assertThat(node.media().portsInUse()).as("RTP ports").isZero();
    });
  }

  @Test
  void aCallerHearsMusicThenHangsUpAndIsCountedAbandoned() throws Exception {
    long abandonedBefore = abandoned("support");
    try (SipCaller caller = new SipCaller(node.vertx(), "127.0.0.1", node.sipPort())) {
      SipResponse ok = caller.invite("+15550100");
      assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
      assertThat(ok.bodyText()).contains("m=audio").contains("PCMU");
      caller.ack(ok);
      assertThat(node.calls().activeCalls()).isEqualTo(1);
      assertThat(audibleFrames(caller, 25)).as("music frames among 25").isGreaterThan(15);
      await().atMost(Duration.ofSeconds(3)).until(() -> waiting("support") >= 1);

      assertThat(caller.bye().status()).isEqualTo(200);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> abandoned("support") == abandonedBefore + 1);
  }

  @Test
  void sippCallerWhoHangsUpWhileWaitingIsCountedAbandoned() throws Exception {
    Path sipp = Tools.require("sipp");
    Path scenario = Path.of(InboundCallsIT.class.getResource("/sipp/abandon.xml").toURI());
    long abandonedBefore = abandoned("support");
    Path log = Files.createTempFile("sipp", ".log");
    Process p = new ProcessBuilder(sipp.toString(), "-sf", scenario.toString(), "-s", "+15550100",
        "-i", "127.0.0.1", "-p", String.valueOf(SippPorts.freeSignalingPort()),
        "-mp", String.valueOf(SippPorts.freeMediaPort()), "-m", "1", "-l", "1", "-nostdin",
        "-recv_timeout", "5000", "-timeout", "20s", "-timeout_error", "127.0.0.1:" + node.sipPort())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      assertThat(p.waitFor(25, TimeUnit.SECONDS)).as("sipp finished").isTrue();
      assertThat(p.exitValue()).as(Files.readString(log)).isZero();
    } finally {
      p.destroyForcibly();
      Files.deleteIfExists(log);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> abandoned("support") == abandonedBefore + 1);
  }

  @Test
  void anUnknownNumberGets404() throws Exception {
    try (SipCaller caller = new SipCaller(node.vertx(), "127.0.0.1", node.sipPort())) {
      assertThat(caller.invite("+15559999").status()).isEqualTo(404);
    }
  }

  @Test
  void anOfferWithoutACommonCodecGets488AndABrokenOneGets400() throws Exception {
    try (SipCaller caller = new SipCaller(node.vertx(), "127.0.0.1", node.sipPort())) {
      String g729 = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
          + "m=audio 4000 RTP/AVP 18\r\na=rtpmap:18 G729/8000\r\n";
      assertThat(caller.invite("+15550100", g729).status()).isEqualTo(488);
    }
    try (SipCaller caller = new SipCaller(node.vertx(), "127.0.0.1", node.sipPort())) {
      assertThat(caller.invite("+15550100", "this is not SDP").status()).isEqualTo(400);
    }
    assertThat(waiting("support")).as("nothing enqueued").isZero();
  }

  @Test
  void aSourceOutsideEveryTrunkGets403AndIsCounted() throws Exception {
    double before = refused("unknown-source");
    try (SipCaller caller = new SipCaller(node.vertx(), "127.0.0.2", node.sipPort())) {
      SipResponse r = caller.invite("+15550100");
      assertThat(r.status()).isEqualTo(403);
      assertThat(r.reason()).isEqualTo("Forbidden: unknown source");
    }
    assertThat(refused("unknown-source")).isEqualTo(before + 1);
  }

  @Test
  void anAgentAcceptsTheMusicStopsAndTheAgentsHangupSendsBye() throws Exception {
    WebSocketClient ws = node.vertx().createWebSocketClient();
    try (SipCaller caller = new SipCaller(node.vertx(), "127.0.0.1", node.sipPort());
         WsClient alice = WsClient.connect(ws, node.httpPort(), TestNodes.login(node.httpPort(), "alice"))) {
      alice.next("hello");
      SipResponse ok = caller.invite("+15550100");
      assertThat(ok.status()).isEqualTo(200);
      caller.ack(ok);
      assertThat(audibleFrames(caller, 10)).isGreaterThan(5);

      assertThat(alice.request("1", new JsonObject().put("type", "state.set").put("state", "available"))
          .getString("type")).isEqualTo("ack");
      String callId = alice.next("call.offered").getString("callId");
      assertThat(alice.request("2", new JsonObject().put("type", "call.accept").put("callId", callId))
          .getString("type")).isEqualTo("ack");
      await().atMost(Duration.ofSeconds(3)).untilAsserted(() ->
          assertThat(audibleFrames(caller, 10)).as("audible frames after accept").isZero());

      caller.sendDtmf(ok, '#', 900000);
      JsonObject dtmf = alice.next("call.dtmf");
      assertThat(dtmf.getString("callId")).isEqualTo(callId);
      assertThat(dtmf.getString("digit")).isEqualTo("#");
      await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertThat(dtmfEvents(callId))
          .singleElement().satisfies(e -> assertThat(e).containsEntry("agentId", "alice")));

      assertThat(alice.request("3", new JsonObject().put("type", "call.hangup").put("callId", callId))
          .getString("type")).isEqualTo("ack");
      SipRequest bye = caller.nextRequest(5);
      assertThat(bye).as("BYE from the node").isNotNull();
      assertThat(bye.method()).isEqualTo("BYE");
      assertThat(bye.callId()).isEqualTo(caller.invite.callId());
    } finally {
      ws.close().await();
    }
  }

  /** How many of the next {@code n} 20 ms frames carry sound (rms above silence); a timeout counts silent. */
  private static int audibleFrames(SipCaller caller, int n) throws Exception {
    int audible = 0;
    short[] pcm = new short[2048];
    for (int i = 0; i < n; i++) {
      byte[] p = caller.nextRtpPayload();
      if (p == null) {
        continue;
      }
      G711.decodeUlaw(p, 0, p.length, pcm);
      if (p.length > 0 && Goertzel.rms(pcm, 0, p.length) > Goertzel.SILENCE_RMS) {
        audible++;
      }
    }
    return audible;
  }

  private static TenantStats.QueueStats queue(String q) {
    return node.acd().stats("demo").await().queues().stream().filter(s -> s.queue().equals(q)).findFirst()
        .orElseThrow();
  }

  private static long abandoned(String q) {
    return known(q) ? queue(q).abandoned() : 0;
  }

  private static int waiting(String q) {
    return known(q) ? queue(q).waiting() : 0;
  }

  /** Whether the ACD's stats list the queue yet (a queue appears with its first call). */
  private static boolean known(String q) {
    return node.acd().stats("demo").await().queues().stream().anyMatch(s -> s.queue().equals(q));
  }

  private static double refused(String reason) {
    var c = Metrics.globalRegistry.find("switchboard.sip.refused").tag("reason", reason).counter();
    return c == null ? 0 : c.count();
  }

}
