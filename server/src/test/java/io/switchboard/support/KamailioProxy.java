package io.switchboard.support;

import io.switchboard.redis.EmbeddedRedis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's kamailio as a Record-Routing, transaction-stateful SIP proxy on loopback (resources/kamailio/
 * record-route-proxy.cfg): initial requests from callers go to the node, initial requests from the node (outbound
 * calls) to a test UAS, in-dialog requests by their Route headers, each one logged. A child process in the
 * foreground (-DD -E) on a free UDP port, its pid file and working directory under target/; no root or user
 * switching. {@link #close()} ends it and its worker processes. Kamailio is required via {@link Tools}.
 */
public final class KamailioProxy implements AutoCloseable {
  private final Process process;
  private final Path dir;
  private final Path log;
  private final int port;

  private KamailioProxy(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.log = dir.resolve("kamailio.log");
    this.port = port;
  }

  /**
   * Starts the proxy in front of the node at 127.0.0.1:{@code nodePort}; outbound calls from that port go to
   * 127.0.0.1:{@code uasPort} (0: none expected). Returns once it listens.
   */
  public static KamailioProxy start(int nodePort, int uasPort) throws Exception {
    Path kamailio = Tools.require("/usr/sbin/kamailio");
    Path cfg = Path.of(KamailioProxy.class.getResource("/kamailio/record-route-proxy.cfg").toURI());
    int port = EmbeddedRedis.freePort();
    Path dir = Files.createDirectories(Path.of("target", "kamailio", "proxy-" + port)).toAbsolutePath();
    Process p = new ProcessBuilder(List.of(kamailio.toString(), "-DD", "-E", "-f", cfg.toString(),
        "-l", "udp:127.0.0.1:" + port, "-w", dir.toString(), "-P", dir.resolve("kamailio.pid").toString(),
        "-m", "32", "-M", "8",
        "-A", "NODE_URI=\"sip:127.0.0.1:" + nodePort + "\"", "-A", "NODE_PORT=" + nodePort,
        "-A", "UAS_URI=\"sip:127.0.0.1:" + (uasPort > 0 ? uasPort : 9) + "\""))
        .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("kamailio.log").toFile())
        .start();
    KamailioProxy proxy = new KamailioProxy(p, dir, port);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!proxy.log().contains("udp: 127.0.0.1 [127.0.0.1]:" + port)
        || !Files.exists(dir.resolve("kamailio.pid"))) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        String out = proxy.log();
        proxy.close();
        throw new AssertionError("kamailio did not start:\n" + out);
      }
      Thread.sleep(50);
    }
    return proxy;
  }

  /** The UDP port it listens on (127.0.0.1). */
  public int port() {
    return port;
  }

  /** Everything kamailio logged so far (stderr and stdout). */
  public String log() throws java.io.IOException {
    return Files.exists(log) ? Files.readString(log) : "";
  }

  /** SIGTERM (kamailio then ends its workers), SIGKILL to whatever is left after 5 s. */
  @Override
  public void close() throws Exception {
    List<ProcessHandle> workers = process.descendants().toList();
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
    workers.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  @Override
  public String toString() {
    return "kamailio 127.0.0.1:" + port + " (" + dir + ")";
  }
}
