package io.switchboard.media.session;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The node's media I/O threads ({@link MediaLoop}s); each new endpoint takes the next one, round robin, so calls
 * spread over them. Thread-safe. {@link #start} once, {@link #close} at shutdown (after the endpoints).
 */
public final class MediaLoops implements AutoCloseable {
  /** With nothing read for this long a loop blocks until the next datagram (no polling on an idle node). */
  static final Duration IDLE_AFTER = Duration.ofMillis(50);

  private final MediaLoop[] loops;
  private final AtomicInteger next = new AtomicInteger();

  /**
   * @param threads number of loops; 0 means one per available processor
   * @param pollInterval how long a busy loop parks between polls: the most a received packet waits
   */
  public MediaLoops(int threads, Duration pollInterval, LongSupplier nanoClock) {
    int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    long poll = pollInterval.toNanos();
    long idle = Math.max(poll, IDLE_AFTER.toNanos());
    loops = new MediaLoop[n];
    for (int i = 0; i < n; i++) {
      loops[i] = new MediaLoop("media-io-" + i, poll, idle, nanoClock);
    }
  }

  public void start() {
    for (MediaLoop l : loops) {
      l.start();
    }
  }

  /** The loop for the next endpoint. */
  public MediaLoop next() {
    return loops[Math.floorMod(next.getAndIncrement(), loops.length)];
  }

  /** Always the same loop (for a reader shared by every call, such as the WebRTC port). */
  public MediaLoop first() {
    return loops[0];
  }

  /** Late polls over every loop (sums, and the longest). */
  public MediaLoop.PollGaps pollGaps() {
    MediaLoop.PollGaps g = new MediaLoop.PollGaps(0, 0, 0, 0);
    for (MediaLoop l : loops) {
      g = g.plus(l.pollGaps());
    }
    return g;
  }

  public int size() {
    return loops.length;
  }

  @Override
  public void close() {
    for (MediaLoop l : loops) {
      l.close();
    }
  }
}
