package io.switchboard.campaigns;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Campaigns and their contacts' attempt state, per tenant. Blocking (JDBC): worker threads or the pacer's own
 * thread only. Ids are UUIDs; an id of the wrong shape is simply not found. Failures are {@link CampaignException}.
 */
public interface CampaignStore {
  /** @throws CampaignException CONFLICT (name), INVALID (listIds: a list the tenant does not have) */
  Campaign create(String tenant, Campaign.Fields fields) throws Exception;

  /** The tenant's campaigns by name. */
  List<Campaign> list(String tenant) throws Exception;

  Optional<Campaign> get(String tenant, String id) throws Exception;

  /**
   * @param expectedVersion null: any
   * @throws CampaignException NOT_FOUND, VERSION_MISMATCH, CONFLICT (name), INVALID (listIds)
   */
  Campaign update(String tenant, String id, Campaign.Fields fields, Long expectedVersion) throws Exception;

  /** @throws CampaignException NOT_FOUND, VERSION_MISMATCH, CONFLICT (it is running: pause or stop it first) */
  void delete(String tenant, String id, Long expectedVersion) throws Exception;

  /**
   * Moves the campaign from one of {@code from} to {@code to} with {@code reason}. Into {@link CampaignStatus#RUNNING}
   * it first takes in the contacts its lists have now (new ones start with no attempt).
   *
   * @throws CampaignException NOT_FOUND, CONFLICT (its status is not one of {@code from})
   */
  Campaign transition(String tenant, String id, Set<CampaignStatus> from, CampaignStatus to, String reason)
      throws Exception;

  /** @throws CampaignException NOT_FOUND */
  Campaign.Progress progress(String tenant, String id) throws Exception;

  // ----- for the pacer

  /** Every tenant's campaigns that are running, or have calls in flight (to follow them to their end). */
  List<Campaign> active() throws Exception;

  /** A contact's attempt in flight: the ACD's call id, the attempts made (this one included). */
  record InFlight(String contact, String callId, int attempts) {}

  List<InFlight> inFlight(String tenant, String campaignId) throws Exception;

  /**
   * A contact that may be attempted now: not done, no call in flight, its next attempt due; with its first number,
   * zone (null: none), whether that number is on the tenant's or the campaign's do-not-call list now, and its
   * priority ({@code attr.priority}, higher first).
   */
  record Due(String contact, String name, String phone, String timeZone, int attempts, boolean doNotCall) {}

  /** At most {@code limit} due contacts, by priority then due time. */
  List<Due> due(String tenant, String campaignId, Instant now, int limit) throws Exception;

  /** Marks an attempt in flight ({@code callId}, one more attempt). False when the contact was not due any more. */
  boolean claim(String tenant, String campaignId, String contact, String callId, String phone) throws Exception;

  /**
   * Ends the contact's attempt in flight (or, with {@code callId} null, decides about a contact with none): its
   * outcome, disposition, whether it is done, when it is due next. {@code counted} false takes back the attempt
   * (a call withdrawn before any agent took it, or never placed). A counted attempt with an outcome is kept for the
   * campaign's figures (answered, abandoned: {@link #answers30d}).
   */
  void settle(String tenant, String campaignId, String contact, String callId, String outcome, String disposition,
      boolean done, Instant nextAttemptAt, boolean counted) throws Exception;

  /** Kinds of {@link #notDialed} (docs/reports.md, "Campaigns"). */
  String SKIPPED = "skipped";
  /** The pacer did not place a due contact, or a contact is done after its rule's maximum of attempts. */
  String NOT_DIALED = "not-dialed";
  /** The dial planner refused the number at dial time: nothing was sent (that attempt is {@code callId}). */
  String REFUSED = "refused";

  /**
   * Keeps why a contact was not dialed, for the campaigns report: {@code kind} {@link #SKIPPED} (a preview skipped:
   * {@code reason} is the agent's, {@code none} or {@code timeout}), {@link #NOT_DIALED} ({@code do-not-call},
   * {@code outside-calling-hours}, {@code gone}, {@code max-attempts}) or {@link #REFUSED} (the planner's code; with
   * the attempt's {@code callId}, else null).
   */
  void notDialed(String tenant, String campaignId, String contact, String kind, String reason, String callId)
      throws Exception;

  /** Puts a due contact off until {@code at} (outside calling hours), no attempt made. */
  void defer(String tenant, String campaignId, String contact, Instant at) throws Exception;

  /**
   * Whether a campaign call in flight to {@code phone} belongs to a campaign whose own do-not-call list has it now:
   * the dial-time check of campaign lists (the dial planner asks it with the tenant's list).
   */
  boolean doNotCallInFlight(String tenant, String phone) throws Exception;

  /**
   * The campaign's answered attempts (an agent took them, or they were abandoned) and abandoned ones, settled in the
   * 30 days before {@code now}: what its abandon cap holds.
   */
  Answers answers30d(String tenant, String campaignId, Instant now) throws Exception;

  /** Answered and abandoned attempts of a campaign over a period. */
  record Answers(long answered, long abandoned) {
    /** Abandoned / answered, 0 to 1; 0 with none answered. */
    public double abandonRate() {
      return answered == 0 ? 0 : (double) abandoned / answered;
    }
  }

  /**
   * The campaign's last {@code limit} settled attempts as the pacing model measures them (docs/campaigns.md,
   * "Predictive dialing"): what a node that takes the campaign's lease, or starts, paces from. Ring times of the
   * answered ones as the ACD saw them; of unanswered ones {@code noAnswerMs} for a no-answer, else 0 (busy,
   * rejected and the like come back within seconds and are not kept); handle times (talk and wrap-up) of those an
   * agent took, once their interaction is recorded.
   */
  PredictivePacing.History history(String tenant, String campaignId, int limit, long noAnswerMs) throws Exception;

  /** The most previous attempts a preview shows. */
  int PREVIEW_ATTEMPTS = 10;

  /**
   * What a preview campaign's agent sees of a contact before calling (docs/campaigns.md, "Preview mode"): its
   * attributes and its last {@link #PREVIEW_ATTEMPTS} settled attempts, newest first, as the JSON object
   * {@code {"name", "attributes": {..}, "attempts": [{"outcome", "at" (ISO instant), "disposition"}]}}
   * ({@code attempts} left out when there is none). Null when the contact is gone.
   */
  io.vertx.core.json.JsonObject preview(String tenant, String campaignId, String contact) throws Exception;

  /**
   * Takes in the contacts the campaign's lists have now that it does not have yet (they start with no attempt, due
   * at once): how contacts added or imported while it runs become due. Contacts removed from a list stay, and are
   * done ({@code gone}) when next due, never dialed. Returns how many were taken in.
   */
  int takeIn(String tenant, String campaignId) throws Exception;

  /**
   * The zone and calling hours of the contact whose campaign call {@code callId} is in flight (until the pacer settles
   * it, so through its agent's wrap-up): what a call-back time is checked against. Empty for a call of no campaign.
   */
  Optional<CallbackTimes.Window> callbackWindow(String tenant, String callId) throws Exception;

  /** Contacts not done, in flight or not. */
  long remaining(String tenant, String campaignId) throws Exception;
}
