package io.switchboard.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The node's Redis connections: one multiplexed command connection shared by every component, and one
 * pub/sub connection. Standalone, Sentinel and Cluster deployments look the same to callers because both
 * Lettuce flavours implement {@link RedisClusterAsyncCommands}.
 *
 * <p>Thread-safety: Lettuce connections are thread-safe. Never call blocking (sync) APIs on an event loop;
 * bridge futures with {@link Lua#toVertx}.
 */
public final class RedisConnections implements AutoCloseable {
  private final AutoCloseable client;
  private final RedisClusterAsyncCommands<String, String> commands;
  private final StatefulRedisPubSubConnection<String, String> pubSub;
  private final Runnable closeConnections;
  private final String description;
  private final boolean cluster;

  private RedisConnections(
      AutoCloseable client,
      RedisClusterAsyncCommands<String, String> commands,
      StatefulRedisPubSubConnection<String, String> pubSub,
      Runnable closeConnections,
      String description,
      boolean cluster) {
    this.cluster = cluster;
    this.client = client;
    this.commands = commands;
    this.pubSub = pubSub;
    this.closeConnections = closeConnections;
    this.description = description;
  }

  /**
   * Connects to {@code uri}: {@code redis://}, {@code rediss://}, {@code redis-sentinel://} go through
   * {@link RedisClient}; {@code redis-cluster://h1:p1,h2:p2} (or {@code rediss-cluster://}) through
   * {@link RedisClusterClient}.
   */
  public static RedisConnections connect(String uri, Duration timeout) {
    if (uri.startsWith("redis-cluster://") || uri.startsWith("rediss-cluster://")) {
      return connectCluster(uri, timeout);
    }
    RedisURI redisUri = RedisURI.create(uri);
    redisUri.setTimeout(timeout);
    RedisClient client = RedisClient.create(redisUri);
    client.setOptions(ClientOptions.builder()
        .timeoutOptions(TimeoutOptions.enabled(timeout))
        .build());
    StatefulRedisConnection<String, String> conn = client.connect();
    StatefulRedisPubSubConnection<String, String> pubSub = client.connectPubSub();
    return new RedisConnections(client::shutdown, conn.async(), pubSub, () -> {
      pubSub.close();
      conn.close();
    }, redact(uri), false);
  }

  private static RedisConnections connectCluster(String uri, Duration timeout) {
    boolean tls = uri.startsWith("rediss-cluster://");
    String rest = uri.substring(uri.indexOf("://") + 3);
    List<RedisURI> seeds = new ArrayList<>();
    for (String hostPort : rest.split(",")) {
      RedisURI seed = RedisURI.create((tls ? "rediss://" : "redis://") + hostPort);
      seed.setTimeout(timeout);
      seeds.add(seed);
    }
    RedisClusterClient client = RedisClusterClient.create(seeds);
    client.setOptions(ClusterClientOptions.builder()
        .timeoutOptions(TimeoutOptions.enabled(timeout))
        .build());
    var conn = client.connect();
    var pubSub = client.connectPubSub();
    return new RedisConnections(client::shutdown, conn.async(), pubSub, () -> {
      pubSub.close();
      conn.close();
    }, redact(uri), true);
  }

  /** True for Redis Cluster (commands spread over shards), false for one master (standalone or via Sentinel). */
  public boolean cluster() {
    return cluster;
  }

  /** The shared command interface (multiplexed; pipelines automatically when many futures are in flight). */
  public RedisClusterAsyncCommands<String, String> commands() {
    return commands;
  }

  /** The node's single pub/sub connection; listeners run on Lettuce threads. */
  public StatefulRedisPubSubConnection<String, String> pubSub() {
    return pubSub;
  }

  /** The URI with any password removed, for logs. */
  public String description() {
    return description;
  }

  static String redact(String uri) {
    return uri.replaceAll("//[^@/]*@", "//***@");
  }

  @Override
  public void close() {
    try {
      closeConnections.run();
      client.close();
    } catch (Exception e) {
      // closing on shutdown: nothing left to do with the error
    }
  }
}
