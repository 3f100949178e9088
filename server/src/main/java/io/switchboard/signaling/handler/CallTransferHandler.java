package io.switchboard.signaling.handler;

import io.switchboard.acd.Acd;
import io.switchboard.auth.Role;
import io.switchboard.signaling.Inbound;
import io.switchboard.signaling.MessageHandler;
import io.switchboard.signaling.Session;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * {@code call.transfer}: blind transfer of this agent's connected call to a queue or an agent ({@link Acd#transfer}).
 * The ACD re-queues or reserves the call and tells the call's node ({@code call.transferred}), which plays music to
 * the caller again; this agent goes to wrap-up. {@code agent-unavailable} when the target agent is not available.
 */
public final class CallTransferHandler implements MessageHandler<Inbound.CallTransfer> {
  private final Acd acd;
  private final CallGuard guard;

  public CallTransferHandler(Acd acd) {
    this.acd = acd;
    this.guard = new CallGuard(acd);
  }

  @Override
  public String type() {
    return "call.transfer";
  }

  @Override
  public Class<Inbound.CallTransfer> messageClass() {
    return Inbound.CallTransfer.class;
  }

  @Override
  public Role requiredRole() {
    return Role.AGENT;
  }

  @Override
  public Future<JsonObject> handle(Session session, Inbound.CallTransfer m) {
    return guard.ownedBy(session, m.callId())
        .compose(v -> acd.transfer(session.tenant(), session.agentId(), m.callId(), m.queue(), m.agentId()))
        .map(v -> null);
  }
}
