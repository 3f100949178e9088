package io.switchboard.bench;

import java.nio.ByteBuffer;

/**
 * The benchmark's RTP packets: a 12-byte RTP header (PCMU, PT 0) and a 160-byte payload (one 20 ms PCMU frame)
 * whose first 21 bytes carry a marker, the sending stream's index, a sequence number, {@link System#nanoTime()}
 * taken just before the send, and the phase the packet belongs to; the rest is µ-law silence. The node relays
 * PCMU payloads untouched, so the receiver reads the same fields, and sender and receiver share one JVM and so
 * one clock. Pure functions; thread-safe.
 */
final class Probe {
  static final int HEADER = 12;
  static final int PAYLOAD = 160;
  static final int LENGTH = HEADER + PAYLOAD;
  private static final int MAGIC = 0x5B5B_B00B;

  private Probe() {}

  /** What a received probe says. */
  record Fields(int stream, int seq, long sentNanos, int phase) {}

  /** Writes a whole packet into {@code p} (length {@link #LENGTH}). */
  static void write(byte[] p, int ssrc, int seq, int stream, int phase, long nowNanos) {
    ByteBuffer b = ByteBuffer.wrap(p);
    b.put((byte) 0x80).put((byte) 0).putShort((short) seq).putInt(seq * 160).putInt(ssrc);
    b.putInt(MAGIC).putInt(stream).putInt(seq).putLong(nowNanos).put((byte) phase);
    while (b.hasRemaining()) {
      b.put((byte) 0xFF);
    }
  }

  /** A fresh packet buffer pre-filled with silence. */
  static byte[] buffer() {
    byte[] p = new byte[LENGTH];
    java.util.Arrays.fill(p, (byte) 0xFF);
    return p;
  }

  /** The probe in an RTP packet (any header length), or null when it is not one of ours (music, RTCP, DTMF). */
  static Fields read(byte[] d, int off, int len) {
    if (len < HEADER + 21 || (d[off] & 0xC0) != 0x80) {
      return null;
    }
    int pt = d[off + 1] & 0x7F;
    if (pt != 0) {
      return null;
    }
    int at = off + HEADER + 4 * (d[off] & 0x0F);
    if ((d[off] & 0x10) != 0) { // header extension
      if (at + 4 > off + len) {
        return null;
      }
      int words = ((d[at + 2] & 0xFF) << 8) | (d[at + 3] & 0xFF);
      at += 4 + 4 * words;
    }
    if (at + 21 > off + len) {
      return null;
    }
    ByteBuffer b = ByteBuffer.wrap(d, at, 21);
    if (b.getInt() != MAGIC) {
      return null;
    }
    return new Fields(b.getInt(), b.getInt(), b.getLong(), b.get());
  }
}
