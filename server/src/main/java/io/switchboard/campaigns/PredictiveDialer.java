package io.switchboard.campaigns;

import io.switchboard.acd.CampaignCalls;
import io.vertx.core.Future;
import java.util.List;

/**
 * The node's dialer of predictive calls (docs/campaigns.md, "Predictive dialing"): the pacer hands it contacts to
 * call with no agent free yet, and reads what it measured for the pacing model. Implemented by
 * {@code call.PredictiveDials} on the node that runs the pacer (the pacer's lease holder dials its campaigns).
 *
 * <p>Threading: any thread; futures complete on a Vert.x context.
 */
public interface PredictiveDialer {

  /**
   * Plans the call (do-not-call, calling policy, trunk), registers it with the ACD as dialing and sends the INVITE.
   * Completes once the ACD holds the call (a number refused by the dial policy is held and ended at once with its
   * outcome, so the pacer settles it by its retry rules); fails when the ACD could not be told (nothing dialed).
   */
  Future<Void> dial(String tenant, CampaignCalls.Call call);

  /** The campaign's recent attempts measured on this node (ring and handle times, ms). */
  PredictivePacing.History history(String tenant, String campaignId);

  /**
   * Replaces what this node measured for the campaign with {@code h} (the store's, when this node takes the
   * campaign's lease); its own measures append to it.
   */
  void seed(String tenant, String campaignId, PredictivePacing.History h);

  /** Replaces the campaign's handle times with the store's (talk and wrap-up, oldest first). */
  void handleTimes(String tenant, String campaignId, long[] handleMs);

  /** How long each of the campaign's calls ringing now on this node has rung (ms). */
  List<Long> ringingMs(String tenant, String campaignId);
}
