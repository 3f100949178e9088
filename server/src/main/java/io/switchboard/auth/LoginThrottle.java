package io.switchboard.auth;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.switchboard.config.LoginLimits;
import io.switchboard.redis.Keys;
import io.switchboard.redis.Lua;
import io.vertx.core.Context;
import io.vertx.core.Future;

/**
 * Limits password guessing by SOURCE (the client's address), never by account alone, so a stranger hammering an
 * account cannot lock its real user out: the user logging in from elsewhere has a budget of their own.
 *
 * <ul>
 *   <li>Per account and source ({@code sb:{t}:auth:fail:<source>/<username>}, hash {n, next}): the first
 *       {@link LoginLimits#backoffAfter} failures are free; each further one makes the next attempt wait
 *       {@link LoginLimits#backoffBase}, doubling; after {@link LoginLimits#maxFailures} the account is locked for
 *       that source for {@link LoginLimits#lockout}. Failures are remembered that long after the last one.</li>
 *   <li>Per source across the tenant's accounts ({@code sb:{t}:auth:src:<source>}, a counter with a fixed window):
 *       at most {@link LoginLimits#sourceMaxFailures} failed attempts per {@link LoginLimits#sourceWindow}, which
 *       stops spraying one guess over many accounts.</li>
 * </ul>
 * Unknown and known user names are counted alike, so the limits tell nothing about which users exist. State is in
 * Redis (in the tenant's slot: one atomic script), shared by all nodes.
 *
 * <p>An attempt is counted BEFORE the password is checked, so parallel guesses cannot slip past a limit; a
 * successful login forgets the account's failures from that source and gives the source its attempt back.
 */
final class LoginThrottle {
  // Returns the attempt number, or -(milliseconds to wait) when refused. Time from the Redis clock, so all
  // nodes agree. KEYS: account+source hash, source counter. ARGV: limits (see LoginLimits), in ms.
  private static final Lua RESERVE = Lua.of("login-reserve", """
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      local maxFailures, lockout = tonumber(ARGV[1]), tonumber(ARGV[2])
      local backoffAfter, base = tonumber(ARGV[3]), tonumber(ARGV[4])
      local srcMax, srcWindow = tonumber(ARGV[5]), tonumber(ARGV[6])
      local function left(key, fallback)
        local ttl = redis.call('PTTL', key)
        if ttl < 1 then redis.call('PEXPIRE', key, fallback); ttl = fallback end
        return ttl
      end
      if tonumber(redis.call('GET', KEYS[2]) or '0') >= srcMax then
        return -left(KEYS[2], srcWindow)
      end
      local n = tonumber(redis.call('HGET', KEYS[1], 'n') or '0')
      if n >= maxFailures then
        return -left(KEYS[1], lockout)
      end
      local nextAt = tonumber(redis.call('HGET', KEYS[1], 'next') or '0')
      if nextAt > now then
        return -(nextAt - now)
      end
      n = n + 1
      local delay = 0
      if n > backoffAfter then
        delay = math.floor(math.min(lockout, base * 2 ^ math.min(40, n - backoffAfter - 1)))
      end
      redis.call('HSET', KEYS[1], 'n', n, 'next', now + delay)
      redis.call('PEXPIRE', KEYS[1], lockout)
      if redis.call('INCR', KEYS[2]) == 1 then redis.call('PEXPIRE', KEYS[2], srcWindow) end
      return n
      """);

  // After a success: forget the account's failures from this source, give the source its attempt back.
  private static final Lua RESET = Lua.of("login-reset", """
      redis.call('DEL', KEYS[1])
      if tonumber(redis.call('GET', KEYS[2]) or '0') > 0 then redis.call('DECR', KEYS[2]) end
      return 1
      """);

  private final RedisClusterAsyncCommands<String, String> redis;
  private final LoginLimits limits;

  LoginThrottle(RedisClusterAsyncCommands<String, String> redis, LoginLimits limits) {
    this.redis = redis;
    this.limits = limits;
  }

  /** Counts one attempt; fails with {@link TooManyAttemptsException} (carrying the wait) when refused. */
  Future<Void> reserve(Context context, String tenant, String username, String source) {
    return RESERVE.<Long>run(context, redis, ScriptOutputType.INTEGER, keys(tenant, username, source),
            String.valueOf(limits.maxFailures()), String.valueOf(limits.lockout().toMillis()),
            String.valueOf(limits.backoffAfter()), String.valueOf(limits.backoffBase().toMillis()),
            String.valueOf(limits.sourceMaxFailures()), String.valueOf(limits.sourceWindow().toMillis()))
        .compose(n -> n > 0
            ? Future.<Void>succeededFuture()
            : Future.failedFuture(new TooManyAttemptsException(Math.max(1, (-n + 999) / 1000))));
  }

  /** Forgets the failures after a successful login. */
  Future<Void> reset(Context context, String tenant, String username, String source) {
    return RESET.<Long>run(context, redis, ScriptOutputType.INTEGER, keys(tenant, username, source)).mapEmpty();
  }

  private static String[] keys(String tenant, String username, String source) {
    return new String[] {key(tenant, username, source), sourceKey(tenant, source)};
  }

  static String key(String tenant, String username, String source) {
    // source first: an address never contains '/', so no user name can make two pairs share a key
    return Keys.tenant(tenant) + ":auth:fail:" + source + "/" + username;
  }

  static String sourceKey(String tenant, String source) {
    return Keys.tenant(tenant) + ":auth:src:" + source;
  }
}
