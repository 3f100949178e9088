package io.switchboard.signaling.handler;

import io.switchboard.auth.Role;
import io.switchboard.signaling.Inbound;
import io.switchboard.signaling.MessageHandler;
import io.switchboard.signaling.Session;
import io.switchboard.signaling.StatsPusher;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/** {@code stats.unsubscribe}: stop the pushes (idempotent). */
public final class StatsUnsubscribeHandler implements MessageHandler<Inbound.StatsUnsubscribe> {
  private final StatsPusher stats;

  public StatsUnsubscribeHandler(StatsPusher stats) {
    this.stats = stats;
  }

  @Override
  public String type() {
    return "stats.unsubscribe";
  }

  @Override
  public Class<Inbound.StatsUnsubscribe> messageClass() {
    return Inbound.StatsUnsubscribe.class;
  }

  @Override
  public Role requiredRole() {
    return null; // allowedRoles
  }

  @Override
  public Set<Role> allowedRoles() {
    return StatsSubscribeHandler.WATCHERS;
  }

  @Override
  public Future<JsonObject> handle(Session session, Inbound.StatsUnsubscribe m) {
    stats.unsubscribe(session);
    return Future.succeededFuture();
  }
}
