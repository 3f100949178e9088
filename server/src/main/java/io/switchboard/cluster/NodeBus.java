package io.switchboard.cluster;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.RedisPubSubListener;
import io.switchboard.redis.Keys;
import io.switchboard.redis.Lua;
import io.switchboard.redis.RedisConnections;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Messages for agents, across nodes: every node SUBSCRIBEs to its own channel {@link Keys#nodeChannel}
 * on the node's shared pub/sub connection, and whoever knows which node holds an agent's socket (the
 * ACD's scripts, or {@link #send}) PUBLISHes there an envelope
 * {@code {"tenant":"acme","agentId":"a1","message":{"type":"call.offered",...}}}.
 *
 * <p>Delivery is at most once (Redis pub/sub): a message published while the subscription is down is
 * lost, which is why the ACD keeps the truth (reservations with deadlines) and agents resync from
 * {@code hello} on reconnect.
 *
 * <p>Threading: the Lettuce listener hops to the context captured at construction, so the
 * {@link Listener} always runs on that Vert.x context, never on a Lettuce thread. Also keeps this node's
 * agent set in Redis ({@link AgentPresence}) for cleanup after a crash.
 */
public final class NodeBus implements AgentPresence {
  private static final Logger log = LoggerFactory.getLogger(NodeBus.class);

  /** Receives envelopes addressed to this node; runs on the bus's context. */
  @FunctionalInterface
  public interface Listener {
    void deliver(String tenant, String agentId, JsonObject message);
  }

  /** Receives envelopes about a call whose media this node holds ({@code callId} instead of {@code agentId}). */
  @FunctionalInterface
  public interface CallListener {
    void deliver(String tenant, String callId, JsonObject message);
  }

  private final RedisConnections redis;
  private final String nodeId;
  private final String channel;
  private final Context context;
  private final RedisPubSubListener<String, String> lettuceListener;
  private volatile Listener listener;
  private volatile CallListener callListener;
  private volatile boolean started;

  public NodeBus(Vertx vertx, RedisConnections redis, String nodeId) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
    this.channel = Keys.nodeChannel(nodeId);
    this.context = vertx.getOrCreateContext();
    this.lettuceListener = new RedisPubSubAdapter<>() {
      @Override
      public void message(String ch, String payload) {
        if (channel.equals(ch)) {
          context.runOnContext(v -> receive(payload));
        }
      }
    };
  }

  public String nodeId() {
    return nodeId;
  }

  /** Sets the one local receiver (signaling). Messages arriving while none is set are dropped. */
  public void listen(Listener l) {
    this.listener = l;
  }

  /** Sets the one local receiver of call envelopes (SIP call control). Dropped while none is set. */
  public void listenCalls(CallListener l) {
    this.callListener = l;
  }

  /** Subscribes to this node's channel; completes once Redis confirmed the subscription. */
  public Future<Void> start() {
    if (started) {
      return Future.succeededFuture();
    }
    started = true;
    redis.pubSub().addListener(lettuceListener);
    return Lua.toVertx(redis.pubSub().async().subscribe(channel), context)
        .onSuccess(v -> log.info("bus.subscribed node={} channel={}", nodeId, channel))
        .mapEmpty();
  }

  /** Unsubscribes; the shared pub/sub connection itself stays open (it belongs to RedisConnections). */
  public Future<Void> close() {
    if (!started) {
      return Future.succeededFuture();
    }
    started = false;
    redis.pubSub().removeListener(lettuceListener);
    return Lua.toVertx(redis.pubSub().async().unsubscribe(channel), context).mapEmpty();
  }

  /**
   * Publishes {@code message} for {@code tenant}/{@code agentId} to node {@code targetNode}'s channel.
   * Completes with the number of nodes that received it (0: that node is not subscribed, e.g. dead).
   */
  public Future<Long> send(String targetNode, String tenant, String agentId, JsonObject message) {
    String envelope = envelope(tenant, agentId, message).encode();
    return Lua.toVertx(redis.commands().publish(Keys.nodeChannel(targetNode), envelope), context);
  }

  /**
   * Publishes a call envelope {@code {"tenant","callId","message"}} to node {@code targetNode} (the call's node,
   * {@code CallStatus.node()}), where {@link #listenCalls} receives it; the same form the ACD's scripts publish.
   * Completes with the number of receivers (0: that node is not subscribed).
   */
  public Future<Long> sendCall(String targetNode, String tenant, String callId, JsonObject message) {
    String envelope = callEnvelope(tenant, callId, message).encode();
    return Lua.toVertx(redis.commands().publish(Keys.nodeChannel(targetNode), envelope), context);
  }

  /** The wire form of a call envelope. */
  public static JsonObject callEnvelope(String tenant, String callId, JsonObject message) {
    return new JsonObject().put("tenant", tenant).put("callId", callId).put("message", message);
  }

  /** The wire form every publisher (this class, the ACD's Lua scripts) must use. */
  public static JsonObject envelope(String tenant, String agentId, JsonObject message) {
    return new JsonObject().put("tenant", tenant).put("agentId", agentId).put("message", message);
  }

  @Override
  public Future<Void> connected(String tenant, String agentId) {
    return Lua.toVertx(redis.commands().sadd(ClusterKeys.agents(nodeId), ClusterKeys.member(tenant, agentId)), context)
        .mapEmpty();
  }

  @Override
  public Future<Void> disconnected(String tenant, String agentId) {
    return Lua.toVertx(redis.commands().srem(ClusterKeys.agents(nodeId), ClusterKeys.member(tenant, agentId)), context)
        .mapEmpty();
  }

  private void receive(String payload) {
    JsonObject env;
    try {
      env = new JsonObject(payload);
    } catch (DecodeException e) {
      log.warn("bus.drop node={} why=malformed-envelope", nodeId);
      return;
    }
    Object tenant = env.getValue("tenant");
    Object agentId = env.getValue("agentId");
    Object message = env.getValue("message");
    if (env.getValue("callId") instanceof String callId && tenant instanceof String t
        && message instanceof JsonObject m) {
      deliverCall(t, callId, m);
      return;
    }
    if (!(tenant instanceof String t) || !(agentId instanceof String a) || !(message instanceof JsonObject m)) {
      log.warn("bus.drop node={} why=envelope-fields", nodeId);
      return;
    }
    Listener l = listener;
    if (l == null) {
      log.debug("bus.drop node={} why=no-listener", nodeId);
      return;
    }
    try {
      l.deliver(t, a, m);
    } catch (RuntimeException e) {
      log.error("bus.listener-failed node={} tenant={} agent={}", nodeId, t, a, e);
    }
  }

  private void deliverCall(String tenant, String callId, JsonObject message) {
    CallListener l = callListener;
    if (l == null) {
      log.debug("bus.drop node={} why=no-call-listener", nodeId);
      return;
    }
    try {
      l.deliver(tenant, callId, message);
    } catch (RuntimeException e) {
      log.error("bus.call-listener-failed node={} tenant={} call={}", nodeId, tenant, callId, e);
    }
  }
}
