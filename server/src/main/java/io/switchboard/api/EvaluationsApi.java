package io.switchboard.api;

import io.switchboard.auth.Principal;
import io.switchboard.auth.Role;
import io.switchboard.directory.Directory;
import io.switchboard.directory.Kind;
import io.switchboard.directory.Oversight;
import io.switchboard.quality.Evaluation;
import io.switchboard.quality.EvaluationStore;
import io.switchboard.quality.Scoring;
import io.switchboard.recording.RecordingCatalog;
import io.switchboard.records.Interaction;
import io.switchboard.records.InteractionQueries;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Quality evaluations (docs/quality.md): {@code POST /api/v1/evaluations} scores an agent's part in an interaction
 * against a scorecard (supervisors, managers, admins; team leaders for their teams' members), {@code GET
 * /api/v1/evaluations} lists them (filters agent, queue, callId, from, to, limit; newest first), {@code GET
 * /api/v1/evaluations/{id}} reads one and {@code POST /api/v1/evaluations/{id}/acknowledge} is the evaluated agent's
 * acknowledgement (once; 409 after). An agent lists and reads only its own evaluations (naming another agent: 403);
 * a team leader only its members' (another named: 404); another tenant's or someone else's evaluation is a 404.
 *
 * <p>Threading: checks on the event loop, the stores (JDBC) on worker threads.
 */
public final class EvaluationsApi {
  static final String BASE = AdminApi.PREFIX + "/evaluations";
  static final int COMMENT_MAX = 2000;
  static final Set<String> CREATE_FIELDS = Set.of("callId", "recordingId", "agentId", "scorecardId", "answers",
      "comment");

  private final EvaluationStore store;
  private final InteractionQueries interactions;
  private final RecordingCatalog recordings;
  private final Directory directory;
  private final Oversight oversight;
  private final Clock clock;
  private final int maxBodyBytes;

  public EvaluationsApi(EvaluationStore store, InteractionQueries interactions, RecordingCatalog recordings,
      Directory directory, Clock clock, int maxBodyBytes) {
    this.store = store;
    this.interactions = interactions;
    this.recordings = recordings;
    this.directory = directory;
    this.oversight = new Oversight(directory);
    this.clock = clock;
    this.maxBodyBytes = maxBodyBytes;
  }

  public void mount(Router router, RouteGuard guard) {
    Handler<RoutingContext> body = BodyHandler.create(false).setBodyLimit(maxBodyBytes);
    Handler<RoutingContext> evaluators = guard.require(Role.ADMIN, Role.SUPERVISOR, Role.MANAGER, Role.TEAM_LEADER);
    Handler<RoutingContext> readers = guard.require(Role.ADMIN, Role.SUPERVISOR, Role.MANAGER, Role.TEAM_LEADER,
        Role.AGENT);
    router.get(BASE).handler(readers).handler(this::list);
    router.post(BASE).handler(evaluators); // the guard before the body handler: 401/403 before any body
    router.post(BASE).handler(body).handler(this::create);
    router.get(BASE + "/:id").handler(readers).handler(this::get);
    router.post(BASE + "/:id/acknowledge").handler(guard.require(Role.AGENT));
    router.post(BASE + "/:id/acknowledge").handler(body).handler(this::acknowledge);
  }

  /** The agents {@code p} may see the evaluations of: null for all, its own id for an agent, a leader's members. */
  private Future<Set<String>> seen(Principal p) {
    if (p.tenantWide()) {
      return Future.succeededFuture(null);
    }
    Future<Set<String>> led = p.has(Role.TEAM_LEADER) ? oversight.of(p).map(Oversight.Reach::agents)
        : Future.succeededFuture(Set.of());
    return led.map(agents -> {
      if (p.has(Role.AGENT) && p.kind() == Principal.Kind.USER) {
        var all = new java.util.TreeSet<>(agents);
        all.add(p.subject());
        return Set.copyOf(all);
      }
      return agents;
    });
  }

  private void list(RoutingContext rc) {
    Principal p = Principals.of(rc);
    String agent = QueryParams.param(rc, "agent");
    Instant from = InteractionsApi.time(rc, "from");
    Instant to = InteractionsApi.time(rc, "to");
    if (from != null && to != null && from.isAfter(to)) {
      throw Problem.invalidField("from", "is after to");
    }
    int limit = QueryParams.limit(rc, EvaluationStore.MAX_PAGE);
    seen(p).compose(among -> {
      if (agent != null && among != null && !among.contains(agent)) {
        return Future.failedFuture(p.has(Role.TEAM_LEADER)
            ? notFound("agent", "no such agent '" + agent + "'")
            : Problem.forbidden("an agent may list only its own evaluations"));
      }
      var filter = new EvaluationStore.Filter(p.tenant(), agent, QueryParams.param(rc, "queue"),
          QueryParams.param(rc, "callId"), from, to, among, limit);
      return rc.vertx().executeBlocking(() -> store.list(filter), false);
    }).onSuccess(list -> {
      JsonArray items = new JsonArray();
      list.forEach(e -> items.add(e.toJson()));
      DirectoryResource.json(rc, 200, new JsonObject().put("items", items));
    }).onFailure(rc::fail);
  }

  private void get(RoutingContext rc) {
    Principal p = Principals.of(rc);
    String id = rc.pathParam("id");
    seen(p).compose(among -> rc.vertx().executeBlocking(() -> store.get(p.tenant(), id)
            .filter(e -> among == null || among.contains(e.agentId()))
            .orElseThrow(() -> Problem.notFound("no such evaluation '" + id + "'")), false))
        .onSuccess(e -> DirectoryResource.json(rc, 200, e.toJson())).onFailure(rc::fail);
  }

  private void create(RoutingContext rc) {
    Principal p = Principals.of(rc);
    JsonObject body = JsonBodies.object(rc);
    for (String key : body.fieldNames()) {
      if (!CREATE_FIELDS.contains(key)) {
        throw Problem.invalidField(key, "unknown field");
      }
    }
    String callId = JsonBodies.text(body, "callId", 128, true);
    String recordingId = JsonBodies.text(body, "recordingId", 128, false);
    String agentId = JsonBodies.text(body, "agentId", 64, false);
    String scorecardId = JsonBodies.text(body, "scorecardId", 64, true);
    String comment = JsonBodies.text(body, "comment", COMMENT_MAX, false);
    if (!(body.getValue("answers") instanceof JsonObject answers)) {
      throw Problem.invalidField("answers", "is required: an object of question id to answer");
    }
    Future<Set<String>> members = p.tenantWide() ? Future.succeededFuture(null)
        : oversight.of(p).map(Oversight.Reach::agents);
    Future.all(members, directory.get(p.tenant(), Kind.SCORECARD, scorecardId)).compose(both -> {
      Set<String> among = both.resultAt(0);
      java.util.Optional<JsonObject> card = both.resultAt(1);
      JsonObject scorecard = card.orElseThrow(() -> notFound("scorecardId",
          "no such scorecard '" + scorecardId + "'"));
      Scoring.Result result = Scoring.score(scorecard, answers);
      if (!result.valid()) {
        throw Problem.invalid(result.violations().stream()
            .map(v -> new Problem.FieldError(v.field(), v.message())).toList());
      }
      return rc.vertx().executeBlocking(() -> {
        Interaction call = interactions.get(p.tenant(), callId)
            .orElseThrow(() -> notFound("callId", "no such interaction '" + callId + "'"));
        String agent = agentOf(call, agentId);
        if (among != null && !among.contains(agent)) {
          throw agentId == null ? notFound("callId", "no such interaction '" + callId + "'")
              : notFound("agentId", "no such agent '" + agentId + "'");
        }
        checkRecording(p.tenant(), callId, recordingId);
        Evaluation e = new Evaluation(p.tenant(), UUID.randomUUID().toString(), callId, recordingId, agent,
            queueOf(call, agent), scorecardId, scorecard.getLong("version"), scorecard.copy().put("version", null),
            answers, result.score(), result.rawScore(), result.failed(), comment, p.subject(), clock.instant(), null,
            null);
        store.insert(e);
        return e;
      }, false);
    }).onSuccess(e -> {
      rc.response().putHeader("Location", BASE + "/" + e.id());
      DirectoryResource.json(rc, 201, e.toJson());
    }).onFailure(rc::fail);
  }

  /** The evaluated agent: {@code named} when it was offered the call, else the agent who last answered it. */
  private static String agentOf(Interaction call, String named) {
    List<String> offered = call.legs().stream().map(Interaction.Leg::agentId).toList();
    if (named != null) {
      if (!offered.contains(named) && !named.equals(call.agentId())) {
        throw Problem.invalidField("agentId", "'" + named + "' was not offered this interaction");
      }
      return named;
    }
    if (call.agentId() == null) {
      throw Problem.invalidField("agentId", "is required: no agent answered this interaction");
    }
    return call.agentId();
  }

  private static String queueOf(Interaction call, String agent) {
    return call.legs().stream().filter(l -> agent.equals(l.agentId()) && l.queue() != null)
        .map(Interaction.Leg::queue).reduce((a, b) -> b)
        .orElse(call.finalQueue() != null ? call.finalQueue() : call.queue());
  }

  private void checkRecording(String tenant, String callId, String recordingId) throws Exception {
    if (recordingId != null && recordings.get(tenant, recordingId)
        .filter(r -> callId.equals(r.callId())).isEmpty()) {
      throw Problem.invalidField("recordingId", "is not a recording of call '" + callId + "'");
    }
  }

  private void acknowledge(RoutingContext rc) {
    Principal p = Principals.of(rc);
    String id = rc.pathParam("id");
    JsonObject body = rc.body() == null || rc.body().length() == 0 ? new JsonObject() : JsonBodies.object(rc);
    for (String key : body.fieldNames()) {
      if (!key.equals("comment")) {
        throw Problem.invalidField(key, "unknown field");
      }
    }
    String comment = JsonBodies.text(body, "comment", COMMENT_MAX, false);
    Instant now = clock.instant();
    rc.vertx().executeBlocking(() -> {
      Evaluation e = store.get(p.tenant(), id).filter(x -> x.agentId().equals(p.subject()))
          .orElseThrow(() -> Problem.notFound("no such evaluation '" + id + "'"));
      if (!store.acknowledge(p.tenant(), id, p.subject(), now, comment)) {
        throw Problem.conflict("evaluation '" + id + "' was acknowledged already, at " + e.acknowledgedAt());
      }
      return store.get(p.tenant(), id).orElseThrow();
    }, false).onSuccess(e -> DirectoryResource.json(rc, 200, e.toJson())).onFailure(rc::fail);
  }

  /** A 404 naming the field (or parameter) whose object does not exist, or is beyond the principal's reach. */
  static Problem notFound(String field, String detail) {
    return new Problem(404, "Not Found", field + ": " + detail, List.of(new Problem.FieldError(field, detail)));
  }
}
