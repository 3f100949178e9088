package io.switchboard.records;

import java.util.List;

/**
 * One row of {@code interactions} and its {@code agent_legs}, as {@link InteractionFold} computes them from the
 * events of one call. Times are epoch milliseconds (null: did not happen), durations milliseconds (0: did not
 * happen); the meaning of each column is in {@code V2__interactions.sql}.
 *
 * @param timeline the steps of the call in stream order, as the JSON array stored in {@code interactions.timeline}
 * @param direction inbound (a caller reached a queue) or outbound (an agent dialed: {@code caller} is the number
 *     dialed, {@code waitMs} the ringing time)
 * @param callerId the tenant's number shown to the called party of an outbound call, else null
 */
public record Interaction(
    String tenant,
    String callId,
    String caller,
    String language,
    String queue,
    String finalQueue,
    Integer priority,
    String region,
    long arrivedAt,
    Long answeredAt,
    String agentId,
    Long endedAt,
    String outcome,
    String endedBy,
    long waitMs,
    long talkMs,
    long holdMs,
    int holdCount,
    long wrapMs,
    int transfers,
    int offers,
    String disposition,
    String notes,
    String timeline,
    List<Leg> legs,
    String direction,
    String callerId) {

  public Interaction {
    legs = List.copyOf(legs);
  }

  /** An inbound call's row ({@code direction} inbound, no caller ID of ours). */
  public Interaction(String tenant, String callId, String caller, String language, String queue, String finalQueue,
      Integer priority, String region, long arrivedAt, Long answeredAt, String agentId, Long endedAt, String outcome,
      String endedBy, long waitMs, long talkMs, long holdMs, int holdCount, long wrapMs, int transfers, int offers,
      String disposition, String notes, String timeline, List<Leg> legs) {
    this(tenant, callId, caller, language, queue, finalQueue, priority, region, arrivedAt, answeredAt, agentId,
        endedAt, outcome, endedBy, waitMs, talkMs, holdMs, holdCount, wrapMs, transfers, offers, disposition, notes,
        timeline, legs, "inbound", null);
  }

  /** One row of {@code agent_legs}: one offer of the call to an agent and what came of it. */
  public record Leg(
      int seq,
      String agentId,
      String queue,
      long offeredAt,
      String outcome,
      Long answeredAt,
      Long endedAt,
      long talkMs,
      long holdMs,
      long wrapMs,
      boolean transferred) {}
}
