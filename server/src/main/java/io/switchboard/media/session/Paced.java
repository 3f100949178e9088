package io.switchboard.media.session;

/** Something driven by the {@link Pacer} every 20 ms. */
public interface Paced {
  /**
   * One tick. Runs on the pacer thread; must be quick and must not block (1,000 sessions share 20 ms).
   *
   * @param nowNanos monotonic time of this tick (the pacer's clock)
   */
  void tick(long nowNanos);
}
