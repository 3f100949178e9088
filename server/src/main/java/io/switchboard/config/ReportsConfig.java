package io.switchboard.config;

/**
 * The reports API ({@code reports.*}); defaults and meaning in {@code switchboard-reference.conf}.
 *
 * @param maxRows most rows (intervals × queues, agents or teams) one report may have; more is a 400
 * @param shortAbandonSeconds abandons shorter than this (seconds) are counted apart as short abandons, unless the
 *     request says otherwise
 */
public record ReportsConfig(int maxRows, int shortAbandonSeconds) {
  public static final int MAX_SHORT_ABANDON_SECONDS = 3600;

  static ReportsConfig from(Settings s) {
    return new ReportsConfig(s.integer("reports.max-rows", 1, 10_000_000),
        s.integer("reports.short-abandon-seconds", 0, MAX_SHORT_ABANDON_SECONDS));
  }
}
