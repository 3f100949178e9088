package io.switchboard.signaling.handler;

import io.switchboard.acd.Acd;
import io.switchboard.auth.Role;
import io.switchboard.monitor.Consulting;
import io.switchboard.signaling.Inbound;
import io.switchboard.signaling.MessageHandler;
import io.switchboard.signaling.Session;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.function.Supplier;

/**
 * {@code call.consult.complete}: warm transfer ({@link Consulting#complete}): the caller stays with the colleague, who
 * becomes the call's agent; this agent's leg ends and it goes to wrap-up. Only its own call ({@code not-your-call});
 * {@code no-session} when the call has no consult the colleague has accepted. The reply is an ack.
 */
public final class CallConsultCompleteHandler implements MessageHandler<Inbound.CallConsultComplete> {
  private final CallGuard guard;
  private final Supplier<Consulting> consulting;

  public CallConsultCompleteHandler(Acd acd, Supplier<Consulting> consulting) {
    this.guard = new CallGuard(acd);
    this.consulting = consulting;
  }

  @Override
  public String type() {
    return "call.consult.complete";
  }

  @Override
  public Class<Inbound.CallConsultComplete> messageClass() {
    return Inbound.CallConsultComplete.class;
  }

  @Override
  public Role requiredRole() {
    return Role.AGENT;
  }

  @Override
  public Future<JsonObject> handle(Session session, Inbound.CallConsultComplete m) {
    Consulting c = Consults.check(consulting);
    return guard.ownedBy(session, m.callId())
        .compose(v -> Supervision.refusals(c.complete(session.tenant(), m.callId(), session.agentId())))
        .map(v -> null);
  }
}
