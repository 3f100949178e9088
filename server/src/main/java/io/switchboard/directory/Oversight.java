package io.switchboard.directory;

import io.switchboard.auth.Principal;
import io.switchboard.auth.Role;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a principal oversees (docs/roles.md): the whole tenant for {@link Role#TENANT_WIDE} roles; for a user with
 * the {@link Role#TEAM_LEADER} role the teams whose {@code leader} it is, their members and the queues those members
 * serve; nothing for anyone else. Read from the directory on every call (no cache): a team's new leader or member
 * counts from the next request on. Lists every team and agent of the tenant, page by page.
 *
 * <p>Threading: call from a Vert.x context; the futures complete on it.
 */
public final class Oversight {
  /**
   * @param all    the whole tenant; the sets are then empty and not consulted
   * @param teams  ids of the teams overseen
   * @param agents ids of those teams' members
   * @param queues ids of the queues those members serve
   */
  public record Reach(boolean all, Set<String> teams, Set<String> agents, Set<String> queues) {
    public static final Reach ALL = new Reach(true, Set.of(), Set.of(), Set.of());
    public static final Reach NONE = new Reach(false, Set.of(), Set.of(), Set.of());

    public Reach {
      teams = Set.copyOf(teams);
      agents = Set.copyOf(agents);
      queues = Set.copyOf(queues);
    }

    public boolean team(String id) {
      return all || id != null && teams.contains(id);
    }

    public boolean agent(String id) {
      return all || id != null && agents.contains(id);
    }

    public boolean queue(String id) {
      return all || id != null && queues.contains(id);
    }
  }

  private final Directory directory;

  public Oversight(Directory directory) {
    this.directory = directory;
  }

  public Future<Reach> of(Principal p) {
    if (p.tenantWide()) {
      return Future.succeededFuture(Reach.ALL);
    }
    if (!p.has(Role.TEAM_LEADER) || p.kind() != Principal.Kind.USER) {
      return Future.succeededFuture(Reach.NONE);
    }
    return Future.all(all(p.tenant(), Kind.TEAM), all(p.tenant(), Kind.AGENT))
        .map(lists -> ledBy(p.subject(), lists.resultAt(0), lists.resultAt(1)));
  }

  /** The teams {@code leader} leads among {@code teams}, with their members among {@code agents}. */
  static Reach ledBy(String leader, List<JsonObject> teams, List<JsonObject> agents) {
    Set<String> led = new TreeSet<>();
    teams.forEach(t -> {
      if (leader.equals(t.getString("leader"))) {
        led.add(t.getString("id"));
      }
    });
    Set<String> members = new TreeSet<>();
    Set<String> queues = new TreeSet<>();
    agents.forEach(a -> {
      String team = a.getString("team"); // an agent need not be in a team (a sorted set refuses null)
      if (team != null && led.contains(team)) {
        members.add(a.getString("id"));
        a.getJsonArray("queues", new JsonArray()).forEach(q -> queues.add((String) q));
      }
    });
    return new Reach(false, led, members, queues);
  }

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
