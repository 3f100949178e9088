package io.switchboard.media.session;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's one 20 ms clock for all outgoing media: a single thread ticks every registered {@link Paced} session
 * per period, so 1,000 calls cost one timer, not 1,000. Ticks are scheduled by absolute deadline on a monotonic
 * clock (deadline n = start + n × period), never by "sleep 20 ms", so neither processing time nor sleep overshoot
 * accumulates as drift. After a stall (GC pause, overloaded machine) late ticks are run back to back, at most
 * {@code maxCatchUp} of them; beyond that the schedule jumps forward and the skipped ticks are counted.
 *
 * <p>Sessions are grouped by the executor they live on (their sockets' {@link MediaLoop}): per tick the pacer hands
 * each group one task, so packets are built and written on the socket's own thread (no cross-thread write per
 * packet) and the work spreads over the loops. Sessions added without an executor run on the pacer thread.
 *
 * <p>{@link #runDue} is the whole scheduling logic and takes the time as an argument, so tests drive it with a
 * manual clock; {@link #start} adds the thread that parks until each deadline.
 */
public final class Pacer implements AutoCloseable {
  public static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
  private static final Logger log = LoggerFactory.getLogger(Pacer.class);

  private final LongSupplier nanoClock;
  private final int maxCatchUp;
  /** Run the group on the pacer thread itself. */
  public static final Executor DIRECT = Runnable::run;

  private final Map<Executor, Set<Paced>> groups = new ConcurrentHashMap<>();
  private long nextDeadline;
  private boolean started;
  private volatile boolean running;
  private Thread thread;
  private long ticks;
  private long skipped;
  private final AtomicLong failures = new AtomicLong();
  /** Ticks by how late they started against their deadline: [i] = i..i+1 ms late, the last bucket is "or more". */
  private final AtomicLongArray lateness = new AtomicLongArray(LATENESS_BUCKETS);
  public static final int LATENESS_BUCKETS = 101;

  /**
   * @param nanoClock monotonic nanoseconds ({@code System::nanoTime} in production)
   * @param maxCatchUp late ticks replayed in a burst after a stall before skipping
   */
  public Pacer(LongSupplier nanoClock, int maxCatchUp) {
    this.nanoClock = nanoClock;
    this.maxCatchUp = maxCatchUp;
  }

  /** Ticks {@code s} on the pacer thread. */
  public void add(Paced s) {
    add(s, DIRECT);
  }

  /** Ticks {@code s} on {@code executor} (e.g. its media loop), in one task per tick with the rest of its group. */
  public void add(Paced s, Executor executor) {
    groups.computeIfAbsent(executor, e -> ConcurrentHashMap.newKeySet()).add(s);
  }

  /** Stops ticking {@code s}; a tick already handed to its executor may still run once. */
  public void remove(Paced s) {
    for (Set<Paced> g : groups.values()) {
      g.remove(s);
    }
  }

  public int size() {
    return groups.values().stream().mapToInt(Set::size).sum();
  }

  /**
   * Runs every tick whose deadline is at or before {@code now}; returns the next deadline. The first call starts
   * the schedule at {@code now}. Not thread-safe: one driver (the pacer thread, or a test).
   */
  public long runDue(long now) {
    if (!started) {
      started = true;
      nextDeadline = now;
    }
    long late = (now - nextDeadline) / PERIOD_NANOS; // whole periods behind, 0 when on time
    if (late > maxCatchUp) {
      long skip = late - maxCatchUp;
      skipped += skip;
      nextDeadline += skip * PERIOD_NANOS;
    }
    while (now - nextDeadline >= 0) {
      lateness.incrementAndGet((int) Math.min(LATENESS_BUCKETS - 1, (now - nextDeadline) / 1_000_000));
      tickAll(nextDeadline);
      nextDeadline += PERIOD_NANOS;
    }
    return nextDeadline;
  }

  private void tickAll(long deadline) {
    ticks++;
    for (Map.Entry<Executor, Set<Paced>> g : groups.entrySet()) {
      Set<Paced> members = g.getValue();
      if (members.isEmpty()) {
        continue;
      }
      if (g.getKey() == DIRECT) {
        tickGroup(members, deadline);
      } else {
        g.getKey().execute(() -> tickGroup(members, deadline));
      }
    }
  }

  private void tickGroup(Set<Paced> members, long deadline) {
    for (Paced s : members) {
      try {
        s.tick(deadline);
      } catch (RuntimeException e) {
        failures.incrementAndGet(); // one broken session must not stop the music of the others
        log.warn("event=pacer.tick.failed session={} error={}", s, e.toString());
      }
    }
  }

  /** Starts the pacer thread (a platform thread: it parks with sub-millisecond precision). */
  public synchronized void start() {
    if (thread != null) {
      return;
    }
    running = true;
    thread = new Thread(this::loop, "rtp-pacer");
    thread.setDaemon(true);
    thread.setPriority(Thread.MAX_PRIORITY);
    thread.start();
  }

  private void loop() {
    long next = runDue(nanoClock.getAsLong());
    while (running) {
      long wait = next - nanoClock.getAsLong();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
        continue; // re-check: park may return early (spurious wake-up, unpark)
      }
      next = runDue(nanoClock.getAsLong());
    }
  }

  @Override
  public synchronized void close() {
    running = false;
    if (thread != null) {
      LockSupport.unpark(thread);
      try {
        thread.join(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      thread = null;
    }
  }

  /** Ticks run so far (each covering every session). Pacer thread only, or after {@link #close}. */
  public long ticks() {
    return ticks;
  }

  /** Ticks skipped after stalls longer than the catch-up allowance. */
  public long skipped() {
    return skipped;
  }

  /**
   * How late ticks started (pacer thread, against the absolute deadline; catch-up ticks count as late): element i
   * is the number of ticks that started i to i+1 ms late, the last element those {@code LATENESS_BUCKETS - 1} ms or
   * later. A snapshot; any thread.
   */
  public long[] lateness() {
    long[] out = new long[LATENESS_BUCKETS];
    for (int i = 0; i < out.length; i++) {
      out[i] = lateness.get(i);
    }
    return out;
  }

  public long failures() {
    return failures.get();
  }
}
