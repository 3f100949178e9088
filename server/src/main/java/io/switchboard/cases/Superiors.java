package io.switchboard.cases;

import io.switchboard.directory.Directory;
import io.switchboard.directory.Kind;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Who is above an agent, from the directory: its team's leader, or the team's manager when the agent is the
 * leader (or the team has no leader); nobody above the manager. A case escalated twice therefore goes agent →
 * leader → manager.
 * Threading: futures complete on the caller's context.
 */
public final class Superiors {
  /** The superior, or null with why there is none. */
  public record Answer(String superior, String none) {}

  private final Directory directory;

  public Superiors(Directory directory) {
    this.directory = directory;
  }

  public Future<Answer> of(String tenant, String agentId) {
    if (agentId == null) {
      return Future.succeededFuture(new Answer(null, "the case has no owner to escalate from"));
    }
    return directory.get(tenant, Kind.AGENT, agentId).compose(agent -> {
      String team = agent.map(a -> a.getString("team")).orElse(null);
      if (team == null) {
        return Future.succeededFuture(new Answer(null, "agent '" + agentId + "' is in no team"));
      }
      return directory.get(tenant, Kind.TEAM, team).map(doc -> above(agentId, team, doc.orElse(new JsonObject())));
    });
  }

  static Answer above(String agentId, String team, JsonObject doc) {
    String leader = doc.getString("leader");
    String manager = doc.getString("manager");
    String superior = agentId.equals(manager) ? null
        : agentId.equals(leader) || leader == null ? manager : leader;
    if (superior != null) {
      return new Answer(superior, null);
    }
    return new Answer(null, "team '" + team + "' has no " + (leader == null && manager == null
        ? "leader or manager" : "one above '" + agentId + "'"));
  }
}
