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
import io.switchboard.signaling.RemoteMonitors;
import io.switchboard.signaling.Session;
import io.switchboard.signaling.SignalingError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code monitor.start}: a supervisor, manager or admin of the tenant joins the connected call of {@code agentId} in a
 * mode, with its wallboard's own WebRTC leg; a team leader only the calls of the members of the teams it leads
 * ({@link Oversight}; another agent is {@code forbidden}, field {@code agentId}). The agent's call is the ACD's (the
 * tenant is the token's, so another tenant's agents and calls are unknown here: {@code no-call}); it must be connected
 * ({@code no-call} otherwise, also when it ended). A call held by another node than this socket's is started there
 * ({@link RemoteMonitors}: the request goes through the bus and the call's node's refusals come back as they are);
 * {@code unavailable} when that node does not answer. A supervisor monitors one call at a time on whichever nodes
 * ({@code busy}). The call's node answers the offer; the reply is {@code monitor.started} with the SDP answer.
 */
public final class MonitorStartHandler implements MessageHandler<Inbound.MonitorStart> {
  /** Who may listen, whisper and barge (a team leader on its teams' calls only). */
  public static final Set<Role> MONITORS = Set.of(Role.SUPERVISOR, Role.TEAM_LEADER, Role.MANAGER, Role.ADMIN);

  private final Acd acd;
  private final Supplier<Monitoring> monitoring;
  private final RemoteMonitors remote;
  private final String nodeId;
  private Supplier<Oversight> oversight = () -> null;

  public MonitorStartHandler(Acd acd, Supplier<Monitoring> monitoring, RemoteMonitors remote, String nodeId) {
    this.acd = acd;
    this.monitoring = monitoring;
    this.remote = remote;
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
    Supervision.mayMonitor(session, type());
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
          if (st.node() == null || st.node().isEmpty()) {
            return Future.failedFuture(new SignalingError(SignalingError.UNAVAILABLE, null,
                "the node holding call " + callId + " is unknown"));
          }
          Call call = new Call(tenant, callId, agentId, session.agentId(), mode, m.sdp());
          return nodeId.equals(st.node()) ? here(call) : there(call, st.node());
        }))
        .map(started -> Supervision.reply("monitor.started", started.session()).put("sdp", started.answerSdp()));
  }

  /** What a start is about: the call, its agent, the supervisor, the mode and its browser's offer. */
  private record Call(String tenant, String callId, String agentId, String supervisorId, MonitorMode mode,
      String sdp) {}

  /** A call of this node: this node's calls answer (unless the supervisor monitors another node's call). */
  private Future<Monitoring.Started> here(Call c) {
    Monitoring mon = Supervision.local(monitoring);
    Optional<RemoteMonitors.Remote> elsewhere = remote.of(c.tenant(), c.supervisorId());
    if (elsewhere.isPresent()) {
      return Future.failedFuture(busy(elsewhere.get().callId()));
    }
    return Supervision.refusals(mon.start(c.tenant(), c.callId(), c.agentId(), c.supervisorId(), nodeId, c.mode(),
        c.sdp()));
  }

  /** A call of {@code callNode}: forwarded there, unless the supervisor monitors another call already. */
  private Future<Monitoring.Started> there(Call c, String callNode) {
    Optional<RemoteMonitors.Remote> mine = remote.of(c.tenant(), c.supervisorId());
    if (mine.isPresent() && !mine.get().callId().equals(c.callId())) {
      return Future.failedFuture(busy(mine.get().callId()));
    }
    Monitoring mon = monitoring.get();
    Future<Monitoring.Session> local = mon == null ? Future.succeededFuture(null)
        : mon.session(c.tenant(), c.supervisorId());
    return local.compose(s -> s != null ? Future.failedFuture(busy(s.callId()))
        : Supervision.refusals(remote.start(c.tenant(), c.supervisorId(), callNode, c.callId(), c.agentId(),
            c.mode(), c.sdp())));
  }

  private static SignalingError busy(String callId) {
    return new SignalingError(SignalingError.BUSY, null,
        "you already monitor call " + callId + "; send monitor.stop first");
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
