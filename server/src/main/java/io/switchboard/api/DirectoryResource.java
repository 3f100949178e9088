package io.switchboard.api;

import io.switchboard.auth.Principal;
import io.switchboard.auth.Role;
import io.switchboard.directory.Directory;
import io.switchboard.directory.IfMatch;
import io.switchboard.directory.Kind;
import io.switchboard.directory.Oversight;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * The REST resource of one directory kind: {@code GET|POST /api/v1/<kind>} and
 * {@code GET|PUT|DELETE /api/v1/<kind>/{id}}. Admins write; supervisors, managers and admins read, except webhooks
 * (their URLs may carry a CRM's tokens), which only admins read, and away reasons, which every role reads (the
 * softphone's status control); a team leader reads the agents and teams it oversees ({@link Oversight}: others are
 * left out of lists and are 404s); an agent may read only its own profile ({@code GET /agents/{its id}}). The tenant
 * is always the principal's: nothing in the
 * request can name another, so another tenant's objects simply do not exist (404, never 403).
 *
 * <p>Handlers run on the event loop and never block; every failure goes to {@link ApiFailures}.
 */
final class DirectoryResource {

  private final Directory directory;
  private final Oversight oversight;
  private final Kind kind;
  private final String base;
  /** Runs on each write's body before the directory sees it (a check the directory cannot make), or null. */
  private final Handler<RoutingContext> writeCheck;

  DirectoryResource(Directory directory, Kind kind, Handler<RoutingContext> writeCheck) {
    this.directory = directory;
    this.oversight = new Oversight(directory);
    this.kind = kind;
    this.base = AdminApi.PREFIX + "/" + kind.path();
    this.writeCheck = writeCheck == null ? RoutingContext::next : writeCheck;
  }

  void mount(Router router, RouteGuard guard, Handler<RoutingContext> body) {
    Handler<RoutingContext> readers = kind == Kind.WEBHOOK ? guard.require(Role.ADMIN)
        : kind == Kind.AWAY_REASON ? guard.require(Role.ADMIN, Role.SUPERVISOR, Role.MANAGER, Role.TEAM_LEADER,
            Role.AGENT) // the status control's
        : teamScoped() || kind == Kind.SCORECARD ? guard.require(Role.ADMIN, Role.SUPERVISOR, Role.MANAGER,
            Role.TEAM_LEADER) // scorecards: a team leader evaluates its members' calls
        : guard.require(Role.ADMIN, Role.SUPERVISOR, Role.MANAGER);
    router.get(base).handler(readers).handler(this::list);
    // Writes: the guard on a route of its own BEFORE the body handler's route (Vert.x allows a body handler only
    // first on a route), so a stranger gets 401 before the node reads, or answers 413 to, the body.
    router.post(base).handler(guard.require(Role.ADMIN));
    router.post(base).handler(body).handler(writeCheck).handler(this::create);
    router.get(base + "/:id").handler(kind == Kind.AGENT
        ? guard.require(Role.ADMIN, Role.SUPERVISOR, Role.MANAGER, Role.TEAM_LEADER, Role.AGENT) : readers)
        .handler(this::get);
    router.put(base + "/:id").handler(guard.require(Role.ADMIN));
    router.put(base + "/:id").handler(body).handler(writeCheck).handler(this::put);
    router.delete(base + "/:id").handler(guard.require(Role.ADMIN)).handler(this::delete);
    if (kind == Kind.CHAT_BOT) { // the intent file: replaces the bot's intents, all or nothing
      router.put(base + "/:id/intents").handler(guard.require(Role.ADMIN));
      router.put(base + "/:id/intents").handler(body).handler(this::putIntents);
    }
    if (kind == Kind.QUEUE) { // what agents pick from at wrap-up: theirs to read, unlike the rest of the queue
      router.get(base + "/:id/dispositions").handler(guard.require(Role.ADMIN, Role.SUPERVISOR, Role.AGENT))
          .handler(this::dispositions);
    }
  }

  /** {@code {"items": [{code, label}], "custom": bool}}: the queue's catalogue, or none (custom false). */
  private void dispositions(RoutingContext rc) {
    String id = rc.pathParam("id");
    directory.get(tenant(rc), Kind.QUEUE, id)
        .onSuccess(found -> {
          if (found.isEmpty()) {
            rc.fail(Problem.notFound("no such queue '" + id + "'"));
            return;
          }
          JsonArray items = found.get().getJsonArray("dispositions");
          json(rc, 200, new JsonObject().put("items", items == null ? new JsonArray() : items)
              .put("custom", items != null));
        })
        .onFailure(rc::fail);
  }

  /** Kinds every reader the guard lets in reads whole, not narrowed to a team leader's teams. */
  private boolean openToAllReaders() {
    return kind == Kind.AWAY_REASON || kind == Kind.SCORECARD;
  }

  /** Agents and teams: what a team leader reads of the teams it leads. */
  private boolean teamScoped() {
    return kind == Kind.AGENT || kind == Kind.TEAM;
  }

  /** A page as the directory has it; for a team leader only the objects it oversees (a page may come out short). */
  private void list(RoutingContext rc) {
    int limit = QueryParams.limit(rc, Directory.MAX_PAGE);
    String cursor = rc.queryParams().get("cursor");
    (openToAllReaders() ? Future.succeededFuture(Oversight.Reach.ALL) : oversight.of(Principals.of(rc)))
        .compose(reach -> directory.list(tenant(rc), kind,
            cursor == null || cursor.isEmpty() ? null : cursor, limit)
        .map(page -> new JsonObject()
            .put("items", new JsonArray(page.items().stream().filter(o -> sees(reach, o.getString("id"))).toList()))
            .put("next", page.next())))
        .onSuccess(body -> json(rc, 200, body))
        .onFailure(rc::fail);
  }

  private boolean sees(Oversight.Reach reach, String id) {
    return reach.all() || (kind == Kind.AGENT ? reach.agent(id) : kind == Kind.TEAM && reach.team(id));
  }


  private void create(RoutingContext rc) {
    JsonObject body = JsonBodies.object(rc);
    directory.create(tenant(rc), kind, null, body)
        .onSuccess(w -> {
          rc.response().putHeader("Location", base + "/" + w.id());
          written(rc, 201, w.object(), w.version());
        })
        .onFailure(rc::fail);
  }

  private void get(RoutingContext rc) {
    String id = rc.pathParam("id");
    Principal p = Principals.of(rc);
    boolean open = kind == Kind.AGENT && p.kind() == Principal.Kind.USER && p.subject().equals(id)
        || openToAllReaders(); // its own profile; away reasons and scorecards for everyone the guard let in
    if (!p.tenantWide() && !open && !(teamScoped() && p.has(Role.TEAM_LEADER))) {
      throw Problem.forbidden("an agent may read only its own profile");
    }
    (p.tenantWide() || open ? Future.succeededFuture(Oversight.Reach.ALL) : oversight.of(p))
        .compose(reach -> sees(reach, id) ? directory.get(p.tenant(), kind, id)
            : Future.succeededFuture(Optional.<JsonObject>empty()))
        .onSuccess(found -> {
          if (found.isEmpty()) {
            rc.fail(Problem.notFound("no such " + kind.wire() + " '" + id + "'"));
            return;
          }
          long version = found.get().getLong("version");
          if (HttpPreconditions.noneMatchHits(rc, version)) {
            rc.response().setStatusCode(304).putHeader("ETag", HttpPreconditions.etag(version)).end();
            return;
          }
          written(rc, 200, found.get(), version);
        })
        .onFailure(rc::fail);
  }

  private void put(RoutingContext rc) {
    IfMatch ifMatch = HttpPreconditions.ifMatch(rc);
    JsonObject body = JsonBodies.object(rc);
    directory.put(tenant(rc), kind, rc.pathParam("id"), body, ifMatch)
        .onSuccess(w -> {
          if (w.created()) {
            rc.response().putHeader("Location", base + "/" + w.id());
          }
          written(rc, w.created() ? 201 : 200, w.object(), w.version());
        })
        .onFailure(rc::fail);
  }

  /**
   * {@code PUT /chat-bots/{id}/intents} with {@code {"intents": [...]}}: the bot's intents replaced by the file's,
   * checked exactly as in a write of the whole bot (errors name {@code intents.<i>...}); a malformed file changes
   * nothing. If-Match applies to the bot's version.
   */
  private void putIntents(RoutingContext rc) {
    IfMatch ifMatch = HttpPreconditions.ifMatch(rc);
    JsonObject file = JsonBodies.object(rc);
    for (String field : file.fieldNames()) {
      if (!field.equals("intents")) {
        throw Problem.invalidField(field, "unknown field (an intent file has only \"intents\")");
      }
    }
    if (!(file.getValue("intents") instanceof JsonArray intents)) {
      throw Problem.invalidField("intents", "is required and must be an array");
    }
    String id = rc.pathParam("id");
    directory.get(tenant(rc), kind, id)
        .compose(found -> {
          if (found.isEmpty()) {
            return Future.failedFuture(Problem.notFound("no such " + kind.wire() + " '" + id + "'"));
          }
          JsonObject bot = found.get();
          long version = ((Number) bot.remove("version")).longValue();
          return directory.put(tenant(rc), kind, id, bot.put("intents", intents),
              ifMatch == null ? IfMatch.version(version) : ifMatch);
        })
        .onSuccess(w -> written(rc, 200, w.object(), w.version()))
        .onFailure(rc::fail);
  }

  private void delete(RoutingContext rc) {
    IfMatch ifMatch = HttpPreconditions.ifMatch(rc);
    directory.delete(tenant(rc), kind, rc.pathParam("id"), ifMatch)
        .onSuccess(v -> rc.response().setStatusCode(204).end())
        .onFailure(rc::fail);
  }

  private static String tenant(RoutingContext rc) {
    return Principals.of(rc).tenant();
  }

  private static void written(RoutingContext rc, int status, JsonObject object, long version) {
    rc.response().putHeader("ETag", HttpPreconditions.etag(version));
    json(rc, status, object);
  }

  static void json(RoutingContext rc, int status, JsonObject body) {
    rc.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(body.encode());
  }
}
