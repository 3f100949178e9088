package io.switchboard.signaling.handler;

import io.switchboard.acd.Acd;
import io.switchboard.auth.Role;
import io.switchboard.signaling.Inbound;
import io.switchboard.signaling.MessageHandler;
import io.switchboard.signaling.Session;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** {@code call.hangup}: ends this agent's connected call. */
public final class CallHangupHandler implements MessageHandler<Inbound.CallHangup> {
  private final Acd acd;
  private final CallGuard guard;

  public CallHangupHandler(Acd acd) {
    this.acd = acd;
    this.guard = new CallGuard(acd);
  }

  @Override
  public String type() {
    return "call.hangup";
  }

  @Override
  public Class<Inbound.CallHangup> messageClass() {
    return Inbound.CallHangup.class;
  }

  @Override
  public Role requiredRole() {
    return Role.AGENT;
  }

  @Override
  public Future<JsonObject> handle(Session session, Inbound.CallHangup m) {
    return guard.ownedBy(session, m.callId())
        .compose(v -> acd.hangup(session.tenant(), session.agentId(), m.callId()))
        .map(v -> null);
  }
}
