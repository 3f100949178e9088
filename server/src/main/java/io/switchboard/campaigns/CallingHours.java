package io.switchboard.campaigns;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;

/**
 * When a contact may be called: {@code from <= local time of day < to} in the contact's own zone (docs/campaigns.md).
 * Local time is the wall clock of the zone at that instant, so across a DST change the window keeps its wall-clock
 * bounds (a window starting in a skipped hour opens when the clock jumps past it). Immutable.
 *
 * @param from inclusive, local time of day
 * @param to exclusive, after {@code from}
 */
public record CallingHours(LocalTime from, LocalTime to) {
  /** 08:00 to 21:00, what most regulators allow. */
  public static final CallingHours DEFAULT = new CallingHours(LocalTime.of(8, 0), LocalTime.of(21, 0));

  public CallingHours {
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("calling hours must start before they end");
    }
  }

  /** Whether a contact in {@code zone} may be called at {@code now}. */
  public boolean open(Instant now, ZoneId zone) {
    LocalTime t = now.atZone(zone).toLocalTime();
    return !t.isBefore(from) && t.isBefore(to);
  }

  /** The first instant at or after {@code now} when the window is open in {@code zone}. */
  public Instant nextOpening(Instant now, ZoneId zone) {
    if (open(now, zone)) {
      return now;
    }
    ZonedDateTime local = now.atZone(zone);
    LocalDate day = local.toLocalTime().isBefore(from) ? local.toLocalDate() : local.toLocalDate().plusDays(1);
    LocalDateTime start = LocalDateTime.of(day, from);
    ZoneOffsetTransition gap = zone.getRules().getTransition(start);
    // from in a skipped hour: the window opens when the clock jumps past it (the first local time after from)
    Instant opening = gap != null && gap.isGap() ? gap.getInstant() : ZonedDateTime.of(start, zone).toInstant();
    return opening.isAfter(now) ? opening : now;
  }
}
