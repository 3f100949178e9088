package io.switchboard.signaling;

import io.switchboard.acd.AgentState;
import io.switchboard.acd.TenantStats;
import io.switchboard.directory.Oversight;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A tenant's wallboard numbers as a team leader may see them: the queues its members serve, its members (counted by
 * state from that list), and the calls of those queues or with those members. The whole numbers for a reach of the
 * whole tenant. Pure.
 */
final class StatsScope {
  private StatsScope() {}

  static TenantStats narrow(TenantStats s, Oversight.Reach reach) {
    if (reach.all()) {
      return s;
    }
    List<TenantStats.QueueStats> queues = s.queues().stream().filter(q -> reach.queue(q.queue())).toList();
    List<TenantStats.AgentEntry> agents = s.agentList().stream().filter(a -> reach.agent(a.agentId())).toList();
    Map<AgentState, Integer> byState = new EnumMap<>(AgentState.class);
    agents.forEach(a -> byState.merge(a.state(), 1, Integer::sum));
    List<TenantStats.CallEntry> calls = s.callList().stream()
        .filter(c -> reach.queue(c.queue()) || reach.agent(c.agentId())).toList();
    return new TenantStats(s.atEpochMs(), queues, byState, agents, calls);
  }
}
