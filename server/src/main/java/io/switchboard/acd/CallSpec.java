package io.switchboard.acd;

import java.util.Map;

/**
 * A call to enqueue.
 *
 * @param callId   caller-chosen id (the SIP side's call id), or null to let the ACD make one
 * @param queue    queue id in the directory
 * @param priority 0 (lowest) to 100 (highest); null takes the queue's priority
 * @param skills   required skill id to minimum proficiency (1-5), on top of the queue's own required skills
 * @param language required language (BCP 47 tag such as "en" or "es"), or null for any
 * @param caller   caller number (E.164 or SIP URI user), shown to the agent
 * @param callerName display name, may be null
 * @param region   where the call entered, a directory region label such as eu-west: for its queue's
 *                 regionWideningSeconds it is offered only to agents of that region and agents without one;
 *                 null or empty: no preference
 * @param node     node anchoring the call's media
 * @param flowPath the way the call came through its number's flow ("menu > menu:2 > spanish > ventas"), kept with
 *                 its arrival in the interaction record; null when the number has no flow
 */
public record CallSpec(
    String callId,
    String queue,
    Integer priority,
    Map<String, Integer> skills,
    String language,
    String caller,
    String callerName,
    String region,
    String node,
    String flowPath) {

  public CallSpec {
    skills = skills == null ? Map.of() : Map.copyOf(skills);
  }

  /** A call that came through no flow. */
  public CallSpec(String callId, String queue, Integer priority, Map<String, Integer> skills, String language,
      String caller, String callerName, String region, String node) {
    this(callId, queue, priority, skills, language, caller, callerName, region, node, null);
  }
}
