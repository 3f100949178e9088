package io.switchboard.call;

import io.switchboard.acd.Acd;
import io.switchboard.acd.AcdException;
import io.switchboard.monitor.ConsultTarget;
import io.switchboard.cluster.AgentMessenger;
import io.switchboard.cluster.wire.AgentMessage;
import io.switchboard.media.sdp.SdpException;
import io.switchboard.monitor.Consulting;
import io.switchboard.monitor.MonitorRefused;
import io.switchboard.webrtc.WebRtcEndpoint;
import io.switchboard.webrtc.WebRtcLeg;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Agents consulting a colleague on this node's connected calls ({@link Consulting}; state diagram there): at most one
 * consult per call, in the call's third-party slot ({@link InboundCall#consult}, never together with
 * {@link InboundCall#monitors}). The colleague is reserved in the ACD from the start and released at the end; its
 * accept answers its browser's offer with a leg of its own, which {@link Bridge#consult} mixes with
 * {@link ConsultStage#CONSULT} (the caller hears music on hold, the agents each other). The ACD picks the colleague
 * ({@link ConsultTarget}: named, the team's leader, a queue's longest idle agent) as it reserves it. A conference
 * outlives whoever leaves it ({@link #hangup}): the call's agent hands it over as a warm transfer does, the colleague
 * leaves the two-party call behind; the call's agent whose leg is lost and not offered again within the grace time
 * ({@link #agentLegLost}) leaves it too. A colleague may decline a consult it has not accepted ({@link #decline}).
 *
 * <p>Threading: the {@link Consulting} methods may be called from any thread and hop to the call layer's context,
 * where all state lives; futures complete there.
 */
final class CallConsults implements Consulting {
  private static final Logger LOG = LoggerFactory.getLogger(CallConsults.class);

  /**
   * One consult on one call (call layer's context only); {@code leg} is null until the colleague accepts,
   * {@code colleagueId} null while the ACD picks the colleague (the slot is held meanwhile).
   */
  static final class Consult {
    final InboundCall call;
    final String agentId;
    final String colleagueId;
    final String colleagueNode;
    WebRtcLeg leg;
    /** The agent's leg losses in the conference so far: each starts its own grace time, only the last one counts. */
    int agentLegLosses;

    Consult(InboundCall call, String agentId, String colleagueId, String colleagueNode) {
      this.call = call;
      this.agentId = agentId;
      this.colleagueId = colleagueId;
      this.colleagueNode = colleagueNode;
    }
  }

  private final Context context;
  private final Acd acd;
  private final Supplier<WebRtcEndpoint> webrtc;
  private final AgentMessenger messenger;
  private final String tenant;
  private final Function<String, InboundCall> calls;
  private CallRecordings recordings;
  /** How long a conference waits for its agent's lost leg to come back ({@code consult.agent-leg-grace-ms}). */
  private Duration agentLegGrace = Duration.ZERO;

  /** @param calls this node's live call by the ACD's id, or null (read on the context) */
  CallConsults(Context context, Acd acd, Supplier<WebRtcEndpoint> webrtc, AgentMessenger messenger, String tenant,
      Function<String, InboundCall> calls) {
    this.context = context;
    this.acd = acd;
    this.webrtc = webrtc;
    this.messenger = messenger;
    this.tenant = tenant;
    this.calls = calls;
  }

  /** Sets {@code consult.agent-leg-grace-ms} (the node, before traffic). */
  void agentLegGrace(Duration grace) {
    this.agentLegGrace = grace;
  }

  /** Told when a call is handed over to the colleague (its recording goes on, the new agent learns its state). */
  void recordings(CallRecordings r) {
    this.recordings = r;
  }

  @Override
  public Future<String> start(String tenant, String callId, String agentId, ConsultTarget target,
      String colleagueNode) {
    Promise<String> done = Promise.promise();
    context.runOnContext(v -> {
      InboundCall call = live(tenant, callId, agentId);
      MonitorRefused refused = call == null ? noCall(agentId, callId)
          : !call.monitors.isEmpty() ? new MonitorRefused("monitored", "callId",
              "a supervisor monitors this call (" + call.monitors.size() + " on it); a call cannot be monitored"
              + " and consulted at once")
          : call.consult != null ? new MonitorRefused("busy", "callId", "this call has a consult already ("
              + (call.consult.colleagueId == null ? "being set up" : call.consult.colleagueId)
              + "); send call.consult.cancel first")
          : null;
      if (refused != null) {
        done.fail(refused);
        return;
      }
      Consult slot = new Consult(call, agentId, null, colleagueNode);
      call.consult = slot; // holds the slot while the ACD picks and reserves the colleague
      acd.reserveConsult(tenant, agentId, callId, target).onComplete(ar -> context.runOnContext(v2 -> {
        boolean kept = call.consult == slot; // else the call ended, was transferred or the agent cancelled
        if (kept) {
          call.consult = null;
        }
        if (ar.failed()) {
          done.fail(ar.cause() instanceof AcdException a
              ? new MonitorRefused(a.code(), "not-your-call".equals(a.code()) ? "callId" : target.field(),
              a.getMessage()) : ar.cause());
          return;
        }
        Consult c = new Consult(call, agentId, ar.result(), colleagueNode);
        if (!kept || call.ended() || call.state != InboundCall.State.CONNECTED
            || !agentId.equals(call.agentId)) { // the call ended or changed meanwhile: the colleague is not needed
          release(c);
          done.fail(live(tenant, callId, agentId) == null ? noCall(agentId, callId)
              : new MonitorRefused("no-session", "callId", "the consult was cancelled while it was being set up"));
          return;
        }
        call.consult = c;
        messenger.tell(colleagueNode, tenant, c.colleagueId, new AgentMessage.ConsultOffered(callId, agentId));
        LOG.info("consult.offered call={} agent={} colleague={}", callId, agentId, c.colleagueId);
        done.complete(c.colleagueId);
      }));
    });
    return done.future();
  }

  @Override
  public Future<String> accept(String tenant, String callId, String colleagueId, String offerSdp) {
    Promise<String> done = Promise.promise();
    context.runOnContext(v -> {
      InboundCall call = this.tenant.equals(tenant) ? calls.apply(callId) : null;
      Consult c = call == null ? null : call.consult;
      if (c == null || !colleagueId.equals(c.colleagueId) || c.leg != null) {
        done.fail(new MonitorRefused("no-session", "callId", "no consult of call " + callId + " is offered to you"));
        return;
      }
      WebRtcEndpoint endpoint = webrtc.get();
      if (endpoint == null) {
        done.fail(new MonitorRefused("unavailable", null, "this node has no WebRTC media"));
        return;
      }
      LegListener listener = new LegListener(call);
      endpoint.answer(offerSdp, listener).onComplete(ar -> context.runOnContext(v2 -> {
        if (ar.failed()) {
          done.fail(ar.cause() instanceof SdpException ? new MonitorRefused("bad-offer", "sdp",
              ar.cause().getMessage()) : new MonitorRefused("unavailable", null, "the offer could not be answered"));
          return;
        }
        WebRtcLeg leg = ar.result();
        if (call.consult != c || c.leg != null || call.bridge == null || call.ended()) {
          leg.close();
          done.fail(new MonitorRefused("no-session", "callId", "the consult ended while your media was set up"));
          return;
        }
        listener.leg = leg;
        c.leg = leg;
        call.bridge.consult(leg, ConsultStage.CONSULT);
        LOG.info("consult.talking call={} agent={} colleague={}", callId, c.agentId, colleagueId);
        done.complete(leg.answerSdp());
      }));
    });
    return done.future();
  }

  @Override
  public Future<Void> decline(String tenant, String callId, String colleagueId, String note) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      Consult c = joinedBy(tenant, callId, colleagueId);
      if (c == null || c.leg != null) {
        done.fail(new MonitorRefused("no-session", "callId", c == null
            ? "no consult of call " + callId + " is offered to you"
            : "you have joined this consult; leave it with call.consult.cancel"));
        return;
      }
      end(c, "declined", note);
      done.complete();
    });
    return done.future();
  }

  @Override
  public Future<Void> conference(String tenant, String callId, String agentId) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      Consult c = accepted(tenant, callId, agentId, done);
      if (c == null) {
        return;
      }
      c.call.bridge.consult(c.leg, ConsultStage.CONFERENCE);
      LOG.info("consult.conference call={} agent={} colleague={}", callId, agentId, c.colleagueId);
      done.complete();
    });
    return done.future();
  }

  @Override
  public Future<Void> complete(String tenant, String callId, String agentId) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      Consult c = accepted(tenant, callId, agentId, done);
      if (c != null) {
        handOver(c.call, c, done);
      }
    });
    return done.future();
  }

  @Override
  public Future<Void> cancel(String tenant, String callId, String agentId) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      InboundCall call = live(tenant, callId, agentId);
      Consult mine = call == null ? null : call.consult;
      Consult joined = mine == null ? joinedBy(tenant, callId, agentId) : null;
      if (mine == null && joined == null) {
        done.fail(new MonitorRefused("no-session", "callId", "call " + callId + " has no consult"));
        return;
      }
      end(mine != null ? mine : joined, mine != null ? "cancelled" : "left", null);
      done.complete();
    });
    return done.future();
  }

  @Override
  public Future<Boolean> hangup(String tenant, String callId, String agentId) {
    Promise<Void> done = Promise.promise();
    Promise<Boolean> handled = Promise.promise();
    context.runOnContext(v -> {
      InboundCall call = live(tenant, callId, agentId);
      Consult c = call == null ? null : call.consult;
      Consult joined = joinedBy(tenant, callId, agentId);
      if (c != null && c.leg != null && call.bridge.consultStage() == ConsultStage.CONFERENCE) {
        handOver(call, c, done); // the conference goes on without this agent
        done.future().onComplete(ar -> handled.handle(ar.map(true)));
      } else if (joined != null) {
        end(joined, "left", null);
        handled.complete(true);
      } else {
        handled.complete(false);
      }
    });
    return handled.future();
  }

  /**
   * Hands the call over to the colleague who accepted consult {@code c}: the ACD makes it the call's agent (a transfer
   * of kind {@code conference} when the call was in a conference, else {@code warm}), then its consult leg becomes
   * the call's agent leg and the first agent's is closed. Context only.
   */
  private void handOver(InboundCall call, Consult c, Promise<Void> done) {
    String callId = call.callId;
    String kind = call.bridge.consultStage() == ConsultStage.CONFERENCE ? "conference" : "warm";
    acd.completeConsult(tenant, c.agentId, callId, c.colleagueId, kind).onComplete(ar -> context.runOnContext(v2 -> {
      if (ar.failed()) {
        done.fail(ar.cause() instanceof AcdException a ? new MonitorRefused(a.code(), "callId", a.getMessage())
            : ar.cause());
        return;
      }
      if (call.consult != c || call.ended() || call.bridge == null) { // the ACD's end of the call follows
        done.fail(noCall(c.agentId, callId));
        return;
      }
      call.consult = null;
      call.agentId = c.colleagueId;
      call.agentNode = c.colleagueNode;
      call.legAgentId = c.colleagueId;
      call.bridge.handOverToColleague(); // closes the first agent's leg
      if (recordings != null) {
        recordings.handedOver(call);
      }
      messenger.tell(c.colleagueNode, tenant, c.colleagueId, new AgentMessage.ConsultEnded(callId, "completed"));
      LOG.info("consult.completed call={} from={} to={} kind={}", callId, c.agentId, c.colleagueId, kind);
      done.complete();
    }));
  }

  /** The consult of call {@code callId} that {@code colleagueId} was offered or has joined, or null. */
  private Consult joinedBy(String tenant, String callId, String colleagueId) {
    InboundCall call = this.tenant.equals(tenant) ? calls.apply(callId) : null;
    Consult c = call == null || call.ended() ? null : call.consult;
    return c != null && colleagueId.equals(c.colleagueId) ? c : null;
  }

  /**
   * The call's agent connection is over ({@code reason}: {@code call-ended}, {@code transferred}): its consult ends
   * and the colleague is told. Context only; nothing when the call has no consult.
   */
  void callEnded(InboundCall call, String reason) {
    if (call.consult != null) {
      end(call.consult, reason, null);
    }
  }

  /**
   * The current browser leg of {@code agentId} on {@code call} closed by itself ({@code reason}: consent expired, the
   * page closed it, ...). In a conference whose agent it is, the call waits {@code consult.agent-leg-grace-ms} for a
   * new leg ({@code media.offer}, a reloaded page); when none came, the agent leaves the conference as by a hang-up:
   * the call is handed to the colleague ({@link #handOver}, a transfer of kind {@code conference}). Anything else
   * (a two-party call, a consult before the conference): nothing here, the agent may offer again. Context only.
   */
  void agentLegLost(InboundCall call, String agentId, String reason) {
    Consult c = call.consult;
    if (c == null || c.leg == null || !agentId.equals(c.agentId) || !agentId.equals(call.agentId)
        || call.bridge == null || call.bridge.consultStage() != ConsultStage.CONFERENCE) {
      return;
    }
    int loss = ++c.agentLegLosses;
    LOG.info("consult.agent-leg-lost call={} agent={} reason={} graceMs={}", call.callId, agentId, reason,
        agentLegGrace.toMillis());
    context.owner().setTimer(Math.max(1, agentLegGrace.toMillis()), t -> context.runOnContext(v -> {
      if (call.consult != c || c.agentLegLosses != loss || call.ended() || call.bridge == null
          || call.bridge.leg() != null || call.bridge.consultStage() != ConsultStage.CONFERENCE
          || !agentId.equals(call.agentId)) {
        return; // the leg came back (or came back and was lost again: that loss's timer decides), or it is over
      }
      Promise<Void> done = Promise.promise();
      handOver(call, c, done);
      done.future().onFailure(e -> LOG.warn("consult.agent-leg-lost-handover-failed call={} why={}", call.callId,
          e.toString()));
    }));
  }

  /** The agent's live call's consult once the colleague has accepted it; else fails {@code done} and gives null. */
  private Consult accepted(String tenant, String callId, String agentId, Promise<Void> done) {
    InboundCall call = live(tenant, callId, agentId);
    Consult c = call == null ? null : call.consult;
    if (c == null || c.leg == null) {
      done.fail(new MonitorRefused("no-session", "callId", "call " + callId
          + " has no consult the colleague has accepted"));
      return null;
    }
    return c;
  }

  private InboundCall live(String tenant, String callId, String agentId) {
    InboundCall call = this.tenant.equals(tenant) ? calls.apply(callId) : null;
    return call == null || call.ended() || call.bridge == null || call.state != InboundCall.State.CONNECTED
        || !agentId.equals(call.agentId) ? null : call;
  }

  /** Ends consult {@code c} ({@code note}: the colleague's words when it declined, else null). Context only. */
  private void end(Consult c, String reason, String note) {
    InboundCall call = c.call;
    if (call.consult != c) {
      return; // ended already
    }
    call.consult = null;
    if (c.colleagueId == null) {
      return; // still being reserved: start() sees the slot gone and releases the colleague
    }
    if (c.leg != null) {
      if (call.bridge != null && !call.ended()) {
        call.bridge.endConsult();
      }
      c.leg.close();
    }
    if ("declined".equals(reason)) {
      acd.declineConsult(tenant, c.agentId, call.callId, c.colleagueId, note)
          .onFailure(e -> LOG.warn("consult.decline-failed call={} colleague={} why={}", call.callId, c.colleagueId,
              e.toString()));
    } else {
      release(c);
    }
    AgentMessage.ConsultEnded ended = new AgentMessage.ConsultEnded(call.callId, reason, note);
    messenger.tell(c.colleagueNode, tenant, c.colleagueId, ended);
    if (!"cancelled".equals(reason) && !"call-ended".equals(reason) && call.agentNode != null) {
      messenger.tell(call.agentNode, tenant, c.agentId, ended);
    }
    LOG.info("consult.ended call={} colleague={} reason={}", call.callId, c.colleagueId, reason);
  }

  private void release(Consult c) {
    acd.releaseConsult(tenant, c.agentId, c.call.callId, c.colleagueId)
        .onFailure(e -> LOG.warn("consult.release-failed call={} colleague={} why={}", c.call.callId, c.colleagueId,
            e.toString()));
  }

  private static MonitorRefused noCall(String agentId, String callId) {
    return new MonitorRefused("no-call", "callId", "agent " + agentId + " has no connected call " + callId
        + " on this node");
  }


  /** The colleague's browser leg: its packets go to the call's mix; a leg lost by itself ends the consult. */
  private final class LegListener extends BridgedLegListener {
    LegListener(InboundCall call) {
      super(call);
    }

    @Override
    public void onConnected() {
      LOG.info("consult.leg-connected call={}", call.callId);
    }

    @Override
    public void onClosed(String reason) {
      context.runOnContext(v -> {
        Consult c = call.consult;
        if (c != null && c.leg == leg && !"closed".equals(reason)) {
          end(c, "media-" + reason, null);
        } else if (c == null && call.bridge != null && call.bridge.legClosed(leg)) {
          // after a warm transfer this leg is the call's agent leg: its loss is the agent's leg loss
          LOG.info("call.leg-lost call={} agent={} reason={}", call.callId, call.agentId, reason);
        }
      });
    }
  }
}
