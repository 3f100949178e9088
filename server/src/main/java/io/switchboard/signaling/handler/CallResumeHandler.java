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

/** {@code call.resume}: back from hold; the call's node relays again and tells the agent {@code call.resumed}. */
public final class CallResumeHandler implements MessageHandler<Inbound.CallResume> {
  private final CallForwarder forwarder;

  public CallResumeHandler(Acd acd, NodeBus bus) {
    this.forwarder = new CallForwarder(acd, bus);
  }

  @Override
  public String type() {
    return "call.resume";
  }

  @Override
  public Class<Inbound.CallResume> messageClass() {
    return Inbound.CallResume.class;
  }

  @Override
  public Role requiredRole() {
    return Role.AGENT;
  }

  @Override
  public Future<JsonObject> handle(Session session, Inbound.CallResume m) {
    return forwarder.forward(session, m.callId(), Set.of("connected"),
        (agent, agentNode) -> new CallMessage.CallResume(m.callId(), agent, agentNode));
  }
}
