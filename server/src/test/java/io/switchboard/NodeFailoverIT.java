package io.switchboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.acd.TenantStats;
import io.switchboard.redis.EmbeddedRedis;
import io.switchboard.redis.Keys;
import io.switchboard.redis.RedisConnections;
import io.switchboard.signaling.WsClient;
import io.switchboard.support.SippCaller;
import io.switchboard.support.TestNodes;
import io.switchboard.support.TestRedis;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on one Redis, one of them a separate JVM killed with SIGKILL while it holds calls: the calls whose SIP
 * leg died with it leave the queue as lost within the detection time and are never offered; the agent (on the
 * surviving node) who was talking to one of them is told and wraps up, then takes the survivor's waiting call.
 * Real sipp callers, a real WebSocket agent, the real detection timers (heartbeat 1 s, TTL 4 s).
 */
class NodeFailoverIT {
  static final String TENANT = "demo";
  final List<AutoCloseable> open = new ArrayList<>();
  final List<io.vertx.core.http.WebSocketClient> clients = new ArrayList<>();
  Process doomed;
  Path doomedLog;
  int doomedHttp;

  @AfterEach
  void tearDown() throws Exception {
    if (doomed != null) {
      doomed.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      Files.deleteIfExists(doomedLog);
    }
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  @Test
  void aKilledNodesCallsAreLostExactlyAndItsSurvivorsAgentMovesOn() throws Exception {
    TestRedis.flushAll();
    String redisUri = TestRedis.uri();
    Map<String, String> settings = new HashMap<>(TestNodes.randomRtpPorts(40));
    settings.put("redis.uri", redisUri);
    settings.put("demo.data", "true");
    Node survivor = TestNodes.loopback("survivor", settings);
    open.add(survivor::stop);
    int doomedSip = EmbeddedRedis.freePort();
    startDoomedNode(redisUri, doomedSip);
    RedisConnections redis = TestRedis.connect();
    open.add(redis);

    WsClient alice = WsClient.connect(wsClient(survivor), survivor.httpPort(),
        TestNodes.login(survivor.httpPort(), "alice"));
    open.add(alice);
    alice.next("hello");
    alice.request("1", new JsonObject().put("type", "state.set").put("state", "available"));

    // the doomed node holds three calls: one alice talks to, two waiting
    SippCaller talking = dial("+15550100", doomedSip);
    String talkingId = alice.next("call.offered").getString("callId");
    alice.request("2", new JsonObject().put("type", "call.accept").put("callId", talkingId));
    dial("+15550100", doomedSip);
    dial("+15550100", doomedSip);
    await().atMost(Duration.ofSeconds(20)).until(() -> waiting(redis).size() == 2);
    List<String> doomedWaiting = waiting(redis);
    // and the survivor one, behind them
    dial("+15550100", survivor.sipPort());
    await().atMost(Duration.ofSeconds(20)).until(() -> waiting(redis).size() == 3);
    String survivorsCall = waiting(redis).get(2);
    assertThat(callField(redis, survivorsCall, "node")).isEqualTo("survivor");
    assertThat(callField(redis, talkingId, "node")).isEqualTo("doomed");

    long killedAt = System.nanoTime();
    doomed.destroyForcibly(); // SIGKILL: no goodbye to Redis, the heartbeat just stops
    await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
        .until(() -> waiting(redis).equals(List.of(survivorsCall)));
    long leftAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
    System.out.println("NodeFailoverIT: the dead node's calls left the queue " + leftAfterMs + " ms after the kill");

    for (String id : doomedWaiting) {
      assertThat(callField(redis, id, "state")).isEqualTo("lost");
    }
    JsonObject ended = alice.next("call.ended");
    assertThat(ended.getString("callId")).isEqualTo(talkingId);
    assertThat(ended.getString("reason")).isEqualTo("lost");
    assertThat(alice.await(m -> "agent.state".equals(m.getString("type")) && "wrap-up".equals(m.getString("state")))
        .getString("callId")).isEqualTo(talkingId);

    // wrap-up done: the next offer is the survivor's call, never one of the lost ones
    alice.request("3", new JsonObject().put("type", "wrapup.done").put("callId", talkingId)
        .put("disposition", "resolved"));
    assertThat(alice.next("call.offered").getString("callId")).isEqualTo(survivorsCall);
    TenantStats.QueueStats support = survivor.acd().stats(TENANT).await().queues().stream()
        .filter(q -> q.queue().equals("support")).findFirst().orElseThrow();
    assertThat(support.lost()).isEqualTo(2);
    assertThat(support.abandoned()).isZero();
    assertThat(talking).isNotNull();
  }

  @Test
  void aNodePausedPastItsTtlHangsUpTheCallsTheSurvivorsEndedAndRejoinsCleanly() throws Exception {
    TestRedis.flushAll();
    String redisUri = TestRedis.uri();
    Map<String, String> settings = new HashMap<>(TestNodes.randomRtpPorts(40));
    settings.put("redis.uri", redisUri);
    settings.put("demo.data", "true");
    Node survivor = TestNodes.loopback("survivor", settings);
    open.add(survivor::stop);
    int doomedSip = EmbeddedRedis.freePort();
    startDoomedNode(redisUri, doomedSip);
    RedisConnections redis = TestRedis.connect();
    open.add(redis);
    WsClient bob = WsClient.connect(wsClient(survivor), doomedHttp,
        TestNodes.login(doomedHttp, "bob"));
    open.add(bob);
    bob.next("hello");
    bob.request("1", new JsonObject().put("type", "state.set").put("state", "available"));
    SippCaller talking = dial("+15550100", doomedSip);
    String talkingId = bob.next("call.offered").getString("callId");
    bob.request("2", new JsonObject().put("type", "call.accept").put("callId", talkingId));
    SippCaller waitingCaller = dial("+15550100", doomedSip);
    await().atMost(Duration.ofSeconds(20)).until(() -> waiting(redis).size() == 1);
    String waitingId = waiting(redis).get(0);

    signal("STOP");
    try {
      // the survivor takes it for dead and ends its calls: the waiting one lost, the connected one ended
      await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
          .until(() -> "lost".equals(callField(redis, waitingId, "state")));
      assertThat(callField(redis, talkingId, "endedBy")).isEqualTo("node-lost");
      assertThat(waiting(redis)).isEmpty();
    } finally {
      signal("CONT");
    }

    // back: it hangs up both callers (the ACD will never connect them), closes bob's socket so the page
    // reconnects and is attached again, and beats again
    talking.assertHungUpByNode(20);
    waitingCaller.assertHungUpByNode(20);
    assertThat(bob.awaitClose(10_000)).isEqualTo((short) 1012);
    await().atMost(Duration.ofSeconds(10)).until(() -> redis.commands().zscore(Keys.NODES, "doomed")
        .toCompletableFuture().get(5, TimeUnit.SECONDS) != null);
    // and serves again: a new call on it reaches an agent exactly once (right after the pause its SIP overload
    // guard refuses new calls with 503 for Retry-After seconds: the messages it held had waited too long)
    WsClient alice = WsClient.connect(wsClient(survivor), survivor.httpPort(),
        TestNodes.login(survivor.httpPort(), "alice"));
    open.add(alice);
    alice.next("hello");
    alice.request("3", new JsonObject().put("type", "state.set").put("state", "available"));
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (survivor.acd().agent(TENANT, "alice").await().callId() == null && System.nanoTime() < until) {
      SippCaller next = dial("+15550100", doomedSip);
      long tryUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
      while (!next.finished() && System.nanoTime() < tryUntil
          && survivor.acd().agent(TENANT, "alice").await().callId() == null) {
        Thread.sleep(100);
      }
    }
    String fresh = alice.next("call.offered").getString("callId");
    assertThat(callField(redis, fresh, "node")).isEqualTo("doomed");
    assertThat(fresh).isNotIn(talkingId, waitingId);
  }

  /** Held by the test: Vert.x closes a client's sockets once the client object is garbage collected. */
  private io.vertx.core.http.WebSocketClient wsClient(Node node) {
    io.vertx.core.http.WebSocketClient c = node.vertx().createWebSocketClient();
    clients.add(c);
    return c;
  }

  private void signal(String sig) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + sig, Long.toString(doomed.pid())).inheritIO().start();
    assertThat(kill.waitFor(5, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).as("kill -" + sig).isZero();
  }

  private SippCaller dial(String number, int sipPort) throws Exception {
    SippCaller c = SippCaller.dial(number, sipPort);
    open.add(c);
    return c;
  }

  private static List<String> waiting(RedisConnections redis) throws Exception {
    return redis.commands().zrange(Keys.tenant(TENANT) + ":acd:q:support:waiting", 0, -1)
        .toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private static String callField(RedisConnections redis, String callId, String field) throws Exception {
    return redis.commands().hget(Keys.tenant(TENANT) + ":acd:call:" + callId, field)
        .toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  /** The node to kill: this JVM's class path, its own ports, the same Redis; waits until it is ready. */
  private void startDoomedNode(String redisUri, int sipPort) throws Exception {
    int httpPort = EmbeddedRedis.freePort();
    doomedHttp = httpPort;
    Map<String, String> rtp = TestNodes.randomRtpPorts(40);
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "--redis.uri=" + redisUri, "--node.id=doomed", "--http.host=127.0.0.1", "--http.port=" + httpPort,
        "--sip.host=127.0.0.1", "--sip.port=" + sipPort, "--media.bind-host=127.0.0.1", "--auth.bcrypt.cost=4", "--demo.data=true"));
    rtp.forEach((k, v) -> cmd.add("--" + k + "=" + v));
    doomedLog = Files.createTempFile("doomed-node", ".log");
    doomed = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(doomedLog.toFile()).start();
    HttpClient http = HttpClient.newHttpClient();
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
      assertThat(doomed.isAlive()).as(() -> readLog()).isTrue();
      try {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health/ready")).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
      } catch (java.io.IOException e) {
        return false;
      }
    });
  }

  private String readLog() {
    try {
      return Files.readString(doomedLog);
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }
}
