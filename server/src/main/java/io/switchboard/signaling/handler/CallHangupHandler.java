package io.switchboard.signaling.handler;

import io.switchboard.acd.Acd;
import io.switchboard.acd.CaseBacklog;
import io.switchboard.signaling.CaseWork;
import io.switchboard.auth.Role;
import io.switchboard.signaling.Inbound;
import io.switchboard.signaling.MessageHandler;
import io.switchboard.signaling.Session;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.function.Supplier;

/**
 * {@code call.hangup}: ends this agent's connected call; a case of a backlog (call id {@code case-<id>}): the agent
 * is done working on it, and the ACD is told again where the case belongs ({@link CaseWork#ended}).
 */
public final class CallHangupHandler implements MessageHandler<Inbound.CallHangup> {
  private final Acd acd;
  private final CallGuard guard;
  private final Supplier<CaseWork> cases;

  /** @param cases the node's case work (null while it has no store of record) */
  public CallHangupHandler(Acd acd, Supplier<CaseWork> cases) {
    this.acd = acd;
    this.guard = new CallGuard(acd);
    this.cases = cases;
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
        .compose(v -> {
          Long caseId = CaseBacklog.caseIdOf(m.callId());
          CaseWork w = cases.get();
          return caseId == null || w == null ? Future.<Void>succeededFuture()
              : w.ended(session.tenant(), session.agentId(), caseId).recover(e -> Future.succeededFuture());
        })
        .map(v -> null);
  }
}
