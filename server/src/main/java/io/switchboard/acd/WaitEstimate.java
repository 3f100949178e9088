package io.switchboard.acd;

/**
 * A waiting caller's estimated wait, from live figures (docs/wait-estimate.md has the why):
 *
 * <pre>
 *   estimate = position × handle / max(1, staffed)          (seconds, rounded up)
 * </pre>
 *
 * {@code position} is the caller's 1-based place among the queue's waiting calls, {@code staffed} the agents
 * staffed for the queue (available, reserved, on a call or in wrap-up; not away or offline), {@code handle} the
 * queue's recent handle time (talk + wrap-up, an exponentially weighted mean kept in Redis as wrap-ups end), or the
 * default before the queue's first. With every staffed agent busy, an agent frees up on average every
 * handle / staffed; the caller at place p needs p of them. With no agent staffed the formula counts one, so the
 * estimate stays finite (and grows with the position) instead of promising nothing.
 *
 * @param position  1-based place in the queue; 0 when the call is not waiting there (then the estimate is 0)
 * @param staffed   agents staffed for the queue now
 * @param handleMs  the queue's recent handle time in ms (the ACD's default before any wrap-up ended in it)
 */
public record WaitEstimate(int position, int staffed, long handleMs) {

  /** The estimate in whole seconds (rounded up). */
  public long seconds() {
    return seconds(position, staffed, handleMs);
  }

  /** The formula itself, in whole seconds (rounded up); 0 for position 0. */
  public static long seconds(int position, int staffed, long handleMs) {
    if (position <= 0) {
      return 0;
    }
    double ms = (double) position * Math.max(0, handleMs) / Math.max(1, staffed);
    return (long) Math.ceil(ms / 1000.0);
  }

  /**
   * What a caller is told, in minutes: 0 means "less than a minute"; below 10 minutes to the nearest minute;
   * below an hour to the nearest 5; beyond, to the nearest 10. (A caller hears "about 4 minutes", not
   * "about 37 minutes": the estimate is not that precise, and a round number says so.)
   */
  public static int announcedMinutes(long seconds) {
    if (seconds < 60) {
      return 0;
    }
    long minutes = Math.round(seconds / 60.0);
    if (minutes < 10) {
      return (int) minutes;
    }
    if (minutes < 60) {
      return (int) (Math.round(minutes / 5.0) * 5);
    }
    return (int) Math.min(999, Math.round(minutes / 10.0) * 10);
  }
}
