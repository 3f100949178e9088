package io.switchboard.acd;

import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.switchboard.redis.Keys;
import io.switchboard.redis.RedisConnections;
import io.switchboard.support.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * One "node" for ACD tests: its own Vert.x, Redis connections and {@link RedisAcd}, plus helpers that write
 * directory documents the way the directory does (plain SETs of JSON) and record every message published to
 * the node's channel. Blocking helpers are for JUnit threads only.
 */
final class AcdFixture implements AutoCloseable {
  final String nodeId;
  final Vertx vertx;
  final RedisConnections redis;
  final RedisAcd acd;
  /** Every message published to this node's channel, in order (see {@link #delivered()}). */
  final List<JsonObject> published = new CopyOnWriteArrayList<>();
  /** The same messages as the text that was published, for the bus codec (AcdBusContractIT). */
  final List<String> publishedText = new CopyOnWriteArrayList<>();
  private final List<String> markers = new CopyOnWriteArrayList<>();

  AcdFixture(String nodeId, Clock clock, AcdOptions options) {
    this.nodeId = nodeId;
    this.vertx = Vertx.vertx();
    this.redis = TestRedis.connect();
    this.acd = new RedisAcd(vertx, redis, options, clock);
    redis.pubSub().addListener(new RedisPubSubAdapter<>() {
      @Override
      public void message(String channel, String message) {
        JsonObject m = new JsonObject(message);
        if (m.containsKey("marker")) {
          markers.add(m.getString("marker"));
        } else {
          published.add(m);
          publishedText.add(message);
        }
      }
    });
    await(redis.pubSub().async().subscribe(Keys.nodeChannel(nodeId)));
  }

  AcdFixture(String nodeId, Clock clock) {
    this(nodeId, clock, AcdOptions.defaults(nodeId));
  }

  RedisClusterAsyncCommands<String, String> r() {
    return redis.commands();
  }

  static <T> T await(java.util.concurrent.CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  void queue(String tenant, String id, JsonObject extra) {
    JsonObject doc = new JsonObject().put("id", id).put("name", id).put("version", 1).mergeIn(extra);
    await(r().set(Keys.directory(tenant, "queue", id), doc.encode()));
    await(r().zadd(Keys.directoryIndex(tenant, "queue"), 0, id));
  }

  void agent(String tenant, String id, Map<String, Integer> skills, List<String> languages, List<String> queues) {
    agentDoc(tenant, id, new JsonObject()
        .put("skills", new JsonObject(Map.copyOf(skills)))
        .put("languages", new JsonArray(languages))
        .put("queues", new JsonArray(queues)));
  }

  void agentDoc(String tenant, String id, JsonObject extra) {
    JsonObject doc = new JsonObject()
        .put("id", id).put("username", id).put("displayName", id.toUpperCase())
        .put("roles", new JsonArray().add("agent")).put("skills", new JsonObject())
        .put("languages", new JsonArray().add("en")).put("team", "t1").put("region", "eu")
        .put("queues", new JsonArray()).put("enabled", true).put("version", 1)
        .mergeIn(extra);
    await(r().set(Keys.directory(tenant, "agent", id), doc.encode()));
  }

  /** Ids of the waiting calls of a queue, best first. */
  List<String> waiting(String tenant, String queue) {
    return await(r().zrange(Keys.tenant(tenant) + ":acd:q:" + queue + ":waiting", 0, -1));
  }

  Map<String, String> callHash(String tenant, String callId) {
    return await(r().hgetall(Keys.tenant(tenant) + ":acd:call:" + callId));
  }

  List<StreamMessage<String, String>> events(String tenant) {
    return await(r().xrange(Keys.events(tenant), Range.create("-", "+")));
  }

  /** Every key of the tenant with a dump of its value: equal snapshots mean nothing was written. */
  Map<String, String> snapshot(String tenant) {
    Map<String, String> out = new TreeMap<>();
    for (String key : await(r().keys(Keys.tenant(tenant) + "*"))) {
      byte[] dump = await(redis.commands().dump(key));
      out.put(key, dump == null ? "" : java.util.HexFormat.of().formatHex(dump));
    }
    return out;
  }

  /**
   * Waits until every message published to this node's channel so far has reached {@link #published}:
   * publishes a marker after them and waits for it (Redis delivers one channel's messages in order).
   */
  AcdFixture delivered() {
    String marker = java.util.UUID.randomUUID().toString();
    await(r().publish(Keys.nodeChannel(nodeId), new JsonObject().put("marker", marker).encode()));
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!markers.contains(marker)) {
      if (System.nanoTime() > until) {
        throw new AssertionError("pub/sub marker not delivered within 5 s");
      }
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    return this;
  }

  /** Messages of {@code type} published to this node for {@code agentId}, once all sent so far arrived. */
  List<JsonObject> messages(String agentId, String type) {
    delivered();
    List<JsonObject> out = new ArrayList<>();
    for (JsonObject m : published) {
      if (agentId.equals(m.getString("agentId")) && type.equals(m.getJsonObject("message").getString("type"))) {
        out.add(m.getJsonObject("message"));
      }
    }
    return out;
  }

  @Override
  public void close() {
    redis.close();
    vertx.close().await();
  }
}
