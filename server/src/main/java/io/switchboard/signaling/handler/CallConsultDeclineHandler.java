package io.switchboard.signaling.handler;

import io.switchboard.auth.Role;
import io.switchboard.monitor.Consulting;
import io.switchboard.signaling.Inbound;
import io.switchboard.signaling.MessageHandler;
import io.switchboard.signaling.Session;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.function.Supplier;

/**
 * {@code call.consult.decline}: the colleague offered a consult ({@code call.consult.offered}) declines it instead of
 * accepting ({@link Consulting#decline}): it is free for queue calls again, the consulting agent is told
 * {@code call.consult.ended} reason {@code declined} (with the colleague's words as {@code note}) and keeps its caller
 * on hold. {@code no-session} for anyone the consult is not offered to, and once accepted (then
 * {@code call.consult.cancel} leaves it). The reply is an ack.
 */
public final class CallConsultDeclineHandler implements MessageHandler<Inbound.CallConsultDecline> {
  private final Supplier<Consulting> consulting;

  public CallConsultDeclineHandler(Supplier<Consulting> consulting) {
    this.consulting = consulting;
  }

  @Override
  public String type() {
    return "call.consult.decline";
  }

  @Override
  public Class<Inbound.CallConsultDecline> messageClass() {
    return Inbound.CallConsultDecline.class;
  }

  @Override
  public Role requiredRole() {
    return Role.AGENT;
  }

  @Override
  public Future<JsonObject> handle(Session session, Inbound.CallConsultDecline m) {
    Consulting c = Consults.check(consulting);
    String note = m.reason() == null || m.reason().isBlank() ? null : m.reason().strip();
    return Supervision.refusals(c.decline(session.tenant(), m.callId(), session.agentId(), note)).map(v -> null);
  }
}
