package io.switchboard.config;

import java.time.Duration;

/**
 * Signed outbound webhooks ({@code webhooks.*}; docs/webhooks.md). Defaults and meaning in
 * {@code switchboard-reference.conf}.
 *
 * @param poll how often a node looks for deliveries that are due
 * @param maxInFlight most requests one node has open at once (a slow endpoint holds some, never a call)
 * @param timeout how long a request may take before the attempt counts as failed
 * @param maxAttempts attempts in all before a delivery is dead (kept for an admin to retry)
 * @param retryBase the delay after the first failed attempt; each next one triples, up to {@code retryMax}
 * @param retryMax the longest delay between two attempts
 * @param allowInsecure whether plain http and loopback or private addresses may be called
 * @param refresh how long a node keeps a tenant's webhook list before reading it again
 * @param keepDelivered how long delivered deliveries are kept (then purged)
 * @param keepDead how long dead deliveries are kept (then purged)
 */
public record WebhooksConfig(Duration poll, int maxInFlight, Duration timeout, int maxAttempts, Duration retryBase,
    Duration retryMax, boolean allowInsecure, Duration refresh, Duration keepDelivered, Duration keepDead) {

  static WebhooksConfig from(Settings s) {
    int base = s.integer("webhooks.retry-base-seconds", 1, 86_400);
    int max = s.integer("webhooks.retry-max-seconds", 1, 7 * 86_400);
    if (max < base) {
      throw new ConfigException("webhooks.retry-max-seconds", "must be at least webhooks.retry-base-seconds (" + base
          + ")");
    }
    return new WebhooksConfig(Duration.ofMillis(s.integer("webhooks.poll-ms", 10, 60_000)),
        s.integer("webhooks.max-in-flight", 1, 10_000),
        Duration.ofMillis(s.integer("webhooks.timeout-ms", 100, 120_000)),
        s.integer("webhooks.max-attempts", 1, 100),
        Duration.ofSeconds(base), Duration.ofSeconds(max),
        s.bool("webhooks.allow-insecure", false),
        Duration.ofMillis(s.integer("webhooks.refresh-ms", 10, 600_000)),
        Duration.ofDays(s.integer("webhooks.keep-delivered-days", 1, 3650)),
        Duration.ofDays(s.integer("webhooks.keep-dead-days", 1, 3650)));
  }
}
