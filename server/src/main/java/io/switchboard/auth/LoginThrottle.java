package io.switchboard.auth;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.switchboard.redis.Keys;
import io.switchboard.redis.Lua;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Duration;

/**
 * Limits password guessing per tenant and user name: after {@link #MAX_FAILURES} failed logins within
 * {@link #WINDOW} (a fixed window opened by the first failure) every attempt is refused with 429 until the
 * window closes, even one with the right password. Unknown and known user names are counted alike, so the
 * limit tells nothing about which users exist. Counters live in Redis ({@code sb:{t}:auth:fail:<username>}),
 * shared by all nodes.
 *
 * <p>An attempt is counted BEFORE the password is checked (atomically), so parallel guesses cannot slip past
 * the limit; a successful login clears the counter.
 */
final class LoginThrottle {
  static final int MAX_FAILURES = 10;
  static final Duration WINDOW = Duration.ofMinutes(5);

  // Returns the attempt number, or -(milliseconds left) when the limit is reached.
  private static final Lua RESERVE = Lua.of("login-reserve", """
      local n = redis.call('INCR', KEYS[1])
      if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
      if n > tonumber(ARGV[1]) then
        local t = redis.call('PTTL', KEYS[1])
        if t < 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]); t = tonumber(ARGV[2]) end
        return -t
      end
      return n
      """);

  private final RedisClusterAsyncCommands<String, String> redis;

  LoginThrottle(RedisClusterAsyncCommands<String, String> redis) {
    this.redis = redis;
  }

  /** Counts one attempt; fails with {@link TooManyAttemptsException} when over the limit. */
  Future<Void> reserve(Context context, String tenant, String username) {
    return RESERVE.<Long>run(context, redis, ScriptOutputType.INTEGER, new String[] {key(tenant, username)},
            String.valueOf(MAX_FAILURES), String.valueOf(WINDOW.toMillis()))
        .compose(n -> n > 0
            ? Future.<Void>succeededFuture()
            : Future.failedFuture(new TooManyAttemptsException(Math.max(1, (-n + 999) / 1000))));
  }

  /** Forgets the failures after a successful login. */
  Future<Void> reset(Context context, String tenant, String username) {
    return Lua.toVertx(redis.del(key(tenant, username)), context).mapEmpty();
  }

  static String key(String tenant, String username) {
    return Keys.tenant(tenant) + ":auth:fail:" + username;
  }
}
