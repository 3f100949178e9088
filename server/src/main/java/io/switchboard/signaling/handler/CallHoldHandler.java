package io.switchboard.signaling.handler;

import io.switchboard.acd.Acd;
import io.switchboard.auth.Role;
import io.switchboard.cluster.NodeBus;
import io.switchboard.cluster.wire.CallMessage;
import io.switchboard.signaling.Inbound;
import io.switchboard.signaling.MessageHandler;
import io.switchboard.signaling.Session;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * {@code call.hold}: the connected caller hears music on hold and nothing is relayed; carried out by the call's
 * node, which tells every socket of the agent {@code call.held}.
 */
public final class CallHoldHandler implements MessageHandler<Inbound.CallHold> {
  private final CallForwarder forwarder;

  public CallHoldHandler(Acd acd, NodeBus bus) {
    this.forwarder = new CallForwarder(acd, bus);
  }

  @Override
  public String type() {
    return "call.hold";
  }

  @Override
  public Class<Inbound.CallHold> messageClass() {
    return Inbound.CallHold.class;
  }

  @Override
  public Role requiredRole() {
    return Role.AGENT;
  }

  @Override
  public Future<JsonObject> handle(Session session, Inbound.CallHold m) {
    return forwarder.forward(session, m.callId(), Set.of("connected"),
        (agent, agentNode) -> new CallMessage.CallHold(m.callId(), agent, agentNode));
  }
}
