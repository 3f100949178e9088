package io.switchboard.api;

import io.switchboard.auth.Principal;
import io.switchboard.auth.Role;
import io.switchboard.cases.Case;
import io.switchboard.cases.CaseException;
import io.switchboard.cases.CaseHistory;
import io.switchboard.cases.CaseInput;
import io.switchboard.cases.CasePriority;
import io.switchboard.cases.CaseStatus;
import io.switchboard.cases.CaseStore;
import io.switchboard.cases.Superiors;
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
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * Cases (tickets): {@code GET|POST /api/v1/cases}, {@code GET|PATCH /api/v1/cases/{id}} (PATCH: the given fields;
 * {@code If-Match} optional), {@code POST /api/v1/cases/{id}/forward {department, note}},
 * {@code POST /api/v1/cases/{id}/escalate {note}} and {@code POST /api/v1/cases/{id}/interactions {callId}}.
 *
 * <p>Roles: agents, team leaders, supervisors, managers and admins of the tenant. An agent sees and changes only the
 * cases it owns and those of its queues (any other is a 404, like another tenant's), gives a case only to itself, and
 * a new case of its own is its own unless the body says {@code "owner": null}. A team leader sees, changes and gives
 * the cases of its own and of its teams' members ({@link Oversight}), so those escalated to it too; supervisors,
 * managers and admins every case of the tenant. Threading: checks on the event loop, the directory
 * asynchronously, the store (JDBC) on a worker thread.
 */
public final class CasesApi {
  static final String BASE = AdminApi.PREFIX + "/cases";
  /** The departments a case may be forwarded to (the tenant's queues), readable by everyone who handles cases. */
  static final String DEPARTMENTS = AdminApi.PREFIX + "/case-departments";

  private final CaseStore store;
  private final Directory directory;
  private final Superiors superiors;
  private final Oversight oversight;
  private final Clock clock;
  private final int maxBodyBytes;

  /** Who is asking: {@code all}, or the owners (itself, a team leader's members) and queues whose cases it sees. */
  private record Scope(boolean all, List<String> owners, List<String> queues) {
    boolean sees(Case k) {
      return all || k.owner() != null && owners.contains(k.owner()) || queues.contains(k.department());
    }
  }

  public CasesApi(CaseStore store, Directory directory, Superiors superiors, Clock clock, int maxBodyBytes) {
    this.store = store;
    this.directory = directory;
    this.superiors = superiors;
    this.oversight = new Oversight(directory);
    this.clock = clock;
    this.maxBodyBytes = maxBodyBytes;
  }

  public void mount(Router router, RouteGuard guard) {
    Handler<RoutingContext> allowed = guard.require(Role.ADMIN, Role.SUPERVISOR, Role.MANAGER, Role.TEAM_LEADER,
        Role.AGENT);
    Handler<RoutingContext> body = BodyHandler.create(false).setBodyLimit(maxBodyBytes);
    String one = BASE + "/:id";
    router.get(BASE).handler(allowed).handler(this::search);
    router.get(DEPARTMENTS).handler(allowed).handler(this::departments);
    router.post(BASE).handler(allowed);  // the guard before the body handler: 401/403 before any body
    router.post(BASE).handler(body).handler(this::create);
    router.get(one).handler(allowed).handler(this::get);
    router.patch(one).handler(allowed);
    router.patch(one).handler(body).handler(this::update);
    for (String verb : List.of("forward", "escalate", "interactions")) {
      router.post(one + "/" + verb).handler(allowed);
      router.post(one + "/" + verb).handler(body).handler(this::action);
    }
  }

  private void search(RoutingContext rc) {
    String status = QueryParams.param(rc, "status");
    CaseStatus st = status == null ? null : CaseStatus.fromWire(status).orElseThrow(() -> Problem.invalidField(
        "status", "must be one of new, open, pending, resolved, closed"));
    String priority = QueryParams.param(rc, "priority");
    CasePriority pr = priority == null ? null : CasePriority.fromWire(priority).orElseThrow(() ->
        Problem.invalidField("priority", "must be one of low, normal, high, urgent"));
    String customer = QueryParams.param(rc, "customerId");
    UUID customerId = customer == null ? null : uuid(customer);
    int limit = QueryParams.limit(rc, CaseStore.MAX_PAGE);
    Long before = QueryParams.param(rc, "before") == null ? null : id(QueryParams.param(rc, "before"), "before");
    Principal p = Principals.of(rc);
    String owner = "me".equals(QueryParams.param(rc, "owner")) ? p.subject() : QueryParams.param(rc, "owner");
    scope(rc).onSuccess(scope -> blocking(rc, () -> store.search(p.tenant(), new CaseStore.Query(st, pr,
        bool(rc, "active"), QueryParams.param(rc, "department"), owner, customerId, QueryParams.param(rc, "callId"),
        bool(rc, "overdue"), QueryParams.param(rc, "q"), scope.all() ? null : scope.owners(),
        scope.all() ? null : scope.queues()), before, limit), page -> {
          JsonArray items = new JsonArray();
          page.forEach(k -> items.add(json(k)));
          String next = page.size() == limit ? Long.toString(page.get(page.size() - 1).id()) : null;
          DirectoryResource.json(rc, 200, new JsonObject().put("items", items).put("next", next));
        })).onFailure(rc::fail);
  }

  /**
   * {@code {items: [{id, name}]}}: every queue of the tenant, by id, so an agent (which may not read the directory's
   * queues) picks where to forward a case from a list. Only ids and names: no routing settings leave.
   */
  private void departments(RoutingContext rc) {
    String tenant = Principals.of(rc).tenant();
    JsonArray items = new JsonArray();
    queuePages(tenant, null, items).onSuccess(x -> DirectoryResource.json(rc, 200,
        new JsonObject().put("items", items))).onFailure(rc::fail);
  }

  private Future<Void> queuePages(String tenant, String cursor, JsonArray into) {
    return directory.list(tenant, Kind.QUEUE, cursor, Directory.MAX_PAGE).compose(page -> {
      page.items().forEach(q -> into.add(new JsonObject().put("id", q.getString("id"))
          .put("name", q.getString("name", q.getString("id")))));
      return page.next() == null ? Future.succeededFuture() : queuePages(tenant, page.next(), into);
    });
  }

  private void create(RoutingContext rc) {
    JsonObject body = JsonBodies.object(rc);
    CaseInput.NewCase in = read(() -> CaseInput.create(body));
    Principal p = Principals.of(rc);
    String owner = body.containsKey("owner") ? in.owner()
        : p.has(Role.AGENT) && p.kind() == Principal.Kind.USER ? p.subject() : null;
    CaseInput.NewCase input = new CaseInput.NewCase(in.subject(), in.description(), in.priority(), in.status(),
        in.department(), owner, in.customerId(), in.callId());
    scope(rc).compose(scope -> checkOwner(rc, scope, owner)).compose(x -> exists(rc, Kind.QUEUE, in.department(),
        "department")).onSuccess(x -> blocking(rc, () -> store.create(p.tenant(), input, p.subject()), k -> {
          rc.response().putHeader("Location", BASE + "/" + k.id());
          written(rc, 201, json(k));
        })).onFailure(rc::fail);
  }

  private void get(RoutingContext rc) {
    long id = id(rc.pathParam("id"), "id");
    String tenant = Principals.of(rc).tenant();
    visible(rc, id).onSuccess(k -> blocking(rc, () -> store.history(tenant, id), history -> {
      JsonArray h = new JsonArray();
      history.forEach(e -> h.add(json(e)));
      written(rc, 200, json(k).put("history", h));
    })).onFailure(rc::fail);
  }

  private void update(RoutingContext rc) {
    long id = id(rc.pathParam("id"), "id");
    IfMatch ifMatch = HttpPreconditions.ifMatch(rc);
    Map<String, Object> changes = read(() -> CaseInput.patch(JsonBodies.object(rc)));
    Principal p = Principals.of(rc);
    Long expected = ifMatch == null || ifMatch.version() < 0 ? null : ifMatch.version();
    scope(rc).compose(scope -> checkOwner(rc, scope, (String) changes.get("owner")))
        .compose(x -> visible(rc, id))
        .onSuccess(k -> blocking(rc, () -> store.update(p.tenant(), id, expected, changes, p.subject()),
            after -> written(rc, 200, json(after)))).onFailure(rc::fail);
  }

  /** forward, escalate, interactions. */
  private void action(RoutingContext rc) {
    long id = id(rc.pathParam("id"), "id");
    String verb = rc.normalizedPath().substring(rc.normalizedPath().lastIndexOf('/') + 1);
    JsonObject body = JsonBodies.object(rc);
    Principal p = Principals.of(rc);
    Future<Case> done = switch (verb) {
      case "forward" -> {
        String note = read(() -> CaseInput.note(body, Set.of("department", "note")));
        String department = read(() -> CaseInput.id(body, "department", true));
        yield visible(rc, id).compose(k -> exists(rc, Kind.QUEUE, department, "department"))
            .compose(x -> worker(rc, () -> store.forward(p.tenant(), id, department, note, p.subject())));
      }
      case "escalate" -> {
        String note = read(() -> CaseInput.note(body, Set.of("note")));
        yield visible(rc, id).compose(k -> superiors.of(p.tenant(), k.owner() != null ? k.owner() : p.subject()))
            .compose(a -> a.superior() == null ? Future.failedFuture(Problem.invalidField("owner",
                "has no superior to escalate to: " + a.none()))
                : worker(rc, () -> store.escalate(p.tenant(), id, a.superior(), note, p.subject())));
      }
      default -> {
        String callId = read(() -> CaseInput.link(body));
        yield visible(rc, id).compose(k -> worker(rc, () -> store.link(p.tenant(), id, callId, p.subject())));
      }
    };
    done.onSuccess(k -> written(rc, 200, json(k))).onFailure(rc::fail);
  }

  /** The case if the principal may see it; a 404 otherwise (another tenant's, another agent's). */
  private Future<Case> visible(RoutingContext rc, long id) {
    String tenant = Principals.of(rc).tenant();
    return scope(rc).compose(scope -> worker(rc, () -> store.get(tenant, id)).compose(found -> found.isPresent()
        && scope.sees(found.get()) ? Future.succeededFuture(found.get())
        : Future.failedFuture(Problem.notFound("no such case " + id))));
  }

  private Future<Scope> scope(RoutingContext rc) {
    Principal p = Principals.of(rc);
    if (p.tenantWide()) {
      return Future.succeededFuture(new Scope(true, List.of(), List.of()));
    }
    Future<List<String>> queues = !p.has(Role.AGENT) ? Future.succeededFuture(List.of())
        : directory.get(p.tenant(), Kind.AGENT, p.subject()).map(doc -> doc.map(d -> d.getJsonArray("queues",
            new JsonArray()).stream().map(String.class::cast).toList()).orElse(List.<String>of()));
    return Future.all(queues, oversight.of(p)).map(both -> {
      java.util.TreeSet<String> owners = new java.util.TreeSet<>(both.<Oversight.Reach>resultAt(1).agents());
      owners.add(p.subject());
      return new Scope(false, List.copyOf(owners), both.resultAt(0));
    });
  }

  /**
   * An agent gives a case only to itself (or the backlog), a team leader to itself or its teams' members; the owner
   * must be an agent of the tenant.
   */
  private Future<Void> checkOwner(RoutingContext rc, Scope scope, String owner) {
    if (owner == null) {
      return Future.succeededFuture();
    }
    if (!scope.all() && !scope.owners().contains(owner)) {
      return Future.failedFuture(Problem.invalidField("owner", Principals.of(rc).has(Role.TEAM_LEADER)
          ? "a team leader may give a case only to itself or a member of a team it leads"
          : "an agent may give a case only to itself; forward or escalate it instead"));
    }
    return exists(rc, Kind.AGENT, owner, "owner");
  }

  private Future<Void> exists(RoutingContext rc, Kind kind, String id, String field) {
    return directory.get(Principals.of(rc).tenant(), kind, id).compose(found -> found.isPresent()
        ? Future.succeededFuture() : Future.failedFuture(Problem.invalidField(field, "no such " + kind.wire()
        + " '" + id + "'")));
  }

  private static <T> T read(Callable<T> parse) {
    try {
      return parse.call();
    } catch (CaseException e) {
      throw problem(e);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static <T> Future<T> worker(RoutingContext rc, Callable<T> work) {
    return rc.vertx().executeBlocking(work, false).recover(e -> Future.failedFuture(
        e instanceof CaseException ce ? problem(ce) : e));
  }

  private static <T> void blocking(RoutingContext rc, Callable<T> work, Handler<T> done) {
    worker(rc, work).onSuccess(done).onFailure(rc::fail);
  }

  static Problem problem(CaseException e) {
    return switch (e.reason()) {
      case NOT_FOUND -> Problem.notFound(e.getMessage());
      case CONFLICT -> Problem.conflict(e.getMessage());
      case VERSION -> Problem.preconditionFailed(e.getMessage());
      case INVALID -> e.field() == null ? Problem.badRequest(e.getMessage())
          : Problem.invalidField(e.field(), e.getMessage());
    };
  }

  private static Boolean bool(RoutingContext rc, String name) {
    String v = QueryParams.param(rc, name);
    if (v == null) {
      return null;
    }
    if (!v.equals("true") && !v.equals("false")) {
      throw Problem.invalidField(name, "must be true or false");
    }
    return Boolean.valueOf(v);
  }

  private static long id(String raw, String field) {
    try {
      long id = Long.parseLong(raw);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // the problem below says what is accepted
    }
    throw field.equals("id") ? Problem.notFound("no such case '" + raw + "'")
        : Problem.invalidField(field, "must be a case id (a positive integer)");
  }

  private static UUID uuid(String raw) {
    try {
      return UUID.fromString(raw);
    } catch (IllegalArgumentException e) {
      throw Problem.invalidField("customerId", "must be a customer's id (a UUID)");
    }
  }

  private void written(RoutingContext rc, int status, JsonObject body) {
    rc.response().putHeader("ETag", HttpPreconditions.etag(body.getLong("version")));
    DirectoryResource.json(rc, status, body);
  }

  JsonObject json(Case k) {
    return new JsonObject()
        .put("id", Long.toString(k.id()))
        .put("version", k.version())
        .put("subject", k.subject())
        .put("description", k.description())
        .put("status", k.status().wire())
        .put("priority", k.priority().wire())
        .put("department", k.department())
        .put("owner", k.owner())
        .put("customerId", k.customerId() == null ? null : k.customerId().toString())
        .put("dueAt", k.dueAt().toString())
        .put("overdue", k.status().active() && k.dueAt().isBefore(clock.instant()))
        .put("escalations", k.escalations())
        .put("callIds", new JsonArray(k.callIds()))
        .put("createdBy", k.createdBy())
        .put("createdAt", k.createdAt().toString())
        .put("updatedAt", k.updatedAt().toString())
        .put("closedAt", k.closedAt() == null ? null : k.closedAt().toString());
  }

  static JsonObject json(CaseHistory e) {
    return new JsonObject().put("seq", e.seq()).put("at", e.at().toString()).put("actor", e.actor())
        .put("action", e.action()).put("changes", new JsonObject(e.changes())).put("note", e.note());
  }
}
