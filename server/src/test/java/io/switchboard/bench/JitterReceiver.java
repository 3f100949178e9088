package io.switchboard.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * The receiving end of {@link RtpJitterBenchmark}, run as its own JVM so that neither its CPU nor its GC shares a
 * JVM with the node. Binds an RTP port (and the RTCP port above it, whose packets are only counted) on 127.0.0.1,
 * prints {@code PORT n}, then reads stdin: {@code start} clears the statistics and starts measuring, {@code stop}
 * prints the results ({@link JitterStats}) and exits.
 *
 * <p>One thread reads the socket with a reused buffer (no allocation per packet) and timestamps each datagram with
 * {@code System.nanoTime()} as it is read, so its own scheduling delays count as jitter; packets are told apart by
 * SSRC (every caller's SDP names this one port).
 */
public final class JitterReceiver {
  private final JitterStats stats = new JitterStats();
  private long rtcp;
  private volatile int phase; // 0 waiting, 1 measuring, 2 done

  private JitterReceiver() {}

  public static void main(String[] args) throws Exception {
    DatagramSocket[] pair = bindPair();
    System.out.println("PORT " + pair[0].getLocalPort());
    System.out.flush();
    JitterReceiver r = new JitterReceiver();
    Thread rtcpReader = new Thread(() -> r.drainRtcp(pair[1]), "rtcp");
    rtcpReader.setDaemon(true);
    rtcpReader.start();
    Thread reader = new Thread(() -> r.read(pair[0]), "rtp-receiver");
    reader.setPriority(Thread.MAX_PRIORITY);
    reader.start();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    long cpu0 = 0;
    long t0 = 0;
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (line.equals("start")) {
        cpu0 = ManagementFactory.getThreadMXBean().getThreadCpuTime(reader.getId());
        t0 = System.nanoTime();
        r.phase = 1;
      } else if (line.equals("stop")) {
        long cpu = ManagementFactory.getThreadMXBean().getThreadCpuTime(reader.getId()) - cpu0;
        double wall = (System.nanoTime() - t0) / 1e9;
        r.phase = 2;
        reader.join(2000);
        r.report(wall, cpu);
        break;
      }
    }
    System.exit(0);
  }

  /** An even port and the one above it, both free. */
  private static DatagramSocket[] bindPair() throws SocketException {
    InetAddress lo = InetAddress.getLoopbackAddress();
    for (int i = 0; i < 100; i++) {
      DatagramSocket a = new DatagramSocket(new InetSocketAddress(lo, 0));
      try {
        DatagramSocket b = new DatagramSocket(new InetSocketAddress(lo, a.getLocalPort() + 1));
        a.setReceiveBufferSize(4 << 20);
        a.setSoTimeout(100);
        b.setSoTimeout(100);
        return new DatagramSocket[] {a, b};
      } catch (SocketException e) {
        a.close();
      }
    }
    throw new SocketException("no free port pair");
  }

  private void drainRtcp(DatagramSocket s) {
    DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
    while (true) {
      try {
        s.receive(p);
        rtcp++;
      } catch (SocketTimeoutException e) {
        // keep reading
      } catch (Exception e) {
        return;
      }
    }
  }

  private void read(DatagramSocket s) {
    byte[] b = new byte[2048];
    DatagramPacket p = new DatagramPacket(b, b.length);
    while (phase < 2) {
      try {
        s.receive(p);
      } catch (SocketTimeoutException e) {
        continue;
      } catch (Exception e) {
        e.printStackTrace();
        return;
      }
      long now = System.nanoTime();
      if (phase == 1 && p.getLength() >= 12 && (b[0] & 0xC0) == 0x80 && (b[1] & 0x7F) < 64) {
        stats.onPacket(b, 0, now);
      }
    }
  }

  private void report(double wall, long cpuNanos) {
    stats.report(wall, System.out);
    System.out.printf("rtcp_packets=%d receiver_cpu_percent_of_one_core=%.1f%n", rtcp, 100 * cpuNanos / 1e9 / wall);
  }
}
