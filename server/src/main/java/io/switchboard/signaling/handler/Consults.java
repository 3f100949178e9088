package io.switchboard.signaling.handler;

import io.switchboard.acd.Acd;
import io.switchboard.acd.AcdException;
import io.switchboard.monitor.Consulting;
import io.switchboard.signaling.SignalingError;
import io.vertx.core.Future;
import java.util.function.Supplier;

/** What the {@code call.consult*} handlers share: the node's {@link Consulting}, and the call's node check. */
final class Consults {
  private Consults() {}

  static Consulting check(Supplier<Consulting> consulting) {
    Consulting c = consulting.get();
    if (c == null) {
      throw new SignalingError(SignalingError.UNAVAILABLE, null, "this node holds no calls yet; retry later");
    }
    return c;
  }

  /**
   * Succeeds when the call {@code callId} is connected and held by this node: a consult's colleague must be connected
   * to the node holding the call ({@code cross-node} otherwise; {@code no-call} when it is not connected).
   */
  static Future<Void> here(Acd acd, String tenant, String callId, String nodeId) {
    return acd.call(tenant, callId).recover(e -> e instanceof AcdException a && "unknown-call".equals(a.code())
        ? Future.succeededFuture(null) : Future.failedFuture(e)).compose(st -> {
      if (st == null || !"connected".equals(st.state())) {
        return Future.failedFuture(new SignalingError(SignalingError.NO_CALL, "callId",
            "call " + callId + " is not connected"));
      }
      if (!nodeId.equals(st.node())) {
        return Future.failedFuture(crossNode(callId));
      }
      return Future.succeededFuture();
    });
  }

  static SignalingError crossNode(String callId) {
    return new SignalingError(SignalingError.CROSS_NODE, "agentId", "call " + callId + " is held by another node"
        + " than the colleague's connection; a consult needs both agents on the call's node");
  }
}
