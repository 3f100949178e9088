package io.switchboard.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** A picked call-back time: in the future, at most 30 days ahead, inside calling hours in the contact's zone. */
class CallbackTimesTest {
  static final Instant NOW = Instant.parse("2026-12-07T15:00:00Z"); // 10:00 in New York
  static final CallbackTimes.Window NEW_YORK = new CallbackTimes.Window(ZoneId.of("America/New_York"),
      CallingHours.DEFAULT);

  @Test
  void tomorrowAtTenInTheContactsZoneIsFine() {
    assertThat(CallbackTimes.problem(Instant.parse("2026-12-08T15:00:00Z"), NOW, NEW_YORK)).isNull();
  }

  @Test
  void nowOrEarlierIsRefused() {
    assertThat(CallbackTimes.problem(NOW, NOW, NEW_YORK)).isEqualTo("must be in the future");
    assertThat(CallbackTimes.problem(NOW.minusSeconds(60), NOW, NEW_YORK)).isEqualTo("must be in the future");
  }

  @Test
  void moreThanThirtyDaysAheadIsRefused() {
    assertThat(CallbackTimes.problem(NOW.plus(CallbackTimes.MAX_AHEAD), NOW, NEW_YORK)).isNull();
    assertThat(CallbackTimes.problem(NOW.plus(CallbackTimes.MAX_AHEAD).plusSeconds(1), NOW, NEW_YORK))
        .isEqualTo("must be at most 30 days ahead");
  }

  @Test
  void outsideCallingHoursInTheContactsZoneIsRefusedNamingTheLocalTime() {
    // 02:00 UTC is 21:00 in New York: the hours' exclusive end
    assertThat(CallbackTimes.problem(Instant.parse("2026-12-08T02:00:00Z"), NOW, NEW_YORK))
        .isEqualTo("is 2026-12-07T21:00 in the contact's zone America/New_York, outside the campaign's calling "
            + "hours 08:00-21:00");
    assertThat(CallbackTimes.problem(Instant.parse("2026-12-08T02:00:00Z"), NOW,
        new CallbackTimes.Window(ZoneId.of("UTC"), CallingHours.DEFAULT))).as("02:00 in UTC").isNotNull();
    assertThat(CallbackTimes.problem(Instant.parse("2026-12-08T01:59:00Z"), NOW, NEW_YORK)).as("20:59").isNull();
  }
}
