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
   * fails: nothing is dialed), then the callback's number is dialed on the tenant's trunk with its caller ID, through
   * the dial policy, and bridged to the agent's browser leg on answer. The attempt's outcome goes to the ACD (answered,
   * or failed: retried at the call's place by the queue's rules). Completes once the ACD accepted.
   */
  default Future<Void> callBack(String tenant, String agentId, String agentNode, Callback callback,
      java.util.function.Supplier<Future<Void>> accept) {
    return Future.failedFuture(new DialRefused(DialRefused.NO_TRUNK, null, "this node places no callbacks"));
  }

  /**
   * A virtual call to dial.
   *
   * @param callId the ACD's id of the waiting call (the call keeps it: one interaction)
   * @param number what the caller confirmed, or the contact's number
   * @param queueId the call's queue (its outboundCallerId)
   * @param callerId the call's own caller ID (a campaign's), or null: the queue's
   * @param failRefused a number or trunk the dial policy refuses still ends the attempt in the ACD, and then the
   *     returned future fails with the {@link DialRefused} (a campaign preview: the agent is told why nothing was
   *     dialed); false: it completes as accepted
   */
  record Callback(String callId, String number, String queueId, String callerId, boolean failRefused) {
    /** A callback whose refusal completes as accepted. */
    public Callback(String callId, String number, String queueId, String callerId) {
      this(callId, number, queueId, callerId, false);
    }
  }

  /** A call on its way: the ACD's id, the number dialed (E.164) and the caller ID shown. */
  record Dialed(String callId, String number, String callerId) {}
}
