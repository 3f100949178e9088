package io.switchboard.media.dtmf;

import java.util.function.Consumer;

/**
 * Turns RFC 4733 telephone-event packets into one {@link DtmfDigit} per key press. Not thread-safe: one receiving
 * thread per session.
 *
 * <p>All packets of one event share its RTP timestamp (RFC 4733 2.5.1.1); the sender repeats the final (E bit)
 * packet three times (2.5.1.4) and may retransmit. Rules:
 *
 * <ul>
 *   <li>An event is reported once, on its first end packet; later packets with that timestamp are duplicates.
 *   <li>A lost start packet does not matter: any packet of a new timestamp opens the event (it carries the digit).
 *   <li>If all end packets are lost, the event is reported (endSeen=false) when a packet of a newer event arrives
 *       or when {@link #expire} finds it idle, with the longest duration seen.
 *   <li>A packet older than the last reported event (by timestamp, modulo 2^32) is a late retransmission: ignored.
 * </ul>
 */
public final class DtmfReceiver {
  private static final int SAMPLES_PER_MS = 8;

  private final Consumer<DtmfDigit> listener;
  private boolean open;
  private long openTimestamp;
  private int openEvent;
  private int openDuration;
  private long openLastSeenNanos;
  private boolean haveLast;
  private long lastReportedTimestamp;

  public DtmfReceiver(Consumer<DtmfDigit> listener) {
    this.listener = listener;
  }

  /**
   * @param rtpTimestamp timestamp of the packet (the event start)
   * @param e the parsed payload
   * @param nowNanos monotonic time of arrival, for {@link #expire}
   */
  public void onPacket(long rtpTimestamp, TelephoneEvent e, long nowNanos) {
    if (TelephoneEvent.digit(e.event()) == 0) {
      return; // not DTMF (RFC 4733 3.2 lists other tones we do not act on)
    }
    if (haveLast && !newer(rtpTimestamp, lastReportedTimestamp)) {
      return; // duplicate end packet or a retransmission of an event already reported
    }
    if (open && rtpTimestamp != openTimestamp) {
      if (!newer(rtpTimestamp, openTimestamp)) {
        return; // stray packet of an older event
      }
      report(false); // the previous event never got its end packet
    }
    if (!open) {
      open = true;
      openTimestamp = rtpTimestamp;
      openEvent = e.event();
      openDuration = 0;
    }
    openDuration = Math.max(openDuration, e.duration());
    openLastSeenNanos = nowNanos;
    if (e.end()) {
      report(true);
    }
  }

  /** Closes an open event without end packets after {@code idleNanos} of silence (call from the pacer tick). */
  public void expire(long nowNanos, long idleNanos) {
    if (open && nowNanos - openLastSeenNanos >= idleNanos) {
      report(false);
    }
  }

  private void report(boolean endSeen) {
    open = false;
    haveLast = true;
    lastReportedTimestamp = openTimestamp;
    listener.accept(new DtmfDigit(TelephoneEvent.digit(openEvent), openDuration / SAMPLES_PER_MS, openTimestamp,
        endSeen));
  }

  /** RFC 1982-style serial comparison of 32-bit timestamps: is a after b? */
  private static boolean newer(long a, long b) {
    long d = (a - b) & 0xFFFFFFFFL;
    return d != 0 && d < 0x80000000L;
  }
}
