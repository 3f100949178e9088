package io.switchboard.signaling.handler;

import io.switchboard.auth.Role;
import io.switchboard.monitor.Monitoring;
import io.switchboard.signaling.Inbound;
import io.switchboard.signaling.MessageHandler;
import io.switchboard.signaling.RemoteMonitors;
import io.switchboard.signaling.Session;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code monitor.stop}: the supervisor leaves the call (its leg closes, the call goes back to two parties); replied
 * {@code monitor.stopped}. A session on another node's call goes there ({@link RemoteMonitors}). Without a session:
 * {@code no-session}.
 */
public final class MonitorStopHandler implements MessageHandler<Inbound.MonitorStop> {
  private final Supplier<Monitoring> monitoring;
  private final RemoteMonitors remote;

  public MonitorStopHandler(Supplier<Monitoring> monitoring, RemoteMonitors remote) {
    this.monitoring = monitoring;
    this.remote = remote;
  }

  @Override
  public String type() {
    return "monitor.stop";
  }

  @Override
  public Class<Inbound.MonitorStop> messageClass() {
    return Inbound.MonitorStop.class;
  }

  @Override
  public Role requiredRole() {
    return null; // allowedRoles
  }

  @Override
  public Set<Role> allowedRoles() {
    return MonitorStartHandler.MONITORS;
  }

  @Override
  public Future<JsonObject> handle(Session session, Inbound.MonitorStop m) {
    Supervision.mayMonitor(session, type());
    Future<Monitoring.Session> stopped = remote.of(session.tenant(), session.agentId()).isPresent()
        ? remote.stop(session.tenant(), session.agentId())
        : Supervision.local(monitoring).stop(session.tenant(), session.agentId());
    return Supervision.refusals(stopped)
        .map(s -> Supervision.reply("monitor.stopped", s));
  }
}
