package io.switchboard.reports;

import io.switchboard.config.ReportsConfig;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One report request, parsed and checked (but not yet against the directory).
 *
 * @param shortAbandonSeconds abandons shorter than this are short abandons
 * @param filter the ids of the filter parameters that apply to the report ({@code queue}, {@code agent},
 *     {@code team}), each as given, without duplicates; absent or empty: no filter
 */
public record ReportRequest(Instant from, Instant to, Interval interval, ZoneId zone, int shortAbandonSeconds,
    Map<String, List<String>> filter) {

  /** Which report: its row key, and the filter parameters it accepts. */
  public enum Kind {
    QUEUES("queue", Set.of("queue")),
    AGENTS("agent", Set.of("agent", "team")),
    TEAMS("team", Set.of("team"));

    final String key;
    final Set<String> filters;

    Kind(String key, Set<String> filters) {
      this.key = key;
      this.filters = filters;
    }
  }

  private static final Set<String> COMMON = Set.of("from", "to", "interval", "tz", "shortAbandonSeconds");

  public List<String> filter(String parameter) {
    return filter.getOrDefault(parameter, List.of());
  }

  /**
   * Parses the query parameters of a report.
   *
   * <p>{@code from}/{@code to}: an instant with an offset ({@code 2026-12-01T00:00:00Z}), a local date
   * ({@code 2026-12-01}: its midnight in {@code tz}) or a local date-time (in {@code tz}); {@code to} is exclusive.
   * Defaults: from the start of today in {@code tz}, to the start of the local day after {@code from}'s.
   * {@code interval} defaults to hour, {@code tz} to UTC, {@code shortAbandonSeconds} to the setting. Filters may
   * repeat ({@code queue=a&queue=b}) or list ids with commas.
   *
   * @throws ReportException (400) naming the first bad parameter
   */
  public static ReportRequest parse(Kind kind, Map<String, List<String>> params, Clock clock,
      int defaultShortAbandonSeconds) {
    for (String name : params.keySet()) {
      if (!COMMON.contains(name) && !kind.filters.contains(name)) {
        throw ReportException.bad(name, "is not a parameter of this report (it takes from, to, interval, tz, "
            + "shortAbandonSeconds" + (kind.filters.contains("agent") ? ", agent, team" : ", " + kind.key) + ")");
      }
    }
    ZoneId zone = zone(one(params, "tz"));
    Interval interval = interval(one(params, "interval"));
    String rawFrom = one(params, "from");
    Instant from = rawFrom == null ? LocalDate.now(clock.withZone(zone)).atStartOfDay(zone).toInstant()
        : instant("from", rawFrom, zone);
    String rawTo = one(params, "to");
    Instant to = rawTo == null ? from.atZone(zone).toLocalDate().plusDays(1).atStartOfDay(zone).toInstant()
        : instant("to", rawTo, zone);
    if (from.isAfter(to)) {
      throw ReportException.bad("from", "is after to (" + from + " > " + to + ")");
    }
    if (from.equals(to)) {
      throw ReportException.bad("to", "must be after from (to is exclusive)");
    }
    int shortAbandon = defaultShortAbandonSeconds;
    String rawShort = one(params, "shortAbandonSeconds");
    if (rawShort != null) {
      try {
        shortAbandon = Integer.parseInt(rawShort);
      } catch (NumberFormatException e) {
        shortAbandon = -1;
      }
      if (shortAbandon < 0 || shortAbandon > ReportsConfig.MAX_SHORT_ABANDON_SECONDS) {
        throw ReportException.bad("shortAbandonSeconds",
            "must be an integer from 0 to " + ReportsConfig.MAX_SHORT_ABANDON_SECONDS);
      }
    }
    Map<String, List<String>> filter = new java.util.LinkedHashMap<>();
    for (String f : kind.filters) {
      Set<String> ids = new LinkedHashSet<>();
      for (String v : params.getOrDefault(f, List.of())) {
        for (String id : v.split(",")) {
          if (!id.isBlank()) {
            ids.add(id.trim());
          }
        }
      }
      if (!ids.isEmpty()) {
        filter.put(f, new ArrayList<>(ids));
      }
    }
    return new ReportRequest(from, to, interval, zone, shortAbandon, filter);
  }

  private static String one(Map<String, List<String>> params, String name) {
    List<String> values = params.get(name);
    if (values == null || values.isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      throw ReportException.bad(name, "must be given once");
    }
    return values.get(0);
  }

  private static ZoneId zone(String raw) {
    if (raw == null) {
      return ZoneId.of("UTC");
    }
    try {
      return ZoneId.of(raw);
    } catch (DateTimeException e) {
      throw ReportException.bad("tz", "is not a known time zone (an IANA id such as Europe/Madrid or UTC): '"
          + raw + "'");
    }
  }

  private static Interval interval(String raw) {
    if (raw == null) {
      return Interval.HOUR;
    }
    return Interval.fromWire(raw).orElseThrow(() -> ReportException.bad("interval",
        "must be 15m, hour, day or week, not '" + raw + "'"));
  }

  private static Instant instant(String name, String raw, ZoneId zone) {
    try {
      return OffsetDateTime.parse(raw).toInstant();
    } catch (DateTimeParseException e) {
      // not an instant: a local date or date-time below
    }
    try {
      return LocalDate.parse(raw).atStartOfDay(zone).toInstant();
    } catch (DateTimeParseException e) {
      // not a date
    }
    try {
      return LocalDateTime.parse(raw).atZone(zone).toInstant();
    } catch (DateTimeParseException e) {
      throw ReportException.bad(name, "must be an ISO-8601 instant (2026-12-01T00:00:00Z), a local date "
          + "(2026-12-01) or a local date-time (2026-12-01T08:00), not '" + raw + "'");
    }
  }
}
