package io.switchboard.webrtc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What all {@link WebRtcTestPeer}s of a test JVM share, so a thousand peers cost a handful of threads: ONE
 * selector thread receiving every peer's UDP socket (each peer needs its own port: the node tells legs apart by
 * the browser's address), a small pool for blocking DTLS handshakes and one timer thread (ICE check
 * retransmissions). Threads are daemons; {@link #shared()} lives for the JVM. Thread-safe.
 */
public final class PeerNetwork implements AutoCloseable {
  private static volatile PeerNetwork shared;

  private final Selector selector;
  private final Queue<WebRtcTestPeer> pending = new ConcurrentLinkedQueue<>();
  private final ExecutorService dtls;
  private final ScheduledExecutorService timer;
  private final Thread reader;
  private volatile boolean closed;

  public PeerNetwork(int dtlsThreads) {
    try {
      selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    dtls = Executors.newFixedThreadPool(dtlsThreads, daemon("peer-dtls-"));
    timer = Executors.newSingleThreadScheduledExecutor(daemon("peer-timer-"));
    reader = daemon("peer-udp-").newThread(this::readLoop);
    reader.start();
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
    pending.add(peer);
    selector.wakeup();
  }

  ExecutorService dtls() {
    return dtls;
  }

  ScheduledExecutorService timer() {
    return timer;
  }

  private void readLoop() {
    ByteBuffer buf = ByteBuffer.allocate(2048);
    while (!closed) {
      try {
        selector.select(100);
        WebRtcTestPeer p;
        while ((p = pending.poll()) != null) {
          DatagramChannel ch = p.channel();
          if (ch != null && ch.isOpen()) {
            ch.register(selector, SelectionKey.OP_READ, p);
          }
        }
        for (SelectionKey k : selector.selectedKeys()) {
          WebRtcTestPeer peer = (WebRtcTestPeer) k.attachment();
          DatagramChannel ch = (DatagramChannel) k.channel();
          try {
            for (int i = 0; i < 16; i++) {
              buf.clear();
              if (ch.receive(buf) == null) {
                break;
              }
              peer.onDatagram(buf.array(), buf.position());
            }
          } catch (IOException | RuntimeException e) {
            k.cancel();
          }
        }
        selector.selectedKeys().clear();
      } catch (IOException | RuntimeException e) {
        if (!closed) {
          e.printStackTrace();
        }
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    selector.wakeup();
    dtls.shutdownNow();
    timer.shutdownNow();
    try {
      reader.join(1000);
      selector.close();
    } catch (IOException | InterruptedException e) {
      Thread.currentThread().interrupt();
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
