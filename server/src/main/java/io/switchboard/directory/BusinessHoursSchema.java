package io.switchboard.directory;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Business hours {@code {"id","name","timezone","weekly":[{"day","open","close"}],"holidays":[...],
 * "specialDays":[{"date","open","close"}]}}. Times are local to {@code timezone} as "HH:MM"; {@code close} may be
 * "24:00" (end of day) and must be after {@code open}; intervals of one day (or of one special date) must not
 * overlap. Holidays are ISO dates (closed all day); a special day is a date with its own hours instead of the
 * weekly ones (several slots of one date are allowed), and may not also be a holiday. {@link BusinessHours} applies
 * them.
 */
final class BusinessHoursSchema implements Schema {
  static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");
  private static final Pattern TIME = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]|24:00");
  private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

  private record Interval(int day, int open, int close, String field) {}

  @Override
  public Normalized normalize(String id, Fields in) {
    String name = in.string("name", true, Rules.NAME_MAX, null, null);
    String timezone = timezone(in);
    JsonArray weekly = new JsonArray();
    List<Interval> intervals = new ArrayList<>();
    for (Fields slot : in.objects("weekly", 7 * 24)) {
      String day = slot.string("day", true, 3, null, null);
      if (day != null && !DAYS.contains(day)) {
        slot.error("day", "must be one of " + String.join(", ", DAYS));
        day = null;
      }
      String open = slot.string("open", true, 5, TIME, "must be a time HH:MM from 00:00 to 23:59");
      String close = slot.string("close", true, 5, TIME, "must be a time HH:MM from 00:01 to 24:00");
      if (open != null && close != null && minutes(open) >= minutes(close)) {
        slot.error("close", "must be after open (" + open + ")");
      } else if (day != null && open != null && close != null) {
        intervals.add(new Interval(DAYS.indexOf(day), minutes(open), minutes(close), slot.path("open")));
      }
      weekly.add(new JsonObject().put("day", day).put("open", open).put("close", close));
    }
    checkOverlaps(intervals, in);
    List<String> holidays = in.strings("holidays", 1000, 10, DATE, "must be a date YYYY-MM-DD");
    for (int i = 0; i < holidays.size(); i++) {
      try {
        LocalDate.parse(holidays.get(i));
      } catch (DateTimeParseException e) {
        in.error("holidays." + i, "is not a valid date");
      }
    }
    JsonArray special = specialDays(in, holidays);
    JsonObject doc = new JsonObject()
        .put("id", id)
        .put("name", name)
        .put("timezone", timezone)
        .put("weekly", weekly)
        .put("holidays", new JsonArray(new ArrayList<>(holidays)))
        .put("specialDays", special);
    return new Normalized(id, doc, List.of(), null, null);
  }

  /** specialDays: slots validated like weekly ones, a date instead of a day; overlaps checked per date. */
  private static JsonArray specialDays(Fields in, List<String> holidays) {
    JsonArray out = new JsonArray();
    List<Interval> intervals = new ArrayList<>();
    List<String> dates = new ArrayList<>();
    for (Fields slot : in.objects("specialDays", 1000)) {
      String date = slot.string("date", true, 10, DATE, "must be a date YYYY-MM-DD");
      if (date != null) {
        try {
          LocalDate.parse(date);
          if (holidays.contains(date)) {
            slot.error("date", "is also a holiday (a holiday is closed all day: remove one of them)");
          }
        } catch (DateTimeParseException e) {
          slot.error("date", "is not a valid date");
          date = null;
        }
      }
      String open = slot.string("open", true, 5, TIME, "must be a time HH:MM from 00:00 to 23:59");
      String close = slot.string("close", true, 5, TIME, "must be a time HH:MM from 00:01 to 24:00");
      if (open != null && close != null && minutes(open) >= minutes(close)) {
        slot.error("close", "must be after open (" + open + ")");
      } else if (date != null && open != null && close != null) {
        int day = dates.indexOf(date);
        if (day < 0) {
          dates.add(date);
          day = dates.size() - 1;
        }
        intervals.add(new Interval(day, minutes(open), minutes(close), slot.path("open")));
      }
      out.add(new JsonObject().put("date", date).put("open", open).put("close", close));
    }
    checkOverlaps(intervals, in);
    return out;
  }

  private static String timezone(Fields in) {
    String tz = in.string("timezone", true, 64, null, null);
    if (tz == null) {
      return null;
    }
    try {
      ZoneId.of(tz);
      return tz;
    } catch (DateTimeException e) {
      in.error("timezone", "is not a known time zone (e.g. Europe/London, UTC)");
      return null;
    }
  }

  private static void checkOverlaps(List<Interval> intervals, Fields in) {
    for (int i = 0; i < intervals.size(); i++) {
      for (int j = 0; j < i; j++) {
        Interval a = intervals.get(i);
        Interval b = intervals.get(j);
        if (a.day == b.day && a.open < b.close && b.open < a.close) {
          in.errors().add(new Violation(a.field, "overlaps another interval of the same day"));
        }
      }
    }
  }

  static int minutes(String hhmm) {
    return Integer.parseInt(hhmm.substring(0, 2)) * 60 + Integer.parseInt(hhmm.substring(3));
  }
}
