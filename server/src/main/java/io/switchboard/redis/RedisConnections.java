package io.switchboard.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.function.Function;

/**
 * The node's Redis connections: one multiplexed command connection shared by every component, one pub/sub
 * connection, and on demand one bulk connection with a client and I/O thread of its own ({@link #bulkCommands()}). Standalone, Sentinel and Cluster deployments look the same to callers because both
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
  private final Function<Runnable, Opened> bulkOpener;
  private Opened bulk;

  /** A connection's commands and how to close it with whatever it owns. */
  private record Opened(RedisClusterAsyncCommands<String, String> commands, Runnable close) {}

  private RedisConnections(
      AutoCloseable client,
      RedisClusterAsyncCommands<String, String> commands,
      StatefulRedisPubSubConnection<String, String> pubSub,
      Runnable closeConnections,
      String description,
      boolean cluster,
      Function<Runnable, Opened> bulkOpener) {
    this.cluster = cluster;
    this.bulkOpener = bulkOpener;
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
    }, redact(uri), false, threadStart -> {
      ClientResources own = ownResources(threadStart);
      RedisClient bulkClient = RedisClient.create(own, redisUri);
      bulkClient.setOptions(client.getOptions());
      StatefulRedisConnection<String, String> c = bulkClient.connect();
      return new Opened(c.async(), closing(c, bulkClient, own));
    });
  }

  /** Closes a bulk connection, then its client and the resources only that client used. */
  private static Runnable closing(StatefulConnection<String, String> c, AbstractRedisClient client,
      ClientResources own) {
    return () -> {
      c.close();
      client.shutdown();
      own.shutdown();
    };
  }

  /**
   * One I/O thread: a bulk connection's replies are decoded off the shared connection's thread. Each of these
   * resources' threads runs {@code threadStart} first (as Lettuce's own factory, daemon threads named by pool).
   */
  private static ClientResources ownResources(Runnable threadStart) {
    return DefaultClientResources.builder().ioThreadPoolSize(1).computationThreadPoolSize(1)
        .threadFactoryProvider(pool -> {
          ThreadFactory lettuce = new io.netty.util.concurrent.DefaultThreadFactory(pool, true);
          return task -> lettuce.newThread(() -> {
            threadStart.run();
            task.run();
          });
        })
        .build();
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
    ClusterClientOptions options = ClusterClientOptions.builder()
        .timeoutOptions(TimeoutOptions.enabled(timeout))
        .build();
    RedisClusterClient client = RedisClusterClient.create(seeds);
    client.setOptions(options);
    var conn = client.connect();
    var pubSub = client.connectPubSub();
    return new RedisConnections(client::shutdown, conn.async(), pubSub, () -> {
      pubSub.close();
      conn.close();
    }, redact(uri), true, threadStart -> {
      ClientResources own = ownResources(threadStart);
      RedisClusterClient bulkClient = RedisClusterClient.create(own, seeds);
      bulkClient.setOptions(options);
      var c = bulkClient.connect();
      return new Opened(c.async(), closing(c, bulkClient, own));
    });
  }

  /** True for Redis Cluster (commands spread over shards), false for one master (standalone or via Sentinel). */
  public boolean cluster() {
    return cluster;
  }

  /** The shared command interface (multiplexed; pipelines automatically when many futures are in flight). */
  public RedisClusterAsyncCommands<String, String> commands() {
    return commands;
  }

  /**
   * A command connection for bulk work, opened on first use with a client and I/O thread of its own, closed with
   * the others. The records pipeline reads the event streams here: its replies are ~30 KB each, and on the shared
   * connection every reply is decoded in order on one I/O thread, so the routing scripts' replies would wait
   * behind them.
   */
  public RedisClusterAsyncCommands<String, String> bulkCommands() {
    return bulkCommands(() -> { });
  }

  /**
   * {@link #bulkCommands()}, whose client threads (its I/O thread, which decodes the replies, and Lettuce's
   * computation thread) each run {@code threadStart} first when the first call opens the connection: the records
   * pipeline lowers their CPU priority there to its own. Later calls return the same connection and ignore theirs.
   */
  public synchronized RedisClusterAsyncCommands<String, String> bulkCommands(Runnable threadStart) {
    if (bulk == null) {
      bulk = bulkOpener.apply(threadStart);
    }
    return bulk.commands();
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
      synchronized (this) {
        if (bulk != null) {
          bulk.close().run();
        }
      }
      closeConnections.run();
      client.close();
    } catch (Exception e) {
      // closing on shutdown: nothing left to do with the error
    }
  }
}
