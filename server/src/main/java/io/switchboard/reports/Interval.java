package io.switchboard.reports;

import java.time.Duration;
import java.util.Optional;

/**
 * The length of a report row. Every interval is aligned to local midnight in the report's time zone: 15-minute and
 * hour rows restart at each local midnight, days run from one local midnight to the next (23 or 25 hours across a
 * daylight-saving change), weeks from Monday's local midnight to the next Monday's.
 */
public enum Interval {
  QUARTER_HOUR("15m", Duration.ofMinutes(15)),
  HOUR("hour", Duration.ofHours(1)),
  DAY("day", null),
  WEEK("week", null);

  private final String wire;
  private final Duration step;

  Interval(String wire, Duration step) {
    this.wire = wire;
    this.step = step;
  }

  /** The name in the API's {@code interval} parameter. */
  public String wire() {
    return wire;
  }

  /** The fixed length of a row inside one local day; null for days and weeks (calendar-based). */
  Duration step() {
    return step;
  }

  public static Optional<Interval> fromWire(String s) {
    for (Interval i : values()) {
      if (i.wire.equals(s)) {
        return Optional.of(i);
      }
    }
    return Optional.empty();
  }
}
