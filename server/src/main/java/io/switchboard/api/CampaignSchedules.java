package io.switchboard.api;

import io.switchboard.campaigns.CampaignDocuments;
import io.switchboard.campaigns.CampaignSchedule;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.Set;

/**
 * A campaign's {@code schedule} as the API takes it: {@code {"days": ["mon", ...], "from": "HH:MM", "to": "HH:MM",
 * "startAt": RFC 3339, "endAt": RFC 3339}}, every part optional (days: all; from and to: all day, or both). Each
 * fault is a 400 naming the field.
 */
final class CampaignSchedules {
  private static final Set<String> KEYS = Set.of("days", "from", "to", "startAt", "endAt");

  private CampaignSchedules() {}

  /** The schedule; {@link CampaignSchedule#ALWAYS} for null. */
  static CampaignSchedule parse(Object v) {
    if (v == null) {
      return CampaignSchedule.ALWAYS;
    }
    if (!(v instanceof JsonObject o) || !KEYS.containsAll(o.fieldNames())) {
      throw Problem.invalidField("schedule", "must be an object with days, from, to, startAt and endAt (each "
          + "optional)");
    }
    Set<DayOfWeek> days = days(o.getValue("days"));
    LocalTime from = CampaignsApi.time(o.getValue("from"), null, "schedule.from");
    LocalTime to = CampaignsApi.time(o.getValue("to"), null, "schedule.to");
    if ((from == null) != (to == null) || from != null && !from.isBefore(to)) {
      throw Problem.invalidField("schedule.to", "from and to go together, and from must be before to");
    }
    Instant startAt = instant(o.getValue("startAt"), "schedule.startAt");
    Instant endAt = instant(o.getValue("endAt"), "schedule.endAt");
    if (startAt != null && endAt != null && !startAt.isBefore(endAt)) {
      throw Problem.invalidField("schedule.endAt", "must be after startAt");
    }
    return new CampaignSchedule(days, from, to, startAt, endAt);
  }

  private static Set<DayOfWeek> days(Object v) {
    if (v == null) {
      return EnumSet.allOf(DayOfWeek.class);
    }
    if (!(v instanceof JsonArray a) || a.isEmpty() || a.size() > 7) {
      throw Problem.invalidField("schedule.days", "must be 1 to 7 of mon, tue, wed, thu, fri, sat, sun");
    }
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (Object d : a) {
      try {
        if (!(d instanceof String s) || !days.add(CampaignDocuments.dayOf(s))) {
          throw new IllegalArgumentException("each day once");
        }
      } catch (IllegalArgumentException e) {
        throw Problem.invalidField("schedule.days", "must be 1 to 7 of mon, tue, wed, thu, fri, sat, sun, each once");
      }
    }
    return days;
  }

  private static Instant instant(Object v, String field) {
    if (v == null) {
      return null;
    }
    try {
      return Instant.parse((String) v);
    } catch (DateTimeException | ClassCastException e) {
      throw Problem.invalidField(field, "must be an RFC 3339 time in UTC such as 2027-01-31T09:00:00Z");
    }
  }
}
