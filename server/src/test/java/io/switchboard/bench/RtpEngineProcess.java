package io.switchboard.bench;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code rtpengine-daemon} (10.5, userspace forwarding: {@code --table=-1}) as a child process in the
 * foreground on loopback, controlled over its ng protocol (a cookie, a space, a bencoded dictionary; one UDP
 * datagram each way). Install with {@code apt-get install -y rtpengine-daemon} (the package's own service is not
 * used). CPU is read from {@code /proc/<pid>/stat} like the node's, memory as the process's resident set.
 * {@link #ng} is synchronized: one command in flight, from any thread.
 */
final class RtpEngineProcess implements AutoCloseable {
  private final Process process;
  private final DatagramSocket control;
  private final InetSocketAddress ngAddress;
  private long cookie;

  private RtpEngineProcess(Process process, int ngPort) throws IOException {
    this.process = process;
    this.ngAddress = new InetSocketAddress("127.0.0.1", ngPort);
    this.control = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
    control.setSoTimeout(500);
  }

  /**
   * Starts rtpengine with {@code threads} worker threads (the node's media loops are two), RTP ports in
   * {@code [portMin, portMin + 2 * calls * 2 + 100)}, and waits until it answers a ping.
   */
  static RtpEngineProcess start(int threads, int portMin, int calls) throws Exception {
    int ngPort;
    try (ServerSocket s = new ServerSocket(0)) { // a free port number (TCP and UDP port spaces coincide in practice)
      ngPort = s.getLocalPort();
    }
    List<String> cmd = new java.util.ArrayList<>();
    String cpus = System.getProperty("bench.nodeCpus", "").trim(); // pinned like the node, for a fair comparison
    if (!cpus.isEmpty()) {
      cmd.addAll(List.of("taskset", "-c", cpus));
    }
    cmd.addAll(List.of(System.getProperty("bench.rtpengine", "rtpengine"), "--foreground", "--log-stderr",
        "--config-file=none", "--log-level=" + Integer.getInteger("bench.rtpengineLogLevel", 4), "--table=-1",
        "--interface=127.0.0.1", "--listen-ng=127.0.0.1:" + ngPort, "--port-min=" + portMin,
        "--port-max=" + (portMin + calls * 4 + 100), "--num-threads=" + threads, "--timeout=600",
        "--silent-timeout=600", "--delete-delay=0"));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT)
        .start();
    RtpEngineProcess r = new RtpEngineProcess(p, ngPort);
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (true) {
      try {
        if ("pong".equals(r.ng(Map.of("command", "ping")).get("result"))) {
          return r;
        }
      } catch (IOException e) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          r.close();
          throw new IllegalStateException("rtpengine did not start (is rtpengine-daemon installed?)", e);
        }
      }
    }
  }

  /** One ng command; its reply dictionary. Throws when rtpengine answers {@code error} or not at all (3 tries). */
  synchronized Map<String, Object> ng(Map<String, Object> command) throws IOException {
    String c = Long.toString(++cookie); // a cookie seen before is answered from rtpengine's cache: never reuse one
    byte[] body = Bencode.encode(command);
    byte[] out = new byte[c.length() + 1 + body.length];
    System.arraycopy(c.getBytes(StandardCharsets.US_ASCII), 0, out, 0, c.length());
    out[c.length()] = ' ';
    System.arraycopy(body, 0, out, c.length() + 1, body.length);
    byte[] in = new byte[65_536];
    for (int attempt = 0; attempt < 3; attempt++) {
      control.send(new DatagramPacket(out, out.length, ngAddress));
      DatagramPacket reply = new DatagramPacket(in, in.length);
      try {
        while (true) {
          control.receive(reply);
          String s = new String(in, 0, reply.getLength(), StandardCharsets.US_ASCII);
          int sp = s.indexOf(' ');
          if (sp > 0 && s.substring(0, sp).equals(c)) { // a late reply to an earlier try is skipped
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) Bencode.decode(in, sp + 1, reply.getLength() - sp - 1);
            if ("error".equals(m.get("result"))) {
              throw new IOException("rtpengine refused " + command.get("command") + ": " + m.get("error-reason"));
            }
            return m;
          }
        }
      } catch (SocketTimeoutException e) {
        // retried with the same cookie: rtpengine answers a repeat from its cache instead of acting twice
      }
    }
    throw new IOException("rtpengine did not answer " + command.get("command"));
  }

  /** CPU time of the rtpengine process (all threads) in nanoseconds. */
  long cpuNanos() {
    return NodeProcess.cpuOf(process.pid());
  }

  /** Resident set size in bytes. */
  long rssBytes() {
    return NodeProcess.rssOf(process.pid());
  }

  /** Threads of the process. */
  long threads() {
    try (var s = Files.list(Path.of("/proc/" + process.pid() + "/task"))) {
      return s.count();
    } catch (IOException e) {
      return -1;
    }
  }

  @Override
  public void close() {
    control.close();
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
    }
  }
}
