package io.switchboard.campaigns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Calling hours in each contact's own zone, across DST changes, at the window's edges. */
class CallingHoursTest {
  static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  static final ZoneId MADRID = ZoneId.of("Europe/Madrid");
  static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
  static final ZoneId LORD_HOWE = ZoneId.of("Australia/Lord_Howe"); // DST of 30 minutes

  final CallingHours hours = CallingHours.DEFAULT; // 08:00-21:00

  @Test
  void oneInstantIsDayInOneZoneAndNightInAnother() {
    Instant at = Instant.parse("2026-12-07T14:00:00Z"); // 09:00 New York, 15:00 Madrid, 23:00 Tokyo
    assertThat(hours.open(at, NEW_YORK)).isTrue();
    assertThat(hours.open(at, MADRID)).isTrue();
    assertThat(hours.open(at, TOKYO)).isFalse();
    assertThat(hours.nextOpening(at, TOKYO)).isEqualTo(Instant.parse("2026-12-07T23:00:00Z")); // 08:00 on the 8th
    assertThat(hours.nextOpening(at, NEW_YORK)).isEqualTo(at);
  }

  @Test
  void theWindowIncludesItsStartAndExcludesItsEnd() {
    assertThat(hours.open(Instant.parse("2026-12-07T13:00:00Z"), NEW_YORK)).as("08:00").isTrue();
    assertThat(hours.open(Instant.parse("2026-12-07T12:59:59Z"), NEW_YORK)).as("07:59:59").isFalse();
    assertThat(hours.open(Instant.parse("2026-12-08T01:59:59Z"), NEW_YORK)).as("20:59:59").isTrue();
    assertThat(hours.open(Instant.parse("2026-12-08T02:00:00Z"), NEW_YORK)).as("21:00").isFalse();
    // at 21:00 the next opening is tomorrow's 08:00, not today's
    assertThat(hours.nextOpening(Instant.parse("2026-12-08T02:00:00Z"), NEW_YORK))
        .isEqualTo(Instant.parse("2026-12-08T13:00:00Z"));
  }

  @Test
  void springForwardKeepsTheWallClockBounds() {
    // New York, 8 March 2026: 02:00 EST becomes 03:00 EDT. 08:00 that morning is 12:00Z (EDT), the day before 13:00Z.
    assertThat(hours.open(Instant.parse("2026-03-08T11:59:00Z"), NEW_YORK)).as("07:59 EDT").isFalse();
    assertThat(hours.open(Instant.parse("2026-03-08T12:00:00Z"), NEW_YORK)).as("08:00 EDT").isTrue();
    assertThat(hours.nextOpening(Instant.parse("2026-03-08T03:00:00Z"), NEW_YORK)).as("from 22:00 EST the 7th")
        .isEqualTo(Instant.parse("2026-03-08T12:00:00Z"));
    // 20:59 EDT is 00:59Z the next day; 21:00 EDT is 01:00Z
    assertThat(hours.open(Instant.parse("2026-03-09T00:59:00Z"), NEW_YORK)).isTrue();
    assertThat(hours.open(Instant.parse("2026-03-09T01:00:00Z"), NEW_YORK)).isFalse();
  }

  @Test
  void fallBackKeepsTheWallClockBounds() {
    // Madrid, 25 October 2026: 03:00 CEST becomes 02:00 CET. 08:00 that morning is 07:00Z (CET), the day before 06:00Z.
    assertThat(hours.open(Instant.parse("2026-10-24T06:00:00Z"), MADRID)).as("08:00 CEST").isTrue();
    assertThat(hours.open(Instant.parse("2026-10-25T06:30:00Z"), MADRID)).as("07:30 CET").isFalse();
    assertThat(hours.nextOpening(Instant.parse("2026-10-25T01:30:00Z"), MADRID)).as("from the repeated hour")
        .isEqualTo(Instant.parse("2026-10-25T07:00:00Z"));
  }

  @Test
  void aWindowOpeningInASkippedHourOpensAtTheFirstValidInstantAfterIt() {
    CallingHours early = new CallingHours(LocalTime.of(2, 30), LocalTime.of(21, 0));
    // New York, 8 March 2026: 02:30 does not exist; the clock jumps from 01:59:59 EST to 03:00 EDT (07:00Z)
    Instant opening = early.nextOpening(Instant.parse("2026-03-08T05:00:00Z"), NEW_YORK); // 00:00 EST
    assertThat(opening).isEqualTo(Instant.parse("2026-03-08T07:00:00Z"));
    assertThat(early.open(opening, NEW_YORK)).isTrue();
    assertThat(early.open(opening.minusSeconds(1), NEW_YORK)).isFalse();
    assertThat(early.open(Instant.parse("2026-03-08T06:59:00Z"), NEW_YORK)).as("01:59 EST").isFalse();
  }

  @Test
  void halfHourDstZonesAndContactsInSeveralZones() {
    // Lord Howe: +10:30 standard, +11 in summer (October to April). 08:00 on 7 December is 21:00Z on the 6th.
    assertThat(hours.open(Instant.parse("2026-12-06T21:00:00Z"), LORD_HOWE)).isTrue();
    assertThat(hours.open(Instant.parse("2026-12-06T20:59:00Z"), LORD_HOWE)).isFalse();
    Instant at = Instant.parse("2026-12-07T20:30:00Z");
    assertThat(java.util.stream.Stream.of(NEW_YORK, MADRID, TOKYO, LORD_HOWE).filter(z -> hours.open(at, z)))
        .as("15:30 New York, 21:30 Madrid, 05:30 Tokyo, 07:30 Lord Howe").containsExactly(NEW_YORK);
  }

  @Test
  void aWindowMustStartBeforeItEnds() {
    assertThatThrownBy(() -> new CallingHours(LocalTime.of(21, 0), LocalTime.of(8, 0)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aContactWithoutAZoneTakesTheCampaigns() {
    assertThat(CampaignPacer.zone(null, "Asia/Tokyo")).isEqualTo(TOKYO);
    assertThat(CampaignPacer.zone("Not/AZone", "Asia/Tokyo")).isEqualTo(TOKYO);
    assertThat(CampaignPacer.zone("Europe/Madrid", "Asia/Tokyo")).isEqualTo(MADRID);
  }
}
