package io.switchboard.signaling.handler;

import io.switchboard.acd.Acd;
import io.switchboard.acd.AcdException;
import io.switchboard.acd.AgentStatus;
import io.switchboard.auth.Role;
import io.switchboard.directory.Oversight;
import io.switchboard.monitor.MonitorMode;
import io.switchboard.monitor.Monitoring;
import io.switchboard.signaling.Inbound;
import io.switchboard.signaling.MessageHandler;
import io.switchboard.signaling.Session;
import io.switchboard.signaling.SignalingError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code monitor.start}: a supervisor, manager or admin of the tenant joins the connected call of {@code agentId} in a
 * mode, with its wallboard's own WebRTC leg; a team leader only the calls of the members of the teams it leads
 * ({@link Oversight}; another agent is {@code forbidden}, field {@code agentId}). The agent's call is the ACD's (the
 * tenant is the token's, so another tenant's agents and calls are unknown here: {@code no-call}); it must be connected
 * ({@code no-call} otherwise, also when it ended) and held by this node ({@code cross-node}: monitoring a call of
 * another node is not supported yet). The call's node answers the offer; the reply is {@code monitor.started} with
 * the SDP answer.
 */
public final class MonitorStartHandler implements MessageHandler<Inbound.MonitorStart> {
  /** Who may listen, whisper and barge (a team leader on its teams' calls only). */
  public static final Set<Role> MONITORS = Set.of(Role.SUPERVISOR, Role.TEAM_LEADER, Role.MANAGER, Role.ADMIN);

  private final Acd acd;
  private final Supplier<Monitoring> monitoring;
  private final String nodeId;
  private Supplier<Oversight> oversight = () -> null;

  public MonitorStartHandler(Acd acd, Supplier<Monitoring> monitoring, String nodeId) {
    this.acd = acd;
    this.monitoring = monitoring;
    this.nodeId = nodeId;
  }

  /** Reads a team leader's teams from {@code oversight} (null there: a team leader's start is unavailable). */
  public MonitorStartHandler withOversight(Supplier<Oversight> oversight) {
    this.oversight = oversight;
    return this;
  }

  @Override
  public String type() {
    return "monitor.start";
  }

  @Override
  public Class<Inbound.MonitorStart> messageClass() {
    return Inbound.MonitorStart.class;
  }

  @Override
  public Role requiredRole() {
    return null; // allowedRoles
  }

  @Override
  public Set<Role> allowedRoles() {
    return MONITORS;
  }

  @Override
  public Future<JsonObject> handle(Session session, Inbound.MonitorStart m) {
    Monitoring mon = Supervision.check(session, monitoring, type());
    if (!m.sdp().startsWith("v=0") || !m.sdp().contains("m=audio")) {
      return Future.failedFuture(new SignalingError(SignalingError.BAD_OFFER, "sdp",
          "field 'sdp' must be an SDP offer (v=0 ...) with an audio section"));
    }
    MonitorMode mode = MonitorMode.fromWire(m.mode()).orElseThrow();
    String tenant = session.tenant();
    String agentId = m.agentId();
    return Supervision.reachable(session, oversight, agentId, "agentId").compose(x -> acd.agent(tenant, agentId))
        .recover(e -> e instanceof AcdException a && "unknown-agent".equals(a.code())
            ? Future.succeededFuture(null) : Future.failedFuture(e))
        .compose(a -> callOf(tenant, agentId, a))
        .compose(callId -> acd.call(tenant, callId).recover(e -> e instanceof AcdException a
            && "unknown-call".equals(a.code()) ? Future.succeededFuture(null) : Future.failedFuture(e)).compose(st -> {
          if (st == null || !"connected".equals(st.state()) || !agentId.equals(st.agentId())) {
            return Future.failedFuture(noCall(agentId));
          }
          if (!nodeId.equals(st.node())) {
            return Future.failedFuture(new SignalingError(SignalingError.CROSS_NODE, "agentId",
                "call " + callId + " is held by another node; monitoring a call of another node than your"
                    + " connection's is not supported yet"));
          }
          return Supervision.refusals(mon.start(tenant, callId, agentId, session.agentId(), nodeId, mode,
              m.sdp()));
        }))
        .map(started -> Supervision.reply("monitor.started", started.session()).put("sdp", started.answerSdp()));
  }

  private static Future<String> callOf(String tenant, String agentId, AgentStatus a) {
    if (a == null || a.callId() == null || a.callId().isEmpty()) {
      return Future.failedFuture(noCall(agentId));
    }
    return Future.succeededFuture(a.callId());
  }

  private static SignalingError noCall(String agentId) {
    return new SignalingError(SignalingError.NO_CALL, "agentId", "agent " + agentId + " has no connected call");
  }
}
