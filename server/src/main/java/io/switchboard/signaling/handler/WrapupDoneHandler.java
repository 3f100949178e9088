package io.switchboard.signaling.handler;

import io.switchboard.acd.Acd;
import io.switchboard.auth.Role;
import io.switchboard.signaling.Inbound;
import io.switchboard.signaling.MessageHandler;
import io.switchboard.signaling.Session;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** {@code wrapup.done}: the agent finished its after-call work; it becomes available (or its requested state). */
public final class WrapupDoneHandler implements MessageHandler<Inbound.WrapupDone> {
  private final Acd acd;
  private final CallGuard guard;

  public WrapupDoneHandler(Acd acd) {
    this.acd = acd;
    this.guard = new CallGuard(acd);
  }

  @Override
  public String type() {
    return "wrapup.done";
  }

  @Override
  public Class<Inbound.WrapupDone> messageClass() {
    return Inbound.WrapupDone.class;
  }

  @Override
  public Role requiredRole() {
    return Role.AGENT;
  }

  @Override
  public Future<JsonObject> handle(Session session, Inbound.WrapupDone m) {
    return guard.ownedBy(session, m.callId())
        .compose(v -> acd.wrapUpDone(session.tenant(), session.agentId(), m.callId(), m.disposition(), m.notes()))
        .map(v -> null);
  }
}
