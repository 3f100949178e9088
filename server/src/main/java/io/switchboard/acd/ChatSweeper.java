package io.switchboard.acd;

import io.switchboard.redis.Keys;
import io.switchboard.redis.Lua;
import io.switchboard.redis.RedisConnections;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every {@code chat.sweep-interval-ms} runs {@link ChatRouting#sweep} for each tenant of {@link Keys#TENANTS}: chat
 * offers past their deadline are requeued, and waiting chats are offered to agents that have room again (an agent
 * that becomes available or ends a call). Every node runs one; the script is atomic, so two nodes sweeping at once
 * never offer a chat twice. A round still running when the next tick comes is not overlapped.
 */
public final class ChatSweeper implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChatSweeper.class);

  private final Vertx vertx;
  private final ChatRouting routing;
  private final RedisConnections redis;
  private final Duration every;
  private final AtomicBoolean running = new AtomicBoolean();
  private long timer = -1;

  public ChatSweeper(Vertx vertx, ChatRouting routing, RedisConnections redis, Duration every) {
    this.vertx = vertx;
    this.routing = routing;
    this.redis = redis;
    this.every = every;
  }

  public synchronized ChatSweeper start() {
    if (timer < 0) {
      timer = vertx.setPeriodic(every.toMillis(), id -> tick());
    }
    return this;
  }

  @Override
  public synchronized void close() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  private void tick() {
    if (!running.compareAndSet(false, true)) {
      return;
    }
    Lua.toVertx(redis.commands().smembers(Keys.TENANTS), vertx.getOrCreateContext())
        .compose(tenants -> Future.all(tenants.stream().map(t -> routing.sweep(t)
            .onFailure(e -> LOG.warn("chat.sweep-failed tenant={} error={}", t, e.toString()))
            .recover(e -> Future.succeededFuture(0))).toList()))
        .onComplete(ar -> running.set(false));
  }
}
