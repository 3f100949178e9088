package io.switchboard.signaling.handler;

import io.switchboard.acd.Acd;
import io.switchboard.monitor.ConsultTarget;
import io.switchboard.auth.Role;
import io.switchboard.monitor.Consulting;
import io.switchboard.signaling.Inbound;
import io.switchboard.signaling.MessageHandler;
import io.switchboard.signaling.Session;
import io.switchboard.signaling.SignalingError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.function.BiPredicate;
import java.util.function.Supplier;

/**
 * {@code call.consult}: the agent of a connected call consults ({@link Consulting#start}) colleague {@code agentId},
 * its team's leader ({@code teamLeader}) or a queue's longest idle available agent ({@code queueId}): only its own
 * call ({@code not-your-call}); not itself, only an available agent of its tenant connected to the call's node
 * ({@code invalid-field}, {@code not-an-agent}, {@code agent-unavailable}, {@code cross-node}; a team without leader
 * {@code no-team-leader}; {@code unknown-queue}; each naming the field given); not on a monitored call
 * ({@code monitored}) nor twice ({@code busy}). The colleague is reserved in the ACD and told
 * {@code call.consult.offered}; the reply is an ack naming it ({@code agentId}).
 */
public final class CallConsultHandler implements MessageHandler<Inbound.CallConsult> {
  private final Acd acd;
  private final CallGuard guard;
  private final Supplier<Consulting> consulting;
  private final String nodeId;
  private final BiPredicate<String, String> connectedHere;

  /** @param connectedHere whether (tenant, agentId) has a socket on this node */
  public CallConsultHandler(Acd acd, Supplier<Consulting> consulting, String nodeId,
      BiPredicate<String, String> connectedHere) {
    this.acd = acd;
    this.guard = new CallGuard(acd);
    this.consulting = consulting;
    this.nodeId = nodeId;
    this.connectedHere = connectedHere;
  }

  @Override
  public String type() {
    return "call.consult";
  }

  @Override
  public Class<Inbound.CallConsult> messageClass() {
    return Inbound.CallConsult.class;
  }

  @Override
  public Role requiredRole() {
    return Role.AGENT;
  }

  @Override
  public Future<JsonObject> handle(Session session, Inbound.CallConsult m) {
    Consulting c = Consults.check(consulting);
    String tenant = session.tenant();
    if (session.agentId().equals(m.agentId())) {
      return Future.failedFuture(SignalingError.invalid("agentId", "must name a colleague, not yourself"));
    }
    ConsultTarget target = m.agentId() != null ? ConsultTarget.agent(m.agentId())
        : m.queueId() != null ? ConsultTarget.queue(m.queueId()) : ConsultTarget.leader();
    return guard.ownedBy(session, m.callId())
        .compose(v -> Consults.here(acd, tenant, m.callId(), nodeId))
        .compose(v -> {
          if (m.agentId() != null && !connectedHere.test(tenant, m.agentId())) {
            return Future.failedFuture(new SignalingError(SignalingError.AGENT_UNAVAILABLE, "agentId",
                "agent " + m.agentId() + " is not connected to this call's node (an agent of another tenant, offline,"
                    + " or on another node)"));
          }
          return Supervision.refusals(c.start(tenant, m.callId(), session.agentId(), target, nodeId));
        })
        .map(colleague -> new JsonObject().put("type", "ack").put("agentId", colleague));
  }
}
