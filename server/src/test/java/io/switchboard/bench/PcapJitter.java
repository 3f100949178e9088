package io.switchboard.bench;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * RTP arrival statistics from the kernel's timestamps instead of a reader's: {@code tcpdump} captures the packets
 * to one UDP port on {@code lo} while the benchmark measures, and {@link JitterStats} is fed the capture's
 * nanosecond timestamps. On loopback a packet is captured inside the sender's {@code sendto}, so these figures
 * show the node's pacing alone, without the receiving process's scheduling delays (which the JVM receiver's own
 * figures include). Needs tcpdump and the right to capture (root or CAP_NET_RAW); {@link #start} returns null
 * otherwise.
 */
final class PcapJitter {
  private final Process tcpdump;
  private final Path file;
  private final Path log;

  private PcapJitter(Process tcpdump, Path file, Path log) {
    this.tcpdump = tcpdump;
    this.file = file;
    this.log = log;
  }

  /** Starts capturing UDP to {@code port} on lo; returns once tcpdump listens, or null if it cannot. */
  static PcapJitter start(int port) {
    try {
      Path file = Files.createTempFile("rtp-bench", ".pcap");
      Path log = Files.createTempFile("rtp-bench", ".tcpdump.log");
      Process p = new ProcessBuilder("tcpdump", "-i", "lo", "-n", "-s", "64", "-B", "65536",
          "--immediate-mode", "--time-stamp-precision=nano", "-Z", "root", "-w", file.toString(), "udp and dst port " + port).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      PcapJitter c = new PcapJitter(p, file, log);
      long end = System.nanoTime() + 5_000_000_000L;
      String line = "";
      while (!line.contains("listening") && p.isAlive() && System.nanoTime() < end) {
        Thread.sleep(50);
        line = Files.readString(log); // "tcpdump: listening on lo, ..."
      }
      if (!line.contains("listening")) {
        p.destroyForcibly();
        System.out.println("tcpdump not usable: " + line);
        return null;
      }
      return c;
    } catch (Exception e) {
      System.out.println("tcpdump not usable: " + e);
      return null;
    }
  }

  /** Stops the capture and prints its statistics (and tcpdump's own drop counts). */
  void stopAndReport(double wallSeconds, PrintStream out) throws Exception {
    tcpdump.destroy(); // SIGTERM: tcpdump flushes the file and prints its counts
    tcpdump.waitFor(10, TimeUnit.SECONDS);
    String counts = String.join(", ", Files.readAllLines(log).subList(1, Files.readAllLines(log).size()));
    Files.deleteIfExists(log);
    JitterStats stats = new JitterStats();
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    int magic = b.getInt(0);
    boolean nanos = magic == 0xa1b23c4d;
    int linkType = b.getInt(20);
    int linkHeader = linkType == 1 ? 14 : linkType == 113 ? 16 : linkType == 0 ? 4 : -1;
    if (linkHeader < 0) {
      out.println("pcap: unknown link type " + linkType);
      return;
    }
    byte[] data = b.array();
    int pos = 24;
    while (pos + 16 <= data.length) {
      long sec = b.getInt(pos) & 0xFFFFFFFFL;
      long frac = b.getInt(pos + 4) & 0xFFFFFFFFL;
      int caplen = b.getInt(pos + 8);
      int ip = pos + 16 + linkHeader;
      int udp = ip + (data[ip] & 0x0F) * 4;
      int rtp = udp + 8;
      if (rtp + 12 <= pos + 16 + caplen && (data[rtp] & 0xC0) == 0x80 && (data[rtp + 1] & 0x7F) < 64) {
        stats.onPacket(data, rtp, sec * 1_000_000_000L + (nanos ? frac : frac * 1000));
      }
      pos += 16 + caplen;
    }
    Files.deleteIfExists(file);
    out.println("kernel timestamps (tcpdump on lo: " + counts + "):");
    stats.report(wallSeconds, out);
  }
}
