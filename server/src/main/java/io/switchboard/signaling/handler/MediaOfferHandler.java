package io.switchboard.signaling.handler;

import io.switchboard.acd.Acd;
import io.switchboard.auth.Role;
import io.switchboard.cluster.NodeBus;
import io.switchboard.cluster.wire.CallMessage;
import io.switchboard.signaling.Inbound;
import io.switchboard.signaling.MessageHandler;
import io.switchboard.signaling.Session;
import io.switchboard.signaling.SignalingError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * {@code media.offer}: the browser's SDP offer for a call reserved for (so audio is up the moment it is answered) or
 * connected to this agent, forwarded to the call's node. The ack means the call's node has it; the outcome arrives
 * as {@code media.answer} or {@code media.failed}. Only the SDP's shape is checked here ({@code bad-offer}); the
 * call's node negotiates it.
 */
public final class MediaOfferHandler implements MessageHandler<Inbound.MediaOffer> {
  private final CallForwarder forwarder;

  public MediaOfferHandler(Acd acd, NodeBus bus) {
    this.forwarder = new CallForwarder(acd, bus);
  }

  @Override
  public String type() {
    return "media.offer";
  }

  @Override
  public Class<Inbound.MediaOffer> messageClass() {
    return Inbound.MediaOffer.class;
  }

  @Override
  public Role requiredRole() {
    return Role.AGENT;
  }

  @Override
  public Future<JsonObject> handle(Session session, Inbound.MediaOffer m) {
    if (!m.sdp().startsWith("v=0") || !m.sdp().contains("m=audio")) {
      return Future.failedFuture(new SignalingError(SignalingError.BAD_OFFER, "sdp",
          "field 'sdp' must be an SDP offer (v=0 ...) with an audio section"));
    }
    return forwarder.forward(session, m.callId(), Set.of("reserved", "connected"),
        (agent, agentNode) -> new CallMessage.MediaOffer(m.callId(), agent, agentNode, m.sdp()));
  }
}
