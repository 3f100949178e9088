package io.switchboard.cluster;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.RedisPubSubListener;
import io.switchboard.cluster.wire.AgentMessage;
import io.switchboard.cluster.wire.BusCodec;
import io.switchboard.cluster.wire.CallMessage;
import io.switchboard.cluster.wire.ChatEvent;
import io.switchboard.cluster.wire.Envelope;
import io.switchboard.cluster.wire.WireException;
import io.switchboard.redis.Keys;
import io.switchboard.redis.Lua;
import io.switchboard.redis.RedisConnections;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Messages for agents, across nodes: every node SUBSCRIBEs to its own channel {@link Keys#nodeChannel}
 * on the node's shared pub/sub connection, and whoever knows which node holds an agent's socket (the
 * ACD's scripts, or {@link #send}) PUBLISHes there an envelope
 * {@code {"tenant":"acme","agentId":"a1","message":{"type":"call.offered",...}}}; the node holding a call's media
 * gets {@code {"tenant","callId","message"}} the same way. Both are typed ({@link Envelope}, {@link AgentMessage},
 * {@link CallMessage}) and go through the one codec, {@link BusCodec}: an envelope it refuses is logged with the
 * offending field and dropped whole.
 *
 * <p>Delivery is at most once (Redis pub/sub): a message published while the subscription is down is
 * lost, which is why the ACD keeps the truth (reservations with deadlines), agents resync from
 * {@code hello} on reconnect, and the node reconciles its calls with the ACD each time Redis confirms the
 * subscription again after a reconnection ({@link #onResubscribed}): a call the ACD ended meanwhile is hung up.
 *
 * <p>Threading: the Lettuce listener hops to the context captured at construction, so the
 * {@link Listener} always runs on that Vert.x context, never on a Lettuce thread. Also keeps this node's
 * agent set in Redis ({@link AgentPresence}) for cleanup after a crash.
 *
 * <p>Chats ({@link ChatBus}): besides its own channel every node subscribes to the one chat channel
 * {@link ClusterKeys#CHAT_CHANNEL}, where each node publishes the events of the chats it serves
 * ({@link ChatEvent}, decoded by {@link BusCodec#decodeChat}) and hears everyone else's.
 */
public final class NodeBus implements AgentPresence, AgentMessenger, ChatBus {
  private static final Logger log = LoggerFactory.getLogger(NodeBus.class);

  /** Receives envelopes addressed to this node; runs on the bus's context. */
  @FunctionalInterface
  public interface Listener {
    void deliver(String tenant, String agentId, AgentMessage message);
  }

  /** Receives envelopes about a call whose media this node holds ({@code callId} instead of {@code agentId}). */
  @FunctionalInterface
  public interface CallListener {
    void deliver(String tenant, String callId, CallMessage message);
  }

  private final RedisConnections redis;
  private final String nodeId;
  private final String channel;
  private final Context context;
  private final RedisPubSubListener<String, String> lettuceListener;
  private volatile Listener listener;
  private volatile CallListener callListener;
  private volatile Consumer<ChatEvent> chatListener;
  private volatile Runnable resubscribed = () -> { };
  /** Whether Redis confirmed the subscription once; context only. */
  private boolean subscribedOnce;
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
        } else if (ClusterKeys.CHAT_CHANNEL.equals(ch)) {
          context.runOnContext(v -> receiveChat(payload));
        }
      }

      @Override
      public void subscribed(String ch, long count) {
        if (channel.equals(ch)) {
          context.runOnContext(v -> confirmed());
        }
      }
    };
  }

  @Override
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

  @Override
  public void listenChats(Consumer<ChatEvent> receiver) {
    this.chatListener = receiver;
  }

  @Override
  public Future<Long> publish(ChatEvent event) {
    return Lua.toVertx(redis.commands().publish(ClusterKeys.CHAT_CHANNEL, BusCodec.encode(event)), context);
  }

  /**
   * Sets what runs, on the bus's context, each time Redis confirms this node's subscription after the first time:
   * the pub/sub connection was lost and Lettuce subscribed again, so messages published meanwhile are lost.
   */
  public void onResubscribed(Runnable r) {
    this.resubscribed = Objects.requireNonNull(r);
  }

  private void confirmed() {
    if (!subscribedOnce) {
      subscribedOnce = true;
      return;
    }
    log.warn("bus.resubscribed node={} channel={} why=pubsub-reconnected (messages meanwhile are lost)", nodeId,
        channel);
    resubscribed.run();
  }

  /** Subscribes to this node's channel; completes once Redis confirmed the subscription. */
  public Future<Void> start() {
    if (started) {
      return Future.succeededFuture();
    }
    started = true;
    redis.pubSub().addListener(lettuceListener);
    return Lua.toVertx(redis.pubSub().async().subscribe(channel, ClusterKeys.CHAT_CHANNEL), context)
        .onSuccess(v -> log.info("bus.subscribed node={} channel={} chats={}", nodeId, channel,
            ClusterKeys.CHAT_CHANNEL))
        .mapEmpty();
  }

  /** Unsubscribes; the shared pub/sub connection itself stays open (it belongs to RedisConnections). */
  public Future<Void> close() {
    if (!started) {
      return Future.succeededFuture();
    }
    started = false;
    redis.pubSub().removeListener(lettuceListener);
    return Lua.toVertx(redis.pubSub().async().unsubscribe(channel, ClusterKeys.CHAT_CHANNEL), context).mapEmpty();
  }

  /**
   * Publishes {@code message} for {@code tenant}/{@code agentId} to node {@code targetNode}'s channel.
   * Completes with the number of nodes that received it (0: that node is not subscribed, e.g. dead).
   */
  @Override
  public Future<Long> send(String targetNode, String tenant, String agentId, AgentMessage message) {
    return publish(targetNode, new Envelope.ToAgent(tenant, agentId, message));
  }

  /**
   * Publishes a call envelope about {@code message.callId()} to node {@code targetNode} (the call's node,
   * {@code CallStatus.node()}), where {@link #listenCalls} receives it; the same form the ACD's scripts publish.
   * Completes with the number of receivers (0: that node is not subscribed).
   */
  public Future<Long> sendCall(String targetNode, String tenant, CallMessage message) {
    return publish(targetNode, new Envelope.AboutCall(tenant, message.callId(), message));
  }

  private Future<Long> publish(String targetNode, Envelope envelope) {
    return Lua.toVertx(redis.commands().publish(Keys.nodeChannel(targetNode), BusCodec.encode(envelope)), context);
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
    Envelope env;
    try {
      env = BusCodec.decode(payload);
    } catch (WireException e) {
      log.error("bus.refused node={} field={} why={}", nodeId, e.field(), e.getMessage());
      return;
    }
    if (env instanceof Envelope.ToAgent a) {
      deliverAgent(a);
    } else if (env instanceof Envelope.AboutCall c) {
      deliverCall(c);
    }
  }

  private void receiveChat(String payload) {
    ChatEvent e;
    try {
      e = BusCodec.decodeChat(payload);
    } catch (WireException x) {
      log.error("bus.refused node={} channel={} field={} why={}", nodeId, ClusterKeys.CHAT_CHANNEL, x.field(),
          x.getMessage());
      return;
    }
    Consumer<ChatEvent> l = chatListener;
    if (l == null || nodeId.equals(e.node())) {  // our own: this node told its sockets when it published
      return;
    }
    try {
      l.accept(e);
    } catch (RuntimeException x) {
      log.error("bus.chat-listener-failed node={} tenant={} chat={}", nodeId, e.tenant(), e.chatId(), x);
    }
  }

  private void deliverAgent(Envelope.ToAgent env) {
    Listener l = listener;
    if (l == null) {
      log.debug("bus.drop node={} why=no-listener", nodeId);
      return;
    }
    try {
      l.deliver(env.tenant(), env.agentId(), env.message());
    } catch (RuntimeException e) {
      log.error("bus.listener-failed node={} tenant={} agent={}", nodeId, env.tenant(), env.agentId(), e);
    }
  }

  private void deliverCall(Envelope.AboutCall env) {
    CallListener l = callListener;
    if (l == null) {
      log.debug("bus.drop node={} why=no-call-listener", nodeId);
      return;
    }
    try {
      l.deliver(env.tenant(), env.callId(), env.message());
    } catch (RuntimeException e) {
      log.error("bus.call-listener-failed node={} tenant={} call={}", nodeId, env.tenant(), env.callId(), e);
    }
  }
}
