package io.switchboard.webrtc;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.DatagramTransport;

/**
 * bctls' view of the ICE socket for one leg: DTLS records are pushed in by the receive thread ({@link #offer}) and
 * pulled by the DTLS thread; sends go straight out through the ICE component. Thread-safe.
 */
final class QueueTransport implements DatagramTransport {
  /** How DTLS records leave (component.send for a leg). */
  interface Sender {
    void send(byte[] buf, int off, int len) throws IOException;
  }

  /** A handshake is a few flights; more queued records than this means a flood: drop. */
  private static final int CAPACITY = 64;

  private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(CAPACITY);
  private final Sender sender;
  private volatile boolean closed;

  QueueTransport(Sender sender) {
    this.sender = sender;
  }

  /** Copies one received DTLS datagram in; never blocks. False when dropped (full or closed). */
  boolean offer(byte[] data, int off, int len) {
    if (closed) {
      return false;
    }
    byte[] copy = new byte[len];
    System.arraycopy(data, off, copy, 0, len);
    return queue.offer(copy);
  }

  boolean hasPending() {
    return !queue.isEmpty();
  }

  @Override
  public int getReceiveLimit() {
    return 1500;
  }

  @Override
  public int getSendLimit() {
    return 1150;
  }

  @Override
  public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
    if (closed) {
      throw new IOException("transport closed");
    }
    byte[] d;
    try {
      d = queue.poll(waitMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted");
    }
    if (d == null) {
      if (closed) {
        throw new IOException("transport closed");
      }
      return -1;
    }
    int n = Math.min(len, d.length);
    System.arraycopy(d, 0, buf, off, n);
    return n;
  }

  @Override
  public void send(byte[] buf, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("transport closed");
    }
    sender.send(buf, off, len);
  }

  @Override
  public void close() {
    closed = true;
    queue.clear();
  }
}
