package io.switchboard.webrtc;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import kotlin.Unit;
import org.ice4j.util.Buffer;
import org.ice4j.util.BufferPool;

/**
 * Recycles the buffers ice4j's shared-port listener receives browser datagrams into (through its
 * {@link BufferPool} hooks), instead of allocating one per datagram: a quarter of the node's allocation per
 * relayed packet, and a handful of buffers used over and over stay in the CPU's cache where fresh ones would not.
 *
 * <p>Contract: a buffer handed to {@link IceLeg}'s callback belongs to the leg, which gives it back with
 * {@link #recycle} exactly once, when nothing reads it any more (after the SRTP packet in it was relayed, or at
 * once when it was dropped or copied). Only buffers of {@link #SIZE} bytes are kept, at most {@link #KEPT};
 * others are left to the collector. ice4j's hooks are static, so the pool is one per JVM. Thread-safe.
 */
final class IceBuffers {
  /** Bytes per pooled buffer: a full Ethernet-MTU datagram, more than any SRTP or DTLS packet we receive. */
  static final int SIZE = 1500;
  /** Buffers kept for reuse: enough for every packet waiting in the media loops' hand-over queues at 1,000 calls. */
  static final int KEPT = 2048;

  private static final BlockingQueue<Buffer> FREE = new ArrayBlockingQueue<>(KEPT);
  private static final AtomicBoolean INSTALLED = new AtomicBoolean();
  private static final AtomicLong ALLOCATED = new AtomicLong();

  private IceBuffers() {}

  /** Points ice4j's hooks at this pool; idempotent. */
  static void install() {
    if (INSTALLED.compareAndSet(false, true)) {
      BufferPool.getBuffer = IceBuffers::take;
      BufferPool.returnBuffer = b -> {
        recycle(b);
        return Unit.INSTANCE;
      };
    }
  }

  /** A buffer with room for {@code size} bytes, its length set to {@code size}. */
  static Buffer take(int size) {
    if (size > SIZE) {
      return new Buffer(new byte[size], 0, size, null, null, null);
    }
    Buffer b = FREE.poll();
    if (b == null) {
      ALLOCATED.incrementAndGet();
      b = new Buffer(new byte[SIZE], 0, size, null, null, null);
    }
    b.setOffset(0);
    b.setLength(size);
    return b;
  }

  /** Gives {@code b} back for reuse; the caller must not touch it afterwards. */
  static void recycle(Buffer b) {
    if (b != null && b.getBuffer().length == SIZE) {
      b.setReceivedTime(null);
      b.setLocalAddress(null);
      b.setRemoteAddress(null);
      FREE.offer(b);
    }
  }

  /** Pool-sized buffers allocated so far because none was free (tests: reuse shows as few allocations). */
  static long allocated() {
    return ALLOCATED.get();
  }
}
