package io.switchboard.directory;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.switchboard.support.TestRedis;
import java.util.Map;
import java.util.TreeMap;

/** Every key of the test Redis with its type and contents, to prove that a refused write changed nothing. */
public final class RedisSnapshot {
  private RedisSnapshot() {}

  public static Map<String, String> take() {
    RedisClient client = RedisClient.create(TestRedis.uri());
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      RedisCommands<String, String> r = c.sync();
      Map<String, String> out = new TreeMap<>();
      for (String key : r.keys("*")) {
        String type = r.type(key);
        String value = switch (type) {
          case "string" -> r.get(key);
          case "hash" -> new TreeMap<>(r.hgetall(key)).toString();
          case "set" -> new java.util.TreeSet<>(r.smembers(key)).toString();
          case "zset" -> r.zrangeWithScores(key, 0, -1).toString();
          case "list" -> r.lrange(key, 0, -1).toString();
          default -> "<" + type + ">";
        };
        out.put(key, type + " " + value);
      }
      return out;
    } finally {
      client.shutdown();
    }
  }
}
