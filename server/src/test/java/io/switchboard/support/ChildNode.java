package io.switchboard.support;

import io.switchboard.Main;
import io.switchboard.redis.EmbeddedRedis;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Switchboard node in a child JVM (this JVM's class path, {@link Main}), on its own loopback ports, so a test
 * can kill it (SIGKILL) or pause it (SIGSTOP / SIGCONT) from outside. Its output goes to a log file, printed when
 * it fails to start.
 */
public final class ChildNode implements AutoCloseable {
  public final String id;
  public final int httpPort;
  public final int sipPort;
  private final Process process;
  private final Path log;

  private ChildNode(String id, int httpPort, int sipPort, Process process, Path log) {
    this.id = id;
    this.httpPort = httpPort;
    this.sipPort = sipPort;
    this.process = process;
    this.log = log;
  }

  /**
   * Starts node {@code id} with {@code settings} (keys of the reference config) and waits until it is ready. Nothing
   * is kept (empty {@code data.dir}) unless {@code settings} name a data directory.
   */
  public static ChildNode start(String id, Map<String, String> settings) throws Exception {
    int http = EmbeddedRedis.freePort();
    int sip = EmbeddedRedis.freePort();
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
        "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "--node.id=" + id, "--http.host=127.0.0.1", "--http.port=" + http, "--sip.host=127.0.0.1",
        "--sip.port=" + sip, "--media.bind-host=127.0.0.1", "--auth.bcrypt.cost=4",
        // a free port of its own: the default (SIP port + 1) may be the local port of some connection of this host
        "--sip.tls-port=" + EmbeddedRedis.freePort()));
    TestNodes.randomRtpPorts(200).forEach((k, v) -> cmd.add("--" + k + "=" + v));
    TestNodes.NOTHING_KEPT.forEach((k, v) -> cmd.add("--" + k + "=" + v));  // settings may name a data.dir
    TestNodes.database(settings).forEach((k, v) -> cmd.add("--" + k + "=" + v));
    settings.forEach((k, v) -> cmd.add("--" + k + "=" + v));
    Path log = Files.createTempFile("node-" + id, ".log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    ChildNode node = new ChildNode(id, http, sip, p, log);
    try {
      node.awaitReady();
    } catch (Exception | Error e) {
      node.close();  // the message holds its output; nothing left running or behind
      throw e;
    }
    return node;
  }

  private void awaitReady() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("node " + id + " exited:\n" + Files.readString(log));
      }
      try {
        if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health/ready")).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("node " + id + " not ready within 90 s:\n" + Files.readString(log));
  }

  /** What the node printed so far (standard output and error). */
  public String output() throws IOException {
    return Files.readString(log);
  }

  public long pid() {
    return process.pid();
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** SIGKILL: no goodbye to Redis, the heartbeat just stops. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGSTOP: the process is frozen, its sockets stay open. */
  public void pause() throws Exception {
    signal("STOP");
  }

  /** SIGCONT after {@link #pause}. */
  public void resume() throws Exception {
    signal("CONT");
  }

  private void signal(String sig) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + sig, Long.toString(process.pid())).inheritIO().start();
    if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IllegalStateException("kill -" + sig + " " + process.pid() + " failed");
    }
  }

  @Override
  public void close() throws Exception {
    if (process.isAlive()) {
      process.destroy();
      signalQuietly("CONT"); // a paused node handles the SIGTERM only once it runs again
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    Files.deleteIfExists(log);
  }

  private void signalQuietly(String sig) {
    try {
      signal(sig);
    } catch (Exception e) {
      // gone already
    }
  }
}
