package io.switchboard.signaling.handler;

import io.switchboard.acd.Acd;
import io.switchboard.signaling.Session;
import io.switchboard.signaling.SignalingError;
import io.vertx.core.Future;

/**
 * Defence in depth in front of the ACD (which enforces ownership in its scripts too): a call whose ACD
 * record names another agent is refused with {@code not-your-call} before any state changes. A call the
 * ACD does not know, or one with no agent yet, goes on to the ACD, whose own error code is returned.
 */
final class CallGuard {
  private final Acd acd;

  CallGuard(Acd acd) {
    this.acd = acd;
  }

  Future<Void> ownedBy(Session session, String callId) {
    return acd.call(session.tenant(), callId).transform(ar -> {
      if (ar.succeeded() && ar.result() != null && ar.result().agentId() != null
          && !ar.result().agentId().equals(session.agentId())) {
        return Future.failedFuture(new SignalingError(
            SignalingError.NOT_YOUR_CALL, "callId", "call " + callId + " is not offered to or connected to you"));
      }
      return Future.succeededFuture();
    });
  }
}
