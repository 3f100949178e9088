package io.switchboard.signaling.handler;

import io.switchboard.acd.Acd;
import io.switchboard.acd.AgentState;
import io.switchboard.auth.Role;
import io.switchboard.signaling.Inbound;
import io.switchboard.signaling.MessageHandler;
import io.switchboard.signaling.Session;
import io.switchboard.signaling.SignalingError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * {@code state.set}: the agent asks to be available, away (with a reason code) or offline. Other states
 * (reserved, on-call, wrap-up) are reached only through calls. Offers will be published to this node.
 */
public final class StateSetHandler implements MessageHandler<Inbound.StateSet> {
  private final Acd acd;
  private final String nodeId;

  public StateSetHandler(Acd acd, String nodeId) {
    this.acd = acd;
    this.nodeId = nodeId;
  }

  @Override
  public String type() {
    return "state.set";
  }

  @Override
  public Class<Inbound.StateSet> messageClass() {
    return Inbound.StateSet.class;
  }

  @Override
  public Role requiredRole() {
    return Role.AGENT;
  }

  @Override
  public Future<JsonObject> handle(Session session, Inbound.StateSet m) {
    AgentState target = switch (m.state()) {
      case "available" -> AgentState.AVAILABLE;
      case "away" -> AgentState.AWAY;
      case "offline" -> AgentState.OFFLINE;
      default -> throw SignalingError.invalid("state", "must be one of available, away, offline");
    };
    if (m.reason() != null && target != AgentState.AWAY) {
      throw SignalingError.invalid("reason", "is only allowed with state away");
    }
    // no reason for away: the ACD applies its default ("break")
    return acd.setState(session.tenant(), session.agentId(), target, m.reason(), nodeId).map(s -> null);
  }
}
