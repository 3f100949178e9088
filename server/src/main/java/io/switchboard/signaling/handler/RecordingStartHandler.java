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
 * {@code recording.start}: records the connected call of a queue whose recording policy is on-demand. Only the agent connected to the call ({@code not-your-call}; a call the ACD does
 * not know is {@code no-call}); carried out by the call's node, which tells every socket of the agent
 * {@code recording.state}, or {@code recording.refused} (e.g. {@code not-recording}).
 */
public final class RecordingStartHandler implements MessageHandler<Inbound.RecordingStart> {
  private final CallForwarder forwarder;

  public RecordingStartHandler(Acd acd, NodeBus bus) {
    this.forwarder = new CallForwarder(acd, bus);
  }

  @Override
  public String type() {
    return "recording.start";
  }

  @Override
  public Class<Inbound.RecordingStart> messageClass() {
    return Inbound.RecordingStart.class;
  }

  @Override
  public Role requiredRole() {
    return Role.AGENT;
  }

  @Override
  public Future<JsonObject> handle(Session session, Inbound.RecordingStart m) {
    return forwarder.forwardKnown(session, m.callId(), Set.of("connected"),
        (agent, agentNode) -> new CallMessage.RecordingControl(m.callId(), agent, agentNode, "start"));
  }
}
