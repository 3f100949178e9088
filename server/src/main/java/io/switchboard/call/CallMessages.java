package io.switchboard.call;

import io.switchboard.cluster.wire.BusCodec;
import io.switchboard.cluster.wire.CallMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ACD side of inbound call control: typed messages about calls on this node ({@code NodeBus.listenCalls}, already
 * decoded and checked by {@link BusCodec}) — {@code media.offer}, {@code call.connected}, {@code call.hold} /
 * {@code call.resume}, {@code call.transferred}, {@code call.ended} — applied to the calls {@link InboundCalls} holds.
 *
 * <p>Threading: {@link #handle} runs on the SIP event loop (InboundCalls hops there first), like every call change.
 */
final class CallMessages {
  private static final Logger LOG = LoggerFactory.getLogger(CallMessages.class);

  private final InboundCalls calls;
  private final AgentLegs legs;
  private final CallRecordings recordings;
  private final CallMonitors monitors;
  private final CallConsults consults;

  CallMessages(InboundCalls calls, AgentLegs legs, CallRecordings recordings, CallMonitors monitors,
      CallConsults consults) {
    this.consults = consults;
    this.calls = calls;
    this.legs = legs;
    this.recordings = recordings;
    this.monitors = monitors;
  }

  /** {@code call}: the call this node holds under the message's id and tenant, null if none. Event loop only. */
  void handle(InboundCall call, CallMessage message) {
    InboundCall live = call == null || call.ended() ? null : call;
    if (message instanceof CallMessage.MediaOffer m) {
      legs.offer(call, m); // answers the agent even when the call is unknown here
    } else if (message instanceof CallMessage.CallHold m) {
      legs.hold(m.callId(), live, m.agentId(), m.agentNode(), true);
    } else if (message instanceof CallMessage.CallResume m) {
      legs.hold(m.callId(), live, m.agentId(), m.agentNode(), false);
    } else if (message instanceof CallMessage.RecordingControl m) {
      recordings.control(live, m);
    } else if (live == null) {
      LOG.debug("call.message-ignored call={} type={} why=not-here", message.callId(), BusCodec.type(message));
    } else if (message instanceof CallMessage.CallConnected m) {
      connected(live, m);
    } else if (message instanceof CallMessage.CallTransferred m) {
      transferred(live, m);
    } else if (message instanceof CallMessage.CallEnded) {
      calls.hangUp(live, "agent");
    }
  }

  private void connected(InboundCall call, CallMessage.CallConnected message) {
    if (call.state != InboundCall.State.WAITING) {
      return; // already saying goodbye (max wait): the ACD was told the caller left
    }
    call.state = InboundCall.State.CONNECTED;
    call.callbackDialog = null; // an agent took the caller while it was asking for a callback
    call.afterHoursGiveUp = null;
    call.agentId = message.agentId();
    call.position = 0; // no queue announcements in music on hold while connected
    legs.connected(call); // silence until the agent's leg is up, then the bridge relays
    recordings.connected(call);
    LOG.info("call.connected call={} agent={}", call.callId, call.agentId);
  }

  /**
   * Blind transfer (the ACD re-queued the call or reserved it for the target agent): the agent's leg is closed, the
   * caller hears music and announcements again, and the call waits as before ({@code queue}: the new queue, if the
   * message names one).
   */
  private void transferred(InboundCall call, CallMessage.CallTransferred message) {
    if (call.state != InboundCall.State.CONNECTED) {
      return;
    }
    LOG.info("call.transferred call={} from={} queue={}", call.callId, call.agentId, message.queue());
    if (message.queue() != null) {
      call.queue = message.queue();
    }
    recordings.stop(call);
    monitors.callEnded(call, "transferred");
    consults.callEnded(call, "transferred");
    call.state = InboundCall.State.WAITING;
    call.agentId = null;
    call.agentNode = null;
    call.recordingPolicy = null;
    call.legAgentId = null;
    call.bridge.backToMusic();
    calls.refreshPosition(call);
  }
}
