package io.switchboard.api;

import io.switchboard.auth.Role;
import io.switchboard.campaigns.CallingHours;
import io.switchboard.campaigns.Campaign;
import io.switchboard.campaigns.CampaignDocuments;
import io.switchboard.campaigns.CampaignException;
import io.switchboard.campaigns.CampaignSchedule;
import io.switchboard.campaigns.CampaignStatus;
import io.switchboard.campaigns.CampaignStore;
import io.switchboard.campaigns.PreviewSettings;
import io.switchboard.campaigns.RetryRules;
import io.switchboard.dial.DialRefused;
import io.switchboard.media.audio.Prompts;
import io.switchboard.directory.Directory;
import io.switchboard.directory.Kind;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Outbound campaigns (docs/campaigns.md): {@code GET|POST /api/v1/campaigns}, {@code GET|PUT|DELETE
 * /api/v1/campaigns/{id}} (ETag is the campaign's version, If-Match optional, 412 on a mismatch; a running campaign
 * or one with calls in flight is not deleted: 409), {@code POST .../{id}/start|pause|resume|stop} (409 when its
 * status does not allow it) and {@code GET .../{id}/progress}.
 *
 * <p>Roles: supervisors and admins. The tenant is always the principal's. Bad fields are 400 problems naming the
 * field.
 *
 * <p>Threading: parameters are checked on the event loop, the queue in the directory (async); the store (JDBC)
 * runs on a worker thread.
 */
public final class CampaignsApi {
  static final String BASE = AdminApi.PREFIX + "/campaigns";
  static final int MAX_NAME = 100;
  static final int MAX_LISTS = 20;
  static final int MAX_DO_NOT_CALL = 10_000;
  private static final Set<String> SERVER_FIELDS = Set.of("id", "version", "status", "statusReason", "createdAt",
      "updatedAt");
  private static final Set<String> FIELDS = Set.of("name", "queue", "listIds", "mode", "timeZone", "callingHours",
      "retry", "doNotCall", "callerId", "schedule", "abandonCapPercent",
      "preview", "abandonPrompt");
  /** The status changes, by path verb: from which statuses, to which. */
  private static final Map<String, Map.Entry<Set<CampaignStatus>, CampaignStatus>> VERBS = Map.of(
      "start", Map.entry(Set.of(CampaignStatus.READY), CampaignStatus.RUNNING),
      "pause", Map.entry(Set.of(CampaignStatus.RUNNING), CampaignStatus.PAUSED),
      "resume", Map.entry(Set.of(CampaignStatus.PAUSED), CampaignStatus.RUNNING),
      "stop", Map.entry(Set.of(CampaignStatus.READY, CampaignStatus.RUNNING, CampaignStatus.PAUSED),
          CampaignStatus.STOPPED));

  private final CampaignStore store;
  private final Directory directory;
  private final int maxBodyBytes;
  /** A tenant's own prompt names (TenantPrompts#names): what abandonPrompt may name; none until set. */
  private java.util.function.Function<String, Set<String>> ownPrompts = tenant -> Set.of();

  /** @param maxBodyBytes largest JSON body (http.max-body-bytes) */
  public CampaignsApi(CampaignStore store, Directory directory, int maxBodyBytes) {
    this.store = store;
    this.directory = directory;
    this.maxBodyBytes = maxBodyBytes;
  }

  /**
   * Checks {@code abandonPrompt} against the tenant's own prompts, as every node holds their names in memory
   * (TenantPrompts#names). Set before {@link #mount}.
   */
  public CampaignsApi withOwnPrompts(java.util.function.Function<String, Set<String>> names) {
    this.ownPrompts = names;
    return this;
  }

  public void mount(Router router, RouteGuard guard) {
    Handler<RoutingContext> body = BodyHandler.create(false).setBodyLimit(maxBodyBytes);
    Handler<RoutingContext> allowed = guard.require(Role.ADMIN, Role.SUPERVISOR);
    String one = BASE + "/:id";
    router.get(BASE).handler(allowed).handler(this::list);
    // each guard on a route of its own before the body handler's (as DirectoryResource): 401/403 before any body
    router.post(BASE).handler(allowed);
    router.post(BASE).handler(body).handler(this::create);
    router.get(one).handler(allowed).handler(this::get);
    router.put(one).handler(allowed);
    router.put(one).handler(body).handler(this::put);
    router.delete(one).handler(allowed).handler(this::delete);
    for (String verb : List.of("start", "pause", "resume", "stop")) {
      router.post(one + "/" + verb).handler(allowed).handler(rc -> transition(rc, verb));
    }
    router.get(one + "/progress").handler(allowed).handler(this::progress);
  }

  private void list(RoutingContext rc) {
    String tenant = Principals.of(rc).tenant();
    blocking(rc, () -> store.list(tenant), all -> {
      JsonArray items = new JsonArray();
      all.forEach(c -> items.add(json(c)));
      DirectoryResource.json(rc, 200, new JsonObject().put("items", items));
    });
  }

  private void create(RoutingContext rc) {
    String tenant = Principals.of(rc).tenant();
    Campaign.Fields f = fields(JsonBodies.object(rc), null);
    references(tenant, f).onSuccess(v -> blocking(rc, () -> store.create(tenant, f), c -> {
      rc.response().putHeader("Location", BASE + "/" + c.id());
      versioned(rc, 201, c);
    })).onFailure(rc::fail);
  }

  private void get(RoutingContext rc) {
    String tenant = Principals.of(rc).tenant();
    String id = rc.pathParam("id");
    blocking(rc, () -> store.get(tenant, id).orElseThrow(() -> Problem.notFound("no such campaign '" + id + "'")),
        c -> versioned(rc, 200, c));
  }

  private void put(RoutingContext rc) {
    String tenant = Principals.of(rc).tenant();
    String id = rc.pathParam("id");
    Long expected = expected(rc);
    Campaign.Fields f = fields(JsonBodies.object(rc), id);
    references(tenant, f).onSuccess(v -> blocking(rc, () -> store.update(tenant, id, f, expected),
        c -> versioned(rc, 200, c))).onFailure(rc::fail);
  }

  private void delete(RoutingContext rc) {
    String tenant = Principals.of(rc).tenant();
    Long expected = expected(rc);
    blocking(rc, () -> {
      store.delete(tenant, rc.pathParam("id"), expected);
      return true;
    }, done -> rc.response().setStatusCode(204).end());
  }

  private void transition(RoutingContext rc, String verb) {
    String tenant = Principals.of(rc).tenant();
    var change = VERBS.get(verb);
    blocking(rc, () -> store.transition(tenant, rc.pathParam("id"), change.getKey(), change.getValue(), null),
        c -> versioned(rc, 200, c));
  }

  private void progress(RoutingContext rc) {
    String tenant = Principals.of(rc).tenant();
    blocking(rc, () -> store.progress(tenant, rc.pathParam("id")), p -> {
      JsonObject byOutcome = new JsonObject();
      p.byOutcome().forEach(byOutcome::put);
      DirectoryResource.json(rc, 200, new JsonObject().put("contacts", p.contacts()).put("dialed", p.dialed())
          .put("connected", p.connected()).put("abandoned", p.abandoned())
          .put("abandonRate", p.abandonRate())
          .put("remaining", p.remaining()).put("inFlight", p.inFlight()).put("byOutcome", byOutcome));
    });
  }

  /**
   * The queue exists and is a voice queue, the caller ID (if any) is one of the tenant's phone numbers, and the
   * abandon prompt (if any) is one the tenant uploaded.
   */
  private Future<Void> references(String tenant, Campaign.Fields f) {
    if (f.abandonPrompt() != null && !ownPrompts.apply(tenant).contains(f.abandonPrompt())) {
      return Future.failedFuture(Problem.invalidField("abandonPrompt", "the tenant has no prompt '"
          + f.abandonPrompt() + "': upload it first (PUT /api/v1/prompts/{language}/" + f.abandonPrompt() + ")"));
    }
    Future<Void> queue = directory.get(tenant, Kind.QUEUE, f.queue()).compose(q -> q.isEmpty()
        ? Future.failedFuture(Problem.invalidField("queue", "no such queue '" + f.queue() + "'"))
        : "chat".equals(q.get().getString("channel"))
        ? Future.failedFuture(Problem.invalidField("queue", "queue '" + f.queue() + "' is a chat queue: calls go to "
        + "voice queues only"))
        : Future.succeededFuture());
    return f.callerId() == null ? queue : queue.compose(v -> directory.get(tenant, Kind.PHONE_NUMBER,
        Kind.phoneNumberId(f.callerId()))).compose(n -> n.isPresent() ? Future.succeededFuture()
        : Future.failedFuture(Problem.invalidField("callerId", f.callerId() + " is not one of the tenant's phone "
        + "numbers")));
  }

  // ------------------------------------------------------------------ JSON

  static JsonObject json(Campaign c) {
    Campaign.Fields f = c.fields();
    return new JsonObject()
        .put("id", c.id())
        .put("version", c.version())
        .put("name", f.name())
        .put("queue", f.queue())
        .put("listIds", new JsonArray(new ArrayList<>(f.listIds())))
        .put("mode", f.mode())
        .put("timeZone", f.timeZone())
        .put("callingHours", new JsonObject().put("from", f.hours().from().toString())
            .put("to", f.hours().to().toString()))
        .put("retry", CampaignDocuments.retryJson(f.retry()))
        .put("doNotCall", new JsonArray(new ArrayList<>(f.doNotCall())))
        .put("callerId", f.callerId())
        .put("schedule", f.schedule() == CampaignSchedule.ALWAYS ? null : CampaignDocuments.scheduleJson(f.schedule()))
        .put("abandonCapPercent", f.abandonCapPercent())
        .put("preview", CampaignDocuments.previewJson(f.preview()))
        .put("abandonPrompt", f.abandonPrompt())
        .put("status", c.status().wire())
        .put("statusReason", c.statusReason())
        .put("createdAt", c.createdAt().toString())
        .put("updatedAt", c.updatedAt().toString());
  }

  /** The writable fields, checked; the server's own fields are ignored. */
  static Campaign.Fields fields(JsonObject body, String pathId) {
    for (String key : body.fieldNames()) {
      if (!FIELDS.contains(key) && !SERVER_FIELDS.contains(key)) {
        throw Problem.invalidField(key, "is not a campaign field (" + String.join(", ", FIELDS.stream().sorted()
            .toList()) + ")");
      }
    }
    if (pathId != null && body.containsKey("id") && !pathId.equals(body.getValue("id"))) {
      throw Problem.invalidField("id", "is not the id in the path ('" + pathId + "')");
    }
    String name = JsonBodies.text(body, "name", MAX_NAME, true);
    String queue = JsonBodies.text(body, "queue", 64, true);
    String mode = body.containsKey("mode") ? JsonBodies.text(body, "mode", 20, true) : "progressive";
    if (!mode.equals("progressive") && !mode.equals("predictive") && !mode.equals("preview")) {
      throw Problem.invalidField("mode", "must be progressive, predictive or preview");
    }
    Double cap = abandonCap(body.getValue("abandonCapPercent"));
    String zone = body.containsKey("timeZone") ? JsonBodies.text(body, "timeZone", 64, true) : "UTC";
    try {
      ZoneId.of(zone);
    } catch (DateTimeException e) {
      throw Problem.invalidField("timeZone", "'" + zone + "' is not an IANA time zone (e.g. America/New_York)");
    }
    String callerId = JsonBodies.text(body, "callerId", 16, false);
    if (callerId != null && !callerId.matches("\\+[1-9][0-9]{1,14}")) {
      throw Problem.invalidField("callerId", "must be an E.164 number such as +15550100");
    }
    String abandonPrompt = JsonBodies.text(body, "abandonPrompt", 64, false);
    if (abandonPrompt != null && (!Prompts.OWN_NAME.matcher(abandonPrompt).matches()
        || Prompts.PHRASES.contains(abandonPrompt))) {
      throw Problem.invalidField("abandonPrompt", "must name a prompt of the tenant's own (1 to 64 of a-z 0-9 -, "
          + "not a shipped phrase: replace campaign-abandon itself through /api/v1/prompts for every campaign)");
    }
    return new Campaign.Fields(name, queue, listIds(body.getValue("listIds")), mode, zone,
        hours(body.getValue("callingHours")), retry(body.getValue("retry")), doNotCall(body.getValue("doNotCall")),
        callerId, CampaignSchedules.parse(body.getValue("schedule")), cap, preview(body.getValue("preview")),
        abandonPrompt);
  }

  private static final Set<String> PREVIEW_FIELDS = Set.of("timeoutSeconds", "onTimeout", "skipDelaySeconds");

  /** null (absent or null): the defaults (the node's timeout, skip on timeout, skipped contacts again in an hour). */
  private static PreviewSettings preview(Object v) {
    if (v == null) {
      return PreviewSettings.DEFAULT;
    }
    if (!(v instanceof JsonObject o)) {
      throw Problem.invalidField("preview", "must be an object {timeoutSeconds, onTimeout, skipDelaySeconds}");
    }
    for (String key : o.fieldNames()) {
      if (!PREVIEW_FIELDS.contains(key)) {
        throw Problem.invalidField("preview." + key, "is not a preview field (onTimeout, skipDelaySeconds, "
            + "timeoutSeconds)");
      }
    }
    Object t = o.getValue("timeoutSeconds");
    Integer timeout = t == null ? null
        : integer(t, 0, 1, PreviewSettings.MAX_TIMEOUT_SECONDS, "preview.timeoutSeconds");
    Object on = o.getValue("onTimeout");
    if (on != null && !"skip".equals(on) && !"call".equals(on)) {
      throw Problem.invalidField("preview.onTimeout", "must be skip or call");
    }
    int delay = integer(o.getValue("skipDelaySeconds"), PreviewSettings.DEFAULT_SKIP_DELAY_SECONDS, 1,
        RetryRules.MAX_DELAY_SECONDS, "preview.skipDelaySeconds");
    return new PreviewSettings(timeout, on == null ? "skip" : (String) on, delay);
  }

  /** null (absent or null): the node's default cap. */
  private static Double abandonCap(Object v) {
    if (v == null) {
      return null;
    }
    if (!(v instanceof Number n) || !(n.doubleValue() >= 0 && n.doubleValue() <= Campaign.MAX_ABANDON_CAP_PERCENT)) {
      throw Problem.invalidField("abandonCapPercent", "must be a number from 0 to " + Campaign.MAX_ABANDON_CAP_PERCENT
          + " (percent of answered calls over 30 days), or null for the node's default");
    }
    return n.doubleValue();
  }

  private static List<String> listIds(Object v) {
    if (!(v instanceof JsonArray a) || a.isEmpty() || a.size() > MAX_LISTS) {
      throw Problem.invalidField("listIds", "must be an array of 1 to " + MAX_LISTS + " contact list ids");
    }
    Set<String> out = new LinkedHashSet<>();
    for (Object o : a) {
      if (!(o instanceof String s) || !s.matches("[0-9a-fA-F-]{36}")) {
        throw Problem.invalidField("listIds", "must hold contact list ids (UUIDs)");
      }
      out.add(s.toLowerCase(java.util.Locale.ROOT));
    }
    return List.copyOf(out);
  }

  private static CallingHours hours(Object v) {
    if (v == null) {
      return CallingHours.DEFAULT;
    }
    if (!(v instanceof JsonObject o) || !o.fieldNames().stream().allMatch(Set.of("from", "to")::contains)) {
      throw Problem.invalidField("callingHours", "must be {\"from\": \"HH:MM\", \"to\": \"HH:MM\"}");
    }
    LocalTime from = time(o.getValue("from"), CallingHours.DEFAULT.from(), "callingHours.from");
    LocalTime to = time(o.getValue("to"), CallingHours.DEFAULT.to(), "callingHours.to");
    if (!from.isBefore(to)) {
      throw Problem.invalidField("callingHours", "from must be before to (in the contact's local time)");
    }
    return new CallingHours(from, to);
  }

  /** A time of day {@code HH:MM}; {@code dflt} when absent; 400 naming {@code field} otherwise. */
  static LocalTime time(Object v, LocalTime dflt, String field) {
    if (v == null) {
      return dflt;
    }
    if (!(v instanceof String s) || !s.matches("[0-2][0-9]:[0-5][0-9]")) {
      throw Problem.invalidField(field, "must be a time of day HH:MM");
    }
    try {
      return LocalTime.parse(s);
    } catch (DateTimeParseException e) {
      throw Problem.invalidField(field, "must be a time of day HH:MM");
    }
  }

  private static RetryRules retry(Object v) {
    if (v == null) {
      return RetryRules.DEFAULT;
    }
    if (!(v instanceof JsonObject o)
        || !o.fieldNames().stream().allMatch(Set.of("busy", "noAnswer", "failed", "dispositions")::contains)) {
      throw Problem.invalidField("retry", "must be an object with busy, noAnswer, failed and dispositions rules");
    }
    return new RetryRules(rule(o.getValue("busy"), RetryRules.DEFAULT.busy(), "retry.busy"),
        rule(o.getValue("noAnswer"), RetryRules.DEFAULT.noAnswer(), "retry.noAnswer"),
        rule(o.getValue("failed"), RetryRules.DEFAULT.failed(), "retry.failed"), dispositions(o.getValue("dispositions")));
  }

  /** Rules by disposition code ({@code {"call-back": {"delaySeconds": .., "maxAttempts": ..}}}); absent: none. */
  private static Map<String, RetryRules.Rule> dispositions(Object v) {
    if (v == null) {
      return Map.of();
    }
    if (!(v instanceof JsonObject o) || o.size() > RetryRules.MAX_DISPOSITIONS) {
      throw Problem.invalidField("retry.dispositions", "must be an object of at most " + RetryRules.MAX_DISPOSITIONS
          + " disposition codes, each with a rule");
    }
    Map<String, RetryRules.Rule> out = new java.util.LinkedHashMap<>();
    for (String code : o.fieldNames()) {
      if (!code.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
        throw Problem.invalidField("retry.dispositions", "'" + code + "' is not a disposition code");
      }
      if (o.getValue(code) == null) {
        throw Problem.invalidField("retry.dispositions." + code, "must be {\"delaySeconds\": n, \"maxAttempts\": n}");
      }
      out.put(code, rule(o.getValue(code), RetryRules.DEFAULT.failed(), "retry.dispositions." + code));
    }
    return out;
  }

  private static RetryRules.Rule rule(Object v, RetryRules.Rule dflt, String field) {
    if (v == null) {
      return dflt;
    }
    if (!(v instanceof JsonObject o)
        || !o.fieldNames().stream().allMatch(Set.of("delaySeconds", "maxAttempts")::contains)) {
      throw Problem.invalidField(field, "must be {\"delaySeconds\": n, \"maxAttempts\": n}");
    }
    int delay = integer(o.getValue("delaySeconds"), dflt.delaySeconds(), 1, RetryRules.MAX_DELAY_SECONDS,
        field + ".delaySeconds");
    int max = integer(o.getValue("maxAttempts"), dflt.maxAttempts(), 1, RetryRules.MAX_ATTEMPTS,
        field + ".maxAttempts");
    return new RetryRules.Rule(delay, max);
  }

  private static int integer(Object v, int dflt, int min, int max, String field) {
    if (v == null) {
      return dflt;
    }
    if (!(v instanceof Integer i) || i < min || i > max) {
      throw Problem.invalidField(field, "must be an integer from " + min + " to " + max);
    }
    return i;
  }

  private static List<String> doNotCall(Object v) {
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof JsonArray a) || a.size() > MAX_DO_NOT_CALL) {
      throw Problem.invalidField("doNotCall", "must be an array of at most " + MAX_DO_NOT_CALL + " numbers");
    }
    Set<String> out = new LinkedHashSet<>();
    for (Object o : a) {
      if (!(o instanceof String s)) {
        throw Problem.invalidField("doNotCall", "must hold numbers as strings in E.164 (+14155550100)");
      }
      try {
        out.add(io.switchboard.dial.PhoneNumbers.e164(s, null));
      } catch (DialRefused e) {
        throw Problem.invalidField("doNotCall", "'" + s + "': " + e.getMessage());
      }
    }
    return List.copyOf(out);
  }


  // ------------------------------------------------------------------ plumbing

  private static Long expected(RoutingContext rc) {
    io.switchboard.directory.IfMatch ifMatch = HttpPreconditions.ifMatch(rc);
    return ifMatch == null || ifMatch.version() < 0 ? null : ifMatch.version();
  }

  private static void versioned(RoutingContext rc, int status, Campaign c) {
    rc.response().putHeader("ETag", HttpPreconditions.etag(c.version()));
    DirectoryResource.json(rc, status, json(c));
  }

  /** A campaign failure as the problem the client gets; anything else unchanged. */
  static Throwable problem(Throwable e) {
    if (!(e instanceof CampaignException c)) {
      return e;
    }
    List<Problem.FieldError> fields = c.field() == null ? List.of() : List.of(new Problem.FieldError(c.field(),
        c.getMessage()));
    return switch (c.code()) {
      case CampaignException.NOT_FOUND -> Problem.notFound(c.getMessage());
      case CampaignException.VERSION_MISMATCH -> Problem.preconditionFailed(c.getMessage());
      case CampaignException.CONFLICT -> new Problem(409, "Conflict", c.getMessage(), fields);
      default -> Problem.invalidField(c.field() == null ? "campaign" : c.field(), c.getMessage());
    };
  }

  private static <T> void blocking(RoutingContext rc, Callable<T> work, Handler<T> done) {
    rc.vertx().executeBlocking(work, false).onSuccess(done).onFailure(e -> rc.fail(problem(e)));
  }
}
