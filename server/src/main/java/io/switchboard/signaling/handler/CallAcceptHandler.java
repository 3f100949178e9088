package io.switchboard.signaling.handler;

import io.switchboard.acd.Acd;
import io.switchboard.auth.Role;
import io.switchboard.signaling.Inbound;
import io.switchboard.signaling.MessageHandler;
import io.switchboard.signaling.Session;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** {@code call.accept}: answers the call reserved for this agent. */
public final class CallAcceptHandler implements MessageHandler<Inbound.CallAccept> {
  private final Acd acd;
  private final CallGuard guard;

  public CallAcceptHandler(Acd acd) {
    this.acd = acd;
    this.guard = new CallGuard(acd);
  }

  @Override
  public String type() {
    return "call.accept";
  }

  @Override
  public Class<Inbound.CallAccept> messageClass() {
    return Inbound.CallAccept.class;
  }

  @Override
  public Role requiredRole() {
    return Role.AGENT;
  }

  @Override
  public Future<JsonObject> handle(Session session, Inbound.CallAccept m) {
    return guard.ownedBy(session, m.callId())
        .compose(v -> acd.accept(session.tenant(), session.agentId(), m.callId()))
        .map(v -> null);
  }
}
