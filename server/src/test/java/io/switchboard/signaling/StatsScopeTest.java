package io.switchboard.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.acd.AgentState;
import io.switchboard.acd.TenantStats;
import io.switchboard.directory.Oversight;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A team leader's wallboard numbers: its members, the queues they serve and those queues' or members' calls. */
class StatsScopeTest {
  static final TenantStats ALL = new TenantStats(7L,
      List.of(queue("sales"), queue("support")),
      Map.of(AgentState.ON_CALL, 2, AgentState.AWAY, 1),
      List.of(
          new TenantStats.AgentEntry("alice", "Alice", AgentState.ON_CALL, 1L, null, "c1"),
          new TenantStats.AgentEntry("bob", "Bob", AgentState.AWAY, 2L, "lunch", null),
          new TenantStats.AgentEntry("carol", "Carol", AgentState.ON_CALL, 3L, null, "c2")),
      List.of(
          new TenantStats.CallEntry("c1", "support", "connected", null, 1L, "alice"),
          new TenantStats.CallEntry("c2", "support", "connected", null, 2L, "carol"),
          new TenantStats.CallEntry("c3", "sales", "waiting", null, 3L, null),
          new TenantStats.CallEntry("c4", "support", "waiting", null, 4L, null)));

  static TenantStats.QueueStats queue(String id) {
    return new TenantStats.QueueStats(id, 1, 5, 10, 9, 8, 1, 0, null);
  }

  @Test
  void aTeamLeaderSeesItsMembersTheirQueuesAndTheirCalls() {
    TenantStats mine = StatsScope.narrow(ALL, new Oversight.Reach(false, Set.of("tier2"), Set.of("carol"),
        Set.of("sales")));
    assertThat(mine.atEpochMs()).isEqualTo(7L);
    assertThat(mine.queues()).extracting(TenantStats.QueueStats::queue).containsExactly("sales");
    assertThat(mine.agentList()).extracting(TenantStats.AgentEntry::agentId).containsExactly("carol");
    assertThat(mine.agentsByState()).as("counted from its members").isEqualTo(Map.of(AgentState.ON_CALL, 1));
    assertThat(mine.callList()).extracting(TenantStats.CallEntry::callId).as("carol's call and sales' waiting one")
        .containsExactly("c2", "c3");
  }

  @Test
  void theWholeTenantAndNothing() {
    assertThat(StatsScope.narrow(ALL, Oversight.Reach.ALL)).isSameAs(ALL);
    TenantStats none = StatsScope.narrow(ALL, Oversight.Reach.NONE);
    assertThat(none.queues()).isEmpty();
    assertThat(none.agentList()).isEmpty();
    assertThat(none.callList()).isEmpty();
    assertThat(StatsPusher.message(none).getJsonObject("agents").getInteger("on-call")).isZero();
  }
}
