package io.switchboard.config;

/**
 * Outbound campaigns' pacer ({@code campaigns.*}; docs/campaigns.md). Defaults and meaning in
 * {@code switchboard-reference.conf}.
 *
 * @param paceIntervalMs pause between two rounds of the pacer (ms)
 * @param leaseMs how long a node's hold on a campaign lasts without renewal (ms): a dead node's campaigns move to
 *     another node after this
 * @param predictive predictive mode's abandon cap and pacing knobs ({@code campaigns.predictive.*})
 * @param previewTimeoutSeconds how long an agent has to call or skip a preview of a campaign that sets no timeout of
 *     its own ({@code campaigns.preview.timeout-seconds})
 */
public record CampaignsConfig(int paceIntervalMs, int leaseMs, Predictive predictive, int previewTimeoutSeconds) {

  /**
   * {@code campaigns.predictive.*}: see switchboard-reference.conf and campaigns.PredictivePacing.
   *
   * @param abandonCapPercent the default abandon cap of predictive campaigns (0 to 3)
   * @param aimFraction share of the cap aimed at (0 to 1]
   * @param backoffBand share of the cap over which the aim falls to 0 (0 to 1]
   * @param minSamples attempts measured before pacing beyond 1:1
   * @param maxRatio most answers expected per agent expected available
   * @param graceMs how long an answered contact may wait for an agent before it is abandoned (ms)
   */
  public record Predictive(double abandonCapPercent, double aimFraction, double backoffBand, int minSamples,
      double maxRatio, int graceMs) {}

  static CampaignsConfig from(Settings s) {
    int interval = s.integer("campaigns.pace-interval-ms", 50, 60_000);
    int lease = s.integer("campaigns.lease-ms", 1_000, 600_000);
    if (lease < 2 * interval) {
      throw new ConfigException("campaigns.lease-ms", "must be at least twice campaigns.pace-interval-ms ("
          + interval + ")");
    }
    return new CampaignsConfig(interval, lease, new Predictive(
        decimal(s, "campaigns.predictive.abandon-cap-percent", 0, 3),
        decimal(s, "campaigns.predictive.aim-fraction", 0.01, 1),
        decimal(s, "campaigns.predictive.backoff-band", 0.01, 1),
        s.integer("campaigns.predictive.min-samples", 1, 100_000),
        decimal(s, "campaigns.predictive.max-ratio", 1, 100),
        s.integer("campaigns.predictive.grace-ms", 0, 10_000)),
        s.integer("campaigns.preview.timeout-seconds", 1, io.switchboard.campaigns.PreviewSettings.MAX_TIMEOUT_SECONDS));
  }

  private static double decimal(Settings s, String key, double min, double max) {
    String v = s.string(key);
    double d;
    try {
      d = Double.parseDouble(v.trim());
    } catch (NumberFormatException | NullPointerException e) {
      throw new ConfigException(key, "must be a number from " + min + " to " + max);
    }
    if (!(d >= min && d <= max)) {
      throw new ConfigException(key, "must be a number from " + min + " to " + max);
    }
    return d;
  }
}
