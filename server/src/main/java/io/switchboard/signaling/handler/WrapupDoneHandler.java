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

  public WrapupDoneHandler(Acd acd) {
    this.acd = acd;
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
    // No CallGuard here: after a blind transfer the call belongs to the target agent while the transferring
    // agent still wraps it up. Ownership is the agent's own record: the ACD's script accepts only the callId
    // of the caller's wrap-up, atomically.
    return acd.wrapUpDone(session.tenant(), session.agentId(), m.callId(), m.disposition(), m.notes()).map(v -> null);
  }
}
