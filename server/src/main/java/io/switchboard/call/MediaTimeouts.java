package io.switchboard.call;

import io.switchboard.sip.transaction.Timers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * RTP inactivity timeout (as Asterisk's rtptimeout, FreeSWITCH's rtp_timeout_sec): a watched call whose caller sent
 * no RTP or RTCP for {@code timeout} is reported once and forgotten. It ends calls whose BYE was lost (a UAC that
 * took another response for its BYE's answer stops retransmitting it, and nothing else would end the call).
 *
 * <p>Silence is measured from the later of {@link #watch} and the last packet heard, so a caller that never sends
 * any RTP is ended {@code timeout} after the answer. One check runs every {@code timeout / 4} (between 250 ms and
 * 5 s) while anything is watched, so a call ends between {@code timeout} and {@code timeout} + that period after its
 * last packet.
 *
 * <p>Threading: confined to one event loop (the SIP transport's): {@code timers} must run tasks there, and
 * {@link #watch}/{@link #unwatch} are called there. {@code lastHeard} suppliers may read volatile state written by
 * other threads. Times are in nanoseconds of {@code nanos} (the clock the RTP sockets stamp packets with).
 */
final class MediaTimeouts {
  private final long timeoutNanos;
  private final long periodMs;
  private final Timers timers;
  private final LongSupplier nanos;
  private final Map<String, Watched> watched = new LinkedHashMap<>();
  private long timer = -1;

  private record Watched(long sinceNanos, LongSupplier lastHeard, Runnable onSilent) {}

  /** @param timeout zero: off ({@link #watch} does nothing) */
  MediaTimeouts(Duration timeout, Timers timers, LongSupplier nanos) {
    this.timeoutNanos = timeout.toNanos();
    this.periodMs = Math.max(250, Math.min(5000, timeout.toMillis() / 4));
    this.timers = timers;
    this.nanos = nanos;
  }

  boolean enabled() {
    return timeoutNanos > 0;
  }

  /**
   * Watches {@code id} from now: {@code onSilent} runs once, on the loop, when {@code lastHeard} (Long.MIN_VALUE:
   * nothing yet) and the start are both older than the timeout. A second watch of the same id replaces the first.
   */
  void watch(String id, LongSupplier lastHeard, Runnable onSilent) {
    if (!enabled()) {
      return;
    }
    watched.put(id, new Watched(nanos.getAsLong(), lastHeard, onSilent));
    if (timer < 0) {
      timer = timers.schedule(periodMs, this::check);
    }
  }

  void unwatch(String id) {
    watched.remove(id);
    if (watched.isEmpty() && timer >= 0) {
      timers.cancel(timer);
      timer = -1;
    }
  }

  /** How many calls are watched (for leak checks). */
  int size() {
    return watched.size();
  }

  private void check() {
    timer = -1;
    long now = nanos.getAsLong();
    List<Runnable> silent = new ArrayList<>();
    for (var it = watched.values().iterator(); it.hasNext(); ) {
      Watched w = it.next();
      long heard = Math.max(w.sinceNanos(), w.lastHeard().getAsLong());
      if (now - heard >= timeoutNanos) {
        it.remove();
        silent.add(w.onSilent());
      }
    }
    silent.forEach(Runnable::run); // outside the iteration: a callback may unwatch others
    if (!watched.isEmpty() && timer < 0) {
      timer = timers.schedule(periodMs, this::check);
    }
  }
}
