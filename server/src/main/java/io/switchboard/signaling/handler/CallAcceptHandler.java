package io.switchboard.signaling.handler;

import io.switchboard.acd.Acd;
import io.switchboard.acd.CaseBacklog;
import io.switchboard.signaling.CaseWork;
import io.switchboard.acd.CallStatus;
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
 * {@code call.accept}: answers the call reserved for this agent. A callback (a virtual call: {@link CallStatus#callback()})
 * is answered by dialing its number from this node ({@link Dialer#callBack}); a node with no SIP side refuses it
 * ({@code unavailable}) before the ACD is told, so the offer runs out and goes to another agent. A case of a backlog
 * (call id {@code case-<id>}) accepted in the ACD makes the agent its owner ({@link CaseWork#accepted}); when that
 * fails (the case changed hands meanwhile) the agent is told the error and stays on the work item until it hangs up.
 * A campaign's preview is refused ({@code invalid-field callId}): {@link PreviewCallHandler} calls it.
 */
public final class CallAcceptHandler implements MessageHandler<Inbound.CallAccept> {
  private final Acd acd;
  private final CallGuard guard;
  private final Supplier<Dialer> dialer;
  private final String nodeId;
  private final Supplier<CaseWork> cases;

  /**
   * @param dialer this node's dialer (null while the node has no SIP side); nodeId: this node; cases: the node's
   *     case work (null while it has no store of record)
   */
  public CallAcceptHandler(Acd acd, Supplier<Dialer> dialer, String nodeId, Supplier<CaseWork> cases) {
    this.acd = acd;
    this.guard = new CallGuard(acd);
    this.dialer = dialer;
    this.nodeId = nodeId;
    this.cases = cases;
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
    String tenant = session.tenant();
    return guard.ownedBy(session, m.callId())
        .compose(v -> acd.call(tenant, m.callId()).otherwise((CallStatus) null))
        .compose(st -> {
          Supplier<Future<Void>> accept = () -> acd.accept(tenant, session.agentId(), m.callId());
          Long caseId = CaseBacklog.caseIdOf(m.callId());
          CaseWork w = cases.get();
          if (caseId != null && w != null) {
            return accept.get().compose(v -> w.accepted(tenant, session.agentId(), caseId));
          }
          if (st == null || st.callback() == null) {
            return accept.get();
          }
          if (st.preview() != null) { // preview.call judges the contact's calling hours again first
            return Future.failedFuture(SignalingError.invalid("callId", "call " + m.callId()
                + " is a campaign preview: call it with preview.call or skip it with preview.skip"));
          }
          Dialer d = dialer.get();
          if (d == null) {
            return Future.failedFuture(new SignalingError(SignalingError.UNAVAILABLE, null,
                "this node places no calls: a callback cannot be answered here"));
          }
          return d.callBack(tenant, session.agentId(), nodeId,
                  new Dialer.Callback(m.callId(), st.callback(), st.queue(), st.callerId()), accept)
              .recover(e -> Future.failedFuture(e instanceof DialRefused r
                  ? new SignalingError(r.reason(), r.field(), r.getMessage()) : e));
        })
        .map(v -> null);
  }
}
