package io.switchboard.campaigns;

/**
 * How a preview campaign's work item behaves (docs/campaigns.md, "Preview mode"). Immutable.
 *
 * @param timeoutSeconds how long the agent has to decide (1 to {@link #MAX_TIMEOUT_SECONDS}); null: the node's
 *     {@code campaigns.preview.timeout-seconds}
 * @param onTimeout {@code skip} (the contact is released as if skipped) or {@code call} (the agent's softphone
 *     places the call when the time is up; the ACD skips it {@link #CALL_GRACE_SECONDS} later if it did not)
 * @param skipDelaySeconds a skipped contact is due again this long after the skip (1 to a week)
 */
public record PreviewSettings(Integer timeoutSeconds, String onTimeout, int skipDelaySeconds) {
  public static final int MAX_TIMEOUT_SECONDS = 3600;
  /** The default delay before a skipped contact is offered again: an hour. */
  public static final int DEFAULT_SKIP_DELAY_SECONDS = 3600;
  /** How long after an auto-call deadline the ACD waits for the agent's softphone before it skips. */
  public static final int CALL_GRACE_SECONDS = 10;
  public static final PreviewSettings DEFAULT = new PreviewSettings(null, "skip", DEFAULT_SKIP_DELAY_SECONDS);

  public PreviewSettings {
    if (timeoutSeconds != null && (timeoutSeconds < 1 || timeoutSeconds > MAX_TIMEOUT_SECONDS)) {
      throw new IllegalArgumentException("timeoutSeconds must be from 1 to " + MAX_TIMEOUT_SECONDS);
    }
    if (!"skip".equals(onTimeout) && !"call".equals(onTimeout)) {
      throw new IllegalArgumentException("onTimeout must be skip or call");
    }
    if (skipDelaySeconds < 1 || skipDelaySeconds > RetryRules.MAX_DELAY_SECONDS) {
      throw new IllegalArgumentException("skipDelaySeconds must be from 1 to " + RetryRules.MAX_DELAY_SECONDS);
    }
  }

  /** The seconds the agent has, {@code nodeDefault} when the campaign has none of its own. */
  public int timeout(int nodeDefault) {
    return timeoutSeconds != null ? timeoutSeconds : nodeDefault;
  }

  /** How long the ACD holds the offer: the timeout, plus the grace for the softphone's auto-call. */
  public int offerSeconds(int nodeDefault) {
    return timeout(nodeDefault) + ("call".equals(onTimeout) ? CALL_GRACE_SECONDS : 0);
  }
}
