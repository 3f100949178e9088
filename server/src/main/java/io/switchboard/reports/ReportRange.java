package io.switchboard.reports;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The rows of a report in time: [from, to) cut at the local boundaries of {@link Interval} in {@code zone}. The
 * boundaries are computed here with java.time (local times converted to instants) and handed to SQL as an array, so
 * SQL never does calendar arithmetic and a daylight-saving change gives a 23- or 25-hour day (92 or 100 quarter
 * hours) exactly. A range that does not start or end on a boundary gets a shorter first or last row.
 *
 * @param bounds the row boundaries: {@code bounds[0] = from}, {@code bounds[n] = to}; row i is
 *     [bounds[i], bounds[i+1])
 * @param dayBounds the local days of the range the same way (first and last day cut at from and to): staffed days
 *     are counted per local day
 */
public record ReportRange(Instant from, Instant to, Interval interval, ZoneId zone, List<Instant> bounds,
    List<Instant> dayBounds) {

  /** Thrown when the range has more rows than allowed; nothing has been built past the limit. */
  public static final class TooManyRows extends RuntimeException {
    TooManyRows(int limit) {
      super("the range has more than " + limit + " intervals", null, false, false);
    }
  }

  public ReportRange {
    bounds = List.copyOf(bounds);
    dayBounds = List.copyOf(dayBounds);
  }

  /**
   * Cuts [from, to) into rows.
   *
   * @param maxRows most rows allowed; more → {@link TooManyRows} (checked while building, so a century of
   *     quarter hours costs nothing)
   * @throws IllegalArgumentException when from is not before to
   */
  public static ReportRange of(Instant from, Instant to, Interval interval, ZoneId zone, int maxRows) {
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("from must be before to");
    }
    List<Instant> bounds = boundaries(from, to, interval, zone, maxRows);
    // days: at most one per row for day/week rows, and for sub-day rows no more than the rows themselves
    List<Instant> days = interval == Interval.DAY ? bounds
        : boundaries(from, to, Interval.DAY, zone, Integer.MAX_VALUE);
    return new ReportRange(from, to, interval, zone, bounds, days);
  }

  /** Number of rows in time. */
  public int size() {
    return bounds.size() - 1;
  }

  public Instant start(int row) {
    return bounds.get(row);
  }

  public Instant end(int row) {
    return bounds.get(row + 1);
  }

  /**
   * The local days (indexes into the {@link #dayBounds} rows) that overlap row {@code row}: staffed days within a
   * row are counted among these.
   */
  public List<Integer> daysOf(int row) {
    Instant s = start(row);
    Instant e = end(row);
    int found = Collections.binarySearch(dayBounds, s);
    // the day that contains s: the last day boundary at or before it
    int d = found >= 0 ? found : -found - 2;
    List<Integer> out = new ArrayList<>();
    for (; d >= 0 && d + 1 < dayBounds.size() && dayBounds.get(d).isBefore(e); d++) {
      out.add(d);
    }
    return out;
  }

  private static List<Instant> boundaries(Instant from, Instant to, Interval interval, ZoneId zone, int maxRows) {
    List<Instant> out = new ArrayList<>();
    out.add(from);
    LocalDate day = from.atZone(zone).toLocalDate();
    if (interval == Interval.WEEK) {
      day = day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }
    while (true) {
      LocalDate next = interval == Interval.WEEK ? day.plusWeeks(1) : day.plusDays(1);
      Instant start = day.atStartOfDay(zone).toInstant();
      Instant end = next.atStartOfDay(zone).toInstant();
      Duration step = interval.step();
      for (Instant b = start; b.isBefore(end); b = step == null ? end : b.plus(step)) {
        if (!b.isBefore(to)) {
          out.add(to);
          return Collections.unmodifiableList(out);
        }
        if (b.isAfter(from)) {
          if (out.size() >= maxRows) {  // b and then to would make out.size() + 1 rows
            throw new TooManyRows(maxRows);
          }
          out.add(b);
        }
      }
      day = next;
    }
  }
}
