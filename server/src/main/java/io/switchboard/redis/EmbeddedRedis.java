package io.switchboard.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import redis.embedded.RedisServer;

/**
 * A redis-server child process on loopback, from the binary the embedded-redis jar ships (or, when
 * {@code EMBEDDED_REDIS_EXECUTABLE} names one, that binary). Persistence is off: this is for a demo node
 * and for tests, never for production.
 */
public final class EmbeddedRedis implements AutoCloseable {
  private final RedisServer server;
  private final int port;

  private EmbeddedRedis(RedisServer server, int port) {
    this.server = server;
    this.port = port;
  }

  /** Starts redis-server on {@code port} (0 = a free port). */
  public static EmbeddedRedis start(int port) {
    int chosen = port == 0 ? freePort() : port;
    try {
      redis.embedded.core.RedisServerBuilder builder = RedisServer.newRedisServer()
          .port(chosen)
          .bind("127.0.0.1")
          .setting("save \"\"")
          .setting("appendonly no");
      String exe = System.getenv("EMBEDDED_REDIS_EXECUTABLE");
      if (exe != null && !exe.isBlank()) {
        builder.executableProvider(redis.embedded.core.ExecutableProvider.newEnvironmentVariableProvider());
      }
      RedisServer server = builder.build();
      server.start();
      return new EmbeddedRedis(server, chosen);
    } catch (IOException e) {
      throw new UncheckedIOException("embedded Redis failed to start on 127.0.0.1:" + chosen, e);
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
