package io.switchboard.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * A redis-server child process on loopback, from the binary the embedded-redis jar ships (or, when
 * {@code EMBEDDED_REDIS_EXECUTABLE} names one, that binary), for a single node: a demo, a trial, tests. Production
 * uses a Redis of its own ({@code redis.uri}).
 *
 * <p>With a directory ({@link #start(int, Path)}) it persists: the append-only file there is written with
 * {@code appendfsync everysec} (a crash of the machine loses at most about the last second) and read back on the next
 * start. Without one ({@link #start(int)}) nothing is written and every start is empty.
 */
public final class EmbeddedRedis implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRedis.class);
  /** Written by redis-server while it runs, removed when it stops cleanly. */
  static final String PID_FILE = "redis.pid";

  private final RedisServer server;
  private final int port;

  private EmbeddedRedis(RedisServer server, int port) {
    this.server = server;
    this.port = port;
  }

  /** Starts redis-server on {@code port} (0 = a free port) that keeps nothing. */
  public static EmbeddedRedis start(int port) {
    return start(port, Optional.empty());
  }

  /**
   * Starts redis-server on {@code port} (0 = a free port) keeping its data in {@code dir}, which must exist and
   * belong to the caller alone (the node holds it through its data directory's lock). A redis-server still running
   * on {@code dir} can then only be left over from a node that was killed (SIGKILL does not stop the child): it is
   * stopped first (SIGTERM, so it writes what it holds) and its data is loaded.
   */
  public static EmbeddedRedis start(int port, Path dir) {
    return start(port, Optional.of(dir));
  }

  private static EmbeddedRedis start(int port, Optional<Path> dir) {
    int chosen = port == 0 ? freePort() : port;
    try {
      redis.embedded.core.RedisServerBuilder builder = RedisServer.newRedisServer()
          .port(chosen)
          .bind("127.0.0.1")
          .setting("save \"\"");
      if (dir.isPresent()) {
        Path abs = dir.get().toAbsolutePath();
        stopLeftOver(abs.resolve(PID_FILE));
        builder.setting("dir " + quoted(abs.toString()))
            .setting("appendonly yes")
            .setting("appendfsync everysec")
            .setting("pidfile " + quoted(abs.resolve(PID_FILE).toString()));
      } else {
        builder.setting("appendonly no");
      }
      String exe = System.getenv("EMBEDDED_REDIS_EXECUTABLE");
      if (exe != null && !exe.isBlank()) {
        builder.executableProvider(redis.embedded.core.ExecutableProvider.newEnvironmentVariableProvider());
      }
      RedisServer server = builder.build();
      server.start();
      return new EmbeddedRedis(server, chosen);
    } catch (IOException e) {
      throw new UncheckedIOException("embedded Redis failed to start on 127.0.0.1:" + chosen
          + dir.map(d -> " with its data in " + d).orElse("") + ": " + rootMessage(e), e);
    }
  }

  /** The innermost cause's message: embedded-redis puts redis-server's own output there, the reason it did not start. */
  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return String.valueOf(root.getMessage()).strip();
  }

  /** A value in redis.conf syntax: double-quoted, backslashes and quotes escaped (paths may hold spaces). */
  static String quoted(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** Stops the redis-server named by a pid file left behind, if it still runs (and is a redis-server). */
  private static void stopLeftOver(Path pidFile) throws IOException {
    if (!Files.isRegularFile(pidFile)) {
      return;
    }
    long pid;
    try {
      pid = Long.parseLong(Files.readString(pidFile).trim());
    } catch (NumberFormatException e) {
      return;  // redis-server writes a new one
    }
    Optional<ProcessHandle> left = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
        .filter(p -> p.info().command().map(c -> c.contains("redis-server")).orElse(false));
    if (left.isEmpty()) {
      return;
    }
    LOG.warn("embedded Redis pid={} left running by a node that was killed still holds {}: stopping it",
        pid, pidFile.getParent());
    ProcessHandle p = left.get();
    p.destroy();
    // it removes its pid file once its data is on disk; an orphan may then linger as a zombie nobody reaps
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (p.isAlive() && Files.exists(pidFile)) {
      if (System.nanoTime() > deadline) {
        throw new IOException("redis-server pid " + pid + " left running on " + pidFile.getParent()
            + " did not stop within 30 s; stop it and start again");
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for redis-server pid " + pid + " to stop", e);
      }
    }
  }

  public int port() {
    return port;
  }

  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (IOException e) {
      // the process is going away either way
    }
  }

  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
