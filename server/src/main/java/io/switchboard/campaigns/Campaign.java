package io.switchboard.campaigns;

import java.time.Instant;

/**
 * A campaign as stored: its writable {@link Fields} and what the server keeps.
 *
 * @param version bumped by every change of its fields or status: the API's ETag
 * @param statusReason why it has its status when that was decided for it ({@code trunk-down}), else null
 */
public record Campaign(String tenant, String id, long version, Fields fields, CampaignStatus status,
    String statusReason, Instant createdAt, Instant updatedAt) {
  /** The highest abandon cap a campaign may have: 3 %, the limit the FCC and Ofcom set. */
  public static final double MAX_ABANDON_CAP_PERCENT = 3.0;

  /**
   * What a supervisor writes.
   *
   * @param queue the ACD queue whose agents work it
   * @param listIds the contact lists it calls (UUIDs, at least one)
   * @param mode {@code progressive}, {@code predictive} or {@code preview}
   * @param timeZone IANA zone of contacts that have none
   * @param doNotCall its own do-not-call numbers (E.164), on top of the tenant's list
   * @param callerId the caller ID its calls show (E.164, one of the tenant's phone numbers), or null: the queue's
   * @param schedule when it dials, in {@code timeZone} ({@link CampaignSchedule#ALWAYS} when none was given)
   * @param abandonCapPercent predictive mode's abandon cap, percent of answered calls over 30 days (0 to
   *     {@link #MAX_ABANDON_CAP_PERCENT}); null: the node's {@code campaigns.predictive.abandon-cap-percent}
   * @param preview preview mode's timeout and skip delay ({@link PreviewSettings#DEFAULT} when none was given)
   * @param abandonPrompt predictive mode: the tenant's own prompt (docs/prompts.md) an abandoned contact hears; null:
   *     the {@code campaign-abandon} phrase (the tenant's recording of it, else the shipped one)
   */
  public record Fields(String name, String queue, java.util.List<String> listIds, String mode, String timeZone,
      CallingHours hours, RetryRules retry, java.util.List<String> doNotCall, String callerId,
      CampaignSchedule schedule, Double abandonCapPercent, PreviewSettings preview, String abandonPrompt) {
    public Fields {
      listIds = java.util.List.copyOf(listIds);
      doNotCall = java.util.List.copyOf(doNotCall);
      preview = preview == null ? PreviewSettings.DEFAULT : preview;
    }

    /** Fields with no abandon prompt of their own. */
    public Fields(String name, String queue, java.util.List<String> listIds, String mode, String timeZone,
        CallingHours hours, RetryRules retry, java.util.List<String> doNotCall, String callerId,
        CampaignSchedule schedule, Double abandonCapPercent, PreviewSettings preview) {
      this(name, queue, listIds, mode, timeZone, hours, retry, doNotCall, callerId, schedule, abandonCapPercent,
          preview, null);
    }

    /** Fields with the default preview settings. */
    public Fields(String name, String queue, java.util.List<String> listIds, String mode, String timeZone,
        CallingHours hours, RetryRules retry, java.util.List<String> doNotCall, String callerId,
        CampaignSchedule schedule, Double abandonCapPercent) {
      this(name, queue, listIds, mode, timeZone, hours, retry, doNotCall, callerId, schedule, abandonCapPercent,
          PreviewSettings.DEFAULT);
    }
  }

  /**
   * How far it got. {@code dialed}: attempts made; {@code connected}: contacts who answered; {@code abandoned}:
   * answered calls no agent took within the grace time (0 in progressive mode: the agent is on the line before the
   * number is dialed); {@code abandonRate}: abandoned / answered attempts over the last 30 days (0 to 1);
   * {@code remaining}: contacts not done; {@code inFlight}: calls waiting, ringing or talking now; {@code byOutcome}:
   * contacts by their last outcome.
   */
  public record Progress(long contacts, long dialed, long connected, long abandoned, double abandonRate,
      long remaining, long inFlight, java.util.Map<String, Long> byOutcome) {}
}
