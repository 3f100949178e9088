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
 * {@code call.consult.accept}: the colleague offered a consult ({@code call.consult.offered}) joins the call with its
 * softphone's own WebRTC leg ({@link Consulting#accept}); {@code no-session} when no consult of that call is offered
 * to it. The reply is {@code call.consult.accepted} with the SDP answer.
 */
public final class CallConsultAcceptHandler implements MessageHandler<Inbound.CallConsultAccept> {
  private final Acd acd;
  private final Supplier<Consulting> consulting;
  private final String nodeId;

  public CallConsultAcceptHandler(Acd acd, Supplier<Consulting> consulting, String nodeId) {
    this.acd = acd;
    this.consulting = consulting;
    this.nodeId = nodeId;
  }

  @Override
  public String type() {
    return "call.consult.accept";
  }

  @Override
  public Class<Inbound.CallConsultAccept> messageClass() {
    return Inbound.CallConsultAccept.class;
  }

  @Override
  public Role requiredRole() {
    return Role.AGENT;
  }

  @Override
  public Future<JsonObject> handle(Session session, Inbound.CallConsultAccept m) {
    Consulting c = Consults.check(consulting);
    if (!m.sdp().startsWith("v=0") || !m.sdp().contains("m=audio")) {
      return Future.failedFuture(new SignalingError(SignalingError.BAD_OFFER, "sdp",
          "field 'sdp' must be an SDP offer (v=0 ...) with an audio section"));
    }
    return Consults.here(acd, session.tenant(), m.callId(), nodeId)
        .compose(v -> Supervision.refusals(c.accept(session.tenant(), m.callId(), session.agentId(), m.sdp())))
        .map(sdp -> new JsonObject().put("type", "call.consult.accepted").put("callId", m.callId()).put("sdp", sdp));
  }
}
