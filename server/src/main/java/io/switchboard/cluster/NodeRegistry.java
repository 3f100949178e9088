package io.switchboard.cluster;

import io.lettuce.core.Range;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.switchboard.redis.Keys;
import io.switchboard.redis.Lua;
import io.switchboard.redis.RedisConnections;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's member list in Redis, and cleanup after a member dies.
 *
 * <p>Each node ZADDs its id into {@link Keys#NODES} with score = its clock's epoch ms every
 * {@code heartbeatMs}. On each beat it also looks for nodes whose last beat is older than {@code ttlMs};
 * for each, it tries to claim the cleanup with {@code SET sb:node:<id>:cleanup <me> NX PX}; the one
 * survivor that wins re-checks the node is still stale, runs the {@link Cleanup} callback with the dead
 * node's agents ({@code sb:node:<id>:agents}), and only when that succeeded removes the node. A failed
 * cleanup releases the claim, so a survivor retries on a later beat. Node clocks must agree to well within
 * {@code ttlMs} (NTP), since scores written by one node are compared with another's clock.
 *
 * <p>Threading: timers and callbacks run on the context captured at construction.
 */
public final class NodeRegistry {
  private static final Logger log = LoggerFactory.getLogger(NodeRegistry.class);
  private static final long CLAIM_TTL_MS = 60_000;

  /**
   * What survivors do for a dead node (its calls and its agents; {@code agents} may be empty); the future must
   * complete once the ACD is done with both. Also run at start for this node's own id, for what a previous run
   * under the same id left behind.
   */
  @FunctionalInterface
  public interface Cleanup {
    Future<Void> cleanUp(String deadNodeId, List<AgentRef> agents);
  }

  private final Vertx vertx;
  private final Context context;
  private final RedisClusterAsyncCommands<String, String> redis;
  private final String nodeId;
  private final String region;
  private final long heartbeatMs;
  private final long ttlMs;
  private final Clock clock;
  private volatile Cleanup cleanup = (dead, agents) -> Future.succeededFuture();
  private volatile Rejoin rejoin = reason -> { };
  /** The master's run_id as last seen (standalone or Sentinel); null until read, unused on Redis Cluster. */
  private String masterRunId;
  private final boolean watchMaster;
  private volatile List<NodeInfo> live = List.of();
  private long timerId = -1;
  private boolean ticking;
  private long startedMs;
  /** When the last beat reached Redis (-1: none yet); context only. */
  private long lastBeatOkMs = -1;
  /** No dead-node sweep before this (after a gap in our own beats); context only. */
  private long sweepNotBeforeMs;

  public NodeRegistry(
      Vertx vertx, RedisConnections redis, String nodeId, String region, long heartbeatMs, long ttlMs, Clock clock) {
    if (heartbeatMs <= 0 || ttlMs <= heartbeatMs) {
      throw new IllegalArgumentException("need 0 < heartbeatMs < ttlMs, got " + heartbeatMs + " and " + ttlMs);
    }
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.redis = redis.commands();
    this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
    this.region = Objects.requireNonNull(region, "region");
    this.heartbeatMs = heartbeatMs;
    this.ttlMs = ttlMs;
    this.clock = clock;
    this.watchMaster = !redis.cluster();
  }

  /**
   * What this node does when the shared state may no longer match what it holds: {@link Reason#RESURRECTED} (the
   * survivors took it for dead: a long pause or a cut from Redis, and finished its work) or
   * {@link Reason#REDIS_REPLACED} (the Redis master changed, e.g. a Sentinel failover, and replication is
   * asynchronous, so the new master may lack the last writes).
   */
  @FunctionalInterface
  public interface Rejoin {
    void rejoin(Reason reason);
  }

  /**
   * Why {@link Rejoin} runs; {@link #BUS_RESUBSCRIBED} comes from {@link NodeBus#onResubscribed}: messages to this
   * node (a call ended by its agent, say) may have been lost while its subscription was down.
   */
  public enum Reason { RESURRECTED, REDIS_REPLACED, BUS_RESUBSCRIBED }

  /** Sets what runs when this node must make the shared state agree with it again. */
  public NodeRegistry onRejoin(Rejoin r) {
    this.rejoin = Objects.requireNonNull(r);
    return this;
  }

  /** Sets what survivors run for a dead node (the node wires {@code acd.disconnected} per agent). */
  public NodeRegistry onDeadNode(Cleanup c) {
    this.cleanup = Objects.requireNonNull(c);
    return this;
  }

  /**
   * Registers this node (info hash and a first beat) and starts the heartbeat. Leftovers of a previous
   * run under the same node id (agents of sockets that died with it) are cleaned up first.
   */
  public Future<Void> start() {
    startedMs = clock.millis();
    return on(() -> cleanUpNode(nodeId))
        .compose(v -> await(redis.hset(ClusterKeys.info(nodeId), Map.of(
            "region", region, "started", Long.toString(startedMs)))))
        .compose(v -> beat())
        .compose(v -> watchMaster())
        .compose(v -> refresh())
        .onSuccess(v -> {
          timerId = vertx.setPeriodic(heartbeatMs, id -> tick());
          log.info("cluster.registered node={} region={} heartbeatMs={} ttlMs={}", nodeId, region, heartbeatMs, ttlMs);
        })
        .mapEmpty();
  }

  /** Stops beating and removes this node from the registry (a clean shutdown: nothing for survivors to do). */
  public Future<Void> stop() {
    return on(() -> {
      if (timerId >= 0) {
        vertx.cancelTimer(timerId);
        timerId = -1;
      }
      return await(redis.zrem(Keys.NODES, nodeId))
          .compose(v -> await(redis.del(ClusterKeys.info(nodeId), ClusterKeys.agents(nodeId))))
          .onSuccess(v -> log.info("cluster.left node={}", nodeId))
          .mapEmpty();
    });
  }

  /** Stops beating without deregistering: what a crash looks like to the survivors (tests). */
  void halt() {
    context.runOnContext(v -> {
      if (timerId >= 0) {
        vertx.cancelTimer(timerId);
        timerId = -1;
      }
    });
  }

  /** Live nodes (this one included) as of the last heartbeat; never blocks. */
  public List<NodeInfo> liveNodes() {
    return live;
  }

  /** Reads the live nodes from Redis now and updates {@link #liveNodes()}. */
  public Future<List<NodeInfo>> refresh() {
    long cutoff = clock.millis() - ttlMs;
    return this.<List<ScoredValue<String>>>await(
            redis.zrangebyscoreWithScores(Keys.NODES, Range.create((double) cutoff, Double.POSITIVE_INFINITY)))
        .compose(scored -> {
          List<Future<NodeInfo>> infos = new ArrayList<>();
          for (ScoredValue<String> sv : scored) {
            String id = sv.getValue();
            long beat = (long) sv.getScore();
            infos.add(this.<Map<String, String>>await(redis.hgetall(ClusterKeys.info(id))).map(h -> new NodeInfo(
                id, h.getOrDefault("region", ""), parseLong(h.get("started")), beat)));
          }
          return Future.all(infos).map(all -> {
            List<NodeInfo> list = all.<NodeInfo>list();
            live = List.copyOf(list);
            return live;
          });
        });
  }

  /**
   * One detection pass: claims and cleans up every node whose beat is older than the TTL. Completes with
   * how many nodes this node cleaned up. Runs on every beat; public so tests and operators can force one.
   */
  public Future<Integer> sweepDeadNodes() {
    long cutoff = clock.millis() - ttlMs;
    return on(() -> this.<List<String>>await(
            redis.zrangebyscore(Keys.NODES, Range.create(Double.NEGATIVE_INFINITY, (double) cutoff)))
        .compose(dead -> {
          List<Future<Boolean>> claims = new ArrayList<>();
          for (String id : dead) {
            if (!id.equals(nodeId)) {
              claims.add(claimAndClean(id, cutoff));
            }
          }
          return Future.all(claims).map(all -> (int) all.<Boolean>list().stream().filter(b -> b).count());
        }));
  }

  private void tick() {
    if (ticking) {
      return; // the previous beat is still waiting on Redis; don't pile up
    }
    ticking = true;
    long now = clock.millis();
    if (lastBeatOkMs >= 0 && now - lastBeatOkMs > ttlMs) {
      // we could not beat for a TTL (Redis away, or this node paused): neither could the others, so their old
      // scores say nothing yet; give every node one TTL of beats before taking anyone for dead
      sweepNotBeforeMs = now + ttlMs;
    }
    beat().onSuccess(v -> lastBeatOkMs = now)
        .compose(v -> watchMaster())
        .compose(v -> clock.millis() < sweepNotBeforeMs ? Future.succeededFuture(0) : sweepDeadNodes())
        .compose(n -> refresh())
        .onFailure(e -> log.warn("cluster.beat-failed node={} error={}", nodeId, e.toString()))
        .onComplete(ar -> ticking = false);
  }

  private Future<Void> beat() {
    return this.<Long>await(redis.zadd(Keys.NODES, (double) clock.millis(), nodeId)).compose(added -> {
      if (added == 1L && timerId >= 0) {
        // we were beating, yet our entry was gone: survivors took us for dead (a long pause?) and
        // disconnected our agents in the ACD. Re-register; agents must set their state again.
        log.warn("cluster.resurrected node={} why=declared-dead-by-survivors", nodeId);
        return await(redis.hset(ClusterKeys.info(nodeId), Map.of(
            "region", region, "started", Long.toString(startedMs))))
            .onSuccess(v -> fire(Reason.RESURRECTED)).mapEmpty();
      }
      return Future.succeededFuture();
    });
  }

  /** Notices a new Redis master by its run_id (a failover, or a restart that may have lost data). */
  private Future<Void> watchMaster() {
    if (!watchMaster) {
      return Future.succeededFuture();
    }
    return this.<String>await(redis.info("server")).map(info -> {
      String runId = runId(info);
      String before = masterRunId;
      masterRunId = runId;
      if (before != null && runId != null && !before.equals(runId)) {
        log.warn("cluster.redis-replaced node={} why=master-run-id-changed", nodeId);
        fire(Reason.REDIS_REPLACED);
      }
      return null;
    });
  }

  static String runId(String info) {
    for (String line : info.split("\r?\n")) {
      if (line.startsWith("run_id:")) {
        return line.substring("run_id:".length()).trim();
      }
    }
    return null;
  }

  private void fire(Reason reason) {
    try {
      rejoin.rejoin(reason);
    } catch (RuntimeException e) {
      log.error("cluster.rejoin-failed node={} reason={}", nodeId, reason, e);
    }
  }

  private Future<Boolean> claimAndClean(String dead, long cutoff) {
    String lock = ClusterKeys.cleanupLock(dead);
    return this.<String>await(redis.set(lock, nodeId, SetArgs.Builder.nx().px(CLAIM_TTL_MS))).compose(ok -> {
      if (!"OK".equals(ok)) {
        return Future.succeededFuture(false); // another survivor has it
      }
      return this.<Double>await(redis.zscore(Keys.NODES, dead)).compose(score -> {
        if (score == null || score > cutoff) {
          // removed or beating again since we listed it: nothing to clean
          return await(redis.del(lock)).map(false);
        }
        return cleanUpNode(dead)
            .compose(v -> await(redis.zrem(Keys.NODES, dead)))
            .compose(v -> await(redis.del(ClusterKeys.info(dead), lock)))
            .map(true)
            .recover(e -> {
              log.error("cluster.cleanup-failed dead={} by={} error={}", dead, nodeId, e.toString());
              return await(redis.del(lock)).map(false);
            });
      });
    });
  }

  /**
   * Runs the callback for {@code node} with its agent set (also when empty: the node's calls must end too), then
   * deletes the set.
   */
  private Future<Void> cleanUpNode(String node) {
    String key = ClusterKeys.agents(node);
    return this.<java.util.Set<String>>await(redis.smembers(key)).compose(members -> {
      List<AgentRef> agents = new ArrayList<>();
      for (String m : members) {
        AgentRef ref = ClusterKeys.parseMember(m);
        if (ref != null) {
          agents.add(ref);
        }
      }
      log.info("cluster.cleanup node={} by={} agents={}", node, nodeId, agents.size());
      return cleanup.cleanUp(node, List.copyOf(agents)).compose(v -> await(redis.del(key))).mapEmpty();
    });
  }

  private <T> Future<T> await(CompletionStage<T> stage) {
    return Lua.toVertx(stage, context);
  }

  /** Runs {@code work} on this registry's context (callers may be on any thread). */
  private <T> Future<T> on(java.util.function.Supplier<Future<T>> work) {
    if (Vertx.currentContext() == context) {
      return work.get();
    }
    io.vertx.core.Promise<T> p = io.vertx.core.Promise.promise();
    context.runOnContext(v -> work.get().onComplete(p));
    return p.future();
  }

  private static long parseLong(String s) {
    try {
      return s == null ? 0 : Long.parseLong(s);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
