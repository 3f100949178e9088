package io.switchboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.acd.TenantStats;
import io.switchboard.redis.Keys;
import io.switchboard.redis.RedisConnections;
import io.switchboard.signaling.WsClient;
import io.switchboard.support.ChildNode;
import io.switchboard.support.SippCaller;
import io.switchboard.support.TestNodes;
import io.switchboard.support.TestRedis;
import io.vertx.core.json.JsonObject;
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
  Node survivor;
  ChildNode doomed;
  int doomedSip;
  int doomedHttp;
  RedisConnections redis;

  @AfterEach
  void tearDown() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  /** The survivor in this JVM, the doomed node in a child JVM, one fresh Redis with the demo data. */
  private void startBoth() throws Exception {
    TestRedis.flushAll();
    Map<String, String> settings = new HashMap<>(TestNodes.randomRtpPorts(40));
    settings.put("redis.uri", TestRedis.uri());
    settings.put("demo.data", "true");
    survivor = TestNodes.loopback("survivor", settings);
    open.add(survivor::stop);
    doomed = ChildNode.start("doomed", Map.of("redis.uri", TestRedis.uri(), "demo.data", "true"));
    open.add(doomed);
    doomedSip = doomed.sipPort;
    doomedHttp = doomed.httpPort;
    redis = TestRedis.connect();
    open.add(redis);
  }

  @Test
  void aKilledNodesCallsAreLostExactlyAndItsSurvivorsAgentMovesOn() throws Exception {
    startBoth();

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
    doomed.kill(); // SIGKILL: no goodbye to Redis, the heartbeat just stops
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
    startBoth();
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

    doomed.pause();
    try {
      // the survivor takes it for dead and ends its calls: the waiting one lost, the connected one ended
      await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
          .until(() -> "lost".equals(callField(redis, waitingId, "state")));
      assertThat(callField(redis, talkingId, "endedBy")).isEqualTo("node-lost");
      assertThat(waiting(redis)).isEmpty();
    } finally {
      doomed.resume();
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
}
