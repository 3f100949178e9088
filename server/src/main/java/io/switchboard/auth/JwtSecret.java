package io.switchboard.auth;

import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.redis.Lua;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the HS256 signing secret comes from: {@code auth.jwt.secret} (env {@code SWITCHBOARD_AUTH_JWT_SECRET})
 * when set, which is what production should do; otherwise a random 256-bit secret created once in Redis with
 * {@code SET NX}, so every node of a cluster signs and verifies with the same key. Anyone who can read that
 * Redis key can forge tokens, which is acceptable for a demo or a private Redis only.
 */
final class JwtSecret {
  static final String REDIS_KEY = "sb:config:jwt-secret";
  private static final Logger LOG = LoggerFactory.getLogger(JwtSecret.class);

  private JwtSecret() {}

  /** Completes on {@code context} with the secret; never logs it. */
  static Future<String> resolve(SwitchboardConfig config, RedisClusterAsyncCommands<String, String> redis,
      Context context, SecureRandom random) {
    if (config.jwtSecret().isPresent()) {
      LOG.info("jwt secret source=config");
      return Future.succeededFuture(config.jwtSecret().get());
    }
    LogGuard.apply(); // before the secret is first read from Redis
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String candidate = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    return Lua.toVertx(redis.set(REDIS_KEY, candidate, SetArgs.Builder.nx()), context)
        .compose(ok -> Lua.toVertx(redis.get(REDIS_KEY), context).map(stored -> {
          if (stored == null || stored.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new IllegalStateException("Redis key " + REDIS_KEY + " does not hold a usable JWT secret");
          }
          LOG.warn("jwt secret source=redis key={} created={}: auth.jwt.secret is not set; set "
              + "SWITCHBOARD_AUTH_JWT_SECRET (32+ bytes) in production", REDIS_KEY, "OK".equals(ok));
          return stored;
        }));
  }
}
