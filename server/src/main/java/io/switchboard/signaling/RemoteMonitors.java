package io.switchboard.signaling;

import io.switchboard.cluster.NodeBus;
import io.switchboard.cluster.wire.AgentMessage;
import io.switchboard.cluster.wire.CallMessage;
import io.switchboard.monitor.MonitorMode;
import io.switchboard.monitor.MonitorRefused;
import io.switchboard.monitor.Monitoring;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitor sessions of this node's supervisors on calls held by other nodes: {@code monitor.start},
 * {@code monitor.mode} and {@code monitor.stop} of such a session go to the call's node as call envelopes
 * ({@link CallMessage.MonitorStart}, {@link CallMessage.MonitorControl}), where {@link MonitorRelay} has that node's
 * own {@link Monitoring} carry them out (its WebRTC leg answers the supervisor's offer, with that node's ICE
 * candidates) and answers {@link AgentMessage.MonitorReply}; the request's future completes with it, so the browser
 * gets the same replies and refusals as on one node. What the call's node tells the supervisor by itself
 * ({@code monitor.ended}) reaches its sockets through the bus as for agents, and ends the session here too.
 *
 * <pre>
 *   start ──forward──► PENDING ──reply: started──► REMOTE(call, call's node) ──mode──► REMOTE
 *                        │ refused · no reply in time     │ stop · last socket closed (gone: no reply awaited)
 *                        ▼                                │ monitor.ended from the call's node · that node left
 *                      (none)                             ▼
 *                                                       (none; node left: monitor.ended reason node-lost)
 * </pre>
 *
 * <p>A reply that comes after its request timed out is dropped (the supervisor was told {@code unavailable}); a leg
 * the call's node answered meanwhile is never connected by the browser and closes there by itself.
 *
 * <p>Threading: any thread; state in concurrent maps; the futures complete on the bus's context (or a timer's).
 */
public final class RemoteMonitors {
  private static final Logger LOG = LoggerFactory.getLogger(RemoteMonitors.class);
  /** How long a forwarded request waits for the call's node (ms): an answered offer takes a few ms there. */
  static final long REPLY_TIMEOUT_MS = 10_000;
  /** The reason of {@code monitor.ended} when the call's node left the cluster (died or stopped). */
  public static final String NODE_LOST = "node-lost";

  /** Where the supervisor's sockets on this node are told (the bus listener's signature). */
  @FunctionalInterface
  interface Teller {
    void tell(String tenant, String agentId, AgentMessage message);
  }

  private record Key(String tenant, String supervisorId) {}

  /** A supervisor's session on a call of {@code callNode}. */
  public record Remote(String callId, String callNode) {}

  private record Pending(Key key, Promise<AgentMessage.MonitorReply> reply) {}

  private final Vertx vertx;
  private final NodeBus bus;
  private final Teller teller;
  private final long replyTimeoutMs;
  private final Map<Key, Remote> sessions = new ConcurrentHashMap<>();
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();

  RemoteMonitors(Vertx vertx, NodeBus bus, Teller teller) {
    this(vertx, bus, teller, REPLY_TIMEOUT_MS);
  }

  /** @param replyTimeoutMs how long a forwarded request waits for the call's node (tests shorten it) */
  RemoteMonitors(Vertx vertx, NodeBus bus, Teller teller, long replyTimeoutMs) {
    this.vertx = vertx;
    this.bus = bus;
    this.teller = teller;
    this.replyTimeoutMs = replyTimeoutMs;
  }

  /** The supervisor's session on another node's call, if it has one. */
  public Optional<Remote> of(String tenant, String supervisorId) {
    return Optional.ofNullable(sessions.get(new Key(tenant, supervisorId)));
  }

  /**
   * Forwards a start to {@code callNode}; fails with the call node's {@link MonitorRefused} (same codes as on one
   * node) or {@code unavailable} (that node does not listen, or did not answer in time).
   */
  public Future<Monitoring.Started> start(String tenant, String supervisorId, String callNode, String callId,
      String agentId, MonitorMode mode, String offerSdp) {
    String requestId = UUID.randomUUID().toString();
    return ask(new Key(tenant, supervisorId), callId, callNode, requestId, new CallMessage.MonitorStart(callId,
        agentId, supervisorId, bus.nodeId(), requestId, mode.wire(), offerSdp))
        .map(r -> {
          sessions.put(new Key(tenant, supervisorId), new Remote(callId, callNode));
          return new Monitoring.Started(session(r), r.sdp());
        });
  }

  /**
   * The remote session goes on in {@code mode}; {@code no-session} when the supervisor has none here, or the call's
   * node has none any more (its {@code monitor.ended} was lost: forgotten here too).
   */
  public Future<Monitoring.Session> mode(String tenant, String supervisorId, MonitorMode mode) {
    Key key = new Key(tenant, supervisorId);
    return control(key, "mode", mode.wire()).onFailure(e -> {
      if (e instanceof MonitorRefused r && "no-session".equals(r.code())) {
        sessions.remove(key);
      }
    }).map(RemoteMonitors::session);
  }

  /** Ends the remote session (whatever the call's node answers, it is forgotten here). */
  public Future<Monitoring.Session> stop(String tenant, String supervisorId) {
    Key key = new Key(tenant, supervisorId);
    return control(key, "stop", null).onComplete(ar -> sessions.remove(key)).map(RemoteMonitors::session);
  }

  /** The supervisor's last socket on this node closed: its remote session (if any) ends; nothing awaited. */
  public void gone(String tenant, String supervisorId) {
    Remote r = sessions.remove(new Key(tenant, supervisorId));
    if (r != null) {
      send(r.callNode(), tenant, new CallMessage.MonitorControl(r.callId(), supervisorId, bus.nodeId(),
          UUID.randomUUID().toString(), "gone", null));
    }
  }

  /**
   * A message from the bus for {@code agentId}'s sockets: a {@code monitor.reply} is taken here (true: not for the
   * sockets); a {@code monitor.ended} ends the matching remote session and still goes to the sockets (false).
   */
  boolean deliver(String tenant, String agentId, AgentMessage message) {
    if (message instanceof AgentMessage.MonitorReply r) {
      replied(tenant, agentId, r);
      return true;
    }
    if (message instanceof AgentMessage.MonitorEnded e) {
      Key key = new Key(tenant, agentId);
      Remote r = sessions.get(key);
      if (r != null && r.callId().equals(e.callId())) {
        sessions.remove(key, r);
      }
    }
    return false;
  }

  /**
   * The nodes alive now ({@code NodeRegistry.liveNodes}): every session on a call of a node that is not among them
   * ends, its supervisor told {@code monitor.ended} with reason {@value #NODE_LOST}. An empty list (not known yet)
   * changes nothing.
   */
  public void liveNodes(Collection<String> live) {
    if (live.isEmpty()) {
      return;
    }
    sessions.forEach((key, r) -> {
      if (!live.contains(r.callNode()) && sessions.remove(key, r)) {
        LOG.warn("monitor.ended call={} supervisor={} reason={} node={}", r.callId(), key.supervisorId(), NODE_LOST,
            r.callNode());
        teller.tell(key.tenant(), key.supervisorId(), new AgentMessage.MonitorEnded(r.callId(), NODE_LOST));
      }
    });
  }

  /** Forwarded sessions now (metrics, tests). */
  public int size() {
    return sessions.size();
  }

  private Future<AgentMessage.MonitorReply> control(Key key, String action, String mode) {
    Remote r = sessions.get(key);
    if (r == null) {
      return Future.failedFuture(new MonitorRefused("no-session", null, "you are not monitoring a call"));
    }
    String requestId = UUID.randomUUID().toString();
    return ask(key, r.callId(), r.callNode(), requestId, new CallMessage.MonitorControl(r.callId(), key.supervisorId(),
        bus.nodeId(), requestId, action, mode));
  }

  /** Sends {@code request} to the call's node and waits for its reply (or the timeout). */
  private Future<AgentMessage.MonitorReply> ask(Key key, String callId, String callNode, String requestId,
      CallMessage request) {
    Promise<AgentMessage.MonitorReply> reply = Promise.promise();
    pending.put(requestId, new Pending(key, reply));
    long timer = vertx.setTimer(replyTimeoutMs, t -> {
      if (pending.remove(requestId) != null) {
        LOG.warn("monitor.forward-timeout call={} node={} supervisor={}", callId, callNode, key.supervisorId());
        reply.tryFail(unreachable(callId));
      }
    });
    bus.sendCall(callNode, key.tenant(), request).onComplete(ar -> {
      if (ar.failed() || ar.result() == 0) {
        pending.remove(requestId);
        reply.tryFail(unreachable(callId));
      }
    });
    return reply.future().onComplete(ar -> vertx.cancelTimer(timer)).compose(r -> r.code() == null
        ? Future.succeededFuture(r) : Future.failedFuture(new MonitorRefused(r.code(), r.field(), r.message())));
  }

  private void replied(String tenant, String supervisorId, AgentMessage.MonitorReply r) {
    Pending p = pending.remove(r.requestId());
    if (p != null && p.key().equals(new Key(tenant, supervisorId))) {
      p.reply().tryComplete(r);
    } else { // after the timeout: a leg started then is never connected by the browser, and closes there by itself
      LOG.info("monitor.late-reply call={} supervisor={} code={}", r.callId(), supervisorId, r.code());
    }
  }

  private void send(String node, String tenant, CallMessage m) {
    bus.sendCall(node, tenant, m).onFailure(e -> LOG.warn("monitor.forward-failed call={} node={} why={}",
        m.callId(), node, e.toString()));
  }

  private static MonitorRefused unreachable(String callId) {
    return new MonitorRefused("unavailable", null, "the node holding call " + callId
        + " is not reachable; retry later");
  }

  private static Monitoring.Session session(AgentMessage.MonitorReply r) {
    return new Monitoring.Session(r.callId(), r.agentId(), MonitorMode.fromWire(r.mode()).orElseThrow());
  }
}
