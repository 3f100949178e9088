package io.switchboard.call;

import io.switchboard.acd.Acd;
import io.switchboard.acd.CallStatus;
import io.switchboard.cluster.AgentMessenger;
import io.switchboard.cluster.wire.AgentMessage;
import io.switchboard.cluster.wire.CallMessage;
import io.switchboard.media.sdp.SdpException;
import io.switchboard.webrtc.WebRtcEndpoint;
import io.switchboard.webrtc.WebRtcLeg;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent side of inbound calls on the call node: browser legs ({@code media.offer} → {@link WebRtcEndpoint} →
 * {@code media.answer}), hold and resume, and the messages back to the agent, which go to the node holding its
 * socket ({@code agentNode} of the request) as ordinary agent messages ({@link AgentMessenger}).
 *
 * <p>An offer is answered only while the ACD has the call reserved for or connected to the offering agent; a newer
 * offer replaces the call's leg (the older one is closed, also when the older answer completes last). A leg that
 * dies by itself (ICE timeout, consent expiry, DTLS failure, close_notify) is reported as {@code media.failed} with
 * that reason; the browser may offer again (in a conference, within the grace time: {@link CallConsults#agentLegLost}).
 *
 * <p>Threading: every method runs on the call layer's context; leg callbacks hop there (except the media, which
 * goes straight to the {@link Bridge}).
 */
final class AgentLegs {
  private static final Logger LOG = LoggerFactory.getLogger(AgentLegs.class);

  private final Context context;
  private final Acd acd;
  private volatile WebRtcEndpoint webrtc;
  private final AgentMessenger messenger;
  private final String tenant;
  private CallRecordings recordings;
  private CallMonitors monitors;
  private CallConsults consults;

  /** @param webrtc null when this node has no WebRTC media: every offer fails with {@code unavailable} */
  AgentLegs(Context context, Acd acd, WebRtcEndpoint webrtc, AgentMessenger messenger, String tenant) {
    this.context = context;
    this.acd = acd;
    this.webrtc = webrtc;
    this.messenger = messenger;
    this.tenant = tenant;
  }

  /** Tells {@code r} of every answered leg (so the agent's page learns the recording's state again). */
  void recordings(CallRecordings r) {
    this.recordings = r;
  }

  /** The endpoint browser legs are answered with now, or null. */
  WebRtcEndpoint endpoint() {
    return webrtc;
  }

  /** Tells {@code m} of every answered leg (so a reloaded page learns that a supervisor is heard again). */
  void monitors(CallMonitors m) {
    this.monitors = m;
  }

  /** Told of every lost agent leg (a conference hands the call to the colleague when it does not come back). */
  void consults(CallConsults c) {
    this.consults = c;
  }

  /** Replaces the endpoint browser legs are answered with (node wiring; a test double in tests). */
  void attach(WebRtcEndpoint endpoint) {
    this.webrtc = endpoint;
  }

  /** {@code media.offer} from {@code m.agentId()}; {@code call} null when not on this node. */
  void offer(InboundCall call, CallMessage.MediaOffer m) {
    String callId = m.callId();
    String agentId = m.agentId();
    String agentNode = m.agentNode();
    String sdp = m.sdp();
    if (call == null || call.bridge == null || call.ended()
        || call.state != InboundCall.State.WAITING && call.state != InboundCall.State.CONNECTED) {
      failed(agentNode, agentId, callId, "no-call", "no call " + callId + " with media on this node");
      return;
    }
    WebRtcEndpoint endpoint = webrtc;
    if (endpoint == null) {
      failed(agentNode, agentId, callId, "unavailable", "this node has no WebRTC media");
      return;
    }
    long generation = ++call.offerGeneration;
    on(acd.call(tenant, callId)).compose(st -> {
      if (!ownedBy(st, agentId)) {
        return Future.failedFuture(new NoCall("call " + callId + " is not reserved for or connected to " + agentId));
      }
      LegListener listener = new LegListener(call, agentId, agentNode);
      return on(endpoint.answer(sdp, listener)).map(leg -> {
        listener.leg = leg;
        return leg;
      });
    }).onSuccess(leg -> answered(call, generation, leg, agentId, agentNode)).onFailure(e -> {
      if (e instanceof NoCall) {
        failed(agentNode, agentId, callId, "no-call", e.getMessage());
      } else if (e instanceof SdpException) {
        failed(agentNode, agentId, callId, "bad-offer", e.getMessage());
      } else {
        LOG.warn("call.offer-failed call={} why={}", callId, e.toString());
        failed(agentNode, agentId, callId, "unavailable", "the offer could not be answered; retry");
      }
    });
  }

  private static boolean ownedBy(CallStatus st, String agentId) {
    return st != null && agentId.equals(st.agentId())
        && ("reserved".equals(st.state()) || "connected".equals(st.state()));
  }

  private void answered(InboundCall call, long generation, WebRtcLeg leg, String agentId, String agentNode) {
    if (call.ended() || call.bridge == null || generation != call.offerGeneration) {
      leg.close(); // the call ended, or a newer offer is being answered
      return;
    }
    if (call.state == InboundCall.State.CONNECTED && !agentId.equals(call.agentId)) {
      leg.close(); // connected to another agent meanwhile (transfer)
      return;
    }
    call.legAgentId = agentId;
    call.bridge.setLeg(leg);
    messenger.tell(agentNode, tenant, agentId, new AgentMessage.MediaAnswer(call.callId, leg.answerSdp()));
    if (recordings != null) {
      recordings.legAnswered(call, agentId, agentNode);
    }
    if (monitors != null && agentId.equals(call.agentId)) {
      monitors.legAnswered(call);
    }
    LOG.info("call.leg-answered call={} agent={}", call.callId, agentId);
  }

  /** {@code call.connected}: a leg offered while reserved by another agent is of no use any more. */
  void connected(InboundCall call) {
    if (call.legAgentId != null && !call.legAgentId.equals(call.agentId)) {
      call.bridge.setLeg(null);
      call.legAgentId = null;
    }
    call.bridge.agentConnected();
  }

  /**
   * {@code call.hold} / {@code call.resume} from the connected agent (checked by its node against the ACD). One the
   * call node cannot apply is answered {@code call.hold-failed} (reason {@code no-call}: the call is not on this node
   * or has ended; {@code not-connected}: it is not connected to this agent here, or its media is not bridged).
   *
   * @param call the call on this node, null if unknown or ended
   */
  void hold(String callId, InboundCall call, String agentId, String agentNode, boolean hold) {
    String refused = call == null ? "no-call"
        : call.state != InboundCall.State.CONNECTED || !agentId.equals(call.agentId)
            || !(hold ? call.bridge.hold() : call.bridge.resume()) ? "not-connected" : null;
    if (refused != null) {
      LOG.info("call.hold-refused call={} agent={} hold={} reason={} state={}", callId, agentId, hold, refused,
          call == null ? "none" : call.state);
      messenger.tell(agentNode, tenant, agentId,
          new AgentMessage.CallHoldFailed(callId, hold, refused, refused.equals("no-call")
              ? "the call is not on its node any more" : "the call is not connected to you there"));
      return;
    }
    LOG.info("call.{} call={} agent={}", hold ? "held" : "resumed", callId, agentId);
    messenger.tell(agentNode, tenant, agentId,
        hold ? new AgentMessage.CallHeld(callId) : new AgentMessage.CallResumed(callId));
    // kept in the ACD so a page that reloads or moves shows the hold (the bridge keeps it across new legs)
    acd.setCallFlag(tenant, agentId, callId, Acd.CallFlag.HELD, hold)
        .onFailure(e -> LOG.warn("call.hold-not-recorded call={} why={}", callId, e.toString()));
  }

  private final class LegListener extends BridgedLegListener {
    private final String agentId;
    private final String agentNode;

    /** On the call layer's context (reads {@code call.media}). */
    LegListener(InboundCall call, String agentId, String agentNode) {
      super(call);
      this.agentId = agentId;
      this.agentNode = agentNode;
    }

    @Override
    public void onConnected() {
      context.runOnContext(v -> {
        WebRtcLeg l = leg;
        if (l != null && call.bridge != null) {
          call.bridge.legConnected(l);
          LOG.info("call.leg-connected call={} agent={}", call.callId, agentId);
        }
      });
    }

    @Override
    public void onClosed(String reason) {
      context.runOnContext(v -> {
        WebRtcLeg l = leg;
        boolean current = l != null && call.bridge != null && call.bridge.legClosed(l);
        LOG.info("call.leg-closed call={} agent={} reason={} current={}", call.callId, agentId, reason, current);
        if (current && !call.ended() && !"closed".equals(reason)) {
          failed(agentNode, agentId, call.callId, reason, "the media connection ended: " + reason);
          if (consults != null) {
            consults.agentLegLost(call, agentId, reason);
          }
        }
      });
    }
  }

  private void failed(String agentNode, String agentId, String callId, String reason, String message) {
    messenger.tell(agentNode, tenant, agentId, new AgentMessage.MediaFailed(callId, reason, message));
  }


  private <T> Future<T> on(Future<T> f) {
    Promise<T> p = Promise.promise();
    f.onComplete(ar -> context.runOnContext(v -> p.handle(ar)));
    return p.future();
  }

  /** The ACD does not have the call reserved for or connected to the offering agent. */
  private static final class NoCall extends RuntimeException {
    NoCall(String message) {
      super(message, null, false, false);
    }
  }
}
