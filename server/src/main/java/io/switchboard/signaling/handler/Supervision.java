package io.switchboard.signaling.handler;

import io.switchboard.directory.Oversight;
import io.switchboard.monitor.MonitorRefused;
import io.switchboard.monitor.Monitoring;
import io.switchboard.signaling.Session;
import io.switchboard.signaling.SignalingError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.function.Supplier;

/**
 * What the {@code monitor.*} handlers share: who may send them ({@link MonitorStartHandler#MONITORS} of the tenant;
 * an agent is {@code forbidden}; which calls a team leader may join, {@link MonitorStartHandler}), the node's
 * {@link Monitoring} ({@code unavailable} before the SIP side runs), and the refusals of the call layer as signaling
 * errors with the same code.
 */
final class Supervision {
  private Supervision() {}

  static Monitoring check(Session session, Supplier<Monitoring> monitoring, String type) {
    mayMonitor(session, type);
    return local(monitoring);
  }

  /** Throws {@code forbidden} unless the session's principal has one of {@link MonitorStartHandler#MONITORS}. */
  static void mayMonitor(Session session, String type) {
    if (!session.principal().hasAny(MonitorStartHandler.MONITORS)) {
      throw SignalingError.forbidden("'" + type + "' needs the role supervisor, team-leader, manager or admin");
    }
  }

  /** This node's calls' monitoring; {@code unavailable} before the SIP side runs. */
  static Monitoring local(Supplier<Monitoring> monitoring) {
    Monitoring m = monitoring.get();
    if (m == null) {
      throw new SignalingError(SignalingError.UNAVAILABLE, null, "this node holds no calls yet; retry later");
    }
    return m;
  }

  static <T> Future<T> refusals(Future<T> f) {
    return f.recover(e -> Future.failedFuture(e instanceof MonitorRefused r
        ? new SignalingError(r.code(), r.field(), r.getMessage()) : e));
  }

  /**
   * Succeeds when {@code session} may supervise {@code agentId} (its calls, its chats): any agent of the tenant for
   * tenant-wide roles, else only the members of the teams it leads ({@code forbidden}, field {@code field}).
   */
  static Future<Void> reachable(Session session, Supplier<Oversight> oversight, String agentId, String field) {
    if (session.principal().tenantWide()) {
      return Future.succeededFuture();
    }
    Oversight o = oversight.get();
    if (o == null) {
      return Future.failedFuture(new SignalingError(SignalingError.UNAVAILABLE, null,
          "team scopes are not available on this node yet; retry later"));
    }
    return o.of(session.principal()).compose(reach -> reach.agent(agentId) ? Future.succeededFuture()
        : Future.failedFuture(new SignalingError(SignalingError.FORBIDDEN, field,
            "agent " + agentId + " is not in a team you lead")));
  }

  /** The reply naming the session as it is now ({@code monitor.started}, {@code monitor.changed}, ...). */
  static JsonObject reply(String type, Monitoring.Session s) {
    return new JsonObject().put("type", type).put("callId", s.callId()).put("agentId", s.agentId())
        .put("mode", s.mode().wire());
  }
}
