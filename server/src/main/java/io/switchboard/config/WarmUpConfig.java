package io.switchboard.config;

import java.time.Duration;

/**
 * Warm-up at start ({@code warmup.*}); defaults and meaning in {@code switchboard-reference.conf}.
 *
 * @param enabled run the node's call paths once before it serves (io.switchboard.NodeWarmUp)
 * @param timeout the longest the warm-up may take; steps not done by then are left (the node starts anyway)
 */
public record WarmUpConfig(boolean enabled, Duration timeout) {

  static WarmUpConfig from(Settings s) {
    return new WarmUpConfig(s.bool("warmup.enabled", true),
        Duration.ofMillis(s.integer("warmup.timeout-ms", 100, 600_000)));
  }
}
