package io.switchboard.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.redis.Keys;
import io.switchboard.redis.RedisConnections;
import io.switchboard.support.TestRedis;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Cross-node messages over real Redis pub/sub. */
class NodeBusIT {
  private static Vertx vertx;
  private static RedisConnections redisA;
  private static RedisConnections redisB;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    redisA = TestRedis.connect();
    redisB = TestRedis.connect();
  }

  @AfterAll
  static void stop() {
    redisA.close();
    redisB.close();
    vertx.close().await();
  }

  private record Delivery(String tenant, String agentId, JsonObject message, Context context, String thread) {}

  @Test
  void envelopesReachTheAddressedNodesListenerOnItsVertxContext() throws Exception {
    NodeBus a = new NodeBus(vertx, redisA, "bus-a");
    NodeBus b = new NodeBus(vertx, redisB, "bus-b");
    LinkedBlockingQueue<Delivery> atA = new LinkedBlockingQueue<>();
    LinkedBlockingQueue<Delivery> atB = new LinkedBlockingQueue<>();
    a.listen((t, ag, m) -> atA.add(new Delivery(t, ag, m, Vertx.currentContext(), Thread.currentThread().getName())));
    b.listen((t, ag, m) -> atB.add(new Delivery(t, ag, m, Vertx.currentContext(), Thread.currentThread().getName())));
    a.start().await();
    b.start().await();
    try {
      JsonObject offer = new JsonObject().put("type", "call.offered").put("callId", "c1");
      assertThat(a.send("bus-b", "acme", "agent-7", offer).await()).isEqualTo(1L);
      Delivery d = atB.poll(5, TimeUnit.SECONDS);
      assertThat(d).isNotNull();
      assertThat(d.tenant()).isEqualTo("acme");
      assertThat(d.agentId()).isEqualTo("agent-7");
      assertThat(d.message()).isEqualTo(offer);
      assertThat(d.context()).isNotNull();
      assertThat(d.thread()).startsWith("vert.x-eventloop");
      assertThat(atA.poll(100, TimeUnit.MILLISECONDS)).isNull();

      // garbage on the channel (wrong shape, not JSON) is dropped; the next good envelope still arrives
      var cmd = redisA.commands();
      cmd.publish(Keys.nodeChannel("bus-b"), "not json").get();
      cmd.publish(Keys.nodeChannel("bus-b"), "{\"tenant\":\"acme\",\"agentId\":5,\"message\":{}}").get();
      cmd.publish(Keys.nodeChannel("bus-b"), "{\"tenant\":\"acme\",\"agentId\":\"x\",\"message\":\"str\"}").get();
      b.send("bus-b", "acme", "agent-8", new JsonObject().put("type", "agent.state")).await();
      Delivery next = atB.poll(5, TimeUnit.SECONDS);
      assertThat(next.agentId()).isEqualTo("agent-8");
      assertThat(atB.poll(100, TimeUnit.MILLISECONDS)).isNull();

      // an unsubscribed node receives nothing: publish counts zero receivers
      b.close().await();
      assertThat(a.send("bus-b", "acme", "agent-7", offer).await()).isZero();
    } finally {
      a.close().await();
      b.close().await();
    }
  }

  @Test
  void presenceKeepsTheNodesAgentSet() throws Exception {
    NodeBus bus = new NodeBus(vertx, redisA, "bus-p");
    bus.connected("acme", "a1").await();
    bus.connected("acme", "a2").await();
    bus.disconnected("acme", "a1").await();
    assertThat(redisA.commands().smembers("sb:node:bus-p:agents").get()).containsExactly("acme/a2");
    bus.disconnected("acme", "a2").await();
    assertThat(redisA.commands().exists("sb:node:bus-p:agents").get()).isZero();
  }
}
