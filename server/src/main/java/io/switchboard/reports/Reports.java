package io.switchboard.reports;

import io.switchboard.config.ReportsConfig;
import io.switchboard.directory.Directory;
import io.switchboard.directory.Kind;
import io.switchboard.directory.Oversight;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The queue, agent and team reports: who is reported comes from the directory (all of the tenant's queues, agents or
 * teams within the asker's {@link Oversight.Reach}, or the filter's, each checked to exist within it: one beyond it
 * is as unknown as one that does not exist), the sums from the {@link ReportStore} (on a worker thread), the
 * figures from {@link Figures}. The answer's shape is the API's (docs/reports.md): {@code rows} for every interval
 * and key (zeros when nothing happened) ordered by start then key, {@code totals} over the whole range per key, and
 * each key's {@code goals}.
 *
 * <p>Threading: call from a Vert.x context; the returned future completes on it. Failures:
 * {@link ReportException} for a request that cannot be answered, anything else is the store's.
 */
public final class Reports {
  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

  private final Vertx vertx;
  private final Directory directory;
  private final ReportStore store;
  private final ReportsConfig config;
  private final Clock clock;

  public Reports(Vertx vertx, Directory directory, ReportStore store, ReportsConfig config, Clock clock) {
    this.vertx = vertx;
    this.directory = directory;
    this.store = store;
    this.config = config;
    this.clock = clock;
  }

  /** Parses a request of {@code kind} (defaults from this node's settings and clock). */
  public ReportRequest parse(ReportRequest.Kind kind, Map<String, List<String>> params) {
    return ReportRequest.parse(kind, params, clock, config.shortAbandonSeconds());
  }

  public Future<JsonObject> queues(String tenant, ReportRequest req, Oversight.Reach reach) {
    return all(tenant, Kind.QUEUE).compose(queues -> {
      Map<String, JsonObject> chosen = chosen(within(queues, reach::queue), req.filter("queue"), "queue");
      ReportRange range = range(req, chosen.size());
      Map<String, Integer> sl = new LinkedHashMap<>();
      chosen.forEach((id, q) -> sl.put(id, serviceLevel(q).getInteger("seconds")));
      return vertx.executeBlocking(() -> store.queues(tenant, range, sl, req.shortAbandonSeconds() * 1000L), false)
          .map(t -> {
            JsonObject goals = new JsonObject();
            chosen.forEach((id, q) -> goals.put(id, queueGoals(q)));
            return answer(req, range, "queue", t, sl.keySet(),
                (id, s) -> new JsonObject().put("queue", id).mergeIn(Figures.queue(s, sl.get(id))), goals);
          });
    });
  }

  public Future<JsonObject> agents(String tenant, ReportRequest req, Oversight.Reach reach) {
    return Future.all(all(tenant, Kind.AGENT), all(tenant, Kind.TEAM)).compose(lists -> {
      List<JsonObject> agentList = within(lists.resultAt(0), reach::agent);
      Map<String, JsonObject> agents = byId(agentList);
      Map<String, JsonObject> teams = byId(within(lists.resultAt(1), reach::team));
      List<String> teamFilter = req.filter("team");
      teamFilter.forEach(t -> {
        if (!teams.containsKey(t)) {
          throw ReportException.unknown("team", t);
        }
      });
      Map<String, JsonObject> chosen = req.filter("agent").isEmpty() ? agentsOnly(agents)
          : chosen(agentList, req.filter("agent"), "agent");
      if (!teamFilter.isEmpty()) {
        chosen.values().removeIf(a -> !teamFilter.contains(a.getString("team")));
      }
      ReportRange range = range(req, chosen.size());
      List<String> ids = new ArrayList<>(chosen.keySet());
      return vertx.executeBlocking(() -> store.agents(tenant, range, ids, clock.instant()), false).map(t -> {
        JsonObject goals = new JsonObject();
        // an agent need not be in a team (a sorted map refuses a null key)
        chosen.forEach((id, a) -> goals.put(id, agentGoals(a, a.getString("team") == null ? null
            : teams.get(a.getString("team")))));
        return answer(req, range, "agent", t, ids, (id, s) -> new JsonObject().put("agent", id)
            .put("displayName", chosen.get(id).getString("displayName")).put("team", chosen.get(id).getString("team"))
            .mergeIn(Figures.agent(s)), goals);
      });
    });
  }

  public Future<JsonObject> teams(String tenant, ReportRequest req, Oversight.Reach reach) {
    return Future.all(all(tenant, Kind.AGENT), all(tenant, Kind.TEAM)).compose(lists -> {
      Map<String, JsonObject> chosen = chosen(within(lists.resultAt(1), reach::team), req.filter("team"), "team");
      Map<String, List<String>> members = new TreeMap<>();
      chosen.keySet().forEach(t -> members.put(t, new ArrayList<>()));
      agentsOnly(byId(lists.resultAt(0))).values().forEach(a -> {
        List<String> m = members.get(a.getString("team"));
        if (m != null) {
          m.add(a.getString("id"));
        }
      });
      ReportRange range = range(req, chosen.size());
      List<String> ids = members.values().stream().flatMap(List::stream).toList();
      return vertx.executeBlocking(() -> store.agents(tenant, range, ids, clock.instant()), false).map(t -> {
        ReportStore.Table<AgentSums> byTeam = Teams.sum(t, members, range.size());
        JsonObject goals = new JsonObject();
        chosen.forEach((id, team) -> goals.put(id, peopleGoals(team.getJsonObject("goals"), null)));
        return answer(req, range, "team", byTeam, members.keySet(), (id, s) -> new JsonObject().put("team", id)
            .put("agents", members.get(id).size()).mergeIn(Figures.agent(s)), goals);
      });
    });
  }

  /** One row's (or total's) object: key columns then figures. */
  private interface RowWriter<T> {
    JsonObject write(String id, T sums);
  }

  private <T> JsonObject answer(ReportRequest req, ReportRange range, String key, ReportStore.Table<T> t,
      Iterable<String> ids, RowWriter<T> writer, JsonObject goals) {
    JsonArray rows = new JsonArray();
    for (int i = 0; i < range.size(); i++) {
      String start = LOCAL.format(range.start(i).atZone(req.zone()));
      String end = LOCAL.format(range.end(i).atZone(req.zone()));
      for (String id : ids) {
        rows.add(new JsonObject().put("start", start).put("end", end)
            .mergeIn(writer.write(id, t.rows().get(id).get(i))));
      }
    }
    JsonArray totals = new JsonArray();
    ids.forEach(id -> totals.add(writer.write(id, t.totals().get(id))));
    return new JsonObject()
        .put("from", req.from().toString())
        .put("to", req.to().toString())
        .put("interval", req.interval().wire())
        .put("timeZone", req.zone().getId())
        .put("shortAbandonSeconds", req.shortAbandonSeconds())
        .put("rows", rows)
        .put("totals", totals)
        .put("goals", goals);
  }

  /** The range's rows, refused (400 naming interval) when rows × keys would pass reports.max-rows. */
  private ReportRange range(ReportRequest req, int keys) {
    int perKey = config.maxRows() / Math.max(1, keys);
    try {
      if (perKey == 0) {
        throw new ReportRange.TooManyRows(0);
      }
      return ReportRange.of(req.from(), req.to(), req.interval(), req.zone(), perKey);
    } catch (ReportRange.TooManyRows e) {
      throw ReportException.bad("interval", "the range has more than " + config.maxRows() + " rows (intervals × "
          + keys + (keys == 1 ? " row key" : " row keys") + "): choose a longer interval, a shorter range or fewer "
          + "queues, agents or teams");
    }
  }

  /** The directory objects named by {@code filter} (404 naming {@code parameter} for one that does not exist), or
   * all of {@code objects} when there is no filter; by id. */
  private static Map<String, JsonObject> chosen(List<JsonObject> objects, List<String> filter, String parameter) {
    Map<String, JsonObject> all = byId(objects);
    if (filter.isEmpty()) {
      return all;
    }
    Map<String, JsonObject> out = new TreeMap<>();
    for (String id : filter) {
      JsonObject o = all.get(id);
      if (o == null) {
        throw ReportException.unknown(parameter, id);
      }
      out.put(id, o);
    }
    return out;
  }

  /** The objects whose id {@code seen} accepts. */
  private static List<JsonObject> within(List<JsonObject> objects, Predicate<String> seen) {
    return objects.stream().filter(o -> seen.test(o.getString("id"))).toList();
  }

  private static Map<String, JsonObject> byId(List<JsonObject> objects) {
    Map<String, JsonObject> out = new TreeMap<>();
    objects.forEach(o -> out.put(o.getString("id"), o));
    return out;
  }

  /** The users with the agent role: administrators and supervisors who take no calls are not reported. */
  private static Map<String, JsonObject> agentsOnly(Map<String, JsonObject> users) {
    Map<String, JsonObject> out = new TreeMap<>();
    users.forEach((id, u) -> {
      JsonArray roles = u.getJsonArray("roles");
      if (roles == null || roles.contains("agent")) {
        out.put(id, u);
      }
    });
    return out;
  }

  private static JsonObject serviceLevel(JsonObject queue) {
    JsonObject sl = queue.getJsonObject("serviceLevel");
    return sl != null ? sl : new JsonObject().put("percent", 80).put("seconds", 20);
  }

  private static JsonObject queueGoals(JsonObject queue) {
    JsonObject sl = serviceLevel(queue);
    JsonObject g = queue.getJsonObject("goals") != null ? queue.getJsonObject("goals") : new JsonObject();
    return new JsonObject()
        .put("serviceLevelPercent", sl.getInteger("percent"))
        .put("serviceLevelSeconds", sl.getInteger("seconds"))
        .put("asaSeconds", g.getInteger("asaSeconds"))
        .put("abandonPercent", g.getInteger("abandonPercent"))
        .put("ahtSeconds", g.getInteger("ahtSeconds"));
  }

  /** An agent's goals: each its own, else its team's. */
  private static JsonObject agentGoals(JsonObject agent, JsonObject team) {
    return peopleGoals(agent.getJsonObject("goals"), team == null ? null : team.getJsonObject("goals"));
  }

  private static JsonObject peopleGoals(JsonObject own, JsonObject fallback) {
    JsonObject out = new JsonObject();
    for (String g : new String[] {"callsPerDay", "ahtSeconds"}) {
      Integer v = own == null ? null : own.getInteger(g);
      out.put(g, v != null ? v : fallback == null ? null : fallback.getInteger(g));
    }
    return out;
  }

  /** Every object of a kind of the tenant, page by page. */
  private Future<List<JsonObject>> all(String tenant, Kind kind) {
    return page(tenant, kind, null, new ArrayList<>());
  }

  private Future<List<JsonObject>> page(String tenant, Kind kind, String cursor, List<JsonObject> acc) {
    return directory.list(tenant, kind, cursor, Directory.MAX_PAGE).compose(p -> {
      acc.addAll(p.items());
      return p.next() == null ? Future.succeededFuture(acc) : page(tenant, kind, p.next(), acc);
    });
  }
}
