package io.switchboard.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * What one UDP datagram costs on this machine before any media work: the floor under the bridged-calls figures.
 * One sender thread sends 172-byte datagrams (an SRTP PCMU packet) over loopback at a fixed rate to one receiver
 * thread, which either blocks in {@code receive} (woken per datagram) or polls every millisecond and drains (the
 * node's media loops). Reports CPU per datagram of each thread (ThreadMXBean). Also a back-to-back send + receive
 * in one thread: the kernel's own cost per datagram with no wake-up at all.
 *
 * <p>Run: {@code java -cp ... io.switchboard.bench.UdpFloorBenchmark [rate per second ...]} (default 15000 50000).
 * Loopback only.
 */
public final class UdpFloorBenchmark {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final int SIZE = 172;
  private static final int SECONDS = 5;

  private UdpFloorBenchmark() {}

  public static void main(String[] args) throws Exception {
    int[] rates = args.length == 0 ? new int[] {15_000, 50_000}
        : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    System.out.printf("machine: %d processors, load %s%n", Runtime.getRuntime().availableProcessors(),
        java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim());
    backToBack(200_000); // warm-up
    System.out.printf("back-to-back send + receive, one thread: %.2f µs per datagram%n", backToBack(500_000));
    System.out.println("| rate /s | receiver | sender µs CPU per datagram | receiver µs CPU per datagram | received |");
    System.out.println("|---:|---|---:|---:|---:|");
    for (int rate : rates) {
      for (boolean polled : new boolean[] {false, true}) {
        paced(rate, polled, 1); // warm-up
        double[] r = paced(rate, polled, SECONDS);
        System.out.printf("| %,d | %s | %.2f | %.2f | %.1f %% |%n", rate, polled ? "polls every 1 ms" : "blocks",
            r[0], r[1], r[2]);
      }
    }
  }

  private static double backToBack(int n) throws Exception {
    try (DatagramChannel rx = receiver(); DatagramChannel tx = DatagramChannel.open()) {
      rx.configureBlocking(false);
      InetSocketAddress to = (InetSocketAddress) rx.getLocalAddress();
      ByteBuffer out = ByteBuffer.allocateDirect(SIZE);
      ByteBuffer in = ByteBuffer.allocateDirect(1500);
      long c0 = THREADS.getCurrentThreadCpuTime();
      for (int i = 0; i < n; i++) {
        tx.send(out.clear(), to);
        rx.receive(in.clear());
      }
      return (THREADS.getCurrentThreadCpuTime() - c0) / 1000.0 / n;
    }
  }

  /** Returns sender and receiver CPU µs per datagram and the share received. */
  private static double[] paced(int rate, boolean polled, int seconds) throws Exception {
    try (DatagramChannel rx = receiver(); DatagramChannel tx = DatagramChannel.open()) {
      rx.configureBlocking(!polled);
      InetSocketAddress to = (InetSocketAddress) rx.getLocalAddress();
      long n = (long) rate * seconds;
      AtomicLong received = new AtomicLong();
      long[] rxCpu = new long[1];
      Thread reader = new Thread(() -> receive(rx, polled, n, received, rxCpu), "floor-rx");
      reader.start();
      ByteBuffer out = ByteBuffer.allocateDirect(SIZE);
      long gap = 1_000_000_000L / rate;
      long start = System.nanoTime();
      long sendCpu = 0;
      for (long i = 0; i < n; i++) {
        long due = start + i * gap;
        while (System.nanoTime() < due) {
          Thread.onSpinWait(); // spin, not sleep: the sender's own wake-ups must not count
        }
        long c = THREADS.getCurrentThreadCpuTime();
        tx.send(out.clear(), to);
        sendCpu += THREADS.getCurrentThreadCpuTime() - c;
      }
      reader.join(2000);
      if (reader.isAlive()) {
        reader.interrupt();
        rx.close();
        reader.join();
      }
      return new double[] {sendCpu / 1000.0 / n, rxCpu[0] / 1000.0 / Math.max(1, received.get()),
          100.0 * received.get() / n};
    }
  }

  private static void receive(DatagramChannel rx, boolean polled, long n, AtomicLong received, long[] cpu) {
    ByteBuffer in = ByteBuffer.allocateDirect(1500);
    long c0 = THREADS.getCurrentThreadCpuTime();
    try {
      while (received.get() < n && !Thread.currentThread().isInterrupted()) {
        if (polled) {
          LockSupport.parkNanos(1_000_000);
          while (rx.receive(in.clear()) != null) {
            received.incrementAndGet();
          }
        } else if (rx.receive(in.clear()) != null) {
          received.incrementAndGet();
        }
      }
    } catch (java.io.IOException e) {
      // closed after a loss: the share received says so
    }
    cpu[0] = THREADS.getCurrentThreadCpuTime() - c0;
  }

  private static DatagramChannel receiver() throws java.io.IOException {
    DatagramChannel ch = DatagramChannel.open();
    ch.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
    ch.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    return ch;
  }
}
