package io.switchboard.acd;

import io.vertx.core.Future;
import java.util.List;

/**
 * The ACD side of outbound campaigns (docs/campaigns.md): a campaign's contact becomes a virtual call in the
 * campaign's queue (as a callback with one attempt: the accepting agent's node dials it), routed by the same atomic
 * scripts as every call, so an agent in inbound queues and the campaign's queue takes the best call by queue priority,
 * then longest wait. The pacer reads where its calls are and takes back the ones still waiting when it pauses.
 *
 * <p>Threading: as {@link Acd}: call on a Vert.x context or any thread; futures complete on a Vert.x context.
 * Failures are {@link AcdException}.
 */
public interface CampaignCalls {

  /**
   * A contact to call.
   *
   * @param callId the ACD's id of the call (unused so far)
   * @param number E.164, dialed when an agent accepts
   * @param name what the agent's offer shows as the caller's name ("Campaign X: Ana Pérez")
   * @param contact the contact's key in the campaign (recorded in call.enqueued)
   * @param callerId the caller ID the call is dialed with (the campaign's), or null: the queue's
   * @param preview preview mode: what the agent's preview card shows (a JSON object, see
   *     campaigns.CampaignStore#preview), else null
   * @param offerSeconds preview mode: how long the offer is held for the agent before it is skipped (else 0: the
   *     queue's noAnswerSeconds)
   * @param contactCard what the agent's wrap-up needs to pick a call-back time (a JSON object {@code {zone, from,
   *     to}}: the contact's zone and the campaign's calling hours, offered as call.offered's {@code contact}), or null
   * @param abandonPrompt predictive mode: the tenant's own prompt an abandoned contact hears (the dialing node plays
   *     it; not kept in the ACD), or null: the {@code campaign-abandon} phrase
   */
  record Call(String callId, String queue, String number, String name, String campaignId, String contact,
      String callerId, String preview, int offerSeconds, String contactCard, String abandonPrompt) {
    /** A call with no abandon prompt of its own. */
    public Call(String callId, String queue, String number, String name, String campaignId, String contact,
        String callerId, String preview, int offerSeconds, String contactCard) {
      this(callId, queue, number, name, campaignId, contact, callerId, preview, offerSeconds, contactCard, null);
    }

    /** A progressive or predictive call (no preview). */
    public Call(String callId, String queue, String number, String name, String campaignId, String contact,
        String callerId) {
      this(callId, queue, number, name, campaignId, contact, callerId, null, 0, null);
    }

    /** A call with no contact card. */
    public Call(String callId, String queue, String number, String name, String campaignId, String contact,
        String callerId, String preview, int offerSeconds) {
      this(callId, queue, number, name, campaignId, contact, callerId, preview, offerSeconds, null);
    }
  }

  /** Puts the call in its queue and routes it; completes with the agent it was reserved for at once, or null. */
  Future<String> place(String tenant, Call call);

  /**
   * Where one call is. {@code state}: ringing (predictive, being dialed), waiting, reserved, connected, ended, or
   * unknown (the ACD no longer has it);
   * {@code outcome}: the attempt's (answered calls: null; busy, no-answer, invalid-number, rejected, trunk-failure,
   * do-not-call, cancelled, node-lost, withdrawn; predictive: abandoned, hung-up); {@code answered}: the number answered; {@code disposition}: the
   * agent's wrap-up code, null until given; {@code wrapped}: answered, over, and its agent's wrap-up of it is over;
   * {@code callbackAtMs}: the call-back time (epoch ms) the agent picked in that wrap-up, or null;
   * {@code skipReason}: why a skipped preview was skipped ({@code preview.skip}'s reason, "" when it gave none;
   * {@code timeout}; {@code calling-hours}), null for any other call; {@code refused}: the dial planner's code
   * ({@link io.switchboard.dial.DialRefused}) when the number was refused before anything was sent, else null.
   */
  record CallView(String callId, String state, String outcome, boolean answered, String disposition, boolean wrapped,
      Long callbackAtMs, String skipReason, String refused) {
    public CallView(String callId, String state, String outcome, boolean answered, String disposition,
        boolean wrapped) {
      this(callId, state, outcome, answered, disposition, wrapped, null, null, null);
    }
  }

  /**
   * How many agents are idle in {@code queue} now, where each call is, and how long each busy agent of the queue has
   * been on its call (ms: talk, or talk and wrap-up so far when in wrap-up).
   */
  record View(int idleAgents, List<CallView> calls, List<Long> busyElapsedMs) {}

  /** One round trip, reads only. */
  Future<View> view(String tenant, String queue, List<String> callIds);

  // ----- predictive mode: the number is dialed before any agent is free (docs/campaigns.md, "Predictive pacing")

  /**
   * A predictive call being dialed by this node ({@code call.callerId} unused): held as {@code dialing} (the view
   * says {@code ringing}) in no queue until {@link #answered} or {@link #dialFailed}; it expires by itself if neither
   * comes (the dialing node died).
   */
  Future<Void> dialing(String tenant, Call call);

  /**
   * The contact answered: the call enters its queue with its SIP leg on the dialing node and is routed at once;
   * completes with the agent it was reserved for, or null (it waits: the node gives it the grace time, then
   * {@link #abandon}). Fails with {@code not-dialing} when the call is not being dialed.
   */
  Future<String> answered(String tenant, String callId);

  /**
   * The grace time passed: a call still waiting for an agent ends abandoned by the campaign (true; the view's outcome
   * {@code abandoned}); false, changing nothing, when an agent has it or it is over.
   */
  Future<Boolean> abandon(String tenant, String callId);

  /** The number did not answer ({@code outcome}: busy, no-answer, ...): the call ends with it; false if not dialing. */
  default Future<Boolean> dialFailed(String tenant, String callId, String outcome) {
    return dialFailed(tenant, callId, outcome, null);
  }

  /**
   * As {@link #dialFailed(String, String, String)}; {@code refused}: the dial planner's code when nothing was sent
   * (the number refused at dial time), kept for the campaign's not-dialed reasons; null when the number was dialed.
   */
  Future<Boolean> dialFailed(String tenant, String callId, String outcome, String refused);

  /**
   * Takes back a call of a campaign that still waits (outcome withdrawn). Completes with false, changing nothing, when
   * it is reserved, dialed or talked on (it goes on) or over.
   */
  Future<Boolean> withdraw(String tenant, String callId);

  /**
   * Preview mode: {@code agentId} skips the preview reserved for it ({@code acd-preview-skip.lua}): the call ends with
   * outcome {@code skipped} (the pacer releases the contact by the campaign's skip delay) and the agent is available
   * again. {@code reason}: the agent's, or null.
   *
   * @throws AcdException (failed future) not-reserved: it is not this agent's preview any more; unknown-call
   */
  Future<Void> skipPreview(String tenant, String agentId, String callId, String reason);
}
