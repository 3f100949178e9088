package io.switchboard.signaling.handler;

import io.switchboard.acd.Acd;
import io.switchboard.acd.CaseBacklog;
import io.switchboard.signaling.CaseWork;
import io.switchboard.auth.Role;
import io.switchboard.monitor.Consulting;
import io.switchboard.signaling.Inbound;
import io.switchboard.signaling.MessageHandler;
import io.switchboard.signaling.Session;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.function.Supplier;

/**
 * {@code call.hangup}: ends this agent's connected call; a case of a backlog (call id {@code case-<id>}): the agent
 * is done working on it, and the ACD is told again where the case belongs ({@link CaseWork#ended}). A call with a
 * consult on this node is asked first ({@link Consulting#hangup}): the call's agent leaving a conference hands the
 * call to the colleague, and a consulted colleague hanging up leaves the consult; the call goes on either way.
 */
public final class CallHangupHandler implements MessageHandler<Inbound.CallHangup> {
  private final Acd acd;
  private final CallGuard guard;
  private final Supplier<CaseWork> cases;
  private final Supplier<Consulting> consulting;

  /**
   * @param cases the node's case work (null while it has no store of record)
   * @param consulting the node's consults (null before the SIP side runs)
   */
  public CallHangupHandler(Acd acd, Supplier<CaseWork> cases, Supplier<Consulting> consulting) {
    this.acd = acd;
    this.guard = new CallGuard(acd);
    this.cases = cases;
    this.consulting = consulting;
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
    Consulting c = consulting.get();
    Future<Boolean> consult = c == null ? Future.succeededFuture(false)
        : Supervision.refusals(c.hangup(session.tenant(), m.callId(), session.agentId()));
    return consult.compose(left -> left ? Future.<JsonObject>succeededFuture(null) : hangup(session, m));
  }

  private Future<JsonObject> hangup(Session session, Inbound.CallHangup m) {
    return guard.ownedBy(session, m.callId())
        .compose(v -> acd.hangup(session.tenant(), session.agentId(), m.callId()))
        .compose(v -> {
          Long caseId = CaseBacklog.caseIdOf(m.callId());
          CaseWork w = cases.get();
          return caseId == null || w == null ? Future.<Void>succeededFuture()
              : w.ended(session.tenant(), session.agentId(), caseId).recover(e -> Future.succeededFuture());
        })
        .map(v -> null);
  }
}
