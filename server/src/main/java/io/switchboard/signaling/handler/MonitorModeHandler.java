package io.switchboard.signaling.handler;

import io.switchboard.auth.Role;
import io.switchboard.monitor.MonitorMode;
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
 * {@code monitor.mode}: the supervisor's monitor session goes on in another mode (the same leg); replied
 * {@code monitor.changed}. A session on another node's call goes there ({@link RemoteMonitors}). Without a session:
 * {@code no-session}, nothing changes.
 */
public final class MonitorModeHandler implements MessageHandler<Inbound.MonitorChange> {
  private final Supplier<Monitoring> monitoring;
  private final RemoteMonitors remote;

  public MonitorModeHandler(Supplier<Monitoring> monitoring, RemoteMonitors remote) {
    this.monitoring = monitoring;
    this.remote = remote;
  }

  @Override
  public String type() {
    return "monitor.mode";
  }

  @Override
  public Class<Inbound.MonitorChange> messageClass() {
    return Inbound.MonitorChange.class;
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
  public Future<JsonObject> handle(Session session, Inbound.MonitorChange m) {
    Supervision.mayMonitor(session, type());
    MonitorMode mode = MonitorMode.fromWire(m.mode()).orElseThrow();
    Future<Monitoring.Session> changed = remote.of(session.tenant(), session.agentId()).isPresent()
        ? remote.mode(session.tenant(), session.agentId(), mode)
        : Supervision.local(monitoring).mode(session.tenant(), session.agentId(), mode);
    return Supervision.refusals(changed)
        .map(s -> Supervision.reply("monitor.changed", s));
  }
}
