package io.switchboard.call;

import io.switchboard.acd.Acd;
import io.switchboard.cluster.AgentMessenger;
import io.switchboard.cluster.wire.AgentMessage;
import io.switchboard.cluster.wire.CallMessage;
import io.switchboard.directory.Directory;
import io.switchboard.directory.Kind;
import io.switchboard.recording.CallRecorder;
import io.switchboard.recording.Recordings;
import io.vertx.core.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recording of inbound calls on the call's node. When an agent is connected, the call's queue's {@code recording}
 * policy is read from the directory: {@code all} starts a recording at once, {@code on-demand} waits for the agent's
 * {@code recording.start}, {@code none} (or no policy) records nothing. A recording taps the caller's RTP session
 * (channel 1: the caller as received; channel 2: what the caller heard — the agent, music on hold, silence) and
 * lasts as long as that agent's connection: a blind transfer or the call's end stops it (the next agent's
 * connection is a recording of its own); a consult's hand-over to the colleague does not ({@link #handedOver}). The agent's node is told {@code recording.state} at every change (and when its page
 * sets up a new leg) and {@code recording.refused} for a control that cannot be carried out. Every change is also an
 * event of the tenant's stream ({@code recording.started}, {@code .paused}, {@code .resumed}, {@code .stopped},
 * {@code .failed}: {@link Acd#recordingEvent}), so the interaction's timeline shows it; the metadata itself is
 * written by the recorder, not from these events.
 *
 * <p>Threading: every method on the call layer's context; the recorder's failure is hopped back there.
 */
final class CallRecordings {
  private static final Logger LOG = LoggerFactory.getLogger(CallRecordings.class);
  static final String NONE = "none";
  static final String ALL = "all";
  static final String ON_DEMAND = "on-demand";

  private final Context context;
  private final Acd acd;
  private final Directory directory;
  private final AgentMessenger messenger;
  private final String tenant;
  private volatile Recordings recordings;

  CallRecordings(Context context, Acd acd, Directory directory, AgentMessenger messenger, String tenant) {
    this.context = context;
    this.acd = acd;
    this.directory = directory;
    this.messenger = messenger;
    this.tenant = tenant;
  }

  /** Records with {@code r} from now on (null: calls are not recorded on this node, whatever the policy). */
  void attach(Recordings r) {
    this.recordings = r;
  }

  /** {@code call.connected}: reads the queue's policy, starts recording for {@code all}. */
  void connected(InboundCall call) {
    stop(call);
    String agent = call.agentId;
    String queue = call.queue;
    directory.get(tenant, Kind.QUEUE, queue).onComplete(ar -> context.runOnContext(v -> {
      if (call.ended() || call.state != InboundCall.State.CONNECTED || !agent.equals(call.agentId)) {
        return;
      }
      if (ar.failed()) {
        LOG.warn("recording.policy-unknown call={} queue={} why={}", call.callId, queue, ar.cause().toString());
      }
      String policy = ar.succeeded() && ar.result().isPresent()
          ? ar.result().get().getString("recording", NONE) : NONE;
      call.recordingPolicy = policy;
      if (ALL.equals(policy)) {
        start(call);
      }
      tell(call);
    }));
  }

  /**
   * A consult handed the call over to the colleague ({@code call.agentId} now): the recording goes on, one file for
   * the whole call as the caller had it (the first agent, music during the consult, then the colleague), and the new
   * agent is told its state (it may pause it from now on).
   */
  void handedOver(InboundCall call) {
    if (call.recordingPolicy != null) {
      tell(call);
    }
  }

  /** The agent's page set up a new leg (reload, another node): it learns the recording's state again. */
  void legAnswered(InboundCall call, String agentId, String agentNode) {
    if (agentId.equals(call.agentId)) {
      call.agentNode = agentNode;
      if (call.state == InboundCall.State.CONNECTED && call.recordingPolicy != null) {
        tell(call);
      }
    } else if (call.agentId == null) {
      call.agentNode = agentNode; // reserved: the offer comes before call.connected
    }
  }

  /** {@code recording.control} from the agent's node; {@code call} null when not here or ended. */
  void control(InboundCall call, CallMessage.RecordingControl m) {
    String refused;
    String why;
    if (call == null) {
      refused = "no-call";
      why = "the call is not on its node any more";
    } else if (call.state != InboundCall.State.CONNECTED || !m.agentId().equals(call.agentId)) {
      refused = "no-call";
      why = "the call is not connected to you there";
    } else {
      call.agentNode = m.agentNode();
      CallRecorder r = call.recorder;
      switch (m.action()) {
        case "start" -> {
          if (!ON_DEMAND.equals(call.recordingPolicy)) {
            refused = "not-on-demand";
            why = "this queue's recording policy is " + (call.recordingPolicy == null ? "not known yet"
                : call.recordingPolicy) + ", not on-demand";
          } else if (r != null && !r.ended()) {
            refused = "already-recording";
            why = "the call is being recorded";
          } else {
            refused = recordings == null ? "unavailable" : null;
            why = "this node does not record calls";
            if (refused == null) {
              start(call);
            }
          }
        }
        case "pause" -> {
          refused = r != null && r.pause() ? null : "not-recording";
          why = "the call is not being recorded";
        }
        default -> {
          refused = r != null && r.resume() ? null : "not-recording";
          why = "the recording is not paused";
        }
      }
    }
    if (refused != null) {
      LOG.info("recording.refused call={} agent={} action={} reason={}", m.callId(), m.agentId(), m.action(),
          refused);
      messenger.tell(m.agentNode(), tenant, m.agentId(),
          new AgentMessage.RecordingRefused(m.callId(), m.action(), refused, why));
      return;
    }
    LOG.info("recording.{} call={} agent={} recording={}", m.action(), call.callId, m.agentId(),
        call.recorder == null ? "-" : call.recorder.id());
    if (!"start".equals(m.action())) { // start() records its own event
      event(call, call.recorder, "pause".equals(m.action()) ? "recording.paused" : "recording.resumed");
    }
    tell(call);
  }

  private void start(InboundCall call) {
    Recordings r = recordings;
    if (r == null || call.media == null) {
      return;
    }
    CallRecorder rec = r.start(tenant, call.callId, call.agentId, call.queue,
        failed -> context.runOnContext(v -> {
          event(call, failed, "recording.failed");
          if (call.recorder == failed && !call.ended()) {
            call.media.session().tap(null);
            tell(call);
          }
        }));
    call.recorder = rec;
    call.media.session().tap(rec);
    event(call, rec, "recording.started");
    LOG.info("recording.started call={} agent={} recording={}", call.callId, call.agentId, rec.id());
  }

  /** The agent's connection ends (transfer, hang-up, the call's end): the recording is finished. Idempotent. */
  void stop(InboundCall call) {
    CallRecorder r = call.recorder;
    if (r == null) {
      return;
    }
    call.recorder = null;
    if (call.media != null) {
      call.media.session().tap(null);
    }
    boolean failed = r.state() == CallRecorder.State.FAILED;
    r.stop();
    if (!failed) {
      event(call, r, "recording.stopped");
    }
  }

  /** Appends a recording event to the tenant's stream; a failure is only logged (the recording goes on). */
  private void event(InboundCall call, CallRecorder r, String type) {
    if (r == null || call.agentId == null) {
      return;
    }
    acd.recordingEvent(tenant, type, call.callId, call.agentId, call.queue, r.id())
        .onFailure(e -> LOG.warn("recording.event-failed call={} type={} why={}", call.callId, type, e.toString()));
  }

  /** Tells the connected agent the recording's state (when its node is known: from its offer or a control). */
  private void tell(InboundCall call) {
    if (call.agentNode == null || call.agentId == null) {
      return;
    }
    CallRecorder r = call.recorder;
    String state = r == null ? CallRecorder.State.OFF.wire() : r.state().wire();
    String policy = call.recordingPolicy == null ? NONE : call.recordingPolicy;
    messenger.tell(call.agentNode, tenant, call.agentId, new AgentMessage.RecordingState(call.callId, state, policy));
  }

}
