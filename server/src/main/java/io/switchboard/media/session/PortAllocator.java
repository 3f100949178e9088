package io.switchboard.media.session;

import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Random;

/**
 * Hands out even RTP ports (RTCP = RTP + 1, RFC 3550 11) from a range, each picked at random among the free pairs so
 * that a call's port cannot be guessed from the previous call's (a stranger who finds a call's port could send it
 * RTP; strict RTP drops such packets, random ports make finding the port the first hurdle).
 *
 * <p>A released pair "cools" before it is handed out again: it rejoins the free pairs only after
 * {@link #cooling()} later releases, or when nothing else is free, so that late packets of an ended call do not land
 * in a new one. A retry after a bind failure (another process holds the port) therefore gets another pair.
 *
 * <p>Thread-safe (synchronised; acquire is O(1) expected, O(range) when the range is nearly full).
 */
public final class PortAllocator {
  /** Random probes before falling back to picking the k-th free pair: enough while the range is mostly free. */
  private static final int PROBES = 8;

  private final int min;
  private final int pairs;
  private final int coolingLimit;
  /** Pairs held by a call or cooling (not available). */
  private final BitSet taken;
  private final ArrayDeque<Integer> cooling = new ArrayDeque<>();
  private final Random random;

  /** @param min first port (even), @param max last port (inclusive); ports drawn with a {@link SecureRandom} */
  public PortAllocator(int min, int max) {
    this(min, max, new SecureRandom());
  }

  /** As {@link #PortAllocator(int, int)} with {@code random} choosing the pairs (tests pass a seeded one). */
  public PortAllocator(int min, int max, Random random) {
    if ((min & 1) != 0 || max <= min) {
      throw new IllegalArgumentException("RTP port range must start even and be non-empty: " + min + ".." + max);
    }
    this.min = min;
    this.pairs = (max - min + 1) / 2;
    this.coolingLimit = Math.min(64, pairs / 4);
    this.taken = new BitSet(pairs);
    this.random = random;
  }

  /** A random free even port, or -1 when every pair is held by a call. */
  public synchronized int acquire() {
    int free = pairs - taken.cardinality();
    if (free == 0) {
      if (cooling.isEmpty()) {
        return -1;
      }
      return min + 2 * cooling.pollFirst(); // the longest-cooled pair: better than refusing a call
    }
    int idx = -1;
    for (int i = 0; i < PROBES && idx < 0; i++) {
      int candidate = random.nextInt(pairs);
      if (!taken.get(candidate)) {
        idx = candidate; // uniform among the free pairs, given it hit one
      }
    }
    if (idx < 0) {
      idx = taken.nextClearBit(0);
      for (int k = random.nextInt(free); k > 0; k--) {
        idx = taken.nextClearBit(idx + 1);
      }
    }
    taken.set(idx);
    return min + 2 * idx;
  }

  /** Returns {@code port} (as {@link #acquire} gave it) to the range, after its cooling; unknown ports are ignored. */
  public synchronized void release(int port) {
    int idx = (port - min) / 2;
    if (port < min || (port & 1) != 0 || idx >= pairs || !taken.get(idx) || cooling.contains(idx)) {
      return;
    }
    if (coolingLimit == 0) {
      taken.clear(idx);
      return;
    }
    cooling.addLast(idx);
    if (cooling.size() > coolingLimit) {
      taken.clear(cooling.pollFirst());
    }
  }

  /** Pairs held by calls (not counting cooling ones). */
  public synchronized int inUse() {
    return taken.cardinality() - cooling.size();
  }

  /** Port pairs in the range. */
  public int capacity() {
    return pairs;
  }

  /** How many released pairs wait before they can be handed out again. */
  public int cooling() {
    return coolingLimit;
  }
}
