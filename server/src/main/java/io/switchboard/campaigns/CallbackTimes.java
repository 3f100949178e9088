package io.switchboard.campaigns;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * The checks of a call-back time an agent picks in the wrap-up of a campaign call (docs/campaigns.md, "Call-back
 * times"): strictly after now, at most {@link #MAX_AHEAD} ahead, and inside the campaign's calling hours in the
 * contact's zone. Pure (the caller gives the instant now); immutable.
 */
public final class CallbackTimes {
  /** The furthest ahead a call-back may be picked. */
  public static final Duration MAX_AHEAD = Duration.ofDays(30);

  private CallbackTimes() {}

  /**
   * Where a campaign call's contact lives and when it may be called: what a picked time is checked against.
   *
   * @param zone the contact's zone (the campaign's when it has none)
   */
  public record Window(ZoneId zone, CallingHours hours) {}

  /** Why {@code at} cannot be the call-back time of a contact of {@code window} at {@code now}; null when it can. */
  public static String problem(Instant at, Instant now, Window window) {
    if (!at.isAfter(now)) {
      return "must be in the future";
    }
    if (at.isAfter(now.plus(MAX_AHEAD))) {
      return "must be at most " + MAX_AHEAD.toDays() + " days ahead";
    }
    if (!window.hours().open(at, window.zone())) {
      return "is " + at.atZone(window.zone()).toLocalDateTime() + " in the contact's zone " + window.zone().getId()
          + ", outside the campaign's calling hours " + window.hours().from() + "-" + window.hours().to();
    }
    return null;
  }
}
