package io.switchboard.signaling.handler;

import io.switchboard.acd.Acd;
import io.switchboard.acd.AcdException;
import io.switchboard.acd.CallStatus;
import io.switchboard.cluster.NodeBus;
import io.switchboard.cluster.wire.CallMessage;
import io.switchboard.signaling.Session;
import io.switchboard.signaling.SignalingError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * Call-scoped requests that the call's node must carry out ({@code media.offer}, {@code call.hold},
 * {@code call.resume}): the ACD's record must name this agent and be in one of the allowed states (else
 * {@code not-your-call}), then the request goes to {@link CallStatus#node()} as a call envelope, with
 * {@code agentId} and {@code agentNode} (this node, where the answer comes back). Completes (ack) once a node
 * listening on that channel received it; 0 receivers (the call's node is gone) is {@code unavailable}.
 */
final class CallForwarder {
  /** Builds the request for the call's node, naming the agent and the node its answer goes back to. */
  @FunctionalInterface
  interface Request {
    CallMessage from(String agentId, String agentNode);
  }


  private final Acd acd;
  private final NodeBus bus;

  CallForwarder(Acd acd, NodeBus bus) {
    this.acd = acd;
    this.bus = bus;
  }

  Future<JsonObject> forward(Session session, String callId, Set<String> states, Request request) {
    return forward(session, callId, states, request, false);
  }

  /** As {@link #forward}, but a call the ACD does not know (ended, or never was) is {@code no-call}. */
  Future<JsonObject> forwardKnown(Session session, String callId, Set<String> states, Request request) {
    return forward(session, callId, states, request, true);
  }

  private Future<JsonObject> forward(Session session, String callId, Set<String> states, Request request,
      boolean noCall) {
    Future<CallStatus> status = acd.call(session.tenant(), callId);
    if (noCall) { // the ACD's unknown-call is this verb's no-call
      status = status.recover(e -> e instanceof AcdException a && "unknown-call".equals(a.code())
          ? Future.succeededFuture(null) : Future.failedFuture(e));
    }
    return status.compose(st -> {
      if (st == null && noCall) {
        return Future.failedFuture(new SignalingError(SignalingError.NO_CALL, "callId",
            "there is no call " + callId));
      }
      if (st == null || st.agentId() == null || !st.agentId().equals(session.agentId())
          || !states.contains(st.state())) {
        return Future.failedFuture(new SignalingError(SignalingError.NOT_YOUR_CALL, "callId",
            "call " + callId + " is not " + String.join(" or ", states) + " to you"));
      }
      if (st.node() == null || st.node().isEmpty()) {
        return Future.failedFuture(new SignalingError(SignalingError.UNAVAILABLE, null,
            "the node holding call " + callId + " is unknown"));
      }
      return bus.sendCall(st.node(), session.tenant(), request.from(session.agentId(), bus.nodeId()));
    }).compose(receivers -> receivers > 0 ? Future.succeededFuture(null)
        : Future.failedFuture(new SignalingError(SignalingError.UNAVAILABLE, null,
            "the node holding call " + callId + " is not reachable; retry later")));
  }
}
