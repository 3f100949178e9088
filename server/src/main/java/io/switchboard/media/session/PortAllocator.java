package io.switchboard.media.session;

import java.util.BitSet;

/**
 * Hands out even RTP ports (RTCP = RTP + 1, RFC 3550 11) from a range, round robin so a just-released port is not
 * reused at once (late packets of the previous call would land in the new one). Thread-safe.
 */
public final class PortAllocator {
  private final int min;
  private final int pairs;
  private final BitSet used;
  private int cursor;

  /** @param min first port (even), @param max last port (inclusive) */
  public PortAllocator(int min, int max) {
    if ((min & 1) != 0 || max <= min) {
      throw new IllegalArgumentException("RTP port range must start even and be non-empty: " + min + ".." + max);
    }
    this.min = min;
    this.pairs = (max - min + 1) / 2;
    this.used = new BitSet(pairs);
  }

  /** The next free even port, or -1 when the range is exhausted. */
  public synchronized int acquire() {
    for (int i = 0; i < pairs; i++) {
      int idx = (cursor + i) % pairs;
      if (!used.get(idx)) {
        used.set(idx);
        cursor = (idx + 1) % pairs;
        return min + 2 * idx;
      }
    }
    return -1;
  }

  public synchronized void release(int port) {
    int idx = (port - min) / 2;
    if (idx >= 0 && idx < pairs) {
      used.clear(idx);
    }
  }

  public synchronized int inUse() {
    return used.cardinality();
  }
}
