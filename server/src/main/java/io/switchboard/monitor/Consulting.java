package io.switchboard.monitor;

import io.switchboard.monitor.ConsultTarget;
import io.vertx.core.Future;

/**
 * What signaling needs from the node holding a call to let its agent consult a colleague (issue 15, point 3): the
 * colleague takes the third party's place on the call (the slot a monitoring supervisor has otherwise, so a call is
 * never monitored and consulted at once). Refusals fail the future with {@link MonitorRefused} (nothing changed).
 * Thread-safe: any thread may call; futures complete on the call layer's context.
 *
 * <pre>
 *   start ──► OFFERED ──accept (colleague's SDP)──► TALKING (caller hears music; the agents each other)
 *               │                                       │ conference ▲
 *               │                                       ▼            │ (one way)
 *               │                                   CONFERENCE (each hears the other two)
 *               │ cancel · decline · call ended ·       │ cancel · call ended · transferred · colleague's leg lost
 *               │ transferred                           │
 *               ▼                                       ▼
 *             ENDED (colleague released in the ACD, told call.consult.ended; its leg closed)
 *
 *   TALKING · CONFERENCE ──complete (warm transfer)──► COMPLETED (the colleague is the call's agent and its leg the
 *   CONFERENCE ──the agent leaves (hang-up, or its leg ►  call's agent leg; the first agent's leg closed, it wraps up)
 *                 lost and not back within the grace time)
 *   TALKING · CONFERENCE ──the colleague leaves (hang-up, cancel)──► ENDED (the caller and the agent talk on)
 * </pre>
 */
public interface Consulting {

  /**
   * {@code agentId}, on its connected call {@code callId}, consults the colleague {@code target} names (a colleague,
   * its team's leader, a queue's longest idle agent): the colleague is picked and reserved in the ACD and offered the
   * consult ({@code call.consult.offered}); the future holds its id. Refused with {@code no-call}, {@code monitored}
   * (a supervisor is on the call), {@code busy} (a consult is on already), or the ACD's codes
   * ({@code agent-unavailable}, {@code not-an-agent}, {@code no-team-leader}, {@code unknown-queue},
   * {@code invalid-argument}, {@code not-your-call}), naming the target's field.
   *
   * @param colleagueNode the node holding the colleague's socket (where the offer and the end go)
   */
  Future<String> start(String tenant, String callId, String agentId, ConsultTarget target, String colleagueNode);

  /**
   * The colleague accepts with its browser's offer: our SDP answer. Refused with {@code no-session} (no consult of
   * this call is offered to {@code colleagueId}), {@code bad-offer} or {@code unavailable}.
   */
  Future<String> accept(String tenant, String callId, String colleagueId, String offerSdp);

  /**
   * The colleague {@code colleagueId} declines the consult of {@code callId} it was offered (before accepting): it is
   * released in the ACD, {@code call.consult.declined} is recorded, and both agents are told {@code call.consult.ended}
   * reason {@code declined} (with {@code note}, the colleague's words); the caller stays on hold with the call's agent.
   * Refused with {@code no-session} when no consult of this call is offered to {@code colleagueId} (none, another
   * colleague's, or already accepted: {@link #cancel} leaves it then).
   *
   * @param note the colleague's reason, or null
   */
  Future<Void> decline(String tenant, String callId, String colleagueId, String note);

  /**
   * The consult becomes a three-way conference: caller, agent and colleague each hear the other two. Refused with
   * {@code no-session} when the call has no consult the colleague has accepted. A {@link #cancel} then drops the
   * colleague and leaves the caller with the agent.
   */
  Future<Void> conference(String tenant, String callId, String agentId);

  /**
   * Warm transfer: the caller stays with the colleague (who becomes the call's agent, its consult leg now the call's
   * agent leg), {@code agentId}'s leg is closed and it goes to wrap-up; recorded as a transfer of kind {@code warm},
   * or {@code conference} when the call was in a conference. Refused with {@code no-session} when the call has no
   * consult the colleague has accepted, or the ACD's codes (nothing changed then).
   */
  Future<Void> complete(String tenant, String callId, String agentId);

  /**
   * The call's agent returns to the caller (the colleague is told {@code cancelled}), or the colleague
   * {@code agentId} leaves the consult or conference (told {@code left}; the caller and the agent talk on).
   * {@code no-session} when the call has no consult of either.
   */
  Future<Void> cancel(String tenant, String callId, String agentId);

  /**
   * {@code agentId} hangs up {@code callId}: the call's agent in a conference leaves it to the colleague (the
   * hand-over of {@link #complete}, recorded as a transfer of kind {@code conference}); the colleague of a consult
   * or conference leaves it (as {@link #cancel}). The future holds false when neither applies (the hang-up is an
   * ordinary one: during a consult the call's agent's hang-up ends the call for all).
   */
  Future<Boolean> hangup(String tenant, String callId, String agentId);
}
