package io.switchboard.directory;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The hours engine: whether a business-hours document ({@link BusinessHoursSchema}) is open at an instant, why, and
 * when that next changes. Pure: no clock of its own, no I/O; immutable and thread-safe.
 *
 * <p>Which hours a local date has, in this order: a holiday is closed all day; a special day has its own slots (and
 * is closed outside them); any other date has the weekly slots of its day of the week. Slots are local times of the
 * document's {@code timezone}, from {@code open} (included) to {@code close} (excluded); {@code close} "24:00" is the
 * start of the next date. Slots that touch (Monday 18:00–24:00, Tuesday 00:00–06:00) are one open period: the next
 * change is where the run of touching slots ends.
 *
 * <p>Daylight saving, the rule (java.time's zone rules): a local time that does not exist on that date (the gap of
 * a spring-forward change, e.g. 02:30 on 2026-03-29 in Europe/Berlin) takes effect at the instant the gap ends, when
 * the wall clock jumps past it (03:00 CEST there): an opening at 02:30 opens at 03:00, a closing at 02:30 closes at
 * 03:00. A local time that exists twice (the overlap of a fall-back change, e.g. 01:30 on 2026-11-01 in
 * America/New_York) takes effect at its first occurrence (01:30 EDT): a 01:30 closing closes before the clocks go
 * back, and the repeated hour is then closed. So an open period is never longer than its wall-clock length plus a
 * skipped gap, and no slot ever ends before it starts.
 */
public final class BusinessHours {
  /** How far ahead {@link Status#nextChange} is looked for: a year and a week (holidays may close for long). */
  static final int HORIZON_DAYS = 373;

  /** Why the hours are open or closed at an instant. */
  public enum Reason {
    /** The weekly slots of that day of the week apply. */
    WEEKLY,
    /** The date is a holiday: closed all day. */
    HOLIDAY,
    /** The date is a special day: its own slots apply. */
    SPECIAL_DAY
  }

  /**
   * Open or closed at an instant, why, and when that changes.
   *
   * @param nextChange the first instant after the one asked about at which {@code open} flips; null when it never
   *     does within {@link #HORIZON_DAYS} (e.g. hours with no slot at all)
   */
  public record Status(boolean open, Reason reason, Instant nextChange) {}

  private record Slot(int open, int close) {}

  private record Span(Instant start, Instant end) {}

  private final ZoneId zone;
  private final Map<DayOfWeek, List<Slot>> weekly;
  private final Set<LocalDate> holidays;
  private final Map<LocalDate, List<Slot>> specialDays;

  private BusinessHours(ZoneId zone, Map<DayOfWeek, List<Slot>> weekly, Set<LocalDate> holidays,
      Map<LocalDate, List<Slot>> specialDays) {
    this.zone = zone;
    this.weekly = weekly;
    this.holidays = holidays;
    this.specialDays = specialDays;
  }

  /**
   * The engine of a stored (already validated) document. A document that does not parse is refused with
   * {@link IllegalArgumentException} naming the part.
   */
  public static BusinessHours of(JsonObject doc) {
    try {
      ZoneId zone = ZoneId.of(doc.getString("timezone"));
      Map<DayOfWeek, List<Slot>> weekly = new HashMap<>();
      for (Object o : doc.getJsonArray("weekly", new JsonArray())) {
        JsonObject s = (JsonObject) o;
        DayOfWeek day = DayOfWeek.of(BusinessHoursSchema.DAYS.indexOf(s.getString("day")) + 1);
        weekly.computeIfAbsent(day, d -> new ArrayList<>()).add(slot(s));
      }
      Set<LocalDate> holidays = new HashSet<>();
      for (Object o : doc.getJsonArray("holidays", new JsonArray())) {
        holidays.add(LocalDate.parse((String) o));
      }
      Map<LocalDate, List<Slot>> special = new HashMap<>();
      for (Object o : doc.getJsonArray("specialDays", new JsonArray())) {
        JsonObject s = (JsonObject) o;
        special.computeIfAbsent(LocalDate.parse(s.getString("date")), d -> new ArrayList<>()).add(slot(s));
      }
      weekly.values().forEach(l -> l.sort(Comparator.comparingInt(Slot::open)));
      special.values().forEach(l -> l.sort(Comparator.comparingInt(Slot::open)));
      return new BusinessHours(zone, Map.copyOf(weekly), Set.copyOf(holidays), Map.copyOf(special));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("business hours " + doc.getString("id") + " do not parse: " + e, e);
    }
  }

  private static Slot slot(JsonObject s) {
    return new Slot(BusinessHoursSchema.minutes(s.getString("open")), BusinessHoursSchema.minutes(s.getString("close")));
  }

  public ZoneId zone() {
    return zone;
  }

  /** Whether the hours are open at {@code at}, why, and the next change. */
  public Status status(Instant at) {
    LocalDate today = LocalDate.ofInstant(at, zone);
    Reason reason = reasonOf(today);
    // a slot of yesterday may still run (a gap pushed its end, or it closes at 24:00 = today's start)
    LocalDate day = today.minusDays(1);
    Span run = null;
    for (int i = 0; i <= HORIZON_DAYS; i++, day = day.plusDays(1)) {
      for (Span s : spans(day)) {
        if (run != null && !s.start.isAfter(run.end)) {  // touches or overlaps the run: extend it
          run = new Span(run.start, s.end.isAfter(run.end) ? s.end : run.end);
          continue;
        }
        if (run != null && !at.isBefore(run.start) && at.isBefore(run.end)) {
          return new Status(true, reason, run.end);  // open now; the run ended before s
        }
        if (s.start.isAfter(at)) {
          if (run == null || !run.end.isAfter(at)) {
            return new Status(false, reason, s.start);  // closed now; s is the next opening
          }
        }
        run = s;
      }
    }
    if (run != null && !at.isBefore(run.start) && at.isBefore(run.end)) {
      return new Status(true, reason, null);  // open through the whole horizon (e.g. 24/7)
    }
    return new Status(false, reason, null);
  }

  /** Whether the hours are open at {@code at}. */
  public boolean isOpen(Instant at) {
    return status(at).open();
  }

  private Reason reasonOf(LocalDate date) {
    if (holidays.contains(date)) {
      return Reason.HOLIDAY;
    }
    return specialDays.containsKey(date) ? Reason.SPECIAL_DAY : Reason.WEEKLY;
  }

  /** The open spans of a local date, in order, as instants (the DST rule of the class comment). */
  private List<Span> spans(LocalDate date) {
    List<Slot> slots = switch (reasonOf(date)) {
      case HOLIDAY -> List.of();
      case SPECIAL_DAY -> specialDays.get(date);
      case WEEKLY -> weekly.getOrDefault(date.getDayOfWeek(), List.of());
    };
    List<Span> out = new ArrayList<>(slots.size());
    for (Slot s : slots) {
      Instant start = instant(date, s.open);
      Instant end = instant(date, s.close);
      if (end.isAfter(start)) {
        out.add(new Span(start, end));
      }
    }
    return out;
  }

  /** Local {@code minutes} after midnight of {@code date} (1440: the next date's start), by the DST rule. */
  Instant instant(LocalDate date, int minutes) {
    LocalDateTime local = minutes >= 24 * 60 ? date.plusDays(1).atStartOfDay()
        : date.atTime(LocalTime.of(minutes / 60, minutes % 60));
    ZoneRules rules = zone.getRules();
    if (rules.getValidOffsets(local).isEmpty()) {  // in a gap: when the gap ends
      ZoneOffsetTransition t = rules.getTransition(local);
      return t.getInstant();
    }
    return local.atZone(zone).toInstant();  // an overlap resolves to the earlier offset: the first occurrence
  }
}
