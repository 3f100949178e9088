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
 * {@code call.conference}: the agent brings its caller into the consult ({@link Consulting#conference}): caller, agent
 * and colleague each hear the other two; only its own call ({@code not-your-call}); {@code no-session} when the call
 * has no consult the colleague has accepted. {@code call.consult.cancel} then drops the colleague. The reply is an ack.
 */
public final class CallConferenceHandler implements MessageHandler<Inbound.CallConference> {
  private final CallGuard guard;
  private final Supplier<Consulting> consulting;

  public CallConferenceHandler(Acd acd, Supplier<Consulting> consulting) {
    this.guard = new CallGuard(acd);
    this.consulting = consulting;
  }

  @Override
  public String type() {
    return "call.conference";
  }

  @Override
  public Class<Inbound.CallConference> messageClass() {
    return Inbound.CallConference.class;
  }

  @Override
  public Role requiredRole() {
    return Role.AGENT;
  }

  @Override
  public Future<JsonObject> handle(Session session, Inbound.CallConference m) {
    Consulting c = Consults.check(consulting);
    return guard.ownedBy(session, m.callId())
        .compose(v -> Supervision.refusals(c.conference(session.tenant(), m.callId(), session.agentId())))
        .map(v -> null);
  }
}
