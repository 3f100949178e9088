package io.switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.acd.CallSpec;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.redis.EmbeddedRedis;
import io.switchboard.signaling.WsClient;
import io.switchboard.support.TestNodes;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisSentinel;
import redis.embedded.RedisServer;
import redis.embedded.RedisShardedCluster;

/**
 * The node on the Redis deployments production uses, not just standalone: a real 3-shard Redis Cluster
 * (every tenant script must keep its keys in one hash slot) and a Sentinel-managed master. Each runs the
 * whole path: bootstrap and demo data, login, the agent's socket, an offer routed by a Lua script, accept.
 */
class RedisTopologiesIT {

  @Test
  void aNodeOnARedisClusterRoutesCalls() throws Exception {
    List<Integer> ports = List.of(EmbeddedRedis.freePort(), EmbeddedRedis.freePort(), EmbeddedRedis.freePort());
    RedisShardedCluster cluster = RedisShardedCluster.newRedisCluster()
        .shard("a", 0).shard("b", 0).shard("c", 0)
        .serverPorts(ports)
        .initializationTimeout(Duration.ofSeconds(20))
        .build();
    cluster.start();
    try {
      List<Integer> actual = cluster.serverPorts();
      awaitClusterOk(actual);
      String uri = "redis-cluster://127.0.0.1:" + actual.get(0) + ",127.0.0.1:" + actual.get(1);
      offerAndAccept(uri);
    } finally {
      cluster.stop();
    }
  }

  @Test
  void aNodeBehindSentinelRoutesCalls() throws Exception {
    int masterPort = EmbeddedRedis.freePort();
    int sentinelPort = EmbeddedRedis.freePort();
    RedisServer master = RedisServer.newRedisServer().port(masterPort).bind("127.0.0.1")
        .setting("save \"\"").setting("appendonly no").build();
    RedisSentinel sentinel = RedisSentinel.newRedisSentinel().bind("127.0.0.1").port(sentinelPort)
        .masterPort(masterPort).masterName("sbmaster").quorumSize(1).build();
    master.start();
    sentinel.start();
    try {
      offerAndAccept("redis-sentinel://127.0.0.1:" + sentinelPort + "/0#sbmaster");
    } finally {
      sentinel.stop();
      master.stop();
    }
  }

  /** The cluster answers CLUSTERDOWN until every node has agreed on the slot map. */
  private static void awaitClusterOk(List<Integer> ports) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    for (int port : ports) {
      io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create("redis://127.0.0.1:" + port);
      try (var c = client.connect()) {
        while (!c.sync().clusterInfo().contains("cluster_state:ok")) {
          assertThat(System.nanoTime()).as("cluster state ok on port " + port).isLessThan(deadline);
          Thread.sleep(100);
        }
      } finally {
        client.shutdown();
      }
    }
  }

  private static void offerAndAccept(String redisUri) throws Exception {
    Node node = Node.start(SwitchboardConfig.from(TestNodes.settings(Map.of(
        "http.host", "127.0.0.1", "http.port", "0", "sip.host", "127.0.0.1", "sip.port", "0", "redis.uri", redisUri, "demo.data", "true",
        "auth.bcrypt.cost", "4", "node.id", "topology-it"))), new PrintStream(new ByteArrayOutputStream()));
    try {
      String token = TestNodes.login(node.httpPort(), "alice");
      WebSocketClient client = node.vertx().createWebSocketClient();
      try (WsClient alice = WsClient.connect(client, node.httpPort(), token)) {
        alice.next("hello");
        assertThat(alice.request("1", new JsonObject().put("type", "state.set").put("state", "available"))
            .getString("type")).isEqualTo("ack");
        String callId = node.acd().enqueue("demo", new CallSpec(null, "sales", null, Map.of(), null,
            "+15550123", null, "local", "topology-it")).await().callId();
        assertThat(alice.next("call.offered").getString("callId")).isEqualTo(callId);
        assertThat(alice.request("2", new JsonObject().put("type", "call.accept").put("callId", callId))
            .getString("type")).isEqualTo("ack");
        assertThat(node.acd().call("demo", callId).await().state()).isEqualTo("connected");
      }
    } finally {
      node.stop();
    }
  }

}
