package io.switchboard.auth;

import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.switchboard.redis.Keys;
import io.switchboard.redis.Lua;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Service tokens: long-lived API keys for automation (Terraform, scripts), one tenant each.
 *
 * <p>Format {@code sbk_<tenant>_<id>_<secret>}: {@code id} is 16 hex digits, {@code secret} 32 random bytes in
 * base64url (43 characters). The token is shown once, at creation; Redis keeps only SHA-256 of the secret
 * (enough for a 256-bit random secret, unlike a password, and cheap enough to check on every request):
 * <pre>
 * sb:{t}:svc:&lt;id&gt;   hash {name, roles (comma-separated wire names), hash (hex SHA-256), createdAt (ISO-8601)}
 * sb:{t}:svc        set of the tenant's token ids
 * </pre>
 * Thread-safe. Every method completes on the given Vert.x context.
 */
public final class ServiceTokens {
  public static final String PREFIX = "sbk_";
  private static final Pattern FORMAT =
      Pattern.compile("sbk_([a-z0-9][a-z0-9-]{0,62})_([0-9a-f]{16})_([A-Za-z0-9_-]{43})");
  private static final Pattern ID = Pattern.compile("[0-9a-f]{16}");

  /** A token as listed: never its secret. */
  public record Info(String id, String name, Set<Role> roles, Instant createdAt) {
    public Info {
      roles = Set.copyOf(roles);
    }
  }

  /** A new token; {@code token} is the only copy of the secret there will ever be. */
  public record Created(Info info, String token) {
    @Override
    public String toString() {
      return "Created[" + info + ", token=***]";
    }
  }

  private static final Lua CREATE = Lua.of("svc-create", """
      if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
      redis.call('HSET', KEYS[1], 'name', ARGV[1], 'roles', ARGV[2], 'hash', ARGV[3], 'createdAt', ARGV[4])
      redis.call('SADD', KEYS[2], ARGV[5])
      return 1
      """);

  private static final Lua REVOKE = Lua.of("svc-revoke", """
      redis.call('SREM', KEYS[2], ARGV[1])
      return redis.call('DEL', KEYS[1])
      """);

  private final RedisClusterAsyncCommands<String, String> redis;
  private final Clock clock;
  private final SecureRandom random;

  public ServiceTokens(RedisClusterAsyncCommands<String, String> redis, Clock clock, SecureRandom random) {
    this.redis = redis;
    this.clock = clock;
    this.random = random;
  }

  /** Creates a token. {@code name} and {@code roles} are assumed validated by the caller (non-blank, non-empty). */
  public Future<Created> create(Context context, String tenant, String name, Set<Role> roles) {
    if (!Tenants.valid(tenant)) {
      return badTenant();
    }
    String id = HexFormat.of().formatHex(bytes(8));
    String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(32));
    Instant createdAt = clock.instant();
    String wireRoles = roles.stream().sorted().map(Role::wire).collect(Collectors.joining(","));
    return CREATE.<Long>run(context, redis, ScriptOutputType.INTEGER,
            new String[] {key(tenant, id), index(tenant)},
            name, wireRoles, sha256Hex(secret), createdAt.toString(), id)
        .compose(created -> created == 1
            ? Future.succeededFuture(new Created(new Info(id, name, roles, createdAt),
                PREFIX + tenant + "_" + id + "_" + secret))
            : create(context, tenant, name, roles)); // 64-bit id collision: astronomically rare, just retry
  }

  /** The tenant's tokens, oldest first. */
  public Future<List<Info>> list(Context context, String tenant) {
    if (!Tenants.valid(tenant)) {
      return badTenant();
    }
    return Lua.toVertx(redis.smembers(index(tenant)), context).compose(ids -> {
      List<Future<Info>> infos = new ArrayList<>();
      for (String id : ids) {
        infos.add(Lua.toVertx(redis.hmget(key(tenant, id), "name", "roles", "createdAt"), context)
            .map(kv -> kv.get(0).hasValue() ? info(id, kv) : null));
      }
      return Future.all(infos).map(all -> infos.stream()
          .map(Future::result)
          .filter(i -> i != null)
          .sorted(Comparator.comparing(Info::createdAt).thenComparing(Info::id))
          .toList());
    });
  }

  /** Deletes a token; false when the tenant has no such token. */
  public Future<Boolean> revoke(Context context, String tenant, String id) {
    if (!Tenants.valid(tenant)) {
      return badTenant();
    }
    if (id == null || !ID.matcher(id).matches()) {
      return Future.succeededFuture(false);
    }
    return REVOKE.<Long>run(context, redis, ScriptOutputType.INTEGER, new String[] {key(tenant, id), index(tenant)}, id)
        .map(n -> n == 1);
  }

  public static boolean looksLikeServiceToken(String bearer) {
    return bearer != null && bearer.startsWith(PREFIX);
  }

  /** Checks a presented token; fails with 401 "invalid token" for anything but a live token of the right secret. */
  public Future<Principal> verify(Context context, String token) {
    Matcher m = token == null ? null : FORMAT.matcher(token);
    if (m == null || !m.matches()) {
      return Future.failedFuture(AuthException.unauthenticated("invalid token"));
    }
    String tenant = m.group(1);
    String id = m.group(2);
    byte[] presented = sha256(m.group(3));
    return Lua.toVertx(redis.hmget(key(tenant, id), "hash", "roles"), context).compose(kv -> {
      String stored = kv.get(0).getValueOrElse(null);
      // MessageDigest.isEqual is constant-time; a missing token compares against zeros to keep the timing alike.
      byte[] expected = stored == null ? new byte[32] : HexFormat.of().parseHex(stored);
      boolean ok = MessageDigest.isEqual(presented, expected) && stored != null;
      if (!ok) {
        return Future.failedFuture(AuthException.unauthenticated("invalid token"));
      }
      return Future.succeededFuture(new Principal(tenant, id, roles(kv.get(1).getValueOrElse("")), Principal.Kind.SERVICE));
    });
  }

  private static Info info(String id, List<KeyValue<String, String>> kv) {
    return new Info(id, kv.get(0).getValue(), roles(kv.get(1).getValueOrElse("")),
        Instant.parse(kv.get(2).getValueOrElse(Instant.EPOCH.toString())));
  }

  private static Set<Role> roles(String csv) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String r : csv.split(",")) {
      Role.fromWire(r).ifPresent(roles::add);
    }
    return roles;
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private static <T> Future<T> badTenant() {
    return Future.failedFuture(new IllegalArgumentException("invalid tenant id"));
  }

  static String key(String tenant, String id) {
    return Keys.tenant(tenant) + ":svc:" + id;
  }

  static String index(String tenant) {
    return Keys.tenant(tenant) + ":svc";
  }

  static String sha256Hex(String secret) {
    return HexFormat.of().formatHex(sha256(secret));
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
