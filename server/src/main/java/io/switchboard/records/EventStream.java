package io.switchboard.records;

import io.lettuce.core.Consumer;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.switchboard.redis.Keys;
import io.switchboard.redis.Lua;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The Redis side of the pipeline: the tenants' event streams read through the consumer group {@value #GROUP}.
 * Every method blocks until Redis answers (or throws): call them from the pipeline's thread only, never from an
 * event loop. Each command names one stream, so it works the same on one Redis and on a Cluster (each stream lives
 * in its tenant's slot).
 */
public final class EventStream {
  /** The consumer group every node's pipeline reads in. */
  public static final String GROUP = "records";
  /**
   * On Redis 6.2 (no "lag" in XINFO GROUPS) the undelivered entries are counted one by one, up to this many: the
   * count holds Redis (and so the live call path's scripts) for its length, so the lag shown there is a lower
   * bound past it.
   */
  static final int LAG_COUNT_CAP = 1_000;
  private static final Lua TRIM = Lua.resource("records-trim");
  private static final Lua LAG = Lua.resource("records-lag");
  private static final long WAIT_SECONDS = 30;

  private final RedisClusterAsyncCommands<String, String> redis;
  private final Consumer<String> consumer;

  /** @param consumerName this node's name in the group (its node id) */
  public EventStream(RedisClusterAsyncCommands<String, String> redis, String consumerName) {
    this.redis = redis;
    this.consumer = Consumer.from(GROUP, consumerName);
  }

  /** Every tenant id. */
  public Set<String> tenants() throws Exception {
    return await(redis.smembers(Keys.TENANTS));
  }

  /** Creates the group on the tenant's stream (from its first entry: the whole history is recorded) if missing. */
  public void ensureGroup(String tenant) throws Exception {
    try {
      await(redis.xgroupCreate(XReadArgs.StreamOffset.from(Keys.events(tenant), "0-0"), GROUP,
          XGroupCreateArgs.Builder.mkstream(true)));
    } catch (io.lettuce.core.RedisCommandExecutionException e) {
      if (e.getMessage() == null || !e.getMessage().startsWith("BUSYGROUP")) {
        throw e;
      }
      // another node made it first
    }
  }

  /**
   * Takes over up to {@code count} entries another consumer (or this one, in a previous run) read but has not
   * acknowledged for {@code minIdle}. Entries the stream lost meanwhile (trimmed by its length cap) come back with a
   * null body.
   */
  public List<StreamMessage<String, String>> claim(String tenant, Duration minIdle, int count) throws Exception {
    return await(redis.xautoclaim(Keys.events(tenant), new XAutoClaimArgs<String>().consumer(consumer)
        .minIdleTime(minIdle).startId("0-0").count(count))).getMessages();
  }

  /** Up to {@code count} entries nobody has read yet, now pending for this consumer. */
  public List<StreamMessage<String, String>> read(String tenant, int count) throws Exception {
    return await(redis.xreadgroup(consumer, XReadArgs.Builder.count(count),
        XReadArgs.StreamOffset.lastConsumed(Keys.events(tenant))));
  }

  /**
   * Acknowledges {@code ids} in commands of at most {@code chunk} ids, all sent before the first reply is awaited
   * (one round trip, not one per command; Redis still runs each command on its own, so none holds it long). Returns
   * how many were still pending.
   */
  public long ack(String tenant, List<String> ids, int chunk) throws Exception {
    List<CompletionStage<Long>> sent = new ArrayList<>();
    for (int from = 0; from < ids.size(); from += chunk) {
      List<String> part = ids.subList(from, Math.min(ids.size(), from + chunk));
      sent.add(redis.xack(Keys.events(tenant), GROUP, part.toArray(String[]::new)));
    }
    long acked = 0;
    for (CompletionStage<Long> s : sent) {
      acked += await(s);
    }
    return acked;
  }

  /**
   * Removes the entries every group has acknowledged and that are older than {@code keepSinceMillis} (epoch ms):
   * recorded events stay in Redis for a while for the stream's other readers. Returns how many were removed.
   */
  public long trim(String tenant, long keepSinceMillis) throws Exception {
    String[] keys = {Keys.events(tenant)};
    Long removed = await(TRIM.<Long>run(redis, ScriptOutputType.INTEGER, keys,
        Math.max(0, keepSinceMillis) + "-0"));
    return removed == null ? 0 : removed;
  }

  /** What is not recorded yet on one tenant's stream. */
  public record Lag(long pending, long undelivered, String oldestId) {
    public long events() {
      return pending + undelivered;
    }

    /** Epoch ms of the oldest unrecorded entry (its id's time), or -1 when there is none. */
    public long oldestMillis() {
      return oldestId.isEmpty() ? -1 : Long.parseLong(oldestId.substring(0, oldestId.indexOf('-')));
    }
  }

  public Lag lag(String tenant) throws Exception {
    List<Object> r = await(LAG.<List<Object>>run(redis, ScriptOutputType.MULTI, new String[] {Keys.events(tenant)},
        GROUP, String.valueOf(LAG_COUNT_CAP)));
    return new Lag(((Number) r.get(0)).longValue(), ((Number) r.get(1)).longValue(), String.valueOf(r.get(2)));
  }

  /** Entry ids of {@code messages}. */
  static List<String> ids(List<StreamMessage<String, String>> messages) {
    List<String> ids = new ArrayList<>(messages.size());
    messages.forEach(m -> ids.add(m.getId()));
    return ids;
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    try {
      return stage.toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception ex ? ex : e;
    }
  }
}
