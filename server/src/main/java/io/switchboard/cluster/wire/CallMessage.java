package io.switchboard.cluster.wire;

import static io.switchboard.cluster.wire.Wire.optional;
import static io.switchboard.cluster.wire.Wire.required;

/**
 * A message about a call, for the node holding its SIP leg and media (the call's node), carried in a
 * {@link Envelope.AboutCall}. Published by the ACD's Lua scripts ({@code call.connected}, {@code call.ended},
 * {@code call.transferred}) and by the node holding the agent's socket ({@code media.offer}, {@code call.hold},
 * {@code call.resume}, which name the agent and its node, where the answer goes). Never seen by browsers.
 * {@code callId} repeats the envelope's (the codec refuses a message whose id differs).
 */
public sealed interface CallMessage {

  String callId();

  void write(WireWriter w);

  /** {@code call.connected}: {@code agentId} accepted the call. */
  record CallConnected(String callId, String agentId) implements CallMessage {
    public CallConnected {
      required("callId", callId);
      required("agentId", agentId);
    }

    static CallConnected read(WireReader r) {
      return new CallConnected(r.str("callId"), r.str("agentId"));
    }

    @Override
    public void write(WireWriter w) {
      w.str("callId", callId).str("agentId", agentId);
    }
  }

  /** {@code call.ended}: the call is over in the ACD ({@code by} {@code agent}: the agent hung up); BYE the caller. */
  record CallEnded(String callId, String by) implements CallMessage {
    public CallEnded {
      required("callId", callId);
      required("by", by);
    }

    static CallEnded read(WireReader r) {
      return new CallEnded(r.str("callId"), r.str("by"));
    }

    @Override
    public void write(WireWriter w) {
      w.str("callId", callId).str("by", by);
    }
  }

  /** {@code call.transferred}: blind transfer to {@code queue} or to {@code agentId} (exactly one is set). */
  record CallTransferred(String callId, String queue, String agentId) implements CallMessage {
    public CallTransferred {
      required("callId", callId);
      optional("queue", queue);
      optional("agentId", agentId);
      if ((queue == null) == (agentId == null)) {
        throw new IllegalArgumentException("exactly one of queue and agentId is required");
      }
    }

    static CallTransferred read(WireReader r) {
      return new CallTransferred(r.str("callId"), r.optStr("queue"), r.optStr("agentId"));
    }

    @Override
    public void write(WireWriter w) {
      w.str("callId", callId).str("queue", queue).str("agentId", agentId);
    }
  }

  /** {@code media.offer}: the browser's SDP offer of {@code agentId}, whose socket is on {@code agentNode}. */
  record MediaOffer(String callId, String agentId, String agentNode, String sdp) implements CallMessage {
    public MediaOffer {
      required("callId", callId);
      required("agentId", agentId);
      required("agentNode", agentNode);
      required("sdp", sdp);
    }

    static MediaOffer read(WireReader r) {
      return new MediaOffer(r.str("callId"), r.str("agentId"), r.str("agentNode"), r.str("sdp"));
    }

    @Override
    public void write(WireWriter w) {
      w.str("callId", callId).str("agentId", agentId).str("agentNode", agentNode).str("sdp", sdp);
    }
  }

  /** {@code call.hold}: the connected agent asks for music on hold. */
  record CallHold(String callId, String agentId, String agentNode) implements CallMessage {
    public CallHold {
      required("callId", callId);
      required("agentId", agentId);
      required("agentNode", agentNode);
    }

    static CallHold read(WireReader r) {
      return new CallHold(r.str("callId"), r.str("agentId"), r.str("agentNode"));
    }

    @Override
    public void write(WireWriter w) {
      w.str("callId", callId).str("agentId", agentId).str("agentNode", agentNode);
    }
  }

  /** {@code call.resume}: the connected agent takes the caller back from hold. */
  record CallResume(String callId, String agentId, String agentNode) implements CallMessage {
    public CallResume {
      required("callId", callId);
      required("agentId", agentId);
      required("agentNode", agentNode);
    }

    static CallResume read(WireReader r) {
      return new CallResume(r.str("callId"), r.str("agentId"), r.str("agentNode"));
    }

    @Override
    public void write(WireWriter w) {
      w.str("callId", callId).str("agentId", agentId).str("agentNode", agentNode);
    }
  }

  /**
   * {@code recording.control}: the connected agent asks the call's node to {@code start} (on-demand queues),
   * {@code pause} or {@code resume} the call's recording.
   */
  record RecordingControl(String callId, String agentId, String agentNode, String action) implements CallMessage {
    public RecordingControl {
      required("callId", callId);
      required("agentId", agentId);
      required("agentNode", agentNode);
      required("action", action);
      if (!action.equals("start") && !action.equals("pause") && !action.equals("resume")) {
        throw new IllegalArgumentException("action must be start, pause or resume");
      }
    }

    static RecordingControl read(WireReader r) {
      return new RecordingControl(r.str("callId"), r.str("agentId"), r.str("agentNode"), r.str("action"));
    }

    @Override
    public void write(WireWriter w) {
      w.str("callId", callId).str("agentId", agentId).str("agentNode", agentNode).str("action", action);
    }
  }
}
