package io.switchboard.config;

import java.time.Duration;

/**
 * Cases ({@code cases.*}; docs/cases.md). Defaults and meaning in {@code switchboard-reference.conf}.
 *
 * @param dueLow how long a low-priority case has from its creation (likewise the other three)
 * @param breachCheck how often a node looks for cases whose due time passed
 * @param offerOrder whether and in which order the ACD offers a backlog's cases to free agents
 * @param backlogSync how often a node tells the ACD again where every case waiting in a backlog belongs
 */
public record CasesConfig(Duration dueLow, Duration dueNormal, Duration dueHigh, Duration dueUrgent,
    Duration breachCheck, OfferOrder offerOrder, Duration backlogSync) {

  /** {@code cases.offer-order}: cases are always offered below calls (docs/cases.md, "Offered to agents"). */
  public enum OfferOrder {
    /** Backlogs are not offered: agents take cases through the API. */
    OFF,
    /** The most urgent priority first, then the earliest due time. */
    PRIORITY,
    /** The earliest due time first, whatever the priority. */
    DUE
  }

  static CasesConfig from(Settings s) {
    String order = s.string("cases.offer-order");
    OfferOrder o = switch (order) {
      case "off" -> OfferOrder.OFF;
      case "priority" -> OfferOrder.PRIORITY;
      case "due" -> OfferOrder.DUE;
      default -> throw new ConfigException("cases.offer-order", "must be off, priority or due, not '" + order + "'");
    };
    return new CasesConfig(due(s, "low"), due(s, "normal"), due(s, "high"), due(s, "urgent"),
        Duration.ofSeconds(s.integer("cases.breach-check-seconds", 1, 3600)), o,
        Duration.ofSeconds(s.integer("cases.backlog-sync-seconds", 1, 86_400)));
  }

  private static Duration due(Settings s, String priority) {
    return Duration.ofMinutes(s.integer("cases.due-minutes." + priority, 1, 525_600));
  }
}
