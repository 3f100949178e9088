package io.switchboard.signaling.handler;

import io.switchboard.acd.Acd;
import io.switchboard.auth.Role;
import io.switchboard.monitor.Consulting;
import io.switchboard.signaling.Inbound;
import io.switchboard.signaling.MessageHandler;
import io.switchboard.signaling.Session;
import io.switchboard.signaling.SignalingError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.function.Supplier;

/**
 * {@code call.consult.cancel}: the call's agent returns to its caller ({@link Consulting#cancel}): the caller hears the
 * agent again, the colleague's leg ends and it is told {@code call.consult.ended}; or the consulted colleague leaves
 * the consult or conference (the same, reason {@code left}). Anyone else: {@code not-your-call}; the call's agent
 * without a consult: {@code no-session}. The reply is an ack.
 */
public final class CallConsultCancelHandler implements MessageHandler<Inbound.CallConsultCancel> {
  private final CallGuard guard;
  private final Supplier<Consulting> consulting;

  public CallConsultCancelHandler(Acd acd, Supplier<Consulting> consulting) {
    this.guard = new CallGuard(acd);
    this.consulting = consulting;
  }

  @Override
  public String type() {
    return "call.consult.cancel";
  }

  @Override
  public Class<Inbound.CallConsultCancel> messageClass() {
    return Inbound.CallConsultCancel.class;
  }

  @Override
  public Role requiredRole() {
    return Role.AGENT;
  }

  @Override
  public Future<JsonObject> handle(Session session, Inbound.CallConsultCancel m) {
    Consulting c = Consults.check(consulting);
    return Supervision.refusals(c.cancel(session.tenant(), m.callId(), session.agentId()))
        .recover(e -> e instanceof SignalingError s && "no-session".equals(s.code())
            ? guard.ownedBy(session, m.callId()).compose(v -> Future.failedFuture(e)) : Future.failedFuture(e))
        .map(v -> null);
  }
}
