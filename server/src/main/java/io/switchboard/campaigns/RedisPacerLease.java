package io.switchboard.campaigns;

import io.lettuce.core.ScriptOutputType;
import io.switchboard.redis.Keys;
import io.switchboard.redis.Lua;
import io.switchboard.redis.RedisConnections;
import java.util.concurrent.TimeUnit;

/**
 * {@link PacerLease} in Redis: key {@code sb:{tenant}:campaign:<id>:pacer} holds the pacing node's id and expires
 * after {@code ttlMs} unless that node renews it (SET NX PX, or PEXPIRE by its holder, in one script). Blocking (waits
 * for Redis at most {@code timeoutMs}); thread-safe.
 */
public final class RedisPacerLease implements PacerLease {
  private static final Lua HOLD = Lua.of("campaign-lease", """
      local v = redis.call('GET', KEYS[1])
      if not v then
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        return 1
      end
      if v == ARGV[1] then
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        return 1
      end
      return 0
      """);

  private final RedisConnections redis;
  private final String nodeId;
  private final long ttlMs;
  private final long timeoutMs;

  public RedisPacerLease(RedisConnections redis, String nodeId, long ttlMs, long timeoutMs) {
    this.redis = redis;
    this.nodeId = nodeId;
    this.ttlMs = ttlMs;
    this.timeoutMs = timeoutMs;
  }

  /** The lease's key. */
  static String key(String tenant, String campaignId) {
    return Keys.tenant(tenant) + ":campaign:" + campaignId + ":pacer";
  }

  @Override
  public boolean hold(String tenant, String campaignId) throws Exception {
    Long held = HOLD.<Long>run(redis.commands(), ScriptOutputType.INTEGER, new String[] {key(tenant, campaignId)},
        nodeId, Long.toString(ttlMs)).toCompletableFuture().get(timeoutMs, TimeUnit.MILLISECONDS);
    return held != null && held == 1L;
  }
}
