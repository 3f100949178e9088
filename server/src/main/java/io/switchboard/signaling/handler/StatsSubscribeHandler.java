package io.switchboard.signaling.handler;

import io.switchboard.auth.Role;
import io.switchboard.signaling.Inbound;
import io.switchboard.signaling.MessageHandler;
import io.switchboard.signaling.Session;
import io.switchboard.signaling.StatsPusher;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** {@code stats.subscribe} (supervisors only): periodic {@code stats} of the supervisor's own tenant. */
public final class StatsSubscribeHandler implements MessageHandler<Inbound.StatsSubscribe> {
  private final StatsPusher stats;

  public StatsSubscribeHandler(StatsPusher stats) {
    this.stats = stats;
  }

  @Override
  public String type() {
    return "stats.subscribe";
  }

  @Override
  public Class<Inbound.StatsSubscribe> messageClass() {
    return Inbound.StatsSubscribe.class;
  }

  @Override
  public Role requiredRole() {
    return Role.SUPERVISOR;
  }

  @Override
  public Future<JsonObject> handle(Session session, Inbound.StatsSubscribe m) {
    stats.subscribe(session);
    return Future.succeededFuture();
  }
}
