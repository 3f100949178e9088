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

  /** A call on its way: the ACD's id, the number dialed (E.164) and the caller ID shown. */
  record Dialed(String callId, String number, String callerId) {}
}
