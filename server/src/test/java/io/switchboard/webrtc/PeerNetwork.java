package io.switchboard.webrtc;

import io.switchboard.media.session.MediaLoop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

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
   * A receive thread that polls its sockets on a fixed tick instead of waking once per datagram: the node's own
   * {@link MediaLoop} (why a tick: see there and docs/benchmarks.md "UDP floor"), with the handler shape the driver
   * uses. Each poll hands each ready key to its {@link Handler} ONCE, which reads ONE datagram (a backlog drains on
   * the following ticks; no read per tick ends in EAGAIN). After {@link #IDLE_NANOS} without a datagram the loop
   * blocks in {@code select}, so idle tests do not spin. A datagram waits up to one tick (plus scheduling delay)
   * before it is read: receive time stamps taken in a handler include that polling delay.
   *
   * <p>Tick: {@code -Dpeer.rxTickMicros} (default 1000); idle after {@code -Dpeer.rxIdleMillis} (default 50).
   * {@link #register} from any thread; handlers run on the poller's thread only (so buffers they own need no
   * locking). Closing a channel cancels its registration. The thread is a daemon.
   */
  public static final class TickPoller implements AutoCloseable {
    public static final long TICK_NANOS = Long.getLong("peer.rxTickMicros", 1000) * 1000L;
    public static final long IDLE_NANOS = Long.getLong("peer.rxIdleMillis", 50) * 1_000_000L;

    private final MediaLoop loop;

    /** What reads a ready channel: ONE datagram per call (the next ticks read the rest). */
    public interface Handler {
      void onReadable(SelectionKey key);
    }

    public TickPoller(String name) {
      loop = new MediaLoop(name, TICK_NANOS, Math.max(TICK_NANOS, IDLE_NANOS), System::nanoTime);
      loop.start();
    }

    /** Starts polling {@code ch} for reading (sets non-blocking mode); {@code handler} reads it when ready. */
    public void register(SelectableChannel ch, Handler handler) {
      try {
        loop.watch(ch, (key, scratch) -> handler.onReadable(key));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** How late this poller's polls came (to tell the driver's stalls from the node's). */
    public MediaLoop.PollGaps pollGaps() {
      return loop.pollGaps();
    }

    @Override
    public void close() {
      loop.close();
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
