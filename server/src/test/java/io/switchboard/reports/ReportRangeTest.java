package io.switchboard.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rows are local intervals converted to instants: DST days are 23 or 25 hours, weeks start on Monday. */
class ReportRangeTest {
  static final ZoneId MADRID = ZoneId.of("Europe/Madrid");

  static Instant midnight(String date, ZoneId zone) {
    return LocalDate.parse(date).atStartOfDay(zone).toInstant();
  }

  static List<String> starts(ReportRange r) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < r.size(); i++) {
      out.add(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(r.start(i).atZone(r.zone())));
    }
    return out;
  }

  @Test
  void theSpringForwardDayHas23HoursAnd92QuarterHours() {
    Instant from = midnight("2026-03-29", MADRID);
    Instant to = midnight("2026-03-30", MADRID);
    assertThat(Duration.between(from, to)).isEqualTo(Duration.ofHours(23));
    ReportRange hours = ReportRange.of(from, to, Interval.HOUR, MADRID, 1000);
    assertThat(hours.size()).isEqualTo(23);
    assertThat(starts(hours).subList(0, 4)).containsExactly("2026-03-29T00:00:00+01:00", "2026-03-29T01:00:00+01:00",
        "2026-03-29T03:00:00+02:00", "2026-03-29T04:00:00+02:00");
    assertThat(hours.end(22)).isEqualTo(to);
    ReportRange quarters = ReportRange.of(from, to, Interval.QUARTER_HOUR, MADRID, 1000);
    assertThat(quarters.size()).isEqualTo(92);
    assertThat(starts(quarters).get(8)).isEqualTo("2026-03-29T03:00:00+02:00");
    for (int i = 0; i < quarters.size(); i++) {
      assertThat(Duration.between(quarters.start(i), quarters.end(i))).isEqualTo(Duration.ofMinutes(15));
    }
    assertThat(ReportRange.of(from, to, Interval.DAY, MADRID, 1000).size()).isEqualTo(1);
  }

  @Test
  void theFallBackDayHas25HoursAnd100QuarterHours() {
    Instant from = midnight("2026-10-25", MADRID);
    Instant to = midnight("2026-10-26", MADRID);
    ReportRange hours = ReportRange.of(from, to, Interval.HOUR, MADRID, 1000);
    assertThat(hours.size()).isEqualTo(25);
    assertThat(starts(hours).subList(1, 5)).containsExactly("2026-10-25T01:00:00+02:00", "2026-10-25T02:00:00+02:00",
        "2026-10-25T02:00:00+01:00", "2026-10-25T03:00:00+01:00");
    assertThat(ReportRange.of(from, to, Interval.QUARTER_HOUR, MADRID, 1000).size()).isEqualTo(100);
    ReportRange days = ReportRange.of(midnight("2026-10-24", MADRID), midnight("2026-10-27", MADRID), Interval.DAY,
        MADRID, 1000);
    assertThat(days.size()).isEqualTo(3);
    assertThat(Duration.between(days.start(1), days.end(1))).isEqualTo(Duration.ofHours(25));
    assertThat(Duration.between(days.start(2), days.end(2))).isEqualTo(Duration.ofHours(24));
    assertThat(starts(days)).containsExactly("2026-10-24T00:00:00+02:00", "2026-10-25T00:00:00+02:00",
        "2026-10-26T00:00:00+01:00");
  }

  @Test
  void weeksRunFromMondayAndTheFirstAndLastAreCutAtTheRange() {
    // Wednesday 2 December to Wednesday 16 December 2026
    ReportRange r = ReportRange.of(midnight("2026-12-02", MADRID), midnight("2026-12-16", MADRID), Interval.WEEK,
        MADRID, 1000);
    assertThat(starts(r)).containsExactly("2026-12-02T00:00:00+01:00", "2026-12-07T00:00:00+01:00",
        "2026-12-14T00:00:00+01:00");
    assertThat(r.end(2)).isEqualTo(midnight("2026-12-16", MADRID));
    assertThat(r.daysOf(0)).containsExactly(0, 1, 2, 3, 4);
    assertThat(r.daysOf(1)).containsExactly(5, 6, 7, 8, 9, 10, 11);
    assertThat(r.daysOf(2)).containsExactly(12, 13);
    // the week of the fall-back Sunday has 7 × 24 + 1 hours
    ReportRange dst = ReportRange.of(midnight("2026-10-19", MADRID), midnight("2026-10-26", MADRID), Interval.WEEK,
        MADRID, 10);
    assertThat(dst.size()).isEqualTo(1);
    assertThat(Duration.between(dst.start(0), dst.end(0))).isEqualTo(Duration.ofHours(169));
  }

  @Test
  void rowsRestartAtLocalMidnightAndARangeOffTheGridGetsShorterEnds() {
    Instant from = Instant.parse("2026-12-01T00:10:00Z");
    Instant to = Instant.parse("2026-12-01T02:30:00Z");
    ReportRange r = ReportRange.of(from, to, Interval.HOUR, ZoneId.of("UTC"), 100);
    assertThat(r.bounds()).containsExactly(from, Instant.parse("2026-12-01T01:00:00Z"),
        Instant.parse("2026-12-01T02:00:00Z"), to);
    // India is UTC+05:30: its hours start at :30 UTC
    ReportRange kolkata = ReportRange.of(midnight("2026-12-01", ZoneId.of("Asia/Kolkata")),
        midnight("2026-12-02", ZoneId.of("Asia/Kolkata")), Interval.HOUR, ZoneId.of("Asia/Kolkata"), 100);
    assertThat(kolkata.size()).isEqualTo(24);
    assertThat(kolkata.start(1)).isEqualTo(Instant.parse("2026-11-30T19:30:00Z"));
  }

  @Test
  void tooManyRowsFailsBeforeBuildingThemAll() {
    Instant from = midnight("2026-12-01", MADRID);
    assertThat(ReportRange.of(from, from.plus(Duration.ofHours(24)), Interval.QUARTER_HOUR, MADRID, 96).size())
        .isEqualTo(96);
    assertThatThrownBy(() -> ReportRange.of(from, from.plus(Duration.ofHours(24)), Interval.QUARTER_HOUR, MADRID, 95))
        .isInstanceOf(ReportRange.TooManyRows.class);
    assertThatThrownBy(() -> ReportRange.of(from, Instant.parse("9999-01-01T00:00:00Z"), Interval.QUARTER_HOUR,
        MADRID, 20_000)).isInstanceOf(ReportRange.TooManyRows.class);
    assertThatThrownBy(() -> ReportRange.of(from, from, Interval.DAY, MADRID, 10))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
