package io.switchboard.config;

/**
 * Outbound campaigns' pacer ({@code campaigns.*}; docs/campaigns.md). Defaults and meaning in
 * {@code switchboard-reference.conf}.
 *
 * @param paceIntervalMs pause between two rounds of the pacer (ms)
 * @param leaseMs how long a node's hold on a campaign lasts without renewal (ms): a dead node's campaigns move to
 *     another node after this
 */
public record CampaignsConfig(int paceIntervalMs, int leaseMs) {

  static CampaignsConfig from(Settings s) {
    int interval = s.integer("campaigns.pace-interval-ms", 50, 60_000);
    int lease = s.integer("campaigns.lease-ms", 1_000, 600_000);
    if (lease < 2 * interval) {
      throw new ConfigException("campaigns.lease-ms", "must be at least twice campaigns.pace-interval-ms ("
          + interval + ")");
    }
    return new CampaignsConfig(interval, lease);
  }
}
