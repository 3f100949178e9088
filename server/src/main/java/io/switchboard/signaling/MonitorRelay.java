package io.switchboard.signaling;

import io.switchboard.cluster.AgentMessenger;
import io.switchboard.cluster.wire.AgentMessage;
import io.switchboard.cluster.wire.CallMessage;
import io.switchboard.monitor.MonitorMode;
import io.switchboard.monitor.MonitorRefused;
import io.switchboard.monitor.Monitoring;
import io.vertx.core.Future;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The call's node's side of {@link RemoteMonitors}: a supervisor's {@code monitor.start} or {@code monitor.control}
 * forwarded from the node holding its socket is carried out by this node's own {@link Monitoring} (exactly as for a
 * supervisor connected here, with the supervisor's node as the one {@code monitor.ended} goes to) and answered
 * {@code monitor.reply} to that node: the session, or the refusal's code, field and message. {@code gone} (the
 * supervisor's last socket there closed) is not answered.
 *
 * <p>Threading: {@link #receive} runs on the bus's context; {@link Monitoring} hops to the call layer's.
 */
public final class MonitorRelay {
  private static final Logger LOG = LoggerFactory.getLogger(MonitorRelay.class);

  private final Supplier<Monitoring> monitoring;
  private final AgentMessenger messenger;

  /** @param monitoring this node's calls' monitoring (null while there is none: {@code unavailable}) */
  public MonitorRelay(Supplier<Monitoring> monitoring, AgentMessenger messenger) {
    this.monitoring = monitoring;
    this.messenger = messenger;
  }

  /** Whether {@link #receive} takes {@code m} (the node's call listener routes it here). */
  public static boolean handles(CallMessage m) {
    return m instanceof CallMessage.MonitorStart || m instanceof CallMessage.MonitorControl;
  }

  /** Carries out a forwarded request of {@code tenant}'s supervisor and answers its node. */
  public void receive(String tenant, CallMessage m) {
    Monitoring mon = monitoring.get();
    if (m instanceof CallMessage.MonitorStart s) {
      Future<Monitoring.Started> started = mon == null ? unavailable() : mon.start(tenant, s.callId(), s.agentId(),
          s.supervisorId(), s.supervisorNode(), mode(s.mode()), s.sdp());
      started.onComplete(ar -> reply(tenant, s.supervisorId(), s.supervisorNode(), s.callId(), s.requestId(),
          ar.succeeded() ? ar.result().session() : null, ar.succeeded() ? ar.result().answerSdp() : null,
          ar.cause()));
    } else if (m instanceof CallMessage.MonitorControl c) {
      if ("gone".equals(c.action())) {
        if (mon != null) {
          mon.supervisorGone(tenant, c.supervisorId());
        }
        return;
      }
      Future<Monitoring.Session> done = mon == null ? unavailable() : "stop".equals(c.action())
          ? mon.stop(tenant, c.supervisorId()) : mon.mode(tenant, c.supervisorId(), mode(c.mode()));
      done.onComplete(ar -> reply(tenant, c.supervisorId(), c.supervisorNode(), c.callId(), c.requestId(),
          ar.result(), null, ar.cause()));
    }
  }

  private void reply(String tenant, String supervisorId, String node, String callId, String requestId,
      Monitoring.Session s, String sdp, Throwable failure) {
    AgentMessage.MonitorReply r;
    if (failure == null) {
      r = new AgentMessage.MonitorReply(s.callId(), requestId, s.agentId(), s.mode().wire(), sdp, null, null, null);
    } else if (failure instanceof MonitorRefused refused) {
      r = new AgentMessage.MonitorReply(callId, requestId, null, null, null, refused.code(), refused.field(),
          refused.getMessage());
    } else {
      LOG.warn("monitor.relay-failed call={} supervisor={} why={}", callId, supervisorId, failure.toString());
      r = new AgentMessage.MonitorReply(callId, requestId, null, null, null, "unavailable", null,
          "the call's node could not carry this out; retry");
    }
    messenger.tell(node, tenant, supervisorId, r);
  }

  private static MonitorMode mode(String wire) {
    return MonitorMode.fromWire(wire).orElseThrow();
  }

  private static <T> Future<T> unavailable() {
    return Future.failedFuture(new MonitorRefused("unavailable", null, "the call's node holds no calls yet"));
  }
}
