package io.switchboard.api;

import io.switchboard.acd.Acd;
import io.switchboard.acd.AgentState;
import io.switchboard.acd.TenantStats;
import io.switchboard.auth.Principal;
import io.switchboard.auth.Role;
import io.switchboard.directory.Directory;
import io.switchboard.directory.Kind;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /api/v1/transfer-targets}: the directory the softphone's transfer (and consult) picker shows — the
 * caller's tenant's voice queues (id, name, calls waiting now) and its enabled users with the agent role (those
 * who take calls) but the asker (id, name, team,
 * presence from the ACD: {@code available}, {@code on-call} (offered a call or on one), {@code wrap-up},
 * {@code away} with its reason, {@code offline}). Queues are sorted by name; agents available first, then on a call,
 * in wrap-up, away, offline, each by name. Every role may read it (roles do not imply one another).
 *
 * <p>Threading: the handler runs on the event loop; the directory and the ACD answer with futures (Redis).
 */
public final class TransferTargetsApi {
  static final String PATH = AdminApi.PREFIX + "/transfer-targets";
  /** The most agents or queues read from the directory (pages of {@link Directory#MAX_PAGE}). */
  static final int MAX_ITEMS = 1000;

  /** Presence as the picker shows it, in the order agents are listed. */
  enum Presence {
    AVAILABLE, ON_CALL, WRAP_UP, AWAY, OFFLINE;

    String wire() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static Presence of(AgentState s) {
      return switch (s) {
        case AVAILABLE -> AVAILABLE;
        case RESERVED, ON_CALL -> ON_CALL;
        case WRAP_UP -> WRAP_UP;
        case AWAY -> AWAY;
        case OFFLINE -> OFFLINE;
      };
    }
  }

  private final Acd acd;
  private final Directory directory;

  public TransferTargetsApi(Acd acd, Directory directory) {
    this.acd = acd;
    this.directory = directory;
  }

  public void mount(Router router, RouteGuard guard) {
    router.get(PATH).handler(guard.require(Role.values())).handler(this::list);
  }

  private void list(RoutingContext rc) {
    Principal p = Principals.of(rc);
    String tenant = p.tenant();
    Future.all(all(tenant, Kind.QUEUE, null, new ArrayList<>()), all(tenant, Kind.AGENT, null, new ArrayList<>()),
            acd.stats(tenant))
        .map(f -> body(f.resultAt(0), f.resultAt(1), f.resultAt(2), p.subject()))
        .onSuccess(body -> DirectoryResource.json(rc, 200, body))
        .onFailure(rc::fail);
  }

  private Future<List<JsonObject>> all(String tenant, Kind kind, String cursor, List<JsonObject> into) {
    return directory.list(tenant, kind, cursor, Directory.MAX_PAGE).compose(page -> {
      into.addAll(page.items());
      return page.next() == null || into.size() >= MAX_ITEMS ? Future.succeededFuture(into)
          : all(tenant, kind, page.next(), into);
    });
  }

  static JsonObject body(List<JsonObject> queues, List<JsonObject> agents, TenantStats stats, String asker) {
    Map<String, Integer> waiting = new HashMap<>();
    stats.queues().forEach(q -> waiting.put(q.queue(), q.waiting()));
    Map<String, TenantStats.AgentEntry> states = new HashMap<>();
    stats.agentList().forEach(a -> states.put(a.agentId(), a));

    List<JsonObject> qs = new ArrayList<>();
    for (JsonObject q : queues) {
      String channel = q.getString("channel");
      if (channel == null || "voice".equals(channel)) {
        qs.add(new JsonObject().put("id", q.getString("id")).put("name", q.getString("name", q.getString("id")))
            .put("waiting", waiting.getOrDefault(q.getString("id"), 0)));
      }
    }
    qs.sort(Comparator.comparing((JsonObject q) -> q.getString("name").toLowerCase(Locale.ROOT))
        .thenComparing(q -> q.getString("id")));

    List<JsonObject> as = new ArrayList<>();
    for (JsonObject a : agents) {
      String id = a.getString("id");
      if (id.equals(asker) || !a.getBoolean("enabled", true)
          || !a.getJsonArray("roles", new JsonArray()).contains(Role.AGENT.wire())) {
        continue;
      }
      TenantStats.AgentEntry e = states.get(id);
      Presence presence = e == null ? Presence.OFFLINE : Presence.of(e.state());
      JsonObject o = new JsonObject().put("id", id).put("name", a.getString("displayName", id))
          .put("team", a.getString("team")).put("presence", presence.wire());
      if (presence == Presence.AWAY) {
        o.put("reason", e.reason());
      }
      as.add(o);
    }
    as.sort(Comparator.comparing((JsonObject a) -> Presence.valueOf(
            a.getString("presence").toUpperCase(Locale.ROOT).replace('-', '_')).ordinal())
        .thenComparing(a -> a.getString("name").toLowerCase(Locale.ROOT))
        .thenComparing(a -> a.getString("id")));
    return new JsonObject().put("queues", new JsonArray(qs)).put("agents", new JsonArray(as));
  }
}
