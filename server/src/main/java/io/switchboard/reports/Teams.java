package io.switchboard.reports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Team rows from agent rows: a team's sums are its agents' sums added up (offers, handling times, time by state,
 * and staffed agent-days), so every team figure follows from the same {@link Figures} formula as an agent's: AHT
 * over all the team's answered calls, occupancy over all its agents' time, calls per day per staffed agent-day.
 */
final class Teams {
  private Teams() {}

  static ReportStore.Table<AgentSums> sum(ReportStore.Table<AgentSums> agents, Map<String, List<String>> members,
      int rows) {
    Map<String, List<AgentSums>> teamRows = new LinkedHashMap<>();
    Map<String, AgentSums> totals = new LinkedHashMap<>();
    members.forEach((team, ids) -> {
      List<AgentSums> list = new ArrayList<>(rows);
      for (int i = 0; i < rows; i++) {
        AgentSums s = AgentSums.ZERO;
        for (String a : ids) {
          s = s.plus(agents.rows().get(a).get(i));
        }
        list.add(s);
      }
      AgentSums total = AgentSums.ZERO;
      for (String a : ids) {
        total = total.plus(agents.totals().get(a));
      }
      teamRows.put(team, list);
      totals.put(team, total);
    });
    return new ReportStore.Table<>(teamRows, totals);
  }
}
