package io.switchboard.api;

import io.switchboard.auth.Principal;
import io.switchboard.auth.Role;
import io.switchboard.directory.Directory;
import io.switchboard.directory.Kind;
import io.switchboard.directory.Oversight;
import io.switchboard.records.Interaction;
import io.switchboard.records.InteractionJson;
import io.switchboard.records.InteractionQueries;
import io.switchboard.records.InteractionQueries.Cursor;
import io.switchboard.records.InteractionQueries.Filter;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Set;

/**
 * The store of record's interactions and agent state history: {@code GET /api/v1/interactions} (search, newest
 * first, paged by cursor; an agent only the calls offered to it), {@code GET /api/v1/interactions/{callId}} (one with
 * its timeline and legs) for supervisors, managers and admins; a team leader both for the calls offered at least once
 * to a member of a team it leads ({@link Oversight}; another call is 404, another agent named in the search a 404
 * naming {@code agent}); and {@code GET /api/v1/agent-states} (an agent its
 * own, supervisors, managers and admins any of the tenant).
 * The tenant is always the principal's. Durations are seconds, times ISO-8601 instants.
 *
 * <p>Threading: parameters are checked on the event loop; the queries (JDBC) run on a worker thread
 * ({@code executeBlocking}).
 */
public final class InteractionsApi {
  static final String BASE = AdminApi.PREFIX + "/interactions";
  static final String STATES = AdminApi.PREFIX + "/agent-states";
  /** The search over chat transcripts (docs/chat.md, "Transcripts"). */
  static final String TRANSCRIPTS = AdminApi.PREFIX + "/chat-transcripts";
  /** The chats in progress, for the wallboard (docs/chat.md, "Supervisors watching"). */
  static final String LIVE_CHATS = AdminApi.PREFIX + "/live-chats";
  /** Inbound outcomes, then an outbound call's unanswered ones (docs/reports.md). */
  static final java.util.List<String> OUTCOME_ORDER = java.util.List.of("answered", "abandoned", "lost", "closed",
      "turned-away", "ended-in-flow", "callback-failed", "contained", "open", "busy", "no-answer", "invalid-number", "rejected", "trunk-failure",
      "cancelled");
  static final Set<String> OUTCOMES = Set.copyOf(OUTCOME_ORDER);

  private final InteractionQueries queries;
  private final Directory directory;
  private final Clock clock;
  private final Oversight oversight;
  /** Chats' transcripts (null: a node without chat; interactions then have no transcript). */
  private io.switchboard.chat.ChatService chats;

  public InteractionsApi(InteractionQueries queries, Directory directory, Clock clock) {
    this.queries = queries;
    this.directory = directory;
    this.clock = clock;
    this.oversight = new Oversight(directory);
  }

  /** Shows a chat's transcript with its interaction and serves the transcript search. */
  public InteractionsApi withChats(io.switchboard.chat.ChatService chats) {
    this.chats = chats;
    return this;
  }

  public void mount(Router router, RouteGuard guard) {
    if (chats != null) {  // an agent searches only the chats it worked on
      router.get(TRANSCRIPTS).handler(guard.require(Role.ADMIN, Role.SUPERVISOR, Role.MANAGER, Role.AGENT))
          .handler(this::transcripts);
      // a team leader sees its teams' members' chats and the waiting ones of the queues they serve
      router.get(LIVE_CHATS).handler(guard.require(Role.ADMIN, Role.SUPERVISOR, Role.MANAGER, Role.TEAM_LEADER))
          .handler(this::liveChats);
    }
    // an agent searches only the calls offered to it (the softphone's recent calls)
    // a team leader those offered to its teams' members ({@link Oversight})
    router.get(BASE).handler(guard.require(Role.ADMIN, Role.SUPERVISOR, Role.MANAGER, Role.TEAM_LEADER, Role.AGENT))
        .handler(this::search);
    router.get(BASE + "/:callId").handler(guard.require(Role.ADMIN, Role.SUPERVISOR, Role.MANAGER,
            Role.TEAM_LEADER))
        .handler(this::get);
    router.get(STATES).handler(guard.require(Role.ADMIN, Role.SUPERVISOR, Role.MANAGER, Role.AGENT))
        .handler(this::states);
  }

  private void search(RoutingContext rc) {
    Principal p = Principals.of(rc);
    String tenant = p.tenant();
    Instant from = time(rc, "from");
    Instant to = time(rc, "to");
    if (from != null && to != null && from.isAfter(to)) {
      throw Problem.invalidField("from", "is after to");
    }
    String outcome = QueryParams.param(rc, "outcome");
    if (outcome != null && !OUTCOMES.contains(outcome)) {
      throw Problem.invalidField("outcome", "must be one of " + String.join(", ", OUTCOME_ORDER));
    }
    int limit = QueryParams.limit(rc, InteractionQueries.MAX_PAGE);
    Cursor after = null;
    String cursor = QueryParams.param(rc, "cursor");
    if (cursor != null) {
      try {
        after = Cursor.decode(cursor);
      } catch (IllegalArgumentException e) {
        throw Problem.invalidField("cursor", "is not a cursor this API returned");
      }
    }
    String queue = QueryParams.param(rc, "queue");
    String named = QueryParams.param(rc, "agent");
    boolean leads = !p.tenantWide() && p.has(Role.TEAM_LEADER);
    if (!p.tenantWide() && !leads && named != null && !named.equals(p.subject())) {
      throw Problem.forbidden("an agent may search only the calls offered to it");
    }
    String agent = p.tenantWide() || leads ? named : p.subject();
    Cursor page = after;
    reach(p).compose(among -> {
      if (among != null && named != null && !among.contains(named)) {
        return Future.failedFuture(unknown(Kind.AGENT, named)); // another team's agent: as unknown as none
      }
      Filter filter = new Filter(tenant, from, to, queue, agent, QueryParams.param(rc, "caller"),
          QueryParams.param(rc, "disposition"), outcome, limit, page, among);
      return exists(tenant, Kind.QUEUE, queue).compose(v -> exists(tenant, Kind.AGENT, agent))
          .compose(v -> rc.vertx().executeBlocking(() -> queries.search(filter)));
    }).onSuccess(found -> {
      JsonArray items = new JsonArray();
      found.items().forEach(i -> {
        JsonObject o = json(i, false);
        if ("email".equals(found.channel(i.callId()))) {
          o.put("channel", "email");  // an e-mail conversation, a chat-<uuid> too (docs/email.md)
        }
        items.add(o);
      });
      DirectoryResource.json(rc, 200, new JsonObject().put("items", items)
          .put("next", found.next() == null ? null : found.next().encode()));
    }).onFailure(rc::fail);
  }

  /**
   * Whose calls {@code p} may read beyond its own: null for the whole tenant (tenant-wide roles, or an agent, whose
   * search is narrowed to itself by the {@code agent} filter); for a team leader its teams' members (and itself
   * when it takes calls too).
   */
  private Future<Set<String>> reach(Principal p) {
    if (p.tenantWide() || !p.has(Role.TEAM_LEADER)) {
      return Future.succeededFuture(null);
    }
    return oversight.of(p).map(r -> {
      Set<String> among = new java.util.TreeSet<>(r.agents());
      if (p.has(Role.AGENT)) {
        among.add(p.subject());
      }
      return among;
    });
  }

  private void get(RoutingContext rc) {
    Principal p = Principals.of(rc);
    String tenant = p.tenant();
    String callId = rc.pathParam("callId");
    reach(p).compose(among -> rc.vertx().executeBlocking(() -> queries.get(tenant, callId)
            .filter(i -> among == null || offeredToAny(i, among))))
        .onSuccess(found -> {
          if (found.isEmpty()) { // another team's call too: its existence is not told
            rc.fail(Problem.notFound("no such interaction '" + callId + "'"));
            return;
          }
          JsonObject o = json(found.get(), true);
          if (chats == null || !io.switchboard.chat.Chat.isChat(callId)) {
            DirectoryResource.json(rc, 200, o);
            return;
          }
          chats.get(tenant, callId).compose(c -> chats.lines(tenant, callId, 0).map(lines -> o
                  .put("channel", "email".equals(c.origin()) ? "email" : "chat")  // an e-mail conversation (docs/email.md)
                  .put("transcript", transcript(lines))))
              .onSuccess(body -> DirectoryResource.json(rc, 200, body)).onFailure(rc::fail);
        })
        .onFailure(rc::fail);
  }

  /** GET chat-transcripts?q=words&limit=n: chats whose transcript has every word, newest first, with the line. */
  private void transcripts(RoutingContext rc) {
    Principal p = Principals.of(rc);
    String q = QueryParams.param(rc, "q");
    if (q == null || q.isBlank()) {
      throw Problem.invalidField("q", "is required: the words to look for");
    }
    if (q.length() > 200) {
      throw Problem.invalidField("q", "must be at most 200 characters");
    }
    int limit = QueryParams.limit(rc, io.switchboard.chat.ChatStore.MAX_PAGE);
    chats.search(p.tenant(), q, p.tenantWide() ? null : p.subject(), limit).onSuccess(hits -> {
      JsonArray items = new JsonArray();
      hits.forEach(h -> items.add(new JsonObject().put("callId", h.chat().id()).put("queue", h.chat().queue())
          .put("agent", h.chat().agentId()).put("customerName", h.chat().customerName())
          .put("startedAt", h.chat().startedAt().toString()).put("status", h.chat().status().wire())
          .put("line", line(h.line()))));
      DirectoryResource.json(rc, 200, new JsonObject().put("items", items));
    }).onFailure(rc::fail);
  }

  /** GET live-chats: the chats not ended, oldest first: agent, queue, customer's name, since, line count. */
  private void liveChats(RoutingContext rc) {
    Principal p = Principals.of(rc);
    oversight.of(p).compose(reach -> chats.live(p.tenant()).map(all -> all.stream()
        .filter(c -> c.agentId() != null && c.status() == io.switchboard.chat.ChatStatus.CONNECTED
            ? reach.agent(c.agentId()) : reach.queue(c.queue()))
        .toList()))
        .onSuccess(live -> {
          JsonArray items = new JsonArray();
          live.forEach(c -> items.add(new JsonObject().put("chatId", c.id()).put("status", c.status().wire())
              .put("agent", c.status() == io.switchboard.chat.ChatStatus.CONNECTED ? c.agentId() : null)
              .put("queue", c.queue()).put("customerName", c.customerName())
              .put("startedAt", c.startedAt().toString()).put("lines", c.lastSeq())));
          DirectoryResource.json(rc, 200, new JsonObject().put("items", items));
        }).onFailure(rc::fail);
  }

  static JsonArray transcript(java.util.List<io.switchboard.chat.ChatMessage> lines) {
    JsonArray out = new JsonArray();
    lines.forEach(m -> out.add(line(m)));
    return out;
  }

  private static JsonObject line(io.switchboard.chat.ChatMessage m) {
    JsonObject o = new JsonObject().put("seq", m.seq()).put("from", m.from()).put("agent", m.agentId())
        .put("text", m.text()).put("at", m.at().toString());
    return m.staffOnly() ? o.put("private", true) : o;  // a supervisor's whisper to the agent
  }

  private void states(RoutingContext rc) {
    Principal p = Principals.of(rc);
    String agent = QueryParams.param(rc, "agent");
    if (agent == null) {
      agent = p.subject();  // an agent reads its own without naming itself
    }
    if (!p.tenantWide() && !(p.kind() == Principal.Kind.USER && p.subject().equals(agent))) {
      throw Problem.forbidden("an agent may read only its own state history");
    }
    Instant now = clock.instant();
    Instant to = time(rc, "to");
    Instant from = time(rc, "from");
    to = to == null ? now : to;
    from = from == null ? to.minus(Duration.ofDays(1)) : from;
    if (from.isAfter(to)) {
      throw Problem.invalidField("from", "is after to");
    }
    String who = agent;
    Instant start = from;
    Instant end = to;
    exists(p.tenant(), Kind.AGENT, who)
        .compose(v -> rc.vertx().executeBlocking(() -> queries.agentStates(p.tenant(), who, start, end, now)))
        .onSuccess(list -> {
          JsonArray items = new JsonArray();
          list.forEach(s -> items.add(new JsonObject().put("state", s.state()).put("reason", s.reason())
              .put("from", iso(s.from())).put("to", iso(s.to())).put("seconds", seconds(s.to() - s.from()))
              .put("open", s.open())));
          DirectoryResource.json(rc, 200, new JsonObject().put("agent", who).put("from", start.toString())
              .put("to", end.toString()).put("intervals", items));
        })
        .onFailure(rc::fail);
  }

  /** Whether the call was offered (or answered) at least once by one of {@code agents}. */
  static boolean offeredToAny(Interaction i, Set<String> agents) {
    return agents.contains(i.agentId()) || i.legs().stream().anyMatch(l -> agents.contains(l.agentId()));
  }

  /** Succeeds when id is null or names a directory object of the tenant; else fails with a 404 naming it. */
  private Future<Void> exists(String tenant, Kind kind, String id) {
    if (id == null) {
      return Future.succeededFuture();
    }
    return directory.get(tenant, kind, id).compose(found -> found.isPresent() ? Future.<Void>succeededFuture()
        : Future.failedFuture(unknown(kind, id)));
  }

  /** The 404 of a queue or agent filter naming none of the tenant's (or none the asker may see). */
  private static Problem unknown(Kind kind, String id) {
    return new Problem(404, "Not Found", "no such " + kind.wire() + " '" + id + "'",
        java.util.List.of(new Problem.FieldError(kind == Kind.QUEUE ? "queue" : "agent", "no such "
            + kind.wire() + " '" + id + "'")));
  }

  /** The record as this API shows it ({@link InteractionJson}, the webhooks' mapping too). */
  static JsonObject json(Interaction i, boolean whole) {
    JsonObject o = new JsonObject(InteractionJson.of(i, whole));
    o.put("channel", io.switchboard.chat.Chat.isChat(i.callId()) ? "chat" : "voice");
    return o;
  }

  private static String iso(Long millis) {
    return millis == null ? null : Instant.ofEpochMilli(millis).toString();
  }

  private static double seconds(long ms) {
    return ms / 1000.0;
  }

  /** An ISO-8601 instant, or a date meaning its midnight UTC; null when absent. */
  static Instant time(RoutingContext rc, String name) {
    String v = QueryParams.param(rc, name);
    if (v == null) {
      return null;
    }
    try {
      return v.length() == 10 ? LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(v);
    } catch (DateTimeParseException e) {
      throw Problem.invalidField(name, "must be an instant such as 2026-12-01T00:00:00Z or a date such as 2026-12-01");
    }
  }

}
