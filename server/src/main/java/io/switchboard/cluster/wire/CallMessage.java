package io.switchboard.cluster.wire;

import static io.switchboard.cluster.wire.Wire.optional;
import static io.switchboard.cluster.wire.Wire.required;

import java.util.Set;

/**
 * A message about a call, for the node holding its SIP leg and media (the call's node), carried in a
 * {@link Envelope.AboutCall}. Published by the ACD's Lua scripts ({@code call.connected}, {@code call.ended},
 * {@code call.transferred}) and by the node holding the agent's socket ({@code media.offer}, {@code call.hold},
 * {@code call.resume}, which name the agent and its node, where the answer goes; {@code monitor.start} and
 * {@code monitor.control}, which name the supervisor and its node). Never seen by browsers.
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

  /**
   * {@code monitor.start}: supervisor {@code supervisorId}, whose socket is on {@code supervisorNode}, joins the call of
   * {@code agentId} in {@code mode} with its browser's SDP offer; the call's node answers {@code monitor.reply} naming
   * {@code requestId}.
   */
  record MonitorStart(String callId, String agentId, String supervisorId, String supervisorNode, String requestId,
      String mode, String sdp) implements CallMessage {
    public static final Set<String> MODES = Set.of("listen", "whisper", "barge");

    public MonitorStart {
      required("callId", callId);
      required("agentId", agentId);
      required("supervisorId", supervisorId);
      required("supervisorNode", supervisorNode);
      required("requestId", requestId);
      if (!MODES.contains(mode)) {
        throw new IllegalArgumentException("mode must be one of " + MODES + ", not " + mode);
      }
      required("sdp", sdp);
    }

    static MonitorStart read(WireReader r) {
      return new MonitorStart(r.str("callId"), r.str("agentId"), r.str("supervisorId"), r.str("supervisorNode"),
          r.str("requestId"), r.oneOf("mode", MODES), r.str("sdp"));
    }

    @Override
    public void write(WireWriter w) {
      w.str("callId", callId).str("agentId", agentId).str("supervisorId", supervisorId)
          .str("supervisorNode", supervisorNode).str("requestId", requestId).str("mode", mode).str("sdp", sdp);
    }
  }

  /**
   * {@code monitor.control}: the supervisor's session of the call {@code mode} (to {@code mode}), {@code stop} (both
   * answered {@code monitor.reply} naming {@code requestId}) or {@code gone} (its last socket closed; no reply).
   */
  record MonitorControl(String callId, String supervisorId, String supervisorNode, String requestId, String action,
      String mode) implements CallMessage {
    public static final Set<String> ACTIONS = Set.of("mode", "stop", "gone");

    public MonitorControl {
      required("callId", callId);
      required("supervisorId", supervisorId);
      required("supervisorNode", supervisorNode);
      required("requestId", requestId);
      if (!ACTIONS.contains(action)) {
        throw new IllegalArgumentException("action must be one of " + ACTIONS + ", not " + action);
      }
      if (action.equals("mode") ? !MonitorStart.MODES.contains(mode) : mode != null) {
        throw new IllegalArgumentException("mode comes with the action mode only, as listen, whisper or barge");
      }
    }

    static MonitorControl read(WireReader r) {
      return new MonitorControl(r.str("callId"), r.str("supervisorId"), r.str("supervisorNode"), r.str("requestId"),
          r.oneOf("action", ACTIONS), r.optStr("mode"));
    }

    @Override
    public void write(WireWriter w) {
      w.str("callId", callId).str("supervisorId", supervisorId).str("supervisorNode", supervisorNode)
          .str("requestId", requestId).str("action", action).str("mode", mode);
    }
  }
}
