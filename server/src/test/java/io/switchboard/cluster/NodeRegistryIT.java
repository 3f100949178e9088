package io.switchboard.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.redis.Keys;
import io.switchboard.redis.RedisConnections;
import io.switchboard.support.TestRedis;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Heartbeats, liveness and cleanup after a dead node, against a real Redis. */
class NodeRegistryIT {
  private static Vertx vertx;
  private static RedisConnections redis;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    redis = TestRedis.connect();
  }

  @AfterAll
  static void stop() {
    redis.close();
    vertx.close().await();
  }

  @BeforeEach
  void clean() {
    TestRedis.flushAll();
  }

  /** What a cleanup callback saw: "by:dead:tenant/agent" per agent. */
  private static NodeRegistry.Cleanup recording(String by, List<String> calls) {
    return (dead, agents) -> {
      for (AgentRef a : agents) {
        calls.add(by + ":" + dead + ":" + a.tenant() + "/" + a.agentId());
      }
      return Future.succeededFuture();
    };
  }

  @Test
  void aDeadNodeIsCleanedUpExactlyOnceByOneOfTwoSurvivors() throws Exception {
    // the dead node's clock is 10 s behind, so its last beat is already older than the 1 s TTL
    NodeRegistry dead = new NodeRegistry(vertx, redis, "dead", "eu", 500, 1_000,
        Clock.offset(Clock.systemUTC(), Duration.ofSeconds(-10)));
    dead.start().await();
    dead.halt(); // crash: no more beats, nothing deregistered
    NodeBus deadBus = new NodeBus(vertx, redis, "dead");
    deadBus.connected("acme", "a1").await();
    deadBus.connected("acme", "a2").await();
    deadBus.connected("other", "a1").await();

    List<String> calls = Collections.synchronizedList(new ArrayList<>());
    NodeRegistry s1 = new NodeRegistry(vertx, redis, "s1", "eu", 50, 1_000, Clock.systemUTC())
        .onDeadNode(recording("s1", calls));
    NodeRegistry s2 = new NodeRegistry(vertx, redis, "s2", "us", 50, 1_000, Clock.systemUTC())
        .onDeadNode(recording("s2", calls));
    s1.start().await();
    s2.start().await();
    // both also sweep at once, concurrently, besides their timers
    Future.all(s1.sweepDeadNodes(), s2.sweepDeadNodes()).await();

    await().atMost(Duration.ofSeconds(3)).until(() -> calls.size() >= 3);
    Thread.sleep(400); // several more beats of both survivors: nothing may run twice
    assertThat(calls).hasSize(3);
    Set<String> by = calls.stream().map(c -> c.substring(0, c.indexOf(':'))).collect(Collectors.toSet());
    assertThat(by).hasSize(1); // one survivor did all of it
    assertThat(calls.stream().map(c -> c.substring(c.indexOf(':') + 1)).toList())
        .containsExactlyInAnyOrder("dead:acme/a1", "dead:acme/a2", "dead:other/a1");

    var cmd = redis.commands();
    assertThat(cmd.zscore(Keys.NODES, "dead").get()).isNull();
    assertThat(cmd.exists("sb:node:dead:info", "sb:node:dead:agents", "sb:node:dead:cleanup").get()).isZero();
    await().atMost(Duration.ofSeconds(2)).untilAsserted(() ->
        assertThat(s1.liveNodes()).extracting(NodeInfo::nodeId).containsExactlyInAnyOrder("s1", "s2"));
    NodeInfo info2 = s1.liveNodes().stream().filter(n -> n.nodeId().equals("s2")).findFirst().orElseThrow();
    assertThat(info2.region()).isEqualTo("us");
    assertThat(info2.startedEpochMs()).isPositive();
    assertThat(info2.lastBeatEpochMs()).isGreaterThanOrEqualTo(info2.startedEpochMs());

    s1.stop().await();
    s2.stop().await();
    assertThat(cmd.zcard(Keys.NODES).get()).isZero();
  }

  @Test
  void aFailedCleanupIsRetriedAndTheNodeStaysListedUntilItSucceeds() throws Exception {
    NodeRegistry dead = new NodeRegistry(vertx, redis, "dead2", "eu", 500, 1_000,
        Clock.offset(Clock.systemUTC(), Duration.ofSeconds(-10)));
    dead.start().await();
    dead.halt();
    new NodeBus(vertx, redis, "dead2").connected("acme", "a9").await();
    int[] attempts = {0};
    NodeRegistry s = new NodeRegistry(vertx, redis, "s3", "eu", 4_000, 5_000, Clock.systemUTC())
        .onDeadNode((node, agents) -> !node.equals("dead2") ? Future.succeededFuture() // its own start
            : ++attempts[0] == 1 ? Future.failedFuture(new IllegalStateException("redis hiccup"))
            : Future.succeededFuture());
    s.start().await();
    assertThat(s.sweepDeadNodes().await()).isZero();
    assertThat(redis.commands().zscore(Keys.NODES, "dead2").get()).isNotNull();
    assertThat(redis.commands().sismember("sb:node:dead2:agents", "acme/a9").get()).isTrue();
    assertThat(s.sweepDeadNodes().await()).isEqualTo(1);
    assertThat(attempts[0]).isEqualTo(2);
    assertThat(redis.commands().zscore(Keys.NODES, "dead2").get()).isNull();
    s.stop().await();
  }

  @Test
  void aNodeTakenForDeadIsToldOnItsNextBeatAndBeatsOn() throws Exception {
    List<NodeRegistry.Reason> told = Collections.synchronizedList(new ArrayList<>());
    NodeRegistry n = new NodeRegistry(vertx, redis, "paused", "eu", 50, 1_000, Clock.systemUTC())
        .onRejoin(told::add);
    n.start().await();
    Thread.sleep(200);
    assertThat(told).isEmpty(); // beating normally, same master: nothing to do
    redis.commands().zrem(Keys.NODES, "paused").get(); // what a survivor's cleanup does at the end

    await().atMost(Duration.ofSeconds(2)).until(() -> told.contains(NodeRegistry.Reason.RESURRECTED));
    assertThat(told).containsOnly(NodeRegistry.Reason.RESURRECTED);
    assertThat(redis.commands().zscore(Keys.NODES, "paused").get()).isNotNull();
    n.stop().await();
  }

  @Test
  void theMastersRunIdIsReadFromInfo() {
    assertThat(NodeRegistry.runId("# Server\r\nredis_version:7.0.15\r\nrun_id:abc123\r\ntcp_port:6379\r\n"))
        .isEqualTo("abc123");
    assertThat(NodeRegistry.runId("# Server\r\n")).isNull();
  }

  @Test
  void aLiveNodeIsNeverCleanedUpAndStopRemovesIt() throws Exception {
    List<String> calls = Collections.synchronizedList(new ArrayList<>());
    NodeRegistry a = new NodeRegistry(vertx, redis, "live-a", "eu", 50, 500, Clock.systemUTC())
        .onDeadNode(recording("a", calls));
    NodeRegistry b = new NodeRegistry(vertx, redis, "live-b", "eu", 50, 500, Clock.systemUTC())
        .onDeadNode(recording("b", calls));
    a.start().await();
    b.start().await();
    new NodeBus(vertx, redis, "live-b").connected("acme", "x").await();
    Thread.sleep(800); // longer than the TTL: beats keep both alive
    assertThat(calls).isEmpty();
    assertThat(a.refresh().await()).extracting(NodeInfo::nodeId).containsExactlyInAnyOrder("live-a", "live-b");
    b.stop().await();
    assertThat(a.refresh().await()).extracting(NodeInfo::nodeId).containsExactly("live-a");
    assertThat(redis.commands().exists("sb:node:live-b:agents", "sb:node:live-b:info").get()).isZero();
    a.stop().await();
  }

  @Test
  void aRestartedNodeCleansUpTheAgentsOfItsPreviousLife() throws Exception {
    new NodeBus(vertx, redis, "phoenix").connected("acme", "ghost").await();
    List<String> calls = Collections.synchronizedList(new ArrayList<>());
    NodeRegistry again = new NodeRegistry(vertx, redis, "phoenix", "eu", 500, 1_000, Clock.systemUTC())
        .onDeadNode(recording("self", calls));
    again.start().await();
    assertThat(calls).containsExactly("self:phoenix:acme/ghost");
    assertThat(redis.commands().exists("sb:node:phoenix:agents").get()).isZero();
    again.stop().await();
  }
}
