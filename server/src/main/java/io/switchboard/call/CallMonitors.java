package io.switchboard.call;

import io.switchboard.acd.Acd;
import io.switchboard.cluster.AgentMessenger;
import io.switchboard.cluster.wire.AgentMessage;
import io.switchboard.media.sdp.SdpException;
import io.switchboard.monitor.MonitorMode;
import io.switchboard.monitor.MonitorRefused;
import io.switchboard.monitor.Monitoring;
import io.switchboard.webrtc.WebRtcEndpoint;
import io.switchboard.webrtc.WebRtcLeg;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Supervisors on this node's connected calls ({@link Monitoring}): up to {@link #maxPerCall} supervisors per call
 * ({@code supervision.max-monitors-per-call}), each in its own mode, switching and leaving on its own, and one call
 * per supervisor. A start answers the supervisor's browser offer with a leg of its own and adds it to the call's
 * {@link Bridge} mix; a mode change re-weights that leg in the mix; the end (stop, the supervisor's socket gone, its
 * leg lost, a transfer or the call's end) takes that leg out again and closes it, the others staying.
 *
 * <pre>
 *   start ──answer──► WATCHING(mode) ──mode──► WATCHING(other mode)
 *                        │ stop · supervisor gone · leg closed · transferred · call ended
 *                        ▼
 *                      ENDED (leg closed; monitor.ended to the supervisor unless it asked)
 * </pre>
 *
 * <p>The same supervisor starting again on the call it monitors (a reloaded wallboard) keeps its session: the new
 * leg replaces the old one in the mix, in the mode asked (a {@code monitor.changed} event), without counting against
 * the cap or touching the other supervisors.
 *
 * <p>The agent is told {@code monitor.state} when it starts hearing a supervisor (whisper, barge) and when that
 * stops, with everyone it is shown on the call; a silent {@code listen} only when {@link #showListen} is on. Every
 * start, change and end is an event of the tenant's stream per supervisor ({@code monitor.started},
 * {@code .changed}, {@code .ended}: {@link Acd#monitorEvent}).
 *
 * <p>Threading: the {@link Monitoring} methods may be called from any thread and hop to the call layer's context,
 * where all state lives; futures complete there.
 */
final class CallMonitors implements Monitoring {
  private static final Logger LOG = LoggerFactory.getLogger(CallMonitors.class);

  /** One supervisor on one call (call layer's context only). */
  static final class Watch {
    final InboundCall call;
    final String supervisorId;
    final String supervisorNode;
    final String agentId;
    MonitorMode mode;
    WebRtcLeg leg;
    /** What the agent was last told of this supervisor: a mode's wire name, or {@code none}. */
    String told = NONE;

    Watch(InboundCall call, String supervisorId, String supervisorNode, MonitorMode mode) {
      this.call = call;
      this.supervisorId = supervisorId;
      this.supervisorNode = supervisorNode;
      this.agentId = call.agentId;
      this.mode = mode;
    }

    Session session() {
      return new Session(call.callId, agentId, mode);
    }
  }

  static final String NONE = "none";

  private final Context context;
  private final Acd acd;
  private final AgentMessenger messenger;
  private final String tenant;
  private final Function<String, InboundCall> calls;
  private final Map<String, Watch> bySupervisor = new HashMap<>();
  private volatile Supplier<WebRtcEndpoint> webrtc;
  private volatile boolean showListen;
  /** Until the node sets {@code supervision.max-monitors-per-call}: one, as before that setting existed. */
  private volatile int maxPerCall = 1;

  /** @param calls this node's live call by the ACD's id, or null (read on the context) */
  CallMonitors(Context context, Acd acd, Supplier<WebRtcEndpoint> webrtc, AgentMessenger messenger, String tenant,
      Function<String, InboundCall> calls) {
    this.context = context;
    this.acd = acd;
    this.webrtc = webrtc;
    this.messenger = messenger;
    this.tenant = tenant;
    this.calls = calls;
  }

  /** Whether the agent is told of a silent listen too ({@code supervision.show-listen}). */
  void showListen(boolean on) {
    this.showListen = on;
  }

  /** The most supervisors on one call ({@code supervision.max-monitors-per-call}, at least 1); sessions on now stay. */
  void maxPerCall(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max-monitors-per-call must be at least 1: " + max);
    }
    this.maxPerCall = max;
  }

  @Override
  public Future<Started> start(String tenant, String callId, String agentId, String supervisorId,
      String supervisorNode, MonitorMode mode, String offerSdp) {
    Promise<Started> done = Promise.promise();
    context.runOnContext(v -> {
      InboundCall call = this.tenant.equals(tenant) ? calls.apply(callId) : null;
      MonitorRefused refused = refusal(call, callId, agentId, supervisorId);
      if (refused != null) {
        done.fail(refused);
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
          Throwable e = ar.cause();
          if (e instanceof SdpException) {
            done.fail(new MonitorRefused("bad-offer", "sdp", e.getMessage()));
          } else {
            LOG.warn("monitor.offer-failed call={} why={}", callId, e.toString());
            done.fail(new MonitorRefused("unavailable", null, "the offer could not be answered; retry"));
          }
          return;
        }
        WebRtcLeg leg = ar.result();
        listener.leg = leg;
        done.handle(joined(call, leg, agentId, supervisorId, supervisorNode, mode));
      }));
    });
    return done.future();
  }

  /**
   * Why {@code supervisorId} may not join {@code call} of {@code agentId} now, or null: the call is not connected
   * here to that agent ({@code no-call}), is consulted ({@code consulting}), the supervisor monitors another call
   * ({@code busy}) or the call has its {@link #maxPerCall} supervisors without it ({@code too-many-monitors}).
   * Context only.
   */
  private MonitorRefused refusal(InboundCall call, String callId, String agentId, String supervisorId) {
    if (call == null || call.ended() || call.bridge == null || call.state != InboundCall.State.CONNECTED
        || !agentId.equals(call.agentId)) {
      return new MonitorRefused("no-call", "agentId", "agent " + agentId + " has no connected call " + callId
          + " on this node (it ended, or is not answered yet)");
    }
    if (call.consult != null) {
      return new MonitorRefused("consulting", "agentId", "agent " + agentId + " is consulting a colleague on"
          + " this call; a call cannot be monitored and consulted at once");
    }
    Watch mine = bySupervisor.get(supervisorId);
    if (mine != null && mine.call != call) {
      return new MonitorRefused("busy", null, "you already monitor call " + mine.call.callId
          + "; send monitor.stop first");
    }
    int max = maxPerCall;
    if (mine == null && call.monitors.size() >= max) {
      return new MonitorRefused("too-many-monitors", "agentId", "call " + call.callId + " already has " + max
          + " supervisors on it, the most allowed (supervision.max-monitors-per-call); one must leave first");
    }
    return null;
  }

  /** The supervisor's leg is answered: it joins the call, unless the call changed (or filled up) meanwhile. */
  private Future<Started> joined(InboundCall call, WebRtcLeg leg, String agentId, String supervisorId,
      String supervisorNode, MonitorMode mode) {
    MonitorRefused refused = refusal(call, call.callId, agentId, supervisorId);
    if (refused != null) {
      leg.close();
      return Future.failedFuture("no-call".equals(refused.code()) ? new MonitorRefused("no-call", "agentId",
          "the call ended or changed while the supervisor's media was set up") : refused);
    }
    Watch w = bySupervisor.get(supervisorId);
    String type = "monitor.started";
    if (w == null) {
      w = new Watch(call, supervisorId, supervisorNode, mode);
      bySupervisor.put(supervisorId, w);
      call.monitors.add(w);
      w.leg = leg;
      call.bridge.monitor(leg, mode);
    } else { // the same supervisor again (its page reloaded): the new leg replaces the old one, the others stay
      WebRtcLeg old = w.leg;
      w.leg = leg;
      w.mode = mode;
      call.bridge.monitor(leg, mode);
      call.bridge.unmonitor(old);
      old.close();
      type = "monitor.changed";
    }
    tellAgent(w);
    event(w, type);
    LOG.info("monitor.started call={} agent={} supervisor={} mode={} supervisors={}", call.callId, agentId,
        supervisorId, mode.wire(), call.monitors.size());
    return Future.succeededFuture(new Started(w.session(), leg.answerSdp()));
  }

  @Override
  public Future<Session> mode(String tenant, String supervisorId, MonitorMode mode) {
    return onContext(tenant, supervisorId, w -> {
      if (w.mode != mode) {
        w.mode = mode;
        w.call.bridge.monitor(w.leg, mode);
        tellAgent(w);
        event(w, "monitor.changed");
        LOG.info("monitor.changed call={} supervisor={} mode={}", w.call.callId, supervisorId, mode.wire());
      }
      return w.session();
    });
  }

  @Override
  public Future<Session> stop(String tenant, String supervisorId) {
    return onContext(tenant, supervisorId, w -> {
      end(w, "stopped", false);
      return w.session();
    });
  }

  @Override
  public Future<Session> session(String tenant, String supervisorId) {
    return onContext(tenant, supervisorId, Watch::session).recover(e -> Future.succeededFuture(null));
  }

  @Override
  public void supervisorGone(String tenant, String supervisorId) {
    if (this.tenant.equals(tenant)) {
      context.runOnContext(v -> {
        Watch w = bySupervisor.get(supervisorId);
        if (w != null) {
          end(w, "supervisor-left", false);
        }
      });
    }
  }

  /**
   * The call's agent connection is over ({@code reason}: {@code call-ended}, {@code transferred}): every supervisor
   * on it is told {@code monitor.ended}. Context only; nothing when the call has no supervisor.
   */
  void callEnded(InboundCall call, String reason) {
    for (Watch w : List.copyOf(call.monitors)) {
      end(w, reason, true);
    }
  }

  /**
   * The agent's page set up a new leg (a reload): it is told again who is heard on its call (one {@code
   * monitor.state} per supervisor shown, each with the whole list). Context only.
   */
  void legAnswered(InboundCall call) {
    for (Watch w : call.monitors) {
      if (!NONE.equals(w.told)) {
        messenger.tell(call.agentNode, tenant, w.agentId,
            new AgentMessage.MonitorState(call.callId, w.told, w.supervisorId, shown(call)));
      }
    }
  }

  private Future<Session> onContext(String tenant, String supervisorId, Function<Watch, Session> action) {
    Promise<Session> done = Promise.promise();
    context.runOnContext(v -> {
      Watch w = this.tenant.equals(tenant) ? bySupervisor.get(supervisorId) : null;
      if (w == null) {
        done.fail(new MonitorRefused("no-session", null, "you are not monitoring a call on this node"));
        return;
      }
      done.complete(action.apply(w));
    });
    return done.future();
  }

  private void end(Watch w, String reason, boolean tellSupervisor) {
    if (bySupervisor.get(w.supervisorId) != w) {
      return; // ended already
    }
    bySupervisor.remove(w.supervisorId);
    InboundCall call = w.call;
    if (call.monitors.remove(w) && call.bridge != null && !call.ended()) {
      call.bridge.unmonitor(w.leg);
    }
    w.leg.close();
    if (!NONE.equals(w.told)) {
      w.told = NONE;
      messenger.tell(call.agentNode, tenant, w.agentId,
          new AgentMessage.MonitorState(call.callId, NONE, w.supervisorId, shown(call)));
    }
    event(w, "monitor.ended");
    if (tellSupervisor) {
      messenger.tell(w.supervisorNode, tenant, w.supervisorId, new AgentMessage.MonitorEnded(call.callId, reason));
    }
    LOG.info("monitor.ended call={} supervisor={} reason={}", call.callId, w.supervisorId, reason);
  }

  /** {@code monitor.state} to the agent when what it should see of {@code w} changed, with everyone shown. */
  private void tellAgent(Watch w) {
    String shown = w.mode.audibleToAgent() || showListen ? w.mode.wire() : NONE;
    if (!shown.equals(w.told) && w.call.agentNode != null) {
      w.told = shown;
      messenger.tell(w.call.agentNode, tenant, w.agentId,
          new AgentMessage.MonitorState(w.call.callId, shown, w.supervisorId, shown(w.call)));
    }
  }

  /** The supervisors the agent is shown on {@code call} (as last told), id to mode, in the order they joined. */
  private static Map<String, String> shown(InboundCall call) {
    Map<String, String> shown = new LinkedHashMap<>();
    for (Watch w : call.monitors) {
      if (!NONE.equals(w.told)) {
        shown.put(w.supervisorId, w.told);
      }
    }
    return shown;
  }

  private void event(Watch w, String type) {
    acd.monitorEvent(tenant, type, w.call.callId, w.agentId, w.call.queue, w.supervisorId, w.mode.wire())
        .onFailure(e -> LOG.warn("monitor.event-failed call={} type={} why={}", w.call.callId, type, e.toString()));
  }


  /** The supervisor's browser leg: its packets go to the call's mix; a leg lost by itself ends the session. */
  private final class LegListener extends BridgedLegListener {
    LegListener(InboundCall call) {
      super(call);
    }

    @Override
    public void onConnected() {
      LOG.info("monitor.leg-connected call={}", call.callId);
    }

    @Override
    public void onClosed(String reason) {
      context.runOnContext(v -> {
        for (Watch w : List.copyOf(call.monitors)) {
          if (w.leg == leg && !"closed".equals(reason)) {
            end(w, "media-" + reason, true);
          }
        }
      });
    }
  }
}
