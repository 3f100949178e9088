package io.switchboard.webrtc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * What all {@link WebRtcTestPeer}s of a test JVM share, so a thousand peers cost a handful of threads: ONE
 * {@link TickPoller} thread receiving every peer's UDP socket (each peer needs its own port: the node tells legs
 * apart by the browser's address), a small pool for blocking DTLS handshakes and one timer thread (ICE check
 * retransmissions). Threads are daemons; {@link #shared()} lives for the JVM. Thread-safe.
 */
public final class PeerNetwork implements AutoCloseable {
  private static volatile PeerNetwork shared;

  private final ExecutorService dtls;
  private final ScheduledExecutorService timer;
  private final TickPoller reader;
  /** The reader thread's receive buffer, as handed to peers and as read into (only that thread touches them). */
  private final PacketBuffer rx = new PacketBuffer(new byte[2048], 0, 0);
  private ByteBuffer buf = ByteBuffer.wrap(rx.getBuffer());

  public PeerNetwork(int dtlsThreads) {
    dtls = Executors.newFixedThreadPool(dtlsThreads, daemon("peer-dtls-"));
    timer = Executors.newSingleThreadScheduledExecutor(daemon("peer-timer-"));
    reader = new TickPoller("peer-udp-1");
  }

  /** The JVM-wide instance (8 DTLS threads). */
  public static PeerNetwork shared() {
    PeerNetwork n = shared;
    if (n == null) {
      synchronized (PeerNetwork.class) {
        if (shared == null) {
          shared = new PeerNetwork(8);
        }
        n = shared;
      }
    }
    return n;
  }

  DatagramChannel open(WebRtcTestPeer peer, InetSocketAddress remote) throws IOException {
    DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET);
    ch.bind(new InetSocketAddress(remote.getAddress(), 0));
    ch.connect(remote);
    ch.configureBlocking(false);
    return ch;
  }

  /** Starts receiving for a peer whose {@code channel()} is set. */
  void register(WebRtcTestPeer peer) {
    DatagramChannel ch = peer.channel();
    if (ch != null) {
      reader.register(ch, k -> onReadable(k, peer));
    }
  }

  /** The peers' receive thread; other sockets may be registered on it too (one thread, one tick for all). */
  public TickPoller poller() {
    return reader;
  }

  ExecutorService dtls() {
    return dtls;
  }

  ScheduledExecutorService timer() {
    return timer;
  }

  /** Reader thread: ONE datagram per ready socket per tick (a backlog drains on the next ticks). */
  private void onReadable(SelectionKey k, WebRtcTestPeer peer) {
    DatagramChannel ch = (DatagramChannel) k.channel();
    try {
      if (buf.array() != rx.getBuffer()) {
        buf = ByteBuffer.wrap(rx.getBuffer());
      }
      buf.clear();
      int n = ch.read(buf); // connected: no source address object per datagram
      if (n > 0) {
        rx.setOffset(0);
        rx.setLength(n);
        peer.onDatagram(rx);
      }
    } catch (IOException | RuntimeException e) {
      k.cancel();
    }
  }

  @Override
  public void close() {
    dtls.shutdownNow();
    timer.shutdownNow();
    reader.close();
  }

  /**
   * A receive thread that polls its sockets on a fixed tick instead of waking once per datagram (on this
   * nested-virtualisation VM a thread going idle and being woken costs ~40 µs of CPU, and a sender to a socket
   * whose reader is blocked pays that wake-up too; a read is ~2 µs): it parks until the next tick, then
   * {@code selectNow} hands each ready key to its {@link Handler} ONCE, which reads ONE datagram (a backlog
   * drains on the following ticks; no read per tick ends in EAGAIN). After {@link #IDLE_NANOS} without a ready key
   * it blocks in {@code select} instead, so idle tests do not spin; the next datagram wakes it and ticking resumes.
   * A datagram therefore waits up to one tick (plus scheduling delay) before it is read: receive time stamps taken
   * in a handler include that polling delay.
   *
   * <p>Tick: {@code -Dpeer.rxTickMicros} (default 1000); idle after {@code -Dpeer.rxIdleMillis} (default 50).
   * {@link #register} from any thread; handlers run on the poller's thread only (so buffers they own need no
   * locking). Closing a channel cancels its registration. The thread is a daemon.
   */
  public static final class TickPoller implements AutoCloseable {
    public static final long TICK_NANOS = Long.getLong("peer.rxTickMicros", 1000) * 1000L;
    public static final long IDLE_NANOS = Long.getLong("peer.rxIdleMillis", 50) * 1_000_000L;

    private final Selector selector;
    /** Hands a ready key to its handler (the key's attachment); one object for all keys. */
    private final Consumer<SelectionKey> onReady = k -> ((Handler) k.attachment()).onReadable(k);
    private final Queue<Object[]> pending = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean running = true;
    /** True while the thread blocks in select: only then must a registration wake it. */
    private volatile boolean blocking;

    /** What reads a ready channel: ONE datagram per call (the next ticks read the rest). */
    public interface Handler {
      void onReadable(SelectionKey key);
    }

    public TickPoller(String name) {
      try {
        selector = Selector.open();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      thread = new Thread(this::run, name);
      thread.setDaemon(true);
      thread.setPriority(Thread.MAX_PRIORITY);
      thread.start();
    }

    /** Starts polling {@code ch} for reading (sets non-blocking mode); {@code handler} reads it when ready. */
    public void register(SelectableChannel ch, Handler handler) {
      try {
        ch.configureBlocking(false);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      pending.add(new Object[] {ch, handler});
      if (blocking) {
        selector.wakeup();
      }
    }

    private void run() {
      long lastReady = System.nanoTime();
      long next = lastReady;
      while (running) {
        try {
          long now = System.nanoTime();
          if (now - lastReady >= IDLE_NANOS) {
            blocking = true; // set before looking at pending: a registrant sees it or we see its channel
            int n = addPending() ? selector.selectNow(onReady) : selector.select(onReady, 100);
            blocking = false;
            if (n > 0) {
              lastReady = System.nanoTime();
              next = lastReady + TICK_NANOS;
            }
            continue;
          }
          long wait = next - now;
          if (wait > 0) {
            LockSupport.parkNanos(wait);
          } else if (-wait > TICK_NANOS) {
            next = now; // fell behind by more than a tick: re-base rather than burst through missed ticks
          }
          next += TICK_NANOS;
          addPending();
          if (selector.selectNow(onReady) > 0) {
            lastReady = System.nanoTime();
          }
        } catch (IOException | RuntimeException e) {
          if (running) {
            e.printStackTrace();
          }
        }
      }
    }

    /** Registers what was queued; true if there was any. */
    private boolean addPending() throws IOException {
      boolean any = false;
      Object[] r;
      while ((r = pending.poll()) != null) {
        any = true;
        SelectableChannel ch = (SelectableChannel) r[0];
        if (ch.isOpen()) {
          ch.register(selector, SelectionKey.OP_READ, r[1]);
        }
      }
      return any;
    }

    @Override
    public void close() {
      running = false;
      selector.wakeup();
      try {
        thread.join(1000);
        selector.close();
      } catch (IOException e) {
        // closing anyway
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
