package io.switchboard.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.directory.BusinessHours.Reason;
import io.switchboard.directory.BusinessHours.Status;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The hours engine at fixed instants: open, closed, holiday, special day, both DST edges, 24:00. */
class BusinessHoursTest {

  private static JsonObject slot(String day, String open, String close) {
    return new JsonObject().put("day", day).put("open", open).put("close", close);
  }

  private static JsonObject special(String date, String open, String close) {
    return new JsonObject().put("date", date).put("open", open).put("close", close);
  }

  private static BusinessHours hours(String zone, JsonArray weekly, JsonArray holidays, JsonArray special) {
    return BusinessHours.of(new JsonObject().put("id", "h").put("timezone", zone).put("weekly", weekly)
        .put("holidays", holidays).put("specialDays", special));
  }

  /** Mon-Fri 09:00-17:00 in London; 2026-12-25 (Fri) a holiday, 2026-12-24 (Thu) 09:00-12:00 only. */
  private static BusinessHours office() {
    JsonArray weekly = new JsonArray();
    for (String d : new String[] {"mon", "tue", "wed", "thu", "fri"}) {
      weekly.add(slot(d, "09:00", "17:00"));
    }
    return hours("Europe/London", weekly, new JsonArray().add("2026-12-25"),
        new JsonArray().add(special("2026-12-24", "09:00", "12:00")));
  }

  @Test
  void openOnAWeekdayUntilItsClose() {
    Status s = office().status(Instant.parse("2026-12-07T10:00:00Z")); // Monday, GMT = UTC in winter
    assertTrue(s.open());
    assertEquals(Reason.WEEKLY, s.reason());
    assertEquals(Instant.parse("2026-12-07T17:00:00Z"), s.nextChange());
  }

  @Test
  void closedAtNightUntilTheNextOpening() {
    Status s = office().status(Instant.parse("2026-12-07T17:00:00Z")); // close is exclusive
    assertFalse(s.open());
    assertEquals(Reason.WEEKLY, s.reason());
    assertEquals(Instant.parse("2026-12-08T09:00:00Z"), s.nextChange());
    Status weekend = office().status(Instant.parse("2026-12-12T12:00:00Z")); // Saturday
    assertFalse(weekend.open());
    assertEquals(Instant.parse("2026-12-14T09:00:00Z"), weekend.nextChange());
  }

  @Test
  void openingInstantIsOpen() {
    assertTrue(office().isOpen(Instant.parse("2026-12-08T09:00:00Z")));
    assertFalse(office().isOpen(Instant.parse("2026-12-08T08:59:59Z")));
  }

  @Test
  void holidayIsClosedAllDayAndTheNextOpeningSkipsIt() {
    Status s = office().status(Instant.parse("2026-12-25T10:00:00Z"));
    assertFalse(s.open());
    assertEquals(Reason.HOLIDAY, s.reason());
    assertEquals(Instant.parse("2026-12-28T09:00:00Z"), s.nextChange()); // Monday after the weekend
  }

  @Test
  void specialDayHasItsOwnHours() {
    Status morning = office().status(Instant.parse("2026-12-24T11:00:00Z"));
    assertTrue(morning.open());
    assertEquals(Reason.SPECIAL_DAY, morning.reason());
    assertEquals(Instant.parse("2026-12-24T12:00:00Z"), morning.nextChange());
    Status afternoon = office().status(Instant.parse("2026-12-24T15:00:00Z")); // weekly would be open
    assertFalse(afternoon.open());
    assertEquals(Reason.SPECIAL_DAY, afternoon.reason());
    assertEquals(Instant.parse("2026-12-28T09:00:00Z"), afternoon.nextChange()); // the 25th is a holiday
    // the day before, the special day's 09:00 is the next opening
    assertEquals(Instant.parse("2026-12-24T09:00:00Z"),
        office().status(Instant.parse("2026-12-23T20:00:00Z")).nextChange());
  }

  @Test
  void timeZoneIsTheHoursOwn() {
    BusinessHours ny = hours("America/New_York", new JsonArray().add(slot("mon", "09:00", "17:00")),
        new JsonArray(), new JsonArray());
    assertFalse(ny.isOpen(Instant.parse("2026-12-07T10:00:00Z"))); // 05:00 in New York
    assertTrue(ny.isOpen(Instant.parse("2026-12-07T14:00:00Z"))); // 09:00 EST
  }

  /** Europe/Berlin springs forward on 2026-03-29 (Sunday): 02:00 CET becomes 03:00 CEST; 02:30 does not exist. */
  @Test
  void openingInTheSpringForwardGapOpensWhenTheGapEnds() {
    BusinessHours h = hours("Europe/Berlin", new JsonArray().add(slot("sun", "02:30", "06:00")), new JsonArray(),
        new JsonArray());
    Status before = h.status(Instant.parse("2026-03-29T00:30:00Z")); // 01:30 CET
    assertFalse(before.open());
    assertEquals(Instant.parse("2026-03-29T01:00:00Z"), before.nextChange()); // 03:00 CEST, the gap's end
    assertTrue(h.isOpen(Instant.parse("2026-03-29T01:00:00Z")));
    Status open = h.status(Instant.parse("2026-03-29T02:00:00Z")); // 04:00 CEST
    assertEquals(Instant.parse("2026-03-29T04:00:00Z"), open.nextChange()); // 06:00 CEST
    // a week later the same slot is 02:30 CEST
    assertEquals(Instant.parse("2026-04-05T00:30:00Z"),
        h.status(Instant.parse("2026-03-30T12:00:00Z")).nextChange());
  }

  /** America/New_York falls back on 2026-11-01 (Sunday): 02:00 EDT becomes 01:00 EST; 01:30 happens twice. */
  @Test
  void closingInTheFallBackOverlapClosesAtItsFirstOccurrence() {
    BusinessHours h = hours("America/New_York", new JsonArray().add(slot("sat", "20:00", "24:00"))
        .add(slot("sun", "00:00", "01:30")), new JsonArray(), new JsonArray());
    Status s = h.status(Instant.parse("2026-11-01T03:00:00Z")); // 23:00 EDT Saturday
    assertTrue(s.open());
    assertEquals(Instant.parse("2026-11-01T05:30:00Z"), s.nextChange()); // 01:30 EDT, the first one
    assertFalse(h.isOpen(Instant.parse("2026-11-01T06:00:00Z"))); // 01:00 EST: the repeated hour is closed
    assertFalse(h.isOpen(Instant.parse("2026-11-01T06:45:00Z"))); // 01:30 EST: already closed
  }

  @Test
  void slotsThatTouchAcrossMidnightAreOnePeriod() {
    BusinessHours h = hours("UTC", new JsonArray().add(slot("mon", "18:00", "24:00")).add(slot("tue", "00:00", "06:00")),
        new JsonArray(), new JsonArray());
    Status late = h.status(Instant.parse("2026-12-07T23:59:00Z"));
    assertTrue(late.open());
    assertEquals(Instant.parse("2026-12-08T06:00:00Z"), late.nextChange()); // not midnight
    assertTrue(h.isOpen(Instant.parse("2026-12-08T00:00:00Z")));
    Status closed = h.status(Instant.parse("2026-12-08T06:00:00Z"));
    assertFalse(closed.open());
    assertEquals(Instant.parse("2026-12-14T18:00:00Z"), closed.nextChange());
  }

  @Test
  void closingAt2400EndsAtTheNextDaysStart() {
    BusinessHours h = hours("Europe/London", new JsonArray().add(slot("fri", "22:00", "24:00")), new JsonArray(),
        new JsonArray());
    Status s = h.status(Instant.parse("2026-12-11T23:59:59Z"));
    assertTrue(s.open());
    assertEquals(Instant.parse("2026-12-12T00:00:00Z"), s.nextChange());
    assertFalse(h.isOpen(Instant.parse("2026-12-12T00:00:00Z")));
  }

  @Test
  void alwaysOpenOrNeverOpenHaveNoNextChange() {
    JsonArray all = new JsonArray();
    for (String d : BusinessHoursSchema.DAYS) {
      all.add(slot(d, "00:00", "24:00"));
    }
    Status always = hours("UTC", all, new JsonArray(), new JsonArray()).status(Instant.parse("2026-12-07T10:00:00Z"));
    assertTrue(always.open());
    assertNull(always.nextChange());
    Status never = hours("UTC", new JsonArray(), new JsonArray(), new JsonArray())
        .status(Instant.parse("2026-12-07T10:00:00Z"));
    assertFalse(never.open());
    assertNull(never.nextChange());
  }
}
