package io.switchboard.directory;

import io.switchboard.auth.CredentialStore;
import io.switchboard.auth.PasswordHasher;
import io.switchboard.auth.Role;
import io.switchboard.directory.DirectoryException.Reason;
import io.switchboard.redis.RedisConnections;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The configuration objects of every tenant (agents, teams, skills, queues, business hours, phone numbers),
 * kept in Redis. All validation happens here; every write is one atomic Lua script that checks the expected
 * version, references and username uniqueness before writing anything.
 *
 * <p>Objects are {@link JsonObject}s shaped as the REST API shows them, plus {@code "version"} (1 on
 * creation, +1 on each change; a write that changes nothing keeps it). An agent's {@code password} is
 * write-only: hashed with bcrypt on a worker thread and never returned.
 *
 * <p>Threading: every method may be called from any thread; futures complete on the caller's Vert.x
 * context (or a fresh one when the caller is not on Vert.x). Failures are {@link DirectoryException}s
 * (nothing written) or Redis errors.
 */
public final class Directory implements CredentialStore {
  /** Largest page {@link #list} returns. */
  public static final int MAX_PAGE = 200;
  private static final int WRITE_ATTEMPTS = 3;
  private static final char[] ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

  private final Vertx vertx;
  private final PasswordHasher hasher;
  private final DirectoryStore store;
  private final SecureRandom random = new SecureRandom();
  /** Told of each write made through this instance (this node only: other nodes' writes are not seen here). */
  private final List<java.util.function.BiConsumer<String, Kind>> changed =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  public Directory(Vertx vertx, RedisConnections redis, PasswordHasher hasher) {
    this.vertx = vertx;
    this.hasher = hasher;
    this.store = new DirectoryStore(vertx, redis.commands());
  }

  /**
   * Calls {@code listener} with the tenant and kind after each create, put that changed something, or delete made
   * through this directory, on the writer's context. Other nodes' writes are not seen: the store tells no one.
   */
  public void onChange(java.util.function.BiConsumer<String, Kind> listener) {
    changed.add(listener);
  }

  private void changed(String tenant, Kind kind) {
    changed.forEach(l -> l.accept(tenant, kind));
  }

  /** The outcome of a create or put. {@code created}: the object did not exist before this write. */
  public record Written(String id, JsonObject object, long version, boolean created, boolean changed) {}

  /** One page of a list; {@code next} is an opaque cursor for the following page, null on the last one. */
  public record Page(List<JsonObject> items, String next) {}

  // ---------------------------------------------------------------- reads

  /** The object, or empty when it (or the tenant) does not exist. */
  public Future<Optional<JsonObject>> get(String tenant, Kind kind, String id) {
    if (!validTenant(tenant) || id == null || !Rules.ID.matcher(id).matches()) {
      return Future.succeededFuture(Optional.empty());
    }
    return store.get(tenant, kind, id).map(o -> o.map(JsonObject::new));
  }

  /**
   * Objects of one kind in id order.
   *
   * @param cursor the {@code next} of the previous page, or null for the first page
   * @param limit  1..{@value #MAX_PAGE}
   */
  public Future<Page> list(String tenant, Kind kind, String cursor, int limit) {
    if (limit < 1 || limit > MAX_PAGE) {
      return Future.failedFuture(DirectoryException.invalid("limit", "must be from 1 to " + MAX_PAGE));
    }
    String after;
    try {
      after = cursor == null ? null : decodeCursor(cursor);
    } catch (DirectoryException e) {
      return Future.failedFuture(e);
    }
    if (!validTenant(tenant)) {
      return Future.succeededFuture(new Page(List.of(), null));
    }
    return store.list(tenant, kind, after, limit).map(p -> new Page(
        p.docs().stream().map(JsonObject::new).toList(),
        p.nextAfter() == null ? null : encodeCursor(p.nextAfter())));
  }

  /**
   * A trunk's digest password in clear, for the SIP layer answering the carrier's 401/407 challenge; empty
   * when the trunk does not exist or has no digest credentials. Never log the value.
   */
  public Future<Optional<String>> trunkPassword(String tenant, String trunkId) {
    return secret(tenant, Kind.TRUNK, trunkId);
  }

  /**
   * A webhook's signing key ({@code whsec_...}) in clear, for signing its requests; empty when the webhook does
   * not exist. Never log the value.
   */
  public Future<Optional<String>> webhookSecret(String tenant, String webhookId) {
    return secret(tenant, Kind.WEBHOOK, webhookId);
  }

  /**
   * A chat bot's signing key ({@code whsec_...}) for its webhook steps, in clear; empty when it has none. Never log
   * the value.
   */
  public Future<Optional<String>> chatBotSecret(String tenant, String botId) {
    return secret(tenant, Kind.CHAT_BOT, botId);
  }

  /**
   * An e-mail queue's mailbox passwords in clear, {@code {"imap":..,"smtp":..}}, for the node's mail code; empty when
   * the queue has none. Never log the value.
   */
  public Future<Optional<String>> mailboxSecret(String tenant, String queueId) {
    return secret(tenant, Kind.QUEUE, queueId);
  }

  private Future<Optional<String>> secret(String tenant, Kind kind, String id) {
    if (!validTenant(tenant) || id == null || !Rules.ID.matcher(id).matches()) {
      return Future.succeededFuture(Optional.empty());
    }
    return store.secret(tenant, kind, id).map(Optional::ofNullable);
  }

  // ---------------------------------------------------------------- writes

  /**
   * Creates an object; fails with {@link Reason#ALREADY_EXISTS} when the id is taken.
   *
   * @param id the id, or null to take it from the body's "id" or generate one (phone numbers derive it
   *           from their number). A "version" in the body is ignored: a create always requires absence.
   */
  public Future<Written> create(String tenant, Kind kind, String id, JsonObject body) {
    return write(tenant, kind, id, body, true, null).onSuccess(w -> changed(tenant, kind));
  }

  /**
   * Creates or replaces the object {@code id} (idempotent: the same body twice leaves the version as it
   * was). An agent written without "password" keeps its current password.
   *
   * @param ifMatch the version expected now, or null; a "version" in the body counts as one too
   */
  public Future<Written> put(String tenant, Kind kind, String id, JsonObject body, IfMatch ifMatch) {
    if (id == null) {
      return Future.failedFuture(DirectoryException.invalid("id", "is required"));
    }
    return write(tenant, kind, id, body, false, ifMatch).onSuccess(w -> {
      if (w.changed()) {
        changed(tenant, kind);
      }
    });
  }

  /** Deletes; completes with the deleted version. Refused while another object references this one. */
  public Future<Long> delete(String tenant, Kind kind, String id, IfMatch ifMatch) {
    if (!validTenant(tenant) || id == null || !Rules.ID.matcher(id).matches()) {
      return Future.failedFuture(DirectoryException.notFound(kind, String.valueOf(id)));
    }
    return store.delete(tenant, kind, id, ifMatch).onSuccess(v -> changed(tenant, kind));
  }

  private Future<Written> write(String tenant, Kind kind, String id, JsonObject body, boolean create, IfMatch ifMatch) {
    if (!validTenant(tenant)) {
      return Future.failedFuture(new DirectoryException(Reason.NOT_FOUND, "no such tenant", List.of()));
    }
    Validated v;
    try {
      v = validate(kind, id, body, create, ifMatch);
    } catch (DirectoryException e) {
      return Future.failedFuture(e);
    }
    return attempt(tenant, kind, v, create, 1);
  }

  private Future<Written> attempt(String tenant, Kind kind, Validated v, boolean create, int attempt) {
    return credentials(tenant, v.normalized())
        .compose(cred -> store.write(tenant, kind, v.normalized(), create, v.ifMatch(), cred))
        .map(s -> new Written(v.normalized().id(), new JsonObject(s.json()), s.version(),
            s.changed() && s.version() == 1, s.changed()))
        .recover(e -> e instanceof DirectoryStore.Retry && attempt < WRITE_ATTEMPTS
            ? attempt(tenant, kind, v, create, attempt + 1)
            : Future.failedFuture(e));
  }

  private record Validated(Schema.Normalized normalized, IfMatch ifMatch) {}

  private Validated validate(Kind kind, String pathId, JsonObject body, boolean create, IfMatch ifMatch) {
    if (body == null) {
      throw DirectoryException.invalid("body", "is required");
    }
    Fields in = Fields.root(body);
    String bodyId = in.string("id", false, 64, Rules.ID, Rules.ID_RULE);
    Long bodyVersion = in.version("version");
    if (pathId != null && !Rules.ID.matcher(pathId).matches()) {
      in.error("id", Rules.ID_RULE);
    } else if (pathId != null && bodyId != null && !bodyId.equals(pathId)) {
      in.error("id", "does not match the id in the path ('" + pathId + "')");
    }
    Schema schema = Schema.of(kind);
    String id = pathId != null ? pathId : bodyId;
    if (id == null && !schema.derivesId() && in.errors().isEmpty()) {
      id = generateId();
    }
    Schema.Normalized n = schema.normalize(id, in);
    in.finish();
    IfMatch expected = create ? null : ifMatch;
    if (!create && bodyVersion != null) {
      if (ifMatch == null) {
        expected = IfMatch.version(bodyVersion);
      } else if (ifMatch != IfMatch.ANY && ifMatch.version() != bodyVersion) {
        in.error("version", "does not match If-Match (" + ifMatch.version() + ")");
      }
    }
    if (!in.errors().isEmpty()) {
      throw DirectoryException.invalid(in.errors());
    }
    return new Validated(n, expected);
  }

  /** Hashes a new password off the event loop, or keeps the current hash when the password did not change. */
  private Future<DirectoryStore.Cred> credentials(String tenant, Schema.Normalized n) {
    String password = n.password();
    if (password == null) {
      return Future.succeededFuture(DirectoryStore.Cred.NONE);
    }
    return store.credentialHash(tenant, n.id()).compose(current -> vertx.executeBlocking(() ->
        current != null && hasher.verify(password, current)
            ? new DirectoryStore.Cred("keep", current)
            : new DirectoryStore.Cred("set", hasher.hash(password)), false));
  }

  private String generateId() {
    char[] c = new char[12];
    for (int i = 0; i < c.length; i++) {
      c[i] = ID_CHARS[random.nextInt(ID_CHARS.length)];
    }
    return new String(c);
  }

  // ---------------------------------------------------------------- tenants

  /** Creates the tenant (idempotent). Objects can be written only in a tenant that exists. */
  public Future<Void> createTenant(String tenant) {
    if (!validTenant(tenant)) {
      return Future.failedFuture(new IllegalArgumentException("tenant id must match [a-z0-9][a-z0-9-]{0,62}"));
    }
    return store.createTenant(tenant);
  }

  public Future<Boolean> tenantExists(String tenant) {
    return validTenant(tenant) ? store.tenantExists(tenant) : Future.succeededFuture(false);
  }

  /** True once {@link Bootstrap} finished for this tenant. */
  Future<Boolean> bootstrapped(String tenant) {
    return store.bootstrapped(tenant);
  }

  Future<Void> markBootstrapped(String tenant) {
    return store.markBootstrapped(tenant);
  }

  static boolean validTenant(String tenant) {
    return tenant != null && Rules.TENANT.matcher(tenant).matches();
  }

  // ---------------------------------------------------------------- CredentialStore

  /** {@inheritDoc} {@code passwordHash} is null when the agent has no password (it cannot log in). */
  @Override
  public Future<Optional<StoredUser>> findByUsername(String tenant, String username) {
    if (!validTenant(tenant) || username == null || !Rules.USERNAME.matcher(username).matches()) {
      return Future.succeededFuture(Optional.empty());
    }
    return store.user(tenant, "username", username).map(u -> u.map(r -> storedUser(tenant, r)));
  }

  @Override
  public Future<Optional<StoredUser>> findById(String tenant, String id) {
    if (!validTenant(tenant) || id == null || !Rules.ID.matcher(id).matches()) {
      return Future.succeededFuture(Optional.empty());
    }
    return store.user(tenant, "id", id).map(u -> u.map(r -> storedUser(tenant, r)));
  }

  private static StoredUser storedUser(String tenant, List<String> reply) {
    JsonObject doc = new JsonObject(reply.get(0));
    Set<Role> roles = EnumSet.noneOf(Role.class);
    JsonArray wire = doc.getJsonArray("roles", new JsonArray());
    for (int i = 0; i < wire.size(); i++) {
      Role.fromWire(wire.getString(i)).ifPresent(roles::add);
    }
    String hash = reply.get(1).isEmpty() ? null : reply.get(1);
    return new StoredUser(tenant, doc.getString("id"), doc.getString("username"), hash, roles,
        doc.getBoolean("enabled", false));
  }

  // ---------------------------------------------------------------- cursors

  static String encodeCursor(String afterId) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(afterId.getBytes(StandardCharsets.UTF_8));
  }

  static String decodeCursor(String cursor) {
    try {
      String id = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (Rules.ID.matcher(id).matches()) {
        return id;
      }
    } catch (IllegalArgumentException e) {
      // falls through to the error below
    }
    throw DirectoryException.invalid("cursor", "is not a cursor this API returned");
  }
}
