package io.switchboard.media.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One media I/O thread: reads the datagram channels registered with it and runs the tasks handed to it (the pacer's
 * ticks of its sessions, registrations, closes). It is the executor of every session whose sockets it reads, so
 * receive, paced sends and socket lifecycle of one call share one thread.
 *
 * <p>Why a poll tick instead of blocking per datagram: on the VMs we run on, a thread that goes idle and is woken
 * costs ~35–45 µs of CPU per wake (docs/benchmarks.md, "Bridged calls"), far more than relaying the packet, and the
 * sender to a blocked reader pays part of the wake too. A call sends one packet per 20 ms, so a loop that blocked in
 * {@code select()} would wake once per packet at moderate load. Instead, while datagrams keep arriving the loop
 * parks for one poll interval, then takes everything ready in one {@code selectNow} and reads each ready channel
 * in turn: at most one wake per interval whatever the packet rate, for at most one interval of added delay. When
 * nothing arrived for {@code idleAfter} it blocks in {@code select()} (an idle node costs nothing) and the first
 * datagram wakes it back into polling.
 *
 * <pre>
 *              a datagram (or a task) wakes it
 *   BLOCKED ──────────────────────────────────► POLLING ─┐ park one interval (a task wakes it early),
 *   select()                                       ▲     │ selectNow, drain each ready channel,
 *      ▲                                           └─────┘ run tasks
 *      └───────────────── nothing read for idleAfter ──────┘
 * </pre>
 * <ul>
 *   <li>BLOCKED: in {@code select()}; a datagram or a task ({@code selector.wakeup()}) wakes it.</li>
 *   <li>POLLING: parked until the next poll; {@link #execute} unparks it at once (so a pacer tick is not delayed),
 *       {@link #executeSoon} leaves it parked (a relayed packet waits at most one interval, no wake-up).</li>
 * </ul>
 *
 * <p>Threading: {@link #execute} from any thread; {@link Readable#onReadable} and tasks run on the loop thread, one
 * at a time. Channels must be registered and closed on the loop ({@link #register}, {@link #closeChannel}).
 */
public final class MediaLoop implements Executor, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MediaLoop.class);
  private static final int RUNNING = 0;
  private static final int PARKED = 1;
  private static final int SELECTING = 2;
  /** Largest datagram read (an Ethernet MTU; RTP/RTCP are far smaller). */
  static final int MAX_DATAGRAM = 1500;

  /**
   * A registered channel with datagrams waiting; reads them (from {@code key.channel()}) through the loop's scratch
   * buffer (clear it first).
   */
  public interface Readable {
    void onReadable(SelectionKey key, ByteBuffer scratch);
  }

  private final String name;
  private final long pollNanos;
  private final long idleAfterNanos;
  private final LongSupplier nanoClock;
  private final Selector selector;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicInteger state = new AtomicInteger(RUNNING);
  /**
   * Where every datagram is read into, one at a time. On the heap so that a reader can hand its bytes on without
   * copying them out (the JDK reads through its own direct buffer either way).
   */
  private final ByteBuffer scratch = ByteBuffer.allocate(MAX_DATAGRAM);
  private final Thread thread;
  private final Deferred deferred = new Deferred();
  private volatile boolean running = true;
  private volatile long polls; // written by the loop thread only
  private volatile long blockedSelects;
  /** Gaps between two polls longer than the interval by 2 ms / 10 ms, and the longest; written by the loop only. */
  private volatile long gapsOver2ms;
  private volatile long gapsOver10ms;
  private volatile long maxGapNanos;
  private volatile long overslept2ms;
  private long lastPoll = Long.MIN_VALUE;

  /**
   * @param pollNanos how long the loop parks between polls while datagrams flow (the most it adds to a packet)
   * @param idleAfterNanos with nothing read for this long, the loop blocks until a datagram arrives
   */
  public MediaLoop(String name, long pollNanos, long idleAfterNanos, LongSupplier nanoClock) {
    if (pollNanos <= 0 || idleAfterNanos < pollNanos) {
      throw new IllegalArgumentException("poll interval must be positive and at most the idle time");
    }
    this.name = name;
    this.pollNanos = pollNanos;
    this.idleAfterNanos = idleAfterNanos;
    this.nanoClock = nanoClock;
    try {
      this.selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException("media loop: no selector", e);
    }
    this.thread = new Thread(this::run, name);
    thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  /** Runs {@code task} on the loop thread soon (at once if the loop is parked or blocked). */
  @Override
  public void execute(Runnable task) {
    if (!running) {
      throw new RejectedExecutionException(name + " is closed");
    }
    tasks.add(task);
    int s = state.get();
    if (s == PARKED) {
      LockSupport.unpark(thread);
    } else if (s == SELECTING) {
      selector.wakeup();
    }
  }

  /**
   * Runs {@code task} on the loop at its next poll, without waking a parked loop (it polls within one interval
   * anyway); a loop blocked in {@code select()} (idle) is woken. For per-packet hand-offs from another thread: they
   * then cost a queue insert, not a wake-up. Tasks run in submission order with those of {@link #execute}.
   */
  public void executeSoon(Runnable task) {
    if (!running) {
      throw new RejectedExecutionException(name + " is closed");
    }
    tasks.add(task);
    if (state.get() == SELECTING) {
      selector.wakeup();
    }
  }

  /** {@link #executeSoon} as an executor that can tell whether its caller is already on the loop. */
  public Executor deferred() {
    return deferred;
  }

  /**
   * The loop's {@link #executeSoon} as an {@link Executor}. A reader on this very loop (the WebRTC port when the
   * loops read it) checks {@link #inLoop} and runs the work inline instead of queueing it behind a poll.
   */
  public final class Deferred implements Executor {
    private Deferred() {}

    @Override
    public void execute(Runnable task) {
      executeSoon(task);
    }

    public boolean inLoop() {
      return MediaLoop.this.inLoop();
    }
  }

  /**
   * From any thread: switches {@code ch} to non-blocking and registers it for reads on the loop (soon; a channel
   * closed meanwhile is skipped). Closing the channel deregisters it at the loop's next select.
   */
  public void watch(SelectableChannel ch, Readable r) throws IOException {
    ch.configureBlocking(false);
    execute(() -> {
      try {
        if (ch.isOpen()) {
          register(ch, r);
        }
      } catch (IOException e) {
        LOG.debug("media loop register error={}", e.toString());
      }
    });
  }

  /** Loop thread only: registers a non-blocking channel for reads; {@code r} runs when a datagram waits. */
  SelectionKey register(SelectableChannel ch, Readable r) throws IOException {
    assertOnLoop();
    return ch.register(selector, SelectionKey.OP_READ, r);
  }

  /**
   * Loop thread only: deregisters and closes {@code ch}, then lets the selector drop the key so the socket (and its
   * port) is really released when this returns (a channel closed while registered is only freed at the next select).
   */
  void closeChannel(SelectionKey key, SelectableChannel ch) {
    assertOnLoop();
    if (key != null) {
      key.cancel();
    }
    try {
      ch.close();
      selector.selectNow(this::onReady);
    } catch (IOException e) {
      LOG.debug("media loop close error={}", e.toString());
    }
  }

  public boolean inLoop() {
    return Thread.currentThread() == thread;
  }

  private void assertOnLoop() {
    if (!inLoop()) {
      throw new IllegalStateException("not on " + name);
    }
  }

  private void run() {
    long lastRead = nanoClock.getAsLong() - idleAfterNanos;
    while (running) {
      try {
        runTasks();
        boolean idle = nanoClock.getAsLong() - lastRead >= idleAfterNanos;
        int read = idle ? selectBlocking() : pollAfterPark();
        if (read > 0) {
          lastRead = nanoClock.getAsLong();
        }
      } catch (ClosedSelectorException e) {
        break;
      } catch (IOException | RuntimeException e) {
        LOG.warn("media loop error loop={} error={}", name, e.toString());
      }
    }
    runTasks();
  }

  private int selectBlocking() throws IOException {
    state.set(SELECTING);
    try {
      blockedSelects++;
      lastPoll = Long.MIN_VALUE;
      return tasks.isEmpty() ? selector.select(this::onReady) : selector.selectNow(this::onReady);
    } finally {
      state.set(RUNNING);
    }
  }

  private int pollAfterPark() throws IOException {
    state.set(PARKED);
    try {
      if (tasks.isEmpty()) {
        long parked = nanoClock.getAsLong();
        LockSupport.parkNanos(this, pollNanos);
        if (nanoClock.getAsLong() - parked - pollNanos > 2_000_000) {
          overslept2ms++; // woken late: the thread got no CPU in time (compare with the gaps: work ran long)
        }
      }
    } finally {
      state.set(RUNNING);
    }
    polls++;
    notePollGap();
    return selector.selectNow(this::onReady);
  }

  /**
   * A datagram that arrives just after a poll waits for the next one, so the gap between two polls is the longest
   * a packet sat unread: a long gap means the loop overslept (no CPU for it) or its previous round of work ran long.
   */
  private void notePollGap() {
    long now = nanoClock.getAsLong();
    long late = lastPoll == Long.MIN_VALUE ? 0 : now - lastPoll - pollNanos;
    lastPoll = now;
    if (late > 2_000_000) {
      gapsOver2ms++;
      if (late > 10_000_000) {
        gapsOver10ms++;
      }
      if (late > maxGapNanos) {
        maxGapNanos = late;
      }
    }
  }

  private void onReady(SelectionKey key) {
    if (!key.isValid()) {
      return;
    }
    try {
      ((Readable) key.attachment()).onReadable(key, scratch);
    } catch (RuntimeException e) {
      LOG.warn("media loop reader failed loop={} error={}", name, e.toString());
    }
  }

  private void runTasks() {
    Runnable t;
    while ((t = tasks.poll()) != null) {
      try {
        t.run();
      } catch (RuntimeException e) {
        LOG.warn("media loop task failed loop={} error={}", name, e.toString());
      }
    }
  }

  /** Polls after a park, and blocking selects, since start (diagnostics and tests). */
  long[] wakeCounts() {
    return new long[] {polls, blockedSelects};
  }

  /** Late polls since start: more than 2 ms and more than 10 ms past the interval, and the latest (ns). */
  public PollGaps pollGaps() {
    return new PollGaps(gapsOver2ms, gapsOver10ms, maxGapNanos, overslept2ms);
  }

  /**
   * How late a loop's polls came: counts past 2 ms and 10 ms beyond the poll interval, the maximum (ns), and how many
   * of the parks themselves ended more than 2 ms late (the rest of a late poll is a long round of work).
   */
  public record PollGaps(long over2ms, long over10ms, long maxNanos, long overslept2ms) {
    PollGaps plus(PollGaps o) {
      return new PollGaps(over2ms + o.over2ms, over10ms + o.over10ms, Math.max(maxNanos, o.maxNanos),
          overslept2ms + o.overslept2ms);
    }

    @Override
    public String toString() {
      return String.format("polls late > 2 ms %d (parks woken > 2 ms late %d), > 10 ms %d, max %.1f ms", over2ms,
          overslept2ms, over10ms, maxNanos / 1e6);
    }
  }

  /** Stops the thread after the tasks already queued; channels still registered are closed by their owners. */
  @Override
  public void close() {
    if (!running) {
      return;
    }
    running = false;
    selector.wakeup();
    LockSupport.unpark(thread);
    try {
      thread.join(2000);
      selector.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      LOG.debug("media loop selector close error={}", e.toString());
    }
  }
}
