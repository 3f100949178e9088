package io.switchboard.signaling.handler;

import io.switchboard.auth.Role;
import io.switchboard.dial.DialRefused;
import io.switchboard.dial.Dialer;
import io.switchboard.signaling.Inbound;
import io.switchboard.signaling.MessageHandler;
import io.switchboard.signaling.Session;
import io.switchboard.signaling.SignalingError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.function.Supplier;

/**
 * {@code call.dial}: the agent places an outbound call. Answered (instead of an ack) by
 * {@code {"type":"call.dialing","callId","number","callerId"}} once the ACD has the agent on the call and the INVITE
 * is on its way; then {@code call.dial.progress} and either {@code call.dial.failed} or the call goes on like an
 * inbound one. A refusal before anything was sent is an error whose code is the {@link DialRefused} reason
 * ({@code invalid-number}, {@code blocked-number}, {@code not-allowed-number}, {@code no-caller-id}, {@code bad-queue},
 * {@code no-trunk}) naming the field, or the ACD's ({@code agent-busy}, {@code invalid-transition}).
 */
public final class CallDialHandler implements MessageHandler<Inbound.CallDial> {
  private final Supplier<Dialer> dialer;
  private final String nodeId;

  /** @param dialer this node's dialer; null while (or when) the node has no SIP side: {@code unavailable} */
  public CallDialHandler(Supplier<Dialer> dialer, String nodeId) {
    this.dialer = dialer;
    this.nodeId = nodeId;
  }

  @Override
  public String type() {
    return "call.dial";
  }

  @Override
  public Class<Inbound.CallDial> messageClass() {
    return Inbound.CallDial.class;
  }

  @Override
  public Role requiredRole() {
    return Role.AGENT;
  }

  @Override
  public Future<JsonObject> handle(Session session, Inbound.CallDial m) {
    Dialer d = dialer.get();
    if (d == null) {
      return Future.failedFuture(new SignalingError(SignalingError.UNAVAILABLE, null,
          "this node places no outbound calls"));
    }
    return d.dial(session.tenant(), session.agentId(), nodeId, m.number(), m.queueId())
        .recover(e -> Future.failedFuture(e instanceof DialRefused r
            ? new SignalingError(r.reason(), r.field(), r.getMessage()) : e))
        .map(dialed -> new JsonObject().put("type", "call.dialing").put("callId", dialed.callId())
            .put("number", dialed.number()).put("callerId", dialed.callerId()));
  }
}
