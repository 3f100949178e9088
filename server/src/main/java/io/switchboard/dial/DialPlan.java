package io.switchboard.dial;

/**
 * An outbound call the tenant's rules allow, ready to place: everything checked ({@link DialPlanner}).
 *
 * @param number E.164, past {@link DialPolicy#check}
 * @param callerId E.164, one of the tenant's phone numbers
 * @param queue the queue the call is made for (caller ID, wrap-up time, recording), or null
 * @param trunk the trunk's id
 */
public record DialPlan(String tenant, String agentId, String number, String callerId, String queue, String trunk) {}
