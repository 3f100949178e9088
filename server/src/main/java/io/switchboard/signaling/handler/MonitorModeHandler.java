package io.switchboard.signaling.handler;

import io.switchboard.auth.Role;
import io.switchboard.monitor.MonitorMode;
import io.switchboard.monitor.Monitoring;
import io.switchboard.signaling.Inbound;
import io.switchboard.signaling.MessageHandler;
import io.switchboard.signaling.Session;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code monitor.mode}: the supervisor's monitor session goes on in another mode (the same leg); replied
 * {@code monitor.changed}. Without a session: {@code no-session}, nothing changes.
 */
public final class MonitorModeHandler implements MessageHandler<Inbound.MonitorChange> {
  private final Supplier<Monitoring> monitoring;

  public MonitorModeHandler(Supplier<Monitoring> monitoring) {
    this.monitoring = monitoring;
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
    Monitoring mon = Supervision.check(session, monitoring, type());
    MonitorMode mode = MonitorMode.fromWire(m.mode()).orElseThrow();
    return Supervision.refusals(mon.mode(session.tenant(), session.agentId(), mode))
        .map(s -> Supervision.reply("monitor.changed", s));
  }
}
