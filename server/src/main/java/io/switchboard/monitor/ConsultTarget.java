package io.switchboard.monitor;

/**
 * Whom an agent consults (docs/consult.md): exactly one of a named colleague ({@code agentId}), the leader of the
 * agent's team ({@code teamLeader}), or the longest idle available agent of a queue ({@code queueId}). The ACD picks
 * and reserves the colleague in one step (the ACD's {@code reserveConsult}).
 */
public record ConsultTarget(String agentId, boolean teamLeader, String queueId) {
  public ConsultTarget {
    int given = (agentId != null ? 1 : 0) + (teamLeader ? 1 : 0) + (queueId != null ? 1 : 0);
    if (given != 1) {
      throw new IllegalArgumentException("exactly one of agentId, teamLeader, queueId");
    }
  }

  public static ConsultTarget agent(String agentId) {
    return new ConsultTarget(agentId, false, null);
  }

  public static ConsultTarget leader() {
    return new ConsultTarget(null, true, null);
  }

  public static ConsultTarget queue(String queueId) {
    return new ConsultTarget(null, false, queueId);
  }

  /** The signaling field a refusal about this target names. */
  public String field() {
    return agentId != null ? "agentId" : teamLeader ? "teamLeader" : "queueId";
  }
}
