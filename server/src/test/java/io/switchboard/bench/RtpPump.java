package io.switchboard.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * Sending and receiving the probes of {@link BridgedCallsBenchmark}.
 *
 * <p>{@link Pacer}: one thread sends one 20 ms packet per stream per 20 ms, the streams spread over 20 slots of
 * 1 ms (stream i in slot i % 20), like independent calls rather than one burst per tick; absolute deadlines, so
 * a late slot is caught up, not skipped (lateness is recorded). {@link Receiver}: one selector thread reading
 * plain UDP sockets. Both stamp/read {@link System#nanoTime()} right at the socket.
 */
final class RtpPump {
  private RtpPump() {}

  /** Sends one packet of {@code len} bytes from {@code p} (may reuse p after returning). */
  interface Out {
    void send(byte[] p, int len) throws IOException;
  }

  /** A sending thread for a set of streams of one direction. */
  static final class Pacer implements AutoCloseable {
    private final List<Out> outs;
    private final IntFunction<StreamStats> statsOfPhase;
    private final Thread thread;
    private final int[] ssrc;
    private final int[] seq;
    private volatile int phase = -1;
    private volatile boolean running = true;
    private volatile long maxLateNanos;
    private volatile long lateSlots;
    private volatile long sendErrors;

    /** @param statsOfPhase where a phase's sent packets are counted (null: not counted) */
    Pacer(String name, List<Out> outs, IntFunction<StreamStats> statsOfPhase) {
      this.outs = new ArrayList<>(outs);
      this.statsOfPhase = statsOfPhase;
      this.ssrc = new int[outs.size()];
      this.seq = new int[outs.size()];
      for (int i = 0; i < ssrc.length; i++) {
        ssrc[i] = ThreadLocalRandom.current().nextInt();
        seq[i] = ThreadLocalRandom.current().nextInt(1000);
      }
      thread = new Thread(this::run, name);
      thread.setDaemon(true);
      thread.setPriority(Thread.MAX_PRIORITY);
      thread.start();
    }

    /** Starts sending packets marked {@code phase} (0: warm-up, not counted); -1 pauses. Lateness counts anew. */
    void phase(int p) {
      if (p >= 0) {
        maxLateNanos = 0;
        lateSlots = 0;
      }
      phase = p;
    }

    long maxLateNanos() {
      return maxLateNanos;
    }

    /** Slots that started more than 2 ms late since the phase began. */
    long lateSlots() {
      return lateSlots;
    }

    long sendErrors() {
      return sendErrors;
    }

    private void run() {
      byte[] p = Probe.buffer();
      long t0 = System.nanoTime();
      for (long k = 0; running; k++) {
        long deadline = t0 + k * 1_000_000L;
        long wait;
        while ((wait = deadline - System.nanoTime()) > 0) {
          LockSupport.parkNanos(wait);
        }
        int ph = phase;
        if (ph < 0) {
          continue;
        }
        long late = System.nanoTime() - deadline;
        if (late > 2_000_000L) {
          lateSlots++;
        }
        if (late > maxLateNanos) {
          maxLateNanos = late;
        }
        StreamStats stats = ph > 0 ? statsOfPhase.apply(ph) : null;
        for (int i = (int) (k % 20); i < outs.size(); i += 20) {
          int s = seq[i]++;
          Probe.write(p, ssrc[i], s & 0xFFFF, i, ph, System.nanoTime());
          try {
            outs.get(i).send(p, Probe.LENGTH);
            if (stats != null) {
              stats.sent.incrementAndGet();
            }
          } catch (IOException | RuntimeException e) {
            sendErrors++;
          }
        }
      }
    }

    @Override
    public void close() {
      running = false;
      try {
        thread.join(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** A selector thread receiving probes on plain UDP sockets; each socket's probes go to one direction. */
  static final class Receiver implements AutoCloseable {
    /** Where a received probe of a phase is recorded (null: ignored). */
    interface Sink {
      void onProbe(Probe.Fields f, long nowNanos);
    }

    private final Selector selector;
    private final Queue<Object[]> pending = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long foreign;

    Receiver(String name) throws IOException {
      selector = Selector.open();
      thread = new Thread(this::run, name);
      thread.setDaemon(true);
      thread.setPriority(Thread.MAX_PRIORITY);
      thread.start();
    }

    /** Starts reading {@code ch} (non-blocking mode is set here). */
    void register(DatagramChannel ch, Sink sink) throws IOException {
      ch.configureBlocking(false);
      pending.add(new Object[] {ch, sink});
      selector.wakeup();
    }

    /** Datagrams that were not probes (music before the bridge, RTCP). */
    long foreign() {
      return foreign;
    }

    private void run() {
      ByteBuffer buf = ByteBuffer.allocate(2048);
      while (running) {
        try {
          selector.select(100);
          Object[] r;
          while ((r = pending.poll()) != null) {
            ((DatagramChannel) r[0]).register(selector, SelectionKey.OP_READ, r[1]);
          }
          for (SelectionKey k : selector.selectedKeys()) {
            DatagramChannel ch = (DatagramChannel) k.channel();
            Sink sink = (Sink) k.attachment();
            try {
              for (int i = 0; i < 16; i++) {
                buf.clear();
                if (ch.receive(buf) == null) {
                  break;
                }
                long now = System.nanoTime();
                Probe.Fields f = Probe.read(buf.array(), 0, buf.position());
                if (f == null) {
                  foreign++;
                } else {
                  sink.onProbe(f, now);
                }
              }
            } catch (IOException e) {
              k.cancel();
            }
          }
          selector.selectedKeys().clear();
        } catch (IOException | RuntimeException e) {
          if (running) {
            e.printStackTrace();
          }
        }
      }
    }

    @Override
    public void close() {
      running = false;
      selector.wakeup();
      try {
        thread.join(1000);
        selector.close();
      } catch (IOException | InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
