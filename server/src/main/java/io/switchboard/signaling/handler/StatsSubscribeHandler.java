package io.switchboard.signaling.handler;

import io.switchboard.auth.Role;
import io.switchboard.signaling.Inbound;
import io.switchboard.signaling.MessageHandler;
import io.switchboard.signaling.Session;
import io.switchboard.signaling.StatsPusher;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * {@code stats.subscribe}: periodic {@code stats} of the principal's own tenant, for supervisors and managers whole,
 * for a team leader narrowed to the teams it leads ({@link StatsPusher#subscribe}).
 */
public final class StatsSubscribeHandler implements MessageHandler<Inbound.StatsSubscribe> {
  /** Who may watch the live numbers. */
  static final Set<Role> WATCHERS = Set.of(Role.SUPERVISOR, Role.MANAGER, Role.TEAM_LEADER);

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
    return null; // allowedRoles
  }

  @Override
  public Set<Role> allowedRoles() {
    return WATCHERS;
  }

  @Override
  public Future<JsonObject> handle(Session session, Inbound.StatsSubscribe m) {
    return stats.subscribe(session).mapEmpty();
  }
}
