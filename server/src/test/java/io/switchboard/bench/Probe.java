package io.switchboard.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The benchmark's RTP packets: a 12-byte RTP header (PCMU, PT 0) and a 160-byte payload (one 20 ms PCMU frame)
 * whose first 21 bytes carry a marker, the sending stream's index, a sequence number, {@link System#nanoTime()}
 * taken just before the send, and the phase the packet belongs to; the rest is µ-law silence. The node relays
 * PCMU payloads untouched, so the receiver reads the same fields, and sender and receiver share one JVM and so
 * one clock. No allocation per packet: {@link #write} fills a buffer made by {@link #buffer()} in place and
 * {@link Fields#parse} fills a reusable holder. Static methods are thread-safe; a {@link Fields} belongs to one
 * thread.
 */
final class Probe {
  static final int HEADER = 12;
  static final int PAYLOAD = 160;
  static final int LENGTH = HEADER + PAYLOAD;
  private static final int MAGIC = 0x5B5B_B00B;
  private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private Probe() {}

  /**
   * What a received probe says; reused from packet to packet by its (single) receive thread: copy what you keep.
   */
  static final class Fields {
    int stream;
    int seq;
    long sentNanos;
    int phase;

    /** Reads the probe in an RTP packet (any header length); false when it is not one of ours (music, RTCP, DTMF). */
    boolean parse(byte[] d, int off, int len) {
      if (len < HEADER + 21 || (d[off] & 0xC0) != 0x80 || (d[off + 1] & 0x7F) != 0) {
        return false;
      }
      int at = off + HEADER + 4 * (d[off] & 0x0F);
      if ((d[off] & 0x10) != 0) { // header extension
        if (at + 4 > off + len) {
          return false;
        }
        at += 4 + 4 * ((short) SHORT.get(d, at + 2) & 0xFFFF);
      }
      if (at + 21 > off + len || (int) INT.get(d, at) != MAGIC) {
        return false;
      }
      stream = (int) INT.get(d, at + 4);
      seq = (int) INT.get(d, at + 8);
      sentNanos = (long) LONG.get(d, at + 12);
      phase = d[at + 20];
      return true;
    }
  }

  /**
   * Writes header and probe fields into {@code p} (from {@link #buffer()}: the silence after the fields is left
   * as it is, so callers must not modify the buffer otherwise).
   */
  static void write(byte[] p, int ssrc, int seq, int stream, int phase, long nowNanos) {
    p[0] = (byte) 0x80;
    p[1] = 0;
    SHORT.set(p, 2, (short) seq);
    INT.set(p, 4, seq * 160);
    INT.set(p, 8, ssrc);
    INT.set(p, HEADER, MAGIC);
    INT.set(p, HEADER + 4, stream);
    INT.set(p, HEADER + 8, seq);
    LONG.set(p, HEADER + 12, nowNanos);
    p[HEADER + 20] = (byte) phase;
  }

  /** A fresh packet buffer pre-filled with silence. */
  static byte[] buffer() {
    byte[] p = new byte[LENGTH];
    Arrays.fill(p, (byte) 0xFF);
    return p;
  }
}
