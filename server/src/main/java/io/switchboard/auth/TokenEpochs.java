package io.switchboard.auth;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.switchboard.redis.Keys;
import io.switchboard.redis.Lua;
import io.switchboard.redis.RedisConnections;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Revocation of every token of one user at once. Each user has a token epoch in Redis ({@link Keys#tokenEpoch},
 * absent = 0) that every access and refresh token carries as claim {@code ep} from the moment it is issued; a
 * token whose epoch is below the user's current one is revoked. The directory's write scripts raise the epoch
 * when a user is disabled, deleted, gets a new password or other roles ({@code directory-write.lua},
 * {@code directory-delete.lua}), in the same atomic step as the change, and PUBLISH {@code <tenant>/<userId>} on
 * {@link Keys#REVOKED} so every node closes that user's open sockets at once ({@link #listen}).
 *
 * <p>Every bearer check reads the epoch from Redis (one GET, no cache), so a revoked token is refused by every
 * node from the next request on. Pub/sub is at most once: a node that misses a message still refuses the token
 * at the socket's next {@code authenticate}, and at the latest closes it when the token expires.
 *
 * <p>Thread-safe; futures complete on the given context.
 */
public final class TokenEpochs {
  private static final Logger LOG = LoggerFactory.getLogger(TokenEpochs.class);
  // Same effect as the directory scripts' revocation: raise the epoch, tell every node. KEYS[1]: the epoch key.
  private static final Lua REVOKE = Lua.of("token-revoke", """
      local e = redis.call('INCR', KEYS[1])
      redis.call('PUBLISH', ARGV[1], ARGV[2])
      return e
      """);

  private final RedisConnections redis;

  public TokenEpochs(RedisConnections redis) {
    this.redis = redis;
  }

  /** The user's current epoch (0 when it was never raised). */
  public Future<Long> current(Context context, String tenant, String userId) {
    return Lua.toVertx(redis.commands().get(Keys.tokenEpoch(tenant, userId)), context)
        .map(v -> v == null ? 0L : Long.parseLong(v));
  }

  /** Revokes every token the user holds now (for callers other than the directory, e.g. tools and tests). */
  public Future<Long> revoke(Context context, String tenant, String userId) {
    return REVOKE.<Long>run(context, redis.commands(), ScriptOutputType.INTEGER,
        new String[] {Keys.tokenEpoch(tenant, userId)}, Keys.REVOKED, tenant + "/" + userId);
  }

  /**
   * Subscribes to revocations (on the node's shared pub/sub connection); {@code listener} gets tenant and user id
   * on {@code context}. Completes once Redis confirmed the subscription.
   */
  public Future<Void> listen(Context context, BiConsumer<String, String> listener) {
    redis.pubSub().addListener(new RedisPubSubAdapter<>() {
      @Override
      public void message(String channel, String payload) {
        if (!Keys.REVOKED.equals(channel)) {
          return;
        }
        int slash = payload.indexOf('/');
        if (slash <= 0) {
          LOG.warn("revocation.drop why=malformed");
          return;
        }
        context.runOnContext(v -> listener.accept(payload.substring(0, slash), payload.substring(slash + 1)));
      }
    });
    return Lua.toVertx(redis.pubSub().async().subscribe(Keys.REVOKED), context).mapEmpty();
  }
}
