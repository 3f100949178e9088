package io.switchboard.directory;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.switchboard.directory.DirectoryException.Reason;
import io.switchboard.redis.Keys;
import io.switchboard.redis.Lua;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The directory's Redis side: one Lua script per write (all checks before the first write, so an error
 * leaves nothing behind) and plain reads. Keys beyond {@link Keys} (all inside the tenant's slot):
 * <pre>
 * sb:{t}:tenant                    hash {id, bootstrapped}: the tenant exists (checked by every write script;
 *                                  sb:tenants is global and lives in another cluster slot)
 * sb:{t}:dir:uses:&lt;kind&gt;:&lt;id&gt;     set of "kind:id" the object references
 * sb:{t}:dir:refs:&lt;kind&gt;:&lt;id&gt;     set of "kind:id" referencing the object (delete refuses while non-empty)
 * sb:{t}:&lt;kind&gt;-secret:&lt;id&gt;       hash {password}: a trunk's digest password or a webhook's signing key IN
 *                                  CLEAR (the node answers the carrier's challenge, signs the requests with
 *                                  it). Redis must therefore be protected (ACL users, TLS, no public port);
 *                                  the admin API never returns it.
 * </pre>
 * Futures complete on the Vert.x context of the caller (or a new one when called off Vert.x).
 */
final class DirectoryStore {
  private static final Lua WRITE = Lua.resource("directory-write");
  private static final Lua DELETE = Lua.resource("directory-delete");
  private static final Lua LIST = Lua.resource("directory-list");
  private static final Lua USER = Lua.resource("directory-user");

  private final Vertx vertx;
  private final RedisClusterAsyncCommands<String, String> redis;

  DirectoryStore(Vertx vertx, RedisClusterAsyncCommands<String, String> redis) {
    this.vertx = vertx;
    this.redis = redis;
  }

  static String tenantMarker(String tenant) {
    return Keys.tenant(tenant) + ":tenant";
  }

  /** Credentials to write with an agent: none, a new hash, or keep the (verified) current one. */
  record Cred(String mode, String value) {
    static final Cred NONE = new Cred("none", "");
  }

  /** A successful write as the script reported it. */
  record Stored(long version, boolean changed, String json) {}

  /** Thrown inside a future when the credentials changed between verification and write; the caller retries. */
  static final class Retry extends RuntimeException {
    Retry() {
      super("credentials changed concurrently", null, false, false);
    }
  }

  private Context context() {
    return vertx.getOrCreateContext();
  }

  static String secretKey(String tenant, Kind kind, String id) {
    return Keys.tenant(tenant) + ":" + kind.wire() + "-secret:" + id;
  }

  Future<Stored> write(String tenant, Kind kind, Schema.Normalized n, boolean create, IfMatch ifMatch, Cred cred) {
    List<String> args = new ArrayList<>(List.of(
        kind.wire(), n.id(), create ? "create" : "put", ifMatch == null ? "" : ifMatch.wire(),
        n.doc().encode(), n.username() == null ? "" : n.username(), cred.mode(), cred.value(),
        n.secret().mode(), n.secret().value()));
    for (Schema.Ref r : n.refs()) {
      args.add(r.kind().wire());
      args.add(r.id());
      args.add(r.field());
    }
    Future<List<Object>> reply = WRITE.run(
        context(), redis, ScriptOutputType.MULTI, new String[] {Keys.tenant(tenant)}, args.toArray(String[]::new));
    return reply.map(r -> {
      if ("ok".equals(r.get(0))) {
        return new Stored((Long) r.get(1), ((Long) r.get(2)) == 1L, (String) r.get(3));
      }
      throw writeError(kind, n.id(), r);
    });
  }

  private static RuntimeException writeError(Kind kind, String id, List<Object> r) {
    String code = (String) r.get(1);
    return switch (code) {
      case "NO_TENANT" -> new DirectoryException(Reason.NOT_FOUND, "no such tenant", List.of());
      case "VERSION" -> versionMismatch(r.get(2));
      case "EXISTS" -> new DirectoryException(
          Reason.ALREADY_EXISTS, kind.wire() + " '" + id + "' already exists", List.of());
      case "REFS" -> {
        List<Violation> v = new ArrayList<>();
        for (int i = 2; i + 1 < r.size(); i += 2) {
          v.add(new Violation((String) r.get(i), (String) r.get(i + 1)));
        }
        yield DirectoryException.invalid(v);
      }
      case "USERNAME" -> new DirectoryException(Reason.USERNAME_TAKEN,
          "username: already used by agent '" + r.get(2) + "'",
          List.of(new Violation("username", "already used by agent '" + r.get(2) + "'")));
      case "RETRY" -> new Retry();
      default -> new IllegalStateException("unexpected reply from directory-write: " + code);
    };
  }

  private static DirectoryException versionMismatch(Object current) {
    long v = (Long) current;
    String msg = v == 0 ? "the object does not exist" : "the current version is " + v;
    return new DirectoryException(Reason.VERSION_MISMATCH, msg, List.of());
  }

  /** Deletes; completes with the version that was deleted. */
  Future<Long> delete(String tenant, Kind kind, String id, IfMatch ifMatch) {
    Future<List<Object>> reply = DELETE.run(context(), redis, ScriptOutputType.MULTI,
        new String[] {Keys.tenant(tenant)}, kind.wire(), id, ifMatch == null ? "" : ifMatch.wire());
    return reply.map(r -> {
      if ("ok".equals(r.get(0))) {
        return (Long) r.get(1);
      }
      switch ((String) r.get(1)) {
        case "NOT_FOUND":
          throw DirectoryException.notFound(kind, id);
        case "VERSION":
          throw versionMismatch(r.get(2));
        default:
          throw referenced(kind, id, r);
      }
    });
  }

  private static DirectoryException referenced(Kind kind, String id, List<Object> r) {
    long total = (Long) r.get(2);
    List<String> names = new ArrayList<>();
    for (int i = 3; i < r.size(); i++) {
      String ref = (String) r.get(i);
      int colon = ref.indexOf(':');
      names.add(ref.substring(0, colon) + " '" + ref.substring(colon + 1) + "'");
    }
    String more = total > names.size() ? " and " + (total - names.size()) + " more" : "";
    return new DirectoryException(Reason.REFERENCED,
        kind.wire() + " '" + id + "' is still referenced by " + String.join(", ", names) + more, List.of());
  }

  Future<Optional<String>> get(String tenant, Kind kind, String id) {
    return Lua.toVertx(redis.get(Keys.directory(tenant, kind.wire(), id)), context()).map(Optional::ofNullable);
  }

  /** Up to {@code limit} documents after id {@code after} (null = from the start) and the id to continue after. */
  Future<Page> list(String tenant, Kind kind, String after, int limit) {
    Future<List<Object>> reply = LIST.run(context(), redis, ScriptOutputType.MULTI,
        new String[] {Keys.tenant(tenant)}, kind.wire(), after == null ? "" : after, Integer.toString(limit));
    return reply.map(r -> {
      List<String> docs = new ArrayList<>();
      for (int i = 1; i < r.size(); i++) {
        docs.add((String) r.get(i));
      }
      String next = (String) r.get(0);
      return new Page(docs, next.isEmpty() ? null : next);
    });
  }

  record Page(List<String> docs, String nextAfter) {}

  /** The agent document and its password hash ("" when it has none), by "username" or "id". */
  Future<Optional<List<String>>> user(String tenant, String by, String value) {
    Future<List<Object>> reply = USER.run(
        context(), redis, ScriptOutputType.MULTI, new String[] {Keys.tenant(tenant)}, by, value);
    return reply.map(r -> r.isEmpty() ? Optional.empty() : Optional.of(List.of((String) r.get(0), (String) r.get(1))));
  }

  /** An object's write-only secret (a trunk's digest password, a webhook's key), or null when it has none. */
  Future<String> secret(String tenant, Kind kind, String id) {
    return Lua.toVertx(redis.hget(secretKey(tenant, kind, id), "password"), context());
  }

  Future<String> credentialHash(String tenant, String agentId) {
    return Lua.toVertx(redis.hget(Keys.credentials(tenant, agentId), "hash"), context());
  }

  Future<Void> createTenant(String tenant) {
    return Lua.toVertx(redis.hsetnx(tenantMarker(tenant), "id", tenant), context())
        .compose(x -> Lua.toVertx(redis.sadd(Keys.TENANTS, tenant), context()))
        .mapEmpty();
  }

  Future<Boolean> tenantExists(String tenant) {
    return Lua.toVertx(redis.sismember(Keys.TENANTS, tenant), context());
  }

  Future<Boolean> bootstrapped(String tenant) {
    return Lua.toVertx(redis.hexists(tenantMarker(tenant), "bootstrapped"), context());
  }

  Future<Void> markBootstrapped(String tenant) {
    return Lua.toVertx(redis.hset(tenantMarker(tenant), "bootstrapped", "1"), context()).mapEmpty();
  }

}
