package io.switchboard.directory;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.auth.Principal;
import io.switchboard.auth.Role;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A team leader's reach: the teams whose leader it is, their members, and the queues those members serve. */
class OversightTest {
  static JsonObject team(String id, String leader) {
    return new JsonObject().put("id", id).put("leader", leader);
  }

  static JsonObject agent(String id, String team, String... queues) {
    return new JsonObject().put("id", id).put("team", team).put("queues", new JsonArray(List.of((Object[]) queues)));
  }

  static Principal user(Role... roles) {
    return new Principal("demo", "u1", Set.of(roles), Principal.Kind.USER);
  }

  @Test
  void tenantWideRolesSeeAllAndAgentsNothing() {
    Oversight o = new Oversight(null); // answered without reading the directory
    for (Role r : List.of(Role.SUPERVISOR, Role.MANAGER, Role.ADMIN)) {
      assertThat(o.of(user(r, Role.TEAM_LEADER)).result()).as(r.wire()).isEqualTo(Oversight.Reach.ALL);
    }
    assertThat(o.of(user(Role.AGENT)).result()).isEqualTo(Oversight.Reach.NONE);
    assertThat(o.of(new Principal("demo", "tok-1", Set.of(Role.TEAM_LEADER), Principal.Kind.SERVICE)).result())
        .as("a service token leads no team").isEqualTo(Oversight.Reach.NONE);
  }

  @Test
  void theTeamsItLeadsTheirMembersAndTheirQueues() {
    List<JsonObject> teams = List.of(team("tier1", "bob"), team("tier2", "tina"), team("tier3", "tina"),
        team("tier4", null));
    List<JsonObject> agents = List.of(agent("alice", "tier1", "support"), agent("carol", "tier2", "sales", "billing"),
        agent("erin", "tier3", "sales"), agent("tina", null), agent("zed", null, "support"));
    Oversight.Reach r = Oversight.ledBy("tina", teams, agents);
    assertThat(r.all()).isFalse();
    assertThat(r.teams()).containsExactlyInAnyOrder("tier2", "tier3");
    assertThat(r.agents()).containsExactlyInAnyOrder("carol", "erin");
    assertThat(r.queues()).containsExactlyInAnyOrder("sales", "billing");
    assertThat(r.agent("alice") || r.team("tier1") || r.queue("support") || r.agent(null)).isFalse();
    assertThat(Oversight.ledBy("nobody", teams, agents)).isEqualTo(Oversight.Reach.NONE);
    assertThat(Oversight.Reach.ALL.agent("anyone") && Oversight.Reach.ALL.queue("q")).isTrue();
  }
}
