package io.switchboard.media.dtmf;

import java.util.ArrayDeque;

/**
 * Schedules outgoing RFC 4733 events, one packet per 20 ms tick (section 2.5.1): while a digit plays, every tick
 * yields a packet with the event's start timestamp and a growing duration, the first with the marker bit, then the
 * end packet three times (2.5.1.4). The stream suppresses audio meanwhile and, afterwards, advances its timestamp
 * by the event's length so media time stays continuous. Not thread-safe: driven by the pacer thread; {@link #queue}
 * is guarded so other threads may enqueue.
 */
public final class DtmfSender {
  /** Repetitions of the end packet (RFC 4733 2.5.1.4 recommends three). */
  public static final int END_REPEATS = 3;
  private static final int FRAME_SAMPLES = 160;

  /** One packet to send: the payload and whether it opens the event (marker, RFC 4733 2.5.1.3). */
  public record Step(TelephoneEvent event, boolean first, boolean lastOfEvent) {}

  private final ArrayDeque<int[]> pending = new ArrayDeque<>(); // {event, durationSamples}
  private int event = -1;
  private int total;
  private int elapsed;
  private int endsSent;

  /** Queues a digit of {@code millis} (rounded up to whole 20 ms frames, at least 40 ms). */
  public void queue(char digit, int millis) {
    int code = TelephoneEvent.eventOf(digit);
    if (code < 0) {
      throw new IllegalArgumentException("not a DTMF digit: '" + digit + "'");
    }
    int frames = Math.max(2, (millis + 19) / 20);
    synchronized (pending) {
      pending.add(new int[] {code, frames * FRAME_SAMPLES});
    }
  }

  public boolean active() {
    if (event >= 0) {
      return true;
    }
    synchronized (pending) {
      return !pending.isEmpty();
    }
  }

  /** The packet for this tick, or null when no event is playing. */
  public Step next() {
    if (event < 0) {
      int[] p;
      synchronized (pending) {
        p = pending.poll();
      }
      if (p == null) {
        return null;
      }
      event = p[0];
      total = p[1];
      elapsed = 0;
      endsSent = 0;
    }
    boolean first = elapsed == 0;
    if (elapsed < total) {
      elapsed += FRAME_SAMPLES;
    }
    boolean end = elapsed >= total;
    Step s = new Step(new TelephoneEvent(event, end, 10, elapsed), first, false);
    if (end) {
      endsSent++;
      if (endsSent == END_REPEATS) {
        event = -1;
        s = new Step(s.event(), first, true);
      }
    }
    return s;
  }
}
