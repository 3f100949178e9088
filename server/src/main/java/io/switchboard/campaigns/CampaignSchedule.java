package io.switchboard.campaigns;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Set;

/**
 * When a campaign dials, in the campaign's time zone, on top of each contact's calling hours (docs/campaigns.md): on
 * {@code days}, between {@code from} (inclusive) and {@code to} (exclusive) local time, or all day when both are null;
 * never before {@code startAt}; at {@code endAt} the campaign is over (the pacer stops it). Immutable.
 *
 * @param days at least one day
 * @param from null with {@code to}: all day
 * @param startAt null: from the start
 * @param endAt null: no end; after {@code startAt}
 */
public record CampaignSchedule(Set<DayOfWeek> days, LocalTime from, LocalTime to, Instant startAt, Instant endAt) {
  /** Every day, all day, no start and no end: what a campaign without a schedule follows. */
  public static final CampaignSchedule ALWAYS = new CampaignSchedule(EnumSet.allOf(DayOfWeek.class), null, null,
      null, null);

  public CampaignSchedule {
    if (days.isEmpty()) {
      throw new IllegalArgumentException("a schedule needs at least one day");
    }
    days = Set.copyOf(days);
    if ((from == null) != (to == null) || from != null && !from.isBefore(to)) {
      throw new IllegalArgumentException("from and to go together, from before to");
    }
    if (startAt != null && endAt != null && !startAt.isBefore(endAt)) {
      throw new IllegalArgumentException("startAt must be before endAt");
    }
  }

  /** Whether the campaign may dial at {@code now}, its zone being {@code zone}. */
  public boolean open(Instant now, ZoneId zone) {
    if (startAt != null && now.isBefore(startAt) || ended(now)) {
      return false;
    }
    ZonedDateTime local = now.atZone(zone);
    LocalTime t = local.toLocalTime();
    return days.contains(local.getDayOfWeek()) && (from == null || !t.isBefore(from) && t.isBefore(to));
  }

  /** Whether the campaign is over at {@code now}. */
  public boolean ended(Instant now) {
    return endAt != null && !now.isBefore(endAt);
  }
}
