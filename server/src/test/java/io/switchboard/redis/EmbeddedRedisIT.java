package io.switchboard.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded Redis keeps its data in the directory it is given, and nothing without one. */
class EmbeddedRedisIT {

  @Test
  void whatWasWrittenIsThereAfterARestartEvenInADirectoryWithASpaceAndQuotes(@TempDir Path tmp) throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("my \"redis\" data"));
    try (EmbeddedRedis first = EmbeddedRedis.start(0, dir)) {
      with(first, c -> c.sync().set("k", "v1"));
      with(first, c -> c.sync().rpush("list", "a", "b", "c"));
      Map<String, String> fsync = with(first, c -> c.sync().configGet("appendfsync"));
      assertThat(fsync).containsEntry("appendfsync", "everysec");
    }
    assertThat(dir.resolve("appendonly.aof")).isRegularFile();
    assertThat(dir.resolve(EmbeddedRedis.PID_FILE)).as("removed by a clean stop").doesNotExist();
    try (EmbeddedRedis second = EmbeddedRedis.start(0, dir)) {
      String k = with(second, c -> c.sync().get("k"));
      List<String> list = with(second, c -> c.sync().lrange("list", 0, -1));
      assertThat(k).isEqualTo("v1");
      assertThat(list).containsExactly("a", "b", "c");
    }
  }

  /** SIGKILL of a node leaves its redis-server running: the next start on the directory stops it and loads its data. */
  @Test
  void aRedisServerLeftRunningOnTheDirectoryIsStoppedAndItsDataLoaded(@TempDir Path dir) throws Exception {
    EmbeddedRedis orphan = EmbeddedRedis.start(0, dir);
    try {
      with(orphan, c -> c.sync().set("k", "written just before the node died"));
      long pid = Long.parseLong(Files.readString(dir.resolve(EmbeddedRedis.PID_FILE)).trim());
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);
      try (EmbeddedRedis next = EmbeddedRedis.start(0, dir)) {
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("the orphan").isFalse();
        String k = with(next, c -> c.sync().get("k"));
        assertThat(k).isEqualTo("written just before the node died");
      }
    } finally {
      orphan.close();
    }
  }

  /** A start that fails says why in its message, in redis-server's words, not only that it failed. */
  @Test
  void aFailedStartCarriesRedisServersReason(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("appendonly.aof"), "*2\r\n$6\r\nSELECT\r\nnot a command at all\r\n");
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> EmbeddedRedis.start(taken.getLocalPort()).close())
          .hasMessageContaining("127.0.0.1:" + taken.getLocalPort())
          .hasMessageContaining("Address already in use");
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> EmbeddedRedis.start(0, dir).close())
        .hasMessageContaining("with its data in " + dir)
        .hasMessageContaining("append only file");
  }

  @Test
  void withoutADirectoryARestartIsEmpty() {
    try (EmbeddedRedis first = EmbeddedRedis.start(0)) {
      with(first, c -> c.sync().set("k", "v"));
      Map<String, String> aof = with(first, c -> c.sync().configGet("appendonly"));
      assertThat(aof).containsEntry("appendonly", "no");
    }
    try (EmbeddedRedis second = EmbeddedRedis.start(0)) {
      long keys = with(second, c -> c.sync().dbsize());
      assertThat(keys).isZero();
    }
  }

  private static <T> T with(EmbeddedRedis redis, Function<StatefulRedisConnection<String, String>, T> f) {
    RedisClient client = RedisClient.create(redis.uri());
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      return f.apply(c);
    } finally {
      client.shutdown();
    }
  }
}
