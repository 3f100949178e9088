package io.switchboard.call;

import io.switchboard.cluster.wire.CallMessage;

/**
 * Blind transfer of a call whose SIP leg a dialer holds ({@link OutboundDials}: click-to-dial, callbacks, preview and
 * progressive campaign calls; {@link PredictiveDials}): the contact's side is an {@link InboundCall} and is handed
 * from agent to agent exactly like an inbound caller's ({@link CallMessages}), so the contact hears music while the
 * ACD routes it and the next agent's browser leg is bridged on {@code call.connected}.
 *
 * <pre>
 *   CONNECTED ──call.transferred──► WAITING (agent leg closed, recording stopped, music)
 *   WAITING ──call.connected──► CONNECTED (the new agent; its leg relays once up, recorded as its queue says)
 * </pre>
 *
 * <p>Threading: the dialer's event loop only, like every call change.
 */
final class DialedHandoff {
  private final AgentLegs legs;
  private final CallRecordings recordings;

  DialedHandoff(AgentLegs legs, CallRecordings recordings) {
    this.legs = legs;
    this.recordings = recordings;
  }

  /** {@code call.connected}: {@code leg} (WAITING) is connected to {@code agentId}; false (nothing done) otherwise. */
  boolean connected(InboundCall leg, String agentId) {
    if (leg == null || leg.state != InboundCall.State.WAITING) {
      return false;
    }
    leg.state = InboundCall.State.CONNECTED;
    leg.agentId = agentId;
    legs.connected(leg); // silence until the agent's leg is up, then the bridge relays
    recordings.connected(leg);
    return true;
  }

  /**
   * {@code call.transferred}: the ACD re-queued {@code leg} (CONNECTED) or reserved it for the target agent; the
   * agent's leg is closed and the contact hears music again ({@code m.queue()}: its queue now, when named). False
   * (nothing done) when the leg is not connected.
   */
  boolean transferred(InboundCall leg, CallMessage.CallTransferred m) {
    if (leg == null || leg.state != InboundCall.State.CONNECTED) {
      return false;
    }
    if (m.queue() != null) {
      leg.queue = m.queue();
    }
    recordings.stop(leg);
    leg.state = InboundCall.State.WAITING;
    leg.agentId = null;
    leg.agentNode = null;
    leg.recordingPolicy = null;
    leg.legAgentId = null;
    leg.bridge.backToMusic();
    return true;
  }
}
