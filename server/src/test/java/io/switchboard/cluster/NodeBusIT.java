package io.switchboard.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.cluster.wire.AgentMessage;
import io.switchboard.cluster.wire.BusCodec;
import io.switchboard.cluster.wire.CallMessage;
import io.switchboard.cluster.wire.ChatEvent;
import io.switchboard.redis.Keys;
import io.switchboard.redis.RedisConnections;
import io.switchboard.support.TestRedis;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
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

  private record Delivery(String tenant, String agentId, AgentMessage message, Context context, String thread) {}

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
      AgentMessage offer = new AgentMessage.CallOffered("c1", "support", "+15550100", null, 5, 1767224722100L);
      assertThat(a.send("bus-b", "acme", "agent-7", offer).await()).isEqualTo(1L);
      Delivery d = atB.poll(5, TimeUnit.SECONDS);
      assertThat(d).isNotNull();
      assertThat(d.tenant()).isEqualTo("acme");
      assertThat(d.agentId()).isEqualTo("agent-7");
      assertThat(d.message()).isEqualTo(offer);
      assertThat(d.context()).isNotNull();
      assertThat(d.thread()).startsWith("vert.x-eventloop");
      assertThat(atA.poll(100, TimeUnit.MILLISECONDS)).isNull();

      // garbage on the channel (wrong shape, not JSON, a message the codec refuses) is dropped whole; the next good
      // envelope still arrives
      var cmd = redisA.commands();
      cmd.publish(Keys.nodeChannel("bus-b"), "not json").get();
      cmd.publish(Keys.nodeChannel("bus-b"), "{\"tenant\":\"acme\",\"agentId\":5,\"message\":{}}").get();
      cmd.publish(Keys.nodeChannel("bus-b"), "{\"tenant\":\"acme\",\"agentId\":\"x\",\"message\":\"str\"}").get();
      cmd.publish(Keys.nodeChannel("bus-b"),
          "{\"tenant\":\"acme\",\"agentId\":\"x\",\"message\":{\"type\":\"agent.state\",\"since\":1}}").get();
      AgentMessage state = new AgentMessage.AgentStateChanged("available", null, 1767224701000L, null);
      b.send("bus-b", "acme", "agent-8", state).await();
      Delivery next = atB.poll(5, TimeUnit.SECONDS);
      assertThat(next.agentId()).isEqualTo("agent-8");
      assertThat(next.message()).isEqualTo(state);
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
  void chatEventsReachEveryOtherNodeButNotThePublisher() throws Exception {
    NodeBus a = new NodeBus(vertx, redisA, "bus-chat-a");
    NodeBus b = new NodeBus(vertx, redisB, "bus-chat-b");
    LinkedBlockingQueue<ChatEvent> atA = new LinkedBlockingQueue<>();
    LinkedBlockingQueue<String> atB = new LinkedBlockingQueue<>();
    a.listenChats(atA::add);
    b.listenChats(e -> atB.add(Thread.currentThread().getName() + " " + BusCodec.encode(e)));
    a.start().await();
    b.start().await();
    try {
      ChatEvent line = new ChatEvent.ChatLine("bus-chat-a", "acme", "chat-1", "connected", "a1", 4, "customer", null,
          "hello", 1767224722100L);
      assertThat(a.publish(line).await()).as("subscribers: both nodes at least").isGreaterThanOrEqualTo(2L);
      assertThat(atB.poll(5, TimeUnit.SECONDS)).startsWith("vert.x-eventloop").endsWith(BusCodec.encode(line));
      // garbage on the chat channel is dropped whole; the next good event still arrives; the publisher hears none
      redisA.commands().publish("sb:chat:events", "{\"type\":\"chat.line\",\"node\":\"x\"}").get();
      ChatEvent ended = new ChatEvent.ChatEnded("bus-chat-a", "acme", "chat-1", "a1", "agent");
      a.publish(ended).await();
      assertThat(atB.poll(5, TimeUnit.SECONDS)).endsWith(BusCodec.encode(ended));
      assertThat(atA.poll(200, TimeUnit.MILLISECONDS)).as("its own events are not handed back").isNull();
    } finally {
      a.close().await();
      b.close().await();
    }
  }

  @Test
  void callEnvelopesReachTheCallListenerTyped() throws Exception {
    NodeBus a = new NodeBus(vertx, redisA, "bus-ca");
    NodeBus b = new NodeBus(vertx, redisB, "bus-cb");
    LinkedBlockingQueue<CallMessage> atB = new LinkedBlockingQueue<>();
    LinkedBlockingQueue<AgentMessage> agentsAtB = new LinkedBlockingQueue<>();
    b.listenCalls((t, callId, m) -> atB.add(m));
    b.listen((t, agentId, m) -> agentsAtB.add(m));
    a.start().await();
    b.start().await();
    try {
      CallMessage hold = new CallMessage.CallHold("c9", "ann", "bus-ca");
      assertThat(a.sendCall("bus-cb", "acme", hold).await()).isEqualTo(1L);
      assertThat(atB.poll(5, TimeUnit.SECONDS)).isEqualTo(hold);
      // a call envelope whose message names another call is refused whole, not applied to either call
      redisA.commands().publish(Keys.nodeChannel("bus-cb"), "{\"tenant\":\"acme\",\"callId\":\"c1\",\"message\":"
          + "{\"type\":\"call.connected\",\"callId\":\"c2\",\"agentId\":\"ann\"}}").get();
      CallMessage ended = new CallMessage.CallEnded("c1", "agent");
      a.sendCall("bus-cb", "acme", ended).await();
      assertThat(atB.poll(5, TimeUnit.SECONDS)).isEqualTo(ended);
      assertThat(atB.poll(100, TimeUnit.MILLISECONDS)).isNull();
      assertThat(agentsAtB).as("call envelopes never reach the agents' listener").isEmpty();
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

  @Test
  void aLostPubSubConnectionIsSubscribedAgainAndSaysSo() throws Exception {
    NodeBus bus = new NodeBus(vertx, redisA, "bus-it-resubscribe");
    LinkedBlockingQueue<String> resubscribed = new LinkedBlockingQueue<>();
    bus.onResubscribed(() -> resubscribed.add(Thread.currentThread().getName()));
    LinkedBlockingQueue<String> delivered = new LinkedBlockingQueue<>();
    bus.listenCalls((tenant, callId, message) -> delivered.add(callId));
    bus.start().await();
    assertThat(resubscribed.poll(500, TimeUnit.MILLISECONDS)).as("the first subscription is no resubscription")
        .isNull();

    redisB.commands().clientKill(io.lettuce.core.KillArgs.Builder.typePubsub()).toCompletableFuture()
        .get(5, TimeUnit.SECONDS);
    assertThat(resubscribed.poll(10, TimeUnit.SECONDS)).as("told, on the bus's context").startsWith("vert.x-eventloop");
    // and subscribed again for real: a message published now arrives
    NodeBus other = new NodeBus(vertx, redisB, "bus-it-sender");
    other.sendCall("bus-it-resubscribe", "acme", new CallMessage.CallEnded("c-after", "agent")).await();
    assertThat(delivered.poll(5, TimeUnit.SECONDS)).isEqualTo("c-after");
    bus.close().await();
  }
}
