package io.switchboard.bench;

import io.switchboard.webrtc.PeerNetwork;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * Sending and receiving the probes of {@link BridgedCallsBenchmark}.
 *
 * <p>{@link Pacer}: one thread sends one 20 ms packet per stream per 20 ms, the streams spread over 20 slots of
 * 1 ms (stream i in slot i % 20), like independent calls rather than one burst per tick; absolute deadlines, so
 * a late slot is caught up, not skipped (lateness is recorded), within a phase: a new phase starts on time, not
 * with the previous one's backlog. {@link Receiver}: plain UDP sockets read by a {@link PeerNetwork.TickPoller},
 * the same receive loop as the WebRTC peers' (so the direct baseline and the through-node window are read alike).
 * The pacer stamps {@link System#nanoTime()} just before each send, the receiver when it reads the datagram (which
 * includes up to one poller tick). Neither allocates per packet.
 */
final class RtpPump {
  private RtpPump() {}

  /**
   * Sends one packet: {@code packet} holds it from position 0 to its limit, over a buffer that is reused after
   * the call returns (do not keep it, do not modify it).
   */
  interface Out {
    void send(ByteBuffer packet) throws IOException;
  }

  /** A sending thread for a set of streams of one direction. */
  static final class Pacer implements AutoCloseable {
    private final Out[] outs;
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
      this.outs = outs.toArray(new Out[0]);
      this.statsOfPhase = statsOfPhase;
      this.ssrc = new int[this.outs.length];
      this.seq = new int[this.outs.length];
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
      ByteBuffer packet = ByteBuffer.wrap(p);
      long t0 = System.nanoTime();
      int lastPhase = -1;
      for (long k = 0; running; k++) {
        long deadline = t0 + k * 1_000_000L;
        long wait;
        while ((wait = deadline - System.nanoTime()) > 0) {
          LockSupport.parkNanos(wait);
        }
        int ph = phase;
        if (ph < 0) { // paused: look again every 5 ms instead of waking for every slot
          LockSupport.parkNanos(5_000_000L);
          k = (System.nanoTime() - t0) / 1_000_000L;
          lastPhase = ph;
          continue;
        }
        if (ph != lastPhase) { // a phase starts now: slots the previous one is behind on are dropped, not sent in it
          lastPhase = ph;
          k = (System.nanoTime() - t0) / 1_000_000L;
          deadline = t0 + k * 1_000_000L;
        }
        long late = System.nanoTime() - deadline;
        if (late > 2_000_000L) {
          lateSlots++;
        }
        if (late > maxLateNanos) {
          maxLateNanos = late;
        }
        int sent = 0;
        for (int i = (int) (k % 20); i < outs.length; i += 20) {
          int s = seq[i]++;
          Probe.write(p, ssrc[i], s & 0xFFFF, i, ph, System.nanoTime());
          packet.limit(Probe.LENGTH).position(0);
          try {
            outs[i].send(packet);
            sent++;
          } catch (IOException | RuntimeException e) {
            sendErrors++;
          }
        }
        if (ph > 0 && sent > 0) {
          statsOfPhase.apply(ph).sent.addAndGet(sent);
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

  /**
   * Probes received on plain UDP sockets by a {@link PeerNetwork.TickPoller} thread (its own or a shared one); each
   * socket's probes go to one direction. One datagram per ready socket per tick.
   */
  static final class Receiver implements AutoCloseable {
    /** Where a received probe is recorded; {@code f} is reused after the call returns. */
    interface Sink {
      void onProbe(Probe.Fields f, long nowNanos);
    }

    private final PeerNetwork.TickPoller poller;
    private final boolean ownPoller;
    /** The poller thread's: receive buffer and probe holder. */
    private final ByteBuffer buf = ByteBuffer.allocate(2048);
    private final Probe.Fields fields = new Probe.Fields();
    private volatile long foreign;

    /** On its own poller thread. */
    Receiver(String name) {
      poller = new PeerNetwork.TickPoller(name);
      ownPoller = true;
    }

    /** Late polls of this receiver's poller thread. */
    io.switchboard.media.session.MediaLoop.PollGaps pollGaps() {
      return poller.pollGaps();
    }

    /** On a shared poller thread (the peers' one: a single receive thread for the whole driver). */
    Receiver(PeerNetwork.TickPoller shared) {
      poller = shared;
      ownPoller = false;
    }

    /** Starts reading {@code ch} (non-blocking mode is set here); closing {@code ch} stops it. */
    void register(DatagramChannel ch, Sink sink) {
      poller.register(ch, k -> onReadable(k, ch, sink));
    }

    /** Datagrams that were not probes (music before the bridge, RTCP). */
    long foreign() {
      return foreign;
    }

    private void onReadable(SelectionKey k, DatagramChannel ch, Sink sink) {
      try {
        buf.clear();
        int n;
        if (ch.isConnected()) {
          n = ch.read(buf); // no source address object per datagram
        } else {
          n = ch.receive(buf) == null ? 0 : buf.position();
        }
        if (n <= 0) {
          return;
        }
        long now = System.nanoTime();
        if (fields.parse(buf.array(), 0, n)) {
          sink.onProbe(fields, now);
        } else {
          foreign++;
        }
      } catch (IOException e) {
        k.cancel();
      }
    }

    /** Stops an own poller thread; on a shared one, nothing (its channels' owners close them). */
    @Override
    public void close() {
      if (ownPoller) {
        poller.close();
      }
    }
  }
}
