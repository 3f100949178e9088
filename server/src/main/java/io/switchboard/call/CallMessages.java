package io.switchboard.call;

import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ACD side of inbound call control: envelopes about calls on this node ({@code NodeBus.listenCalls}) —
 * {@code media.offer}, {@code call.connected}, {@code call.hold}/{@code call.resume}, {@code call.transferred},
 * {@code call.ended} — applied to the calls {@link InboundCalls} holds.
 *
 * <p>Threading: {@link #handle} runs on the SIP event loop (InboundCalls hops there first), like every call change.
 */
final class CallMessages {
  private static final Logger LOG = LoggerFactory.getLogger(CallMessages.class);

  private final InboundCalls calls;
  private final AgentLegs legs;

  CallMessages(InboundCalls calls, AgentLegs legs) {
    this.calls = calls;
    this.legs = legs;
  }

  /** {@code call}: the call this node holds under the envelope's id and tenant, null if none. Event loop only. */
  void handle(String callId, InboundCall call, JsonObject message) {
    String type = message.getString("type", "");
    if ("media.offer".equals(type)) {
      legs.offer(callId, call, message); // answers the agent even when the call is unknown here
      return;
    }
    if ("call.hold".equals(type) || "call.resume".equals(type)) {
      legs.hold(callId, call == null || call.ended() ? null : call, message, "call.hold".equals(type));
      return;
    }
    if (call == null || call.ended()) {
      return;
    }
    switch (type) {
      case "call.connected" -> connected(call, message);
      case "call.transferred" -> transferred(call, message);
      case "call.ended" -> calls.hangUp(call, "agent");
      default -> LOG.debug("call.message-ignored call={} type={}", callId, type);
    }
  }

  private void connected(InboundCall call, JsonObject message) {
    if (call.state != InboundCall.State.WAITING) {
      return; // already saying goodbye (max wait): the ACD was told the caller left
    }
    call.state = InboundCall.State.CONNECTED;
    call.agentId = message.getString("agentId");
    call.position = 0; // no queue announcements in music on hold while connected
    legs.connected(call); // silence until the agent's leg is up, then the bridge relays
    LOG.info("call.connected call={} agent={}", call.callId, call.agentId);
  }

  /**
   * Blind transfer (the ACD re-queued the call or reserved it for the target agent): the agent's leg is closed, the
   * caller hears music and announcements again, and the call waits as before ({@code queue}: the new queue, if the
   * message names one).
   */
  private void transferred(InboundCall call, JsonObject message) {
    if (call.state != InboundCall.State.CONNECTED) {
      return;
    }
    LOG.info("call.transferred call={} from={} queue={}", call.callId, call.agentId, message.getValue("queue"));
    if (message.getValue("queue") instanceof String q && !q.isEmpty()) {
      call.queue = q;
    }
    call.state = InboundCall.State.WAITING;
    call.agentId = null;
    call.legAgentId = null;
    call.bridge.backToMusic();
    calls.refreshPosition(call);
  }
}
