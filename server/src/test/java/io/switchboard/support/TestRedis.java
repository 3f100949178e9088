package io.switchboard.support;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.switchboard.redis.EmbeddedRedis;
import io.switchboard.redis.RedisConnections;
import java.time.Duration;

/**
 * One real redis-server per test JVM (the embedded-redis binary, or EMBEDDED_REDIS_EXECUTABLE), started on a
 * free loopback port on first use and stopped at JVM exit. Tests isolate themselves with {@link #flushAll()}
 * or by using their own tenant ids.
 */
public final class TestRedis {
  private static EmbeddedRedis server;

  private TestRedis() {}

  public static synchronized String uri() {
    if (server == null) {
      server = EmbeddedRedis.start(0);
      EmbeddedRedis s = server;
      Runtime.getRuntime().addShutdownHook(new Thread(s::close));
    }
    return server.uri();
  }

  /** New connections to the shared server; close them after the test. */
  public static RedisConnections connect() {
    return RedisConnections.connect(uri(), Duration.ofSeconds(5));
  }

  /** Deletes every key. */
  public static void flushAll() {
    RedisClient client = RedisClient.create(uri());
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      c.sync().flushall();
    } finally {
      client.shutdown();
    }
  }
}
