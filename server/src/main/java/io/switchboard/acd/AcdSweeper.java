package io.switchboard.acd;

import io.switchboard.redis.Keys;
import io.switchboard.redis.Lua;
import io.switchboard.redis.RedisConnections;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every {@code intervalMs} runs {@link Acd#sweep} for each tenant listed in {@link Keys#TENANTS}: expired
 * reservations, finished wrap-up timers, calls past their queue's maximum wait. Every node runs one; the
 * scripts are atomic, so nodes sweeping the same tenant at once cannot handle a deadline twice.
 *
 * <p>Also finishes a dead node's calls ({@link #nodeLost}) when the cluster's registry says one died.
 *
 * <p>Threading: runs on the Vert.x context that called {@link #start()} (or a new event-loop context). A
 * round that is still running when the next tick comes is not overlapped: that tick is skipped.
 */
public final class AcdSweeper {
  private static final Logger LOG = LoggerFactory.getLogger(AcdSweeper.class);

  private final Vertx vertx;
  private final Acd acd;
  private final RedisConnections redis;
  private final long intervalMs;
  private final AtomicBoolean running = new AtomicBoolean();
  private volatile long timerId = -1;

  public AcdSweeper(Vertx vertx, Acd acd, RedisConnections redis, long intervalMs) {
    if (intervalMs < 1) {
      throw new IllegalArgumentException("intervalMs must be positive");
    }
    this.vertx = vertx;
    this.acd = acd;
    this.redis = redis;
    this.intervalMs = intervalMs;
  }

  public synchronized void start() {
    if (timerId < 0) {
      timerId = vertx.setPeriodic(intervalMs, id -> tick());
    }
  }

  public synchronized void stop() {
    long id = timerId;
    if (id >= 0) {
      vertx.cancelTimer(id);
      timerId = -1;
    }
  }

  /** One round over every tenant; completes with the number of deadlines handled. */
  public Future<Integer> sweepAll() {
    return Lua.toVertx(redis.commands().smembers(Keys.TENANTS), vertx.getOrCreateContext())
        .compose(this::sweep);
  }

  /**
   * Node {@code deadNode} died: ends, in every tenant, the calls whose SIP leg it held ({@link Acd#nodeLost}).
   * Completes with how many calls ended; fails if any tenant could not be done (the caller retries the whole).
   */
  public Future<Integer> nodeLost(String deadNode) {
    Context context = vertx.getOrCreateContext();
    return Lua.toVertx(redis.commands().smembers(Keys.TENANTS), context).compose(tenants -> {
      List<Future<Acd.NodeLoss>> done = new ArrayList<>(tenants.size());
      for (String tenant : tenants) {
        done.add(acd.nodeLost(tenant, deadNode).onSuccess(n -> {
          if (n.lost() + n.ended() > 0) {
            LOG.info("acd.node-lost node={} tenant={} lost={} ended={}", deadNode, tenant, n.lost(), n.ended());
          }
        }));
      }
      return Future.all(done).map(all -> {
        int total = 0;
        for (int i = 0; i < all.size(); i++) {
          Acd.NodeLoss n = all.resultAt(i);
          total += n.lost() + n.ended();
        }
        return total;
      });
    });
  }

  private void tick() {
    if (!running.compareAndSet(false, true)) {
      return;
    }
    sweepAll().onComplete(ar -> {
      running.set(false);
      if (ar.failed()) {
        LOG.warn("acd sweep failed error={}", ar.cause().toString());
      }
    });
  }

  private Future<Integer> sweep(Set<String> tenants) {
    List<Future<Integer>> rounds = new ArrayList<>(tenants.size());
    for (String tenant : tenants) {
      rounds.add(acd.sweep(tenant).onSuccess(n -> {
        if (n > 0) {
          LOG.debug("acd sweep tenant={} handled={}", tenant, n);
        }
      }).recover(e -> {
        LOG.warn("acd sweep failed tenant={} error={}", tenant, e.toString());
        return Future.succeededFuture(0);
      }));
    }
    return Future.all(rounds).map(all -> {
      int total = 0;
      for (int i = 0; i < all.size(); i++) {
        total += all.<Integer>resultAt(i);
      }
      return total;
    });
  }
}
