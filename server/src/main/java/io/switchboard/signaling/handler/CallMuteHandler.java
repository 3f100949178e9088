package io.switchboard.signaling.handler;

import io.switchboard.acd.Acd;
import io.switchboard.auth.Role;
import io.switchboard.signaling.Inbound;
import io.switchboard.signaling.MessageHandler;
import io.switchboard.signaling.Session;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * {@code call.mute}: records the agent's mute on its connected call. Muting itself happens in the browser (the
 * microphone track is disabled); the ACD keeps the flag so {@code hello} restores it after a reload or a move to
 * another node, before any audio flows. The ACD checks the call is connected to this agent.
 */
public final class CallMuteHandler implements MessageHandler<Inbound.CallMute> {
  private final Acd acd;

  public CallMuteHandler(Acd acd) {
    this.acd = acd;
  }

  @Override
  public String type() {
    return "call.mute";
  }

  @Override
  public Class<Inbound.CallMute> messageClass() {
    return Inbound.CallMute.class;
  }

  @Override
  public Role requiredRole() {
    return Role.AGENT;
  }

  @Override
  public Future<JsonObject> handle(Session session, Inbound.CallMute m) {
    return acd.setCallFlag(session.tenant(), session.agentId(), m.callId(), Acd.CallFlag.MUTED,
        Boolean.parseBoolean(m.muted())).mapEmpty();
  }
}
