package io.switchboard.redis;

import io.lettuce.core.RedisException;
import java.util.concurrent.TimeoutException;

/**
 * Tells a Redis outage (connection lost, command timed out) from other failures, for layers that answer
 * "unavailable, retry" without knowing the Redis client (signaling's error replies).
 */
public final class RedisFailures {
  private RedisFailures() {}

  public static boolean isUnavailable(Throwable e) {
    return e instanceof RedisException || e instanceof TimeoutException;
  }
}
