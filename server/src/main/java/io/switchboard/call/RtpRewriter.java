package io.switchboard.call;

import java.util.function.LongSupplier;

/**
 * Maps the packets of one relayed direction onto an outgoing stream's timeline. The sender's SSRC, sequence and
 * timestamp base are its own (and change: a new browser leg, a re-INVITE, a SIP caller switching streams); the
 * receiver must see ONE stream. So the first packet of every input stream (new SSRC, or after {@link #resync})
 * is anchored at the output timestamp {@code anchor} gives (the outgoing stream's "now"), and later packets keep
 * their timestamp distance to it: {@code out = in + offset (mod 2^32)}. Sequence numbers are not mapped here: the
 * outgoing stream numbers what it sends densely (+1 per packet), so a packet that is older than or equal to the
 * newest one relayed (late, reordered, duplicated) is dropped (late audio is useless; sending it would put it out of
 * order).
 *
 * <p>Not thread-safe: one relaying thread per direction; {@link Bridge} holds the instance's monitor while mapping.
 */
final class RtpRewriter {
  /** {@link #map} result: do not send. */
  static final long DROP = -1;

  private boolean synced;
  private int ssrc;
  private int lastSeq;
  private long offset;
  private boolean startedStream;

  /** The next packet starts a new input stream (after hold, a new leg, or the pacer in between). */
  void resync() {
    synced = false;
  }

  /**
   * The output timestamp of the input packet ({@code ssrc}, {@code seq}, {@code timestamp}), or {@link #DROP}.
   * {@code anchor} is asked only when the packet starts a new input stream.
   */
  long map(int ssrc, int seq, long timestamp, LongSupplier anchor) {
    if (!synced || ssrc != this.ssrc) {
      long a = anchor.getAsLong() & 0xFFFFFFFFL;
      synced = true;
      this.ssrc = ssrc;
      lastSeq = seq & 0xFFFF;
      offset = (a - timestamp) & 0xFFFFFFFFL;
      startedStream = true;
      return a;
    }
    startedStream = false;
    if ((short) (seq - lastSeq) <= 0) {
      return DROP;
    }
    lastSeq = seq & 0xFFFF;
    return (timestamp + offset) & 0xFFFFFFFFL;
  }

  /** Whether the packet last mapped started a new input stream (the output marks it: a new talk spurt). */
  boolean startedStream() {
    return startedStream;
  }
}
