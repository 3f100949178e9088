package io.switchboard.auth;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.switchboard.redis.Keys;
import io.switchboard.redis.Lua;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Duration;

/**
 * Server-side state of refresh tokens, which makes them one-time and revocable.
 *
 * <pre>
 * sb:{t}:auth:refresh:&lt;jti&gt;   "live" until used, then "used" (same TTL as the token)
 * sb:{t}:auth:family:&lt;fam&gt;    "revoked": every refresh token descending from one login is dead
 *
 *   login ──► live ──refresh──► used ──refresh again (reuse = theft?)──► family revoked
 *               │                                                        (the thief's or the user's newer
 *               └──logout──► deleted + family revoked                      token dies too: log in again)
 * </pre>
 * A family key lives as long as a refresh token, which is enough: every token of the family was issued before
 * the revocation and expires within one refresh TTL of it.
 */
final class RefreshSessions {
  enum Outcome { CONSUMED, UNKNOWN, REUSED }

  // 1 consumed, 0 unknown/expired/revoked, -1 reuse detected (family now revoked)
  private static final Lua CONSUME = Lua.of("refresh-consume", """
      if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
      local v = redis.call('GET', KEYS[1])
      if v == 'live' then
        redis.call('SET', KEYS[1], 'used', 'KEEPTTL')
        return 1
      end
      if v == 'used' then
        redis.call('SET', KEYS[2], 'revoked', 'EX', ARGV[1])
        return -1
      end
      return 0
      """);

  private static final Lua REVOKE = Lua.of("refresh-revoke", """
      redis.call('SET', KEYS[2], 'revoked', 'EX', ARGV[1])
      return redis.call('DEL', KEYS[1])
      """);

  private final RedisClusterAsyncCommands<String, String> redis;
  private final Duration ttl;

  RefreshSessions(RedisClusterAsyncCommands<String, String> redis, Duration ttl) {
    this.redis = redis;
    this.ttl = ttl;
  }

  /** Records a newly issued refresh token as usable once. */
  Future<Void> remember(Context context, String tenant, String jti) {
    return Lua.toVertx(redis.set(tokenKey(tenant, jti), "live", SetArgs.Builder.ex(ttl.toSeconds())), context)
        .mapEmpty();
  }

  /** Marks the token used; tells whether it was live, unknown, or already used (then its family is revoked). */
  Future<Outcome> consume(Context context, String tenant, String jti, String family) {
    return CONSUME.<Long>run(context, redis, ScriptOutputType.INTEGER,
            new String[] {tokenKey(tenant, jti), familyKey(tenant, family)}, familyTtl())
        .map(r -> r == 1 ? Outcome.CONSUMED : r == -1 ? Outcome.REUSED : Outcome.UNKNOWN);
  }

  /** Logout: the token and every other token of its family stop working. Idempotent. */
  Future<Void> revoke(Context context, String tenant, String jti, String family) {
    return REVOKE.<Long>run(context, redis, ScriptOutputType.INTEGER,
            new String[] {tokenKey(tenant, jti), familyKey(tenant, family)}, familyTtl())
        .mapEmpty();
  }

  private String familyTtl() {
    return String.valueOf(ttl.toSeconds() + 60);
  }

  static String tokenKey(String tenant, String jti) {
    return Keys.tenant(tenant) + ":auth:refresh:" + jti;
  }

  static String familyKey(String tenant, String family) {
    return Keys.tenant(tenant) + ":auth:family:" + family;
  }
}
