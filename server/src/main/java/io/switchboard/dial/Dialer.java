package io.switchboard.dial;

import io.vertx.core.Future;

/**
 * Places an agent's outbound call (signaling's {@code call.dial}, implemented by the call layer). Completes with the
 * ACD's call id ({@link Dialed}) once the agent is marked on the call and the INVITE is on its way; what happens next reaches the
 * agent as {@code call.dial.progress} / {@code call.dial.failed} messages. Fails with {@link DialRefused} (nothing
 * sent) or with the ACD's refusal (the agent is not available or away, or an offer raced in).
 */
@FunctionalInterface
public interface Dialer {
  /**
   * @param agentNode the node holding the agent's socket (where progress goes)
   * @param input the number as the agent typed it
   * @param queueId the queue the call is for, or null
   */
  Future<Dialed> dial(String tenant, String agentId, String agentNode, String input, String queueId);

  /**
   * The agent accepts a callback offered to it (a virtual call, docs/callbacks.md): {@code accept} tells the ACD (it
   * fails: nothing is dialed), then {@code number} is dialed on the tenant's trunk with the queue's caller ID, through
   * the dial policy, and bridged to the agent's browser leg on answer. The attempt's outcome goes to the ACD (answered,
   * or failed: retried at the call's place by the queue's rules). Completes once the ACD accepted.
   *
   * @param callId the ACD's id of the waiting call (the call keeps it: one interaction)
   * @param queueId the call's queue (its outboundCallerId)
   */
  default Future<Void> callBack(String tenant, String agentId, String agentNode, String callId, String number,
      String queueId, java.util.function.Supplier<Future<Void>> accept) {
    return Future.failedFuture(new DialRefused(DialRefused.NO_TRUNK, null, "this node places no callbacks"));
  }

  /** A call on its way: the ACD's id, the number dialed (E.164) and the caller ID shown. */
  record Dialed(String callId, String number, String callerId) {}
}
