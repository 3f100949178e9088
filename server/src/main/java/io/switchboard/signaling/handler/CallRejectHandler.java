package io.switchboard.signaling.handler;

import io.switchboard.acd.Acd;
import io.switchboard.auth.Role;
import io.switchboard.signaling.Inbound;
import io.switchboard.signaling.MessageHandler;
import io.switchboard.signaling.Session;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** {@code call.reject}: declines the call reserved for this agent. */
public final class CallRejectHandler implements MessageHandler<Inbound.CallReject> {
  private final Acd acd;
  private final CallGuard guard;

  public CallRejectHandler(Acd acd) {
    this.acd = acd;
    this.guard = new CallGuard(acd);
  }

  @Override
  public String type() {
    return "call.reject";
  }

  @Override
  public Class<Inbound.CallReject> messageClass() {
    return Inbound.CallReject.class;
  }

  @Override
  public Role requiredRole() {
    return Role.AGENT;
  }

  @Override
  public Future<JsonObject> handle(Session session, Inbound.CallReject m) {
    return guard.ownedBy(session, m.callId())
        .compose(v -> acd.reject(session.tenant(), session.agentId(), m.callId()))
        .map(v -> null);
  }
}
