package io.switchboard.config;

import java.time.Duration;

/**
 * Cases ({@code cases.*}; docs/cases.md). Defaults and meaning in {@code switchboard-reference.conf}.
 *
 * @param dueLow how long a low-priority case has from its creation (likewise the other three)
 * @param breachCheck how often a node looks for cases whose due time passed
 */
public record CasesConfig(Duration dueLow, Duration dueNormal, Duration dueHigh, Duration dueUrgent,
    Duration breachCheck) {

  static CasesConfig from(Settings s) {
    return new CasesConfig(due(s, "low"), due(s, "normal"), due(s, "high"), due(s, "urgent"),
        Duration.ofSeconds(s.integer("cases.breach-check-seconds", 1, 3600)));
  }

  private static Duration due(Settings s, String priority) {
    return Duration.ofMinutes(s.integer("cases.due-minutes." + priority, 1, 525_600));
  }
}
