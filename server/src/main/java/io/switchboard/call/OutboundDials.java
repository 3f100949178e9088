package io.switchboard.call;

import io.switchboard.acd.Acd;
import io.switchboard.call.OutboundCallException.Kind;
import io.switchboard.cluster.AgentMessenger;
import io.switchboard.cluster.wire.AgentMessage;
import io.switchboard.cluster.wire.BusCodec;
import io.switchboard.cluster.wire.CallMessage;
import io.switchboard.dial.DialPlan;
import io.switchboard.dial.DialPlanner;
import io.switchboard.dial.DialRefused;
import io.switchboard.dial.Dialer;
import io.switchboard.directory.Directory;
import io.switchboard.media.MediaNode;
import io.switchboard.media.rtp.RtpPacket;
import io.switchboard.media.session.SessionListener;
import io.switchboard.sip.SipResponse;
import io.switchboard.webrtc.WebRtcEndpoint;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Click-to-dial on this node: an agent's {@code call.dial} becomes an outbound SIP call on the tenant's trunk, bridged
 * to the agent's browser leg exactly like an inbound caller (the called party's RTP session takes the caller's place
 * in a {@link Bridge}, legs and hold through {@link AgentLegs}).
 *
 * <pre>
 *   dial ─► DialPlanner (number, DialPolicy.check, caller ID, trunk; refused: nothing sent)
 *        ─► Acd.dial (agent available/away → on-call, atomically; an offer raced in → agent-busy)
 *        ─► OutboundCalls.originate ─► DIALING ──180: call.dial.progress ringing──► DIALING
 *   DIALING ──183 with SDP: bridge now, the kept media.offer answered, call.dial.progress early-media──► DIALING
 *   DIALING ──2xx──► ANSWERED: Acd.dialAnswered, bridge (unless early media did), call.dial.progress answered
 *   DIALING ──486/600 busy · 404/484/604 invalid-number · 408/480 no-answer · 503/unreachable trunk-failure
 *           · other 4xx-6xx rejected · dial.no-answer-seconds → CANCEL → no-answer──► Acd.dialFailed,
 *           call.dial.failed (the agent is back in the state it dialed from)
 *   DIALING ──call.ended from the ACD (the agent hung up: acd-hangup.lua cancelled it)──► CANCEL
 *   ANSWERED ──BYE from the called party──► Acd.callerHangup (agent → wrap-up; waiting after a transfer: abandoned)
 *   ANSWERED ──call.ended from the ACD (the agent hung up)──► BYE
 *   ANSWERED ──call.transferred──► the called party on music, waiting ──call.connected──► the next agent's leg
 *           ({@link DialedHandoff}, as for an inbound caller: a connected click-to-dial, callback, preview or
 *           progressive call can be blind-transferred to a queue or an agent)
 * </pre>
 *
 * <p>Call messages for the calls held here ({@link #owns}) come from the node bus ({@link #onCallMessage}):
 * {@code media.offer} (kept until the answer while dialing), {@code call.hold} / {@code call.resume},
 * {@code recording.control}, {@code call.transferred} / {@code call.connected} (blind transfer), {@code call.ended}.
 * An answered call made for a queue is recorded as the queue's recording policy says ({@link CallRecordings}, the
 * called party in the caller's channel). The tenant is the SIP listener's ({@code sip.tenant}), like inbound calls.
 *
 * <p>Threading: every call change runs on the SIP transport's event loop ({@code context}); {@link #dial},
 * {@link #owns} and {@link #onCallMessage} may be called from any thread.
 */
public final class OutboundDials implements Dialer {
  private static final Logger LOG = LoggerFactory.getLogger(OutboundDials.class);

  /** One dialed call. Event loop only (the map of them is concurrent for {@link #owns}). */
  private static final class Dial {
    final String callId;
    final DialPlan plan;
    final String agentNode;
    /** The agent side: bridge, browser legs, hold; CONNECTED from the answer on. */
    final InboundCall leg;
    OutboundCall sip;
    CallMessage.MediaOffer pendingOffer;
    boolean answered;
    boolean over;
    /** Why we cancel, when we do: no-answer (our timer) or cancelled (the agent hung up). */
    String cancelling;
    long noAnswerTimer = -1;

    Dial(String callId, DialPlan plan, String agentNode) {
      this.callId = callId;
      this.plan = plan;
      this.agentNode = agentNode;
      this.leg = new InboundCall(callId, callId, plan.queue());
    }
  }

  private final Context context;
  private final Acd acd;
  private final DialPlanner planner;
  private final OutboundCalls outbound;
  private final AgentMessenger messenger;
  private final MediaNode media;
  private final String tenant;
  private final Duration noAnswer;
  private final AgentLegs legs;
  private final CallRecordings recordings;
  private final DialedHandoff handoff;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Dial> byCallId = new ConcurrentHashMap<>();

  /**
   * @param context the SIP transport's event loop (the one {@code outbound} runs on)
   * @param noAnswer how long a call may ring unanswered before CANCEL (dial.no-answer-seconds)
   * @param webrtc answers the agents' browser legs; null: every media.offer fails with {@code unavailable}
   */
  public OutboundDials(Context context, Acd acd, Directory directory, DialPlanner planner, OutboundCalls outbound,
      AgentMessenger messenger, MediaNode media, WebRtcEndpoint webrtc, String tenant, Duration noAnswer) {
    this.context = context;
    this.acd = acd;
    this.planner = planner;
    this.outbound = outbound;
    this.messenger = messenger;
    this.media = media;
    this.tenant = tenant;
    this.noAnswer = noAnswer;
    this.legs = new AgentLegs(context, acd, webrtc, messenger, tenant);
    this.recordings = new CallRecordings(context, acd, directory, messenger, tenant);
    legs.recordings(recordings);
    this.handoff = new DialedHandoff(legs, recordings);
  }

  /**
   * Records answered calls made for a queue as that queue's recording policy says, with {@code r} from now on (null:
   * none); calls made for no queue are not recorded. Set before traffic.
   */
  public void attachRecordings(io.switchboard.recording.Recordings r) {
    recordings.attach(r);
  }

  /** Answers browser legs with {@code endpoint} from now on (tests that bring their own). */
  public void attachWebRtc(WebRtcEndpoint endpoint) {
    legs.attach(endpoint);
  }

  @Override
  public Future<Dialed> dial(String tenant, String agentId, String agentNode, String input, String queueId) {
    if (!this.tenant.equals(tenant)) {
      return Future.failedFuture(new DialRefused(DialRefused.NO_TRUNK, null,
          "this node's SIP listener serves tenant " + this.tenant + " only"));
    }
    String callId = "out-" + HexFormat.of().formatHex(bytes());
    return planner.plan(tenant, agentId, input, queueId).compose(plan -> {
      Dial d = new Dial(callId, plan, agentNode);
      byCallId.put(callId, d); // before the ACD knows it: its messages about the call find it here
      return acd.dial(tenant, agentId, callId,
              new Acd.Dial(plan.number(), plan.callerId(), plan.queue(), plan.trunk()))
          .onFailure(e -> byCallId.remove(callId, d))
          .compose(v -> on(start(d)))
          .map(v -> new Dialed(callId, plan.number(), plan.callerId()));
    });
  }

  /**
   * A callback (docs/callbacks.md): planned like an agent's dial (the number through the dial policy, the call's
   * own caller ID or the queue's, the trunk), then the ACD is told the agent accepted ({@code accept}, which moved the
   * virtual call to connected on this node), then dialed as in {@link #dial}, with the waiting call's id; answered
   * and failed reach the ACD as for a dial ({@code acd-dial-answered.lua} / {@code acd-dial-failed.lua} know callbacks). A number or
   * trunk refused now (the policy changed since the caller confirmed) fails this attempt without dialing.
   */
  @Override
  public Future<Void> callBack(String tenant, String agentId, String agentNode, Callback callback,
      java.util.function.Supplier<Future<Void>> accept) {
    String callId = callback.callId();
    if (!this.tenant.equals(tenant)) {
      return Future.failedFuture(new DialRefused(DialRefused.NO_TRUNK, null,
          "this node's SIP listener serves tenant " + this.tenant + " only"));
    }
    return planner.plan(tenant, agentId, callback.number(), callback.queueId(), callback.callerId())
        .transform(planned -> {
      if (planned.failed()) {
        String outcome = !(planned.cause() instanceof DialRefused r) ? "trunk-failure"
            : DialRefused.DO_NOT_CALL.equals(r.reason()) ? "do-not-call" // the ACD ends the callback at once
            : "number".equals(r.field()) ? "invalid-number" : "trunk-failure";
        LOG.warn("callback.refused call={} agent={} outcome={} why={}", callId, agentId, outcome,
            planned.cause().getMessage());
        return accept.get().compose(v -> acd.dialFailed(tenant, callId, outcome,
                PredictiveDials.refusedCode(planned.cause())))
            .compose(v -> callback.failRefused() ? Future.failedFuture(planned.cause()) : Future.<Void>succeededFuture());
      }
      Dial d = new Dial(callId, planned.result(), agentNode);
      byCallId.put(callId, d); // before the ACD moves it here: its messages about the call find it
      return accept.get()
          .onFailure(e -> byCallId.remove(callId, d))
          .compose(v -> on(start(d)))
          .onSuccess(v -> LOG.info("callback.dialing call={} agent={} number={}", callId, agentId,
              d.plan.number()));
    });
  }

  private byte[] bytes() {
    byte[] b = new byte[12];
    random.nextBytes(b);
    return b;
  }

  /** Whether {@code callId} is a call dialed on this node (its call messages go to {@link #onCallMessage}). */
  public boolean owns(String tenant, String callId) {
    return this.tenant.equals(tenant) && byCallId.containsKey(callId);
  }

  /** A call message from the node bus for a call {@link #owns} says is ours; any thread. */
  public void onCallMessage(String tenant, String callId, CallMessage message) {
    context.runOnContext(v -> {
      Dial d = byCallId.get(callId);
      if (d == null || !this.tenant.equals(tenant)) { // ended meanwhile
        if (message instanceof CallMessage.MediaOffer m) {
          legs.offer(null, m); // answered media.failed no-call
        }
        return;
      }
      handle(d, message);
    });
  }

  /** Calls in progress (for leak checks); racy on any thread. */
  public int activeCalls() {
    return byCallId.size();
  }

  // ------------------------------------------------------------------ on the event loop

  /** Originates; completes once the INVITE is on its way (a failure is also reported as call.dial.failed). */
  private Future<Void> start(Dial d) {
    Promise<Void> started = Promise.promise();
    outbound.originate(tenant, d.plan.trunk(), d.plan.number(), d.plan.callerId(), listener(d))
        .onComplete(ar -> context.runOnContext(v -> {
          if (ar.failed()) {
            failed(d, ar.cause());
            started.complete(); // the ACD has the call: the agent learns the outcome from call.dial.failed
            return;
          }
          OutboundCall call = ar.result();
          d.sip = call;
          LOG.info("dial.started call={} sip={} agent={} trunk={} queue={}", d.callId, call.sipCallId(),
              d.plan.agentId(), d.plan.trunk(), d.plan.queue());
          if (d.cancelling != null) { // the agent hung up while the INVITE was being prepared
            call.cancel();
          }
          call.onProvisional(r -> progress(d, r));
          call.answered().onComplete(a -> context.runOnContext(w -> {
            if (a.succeeded()) {
              answered(d);
            } else {
              failed(d, a.cause());
            }
          }));
          call.ended().onSuccess(why -> context.runOnContext(w -> ended(d, why)));
          d.noAnswerTimer = context.owner().setTimer(noAnswer.toMillis(), t -> context.runOnContext(w -> {
            d.noAnswerTimer = -1;
            if (!d.answered && !d.over && d.cancelling == null) {
              LOG.info("dial.no-answer call={} afterMs={}", d.callId, noAnswer.toMillis());
              d.cancelling = "no-answer";
              call.cancel();
            }
          }));
          started.complete();
        }));
    return started.future();
  }

  /** The called party's RTP: relayed to the agent's leg through the bridge once answered. */
  private SessionListener listener(Dial d) {
    return new SessionListener() {
      @Override
      public void onRtpPacket(RtpPacket packet) {
        Bridge b = d.leg.bridge;
        if (b != null) {
          b.fromCaller(packet);
        }
      }
    };
  }

  /**
   * 180/183. A 183 whose SDP started the media ({@link OutboundCall}: early media) bridges at once: the agent's leg
   * is answered and hears the far end's tones or announcement before the answer.
   */
  private void progress(Dial d, SipResponse r) {
    if (d.answered || d.over) {
      return;
    }
    boolean early = r.status() == 183 && r.body().length > 0 && d.sip.media().succeeded();
    if (early) {
      bridge(d);
    }
    send(d, new AgentMessage.DialProgress(d.callId, early ? "early-media" : "ringing"));
  }

  /** The called party's session joins the agent's browser leg (once: at early media or at the answer). */
  private boolean bridge(Dial d) {
    InboundCall leg = d.leg;
    if (leg.bridge != null) {
      return true;
    }
    MediaNode.CallMedia running = d.sip.media().result();
    if (running == null) { // cannot happen: media completes before the answer (OutboundCall.connected)
      return false;
    }
    leg.media = running;
    leg.agentId = d.plan.agentId();
    leg.agentNode = d.agentNode;
    leg.state = InboundCall.State.CONNECTED;
    leg.bridge = new Bridge(running.session(), () -> WaitingAudio.music(media.prompts(), media.prompts().voice(null,
        null), Duration.ofDays(1), leg), System::nanoTime, random);
    legs.connected(leg);
    CallMessage.MediaOffer offer = d.pendingOffer;
    d.pendingOffer = null;
    if (offer != null) {
      legs.offer(leg, offer);
    }
    return true;
  }

  private void answered(Dial d) {
    if (d.over) {
      return;
    }
    cancelTimer(d);
    if (!bridge(d)) {
      d.sip.hangup();
      return;
    }
    d.answered = true;
    InboundCall leg = d.leg;
    if (leg.queue != null) {
      recordings.connected(leg); // the queue's policy: all starts now, on-demand waits for recording.start
    }
    acd.dialAnswered(tenant, d.callId)
        .onFailure(e -> LOG.warn("dial.answer-not-recorded call={} why={}", d.callId, e.toString()));
    send(d, new AgentMessage.DialProgress(d.callId, "answered"));
    LOG.info("dial.answered call={} agent={}", d.callId, d.plan.agentId());
  }

  /** The call ended unanswered (or never left): the outcome to the agent and, unless it hung up itself, the ACD. */
  private void failed(Dial d, Throwable e) {
    if (d.over || d.answered) {
      return;
    }
    d.over = true;
    cancelTimer(d);
    byCallId.remove(d.callId, d);
    if (d.leg.bridge != null) { // bridged on early media: the agent's leg goes with the call
      d.leg.state = InboundCall.State.ENDED;
      d.leg.bridge.close();
    }
    int status = e instanceof OutboundCallException o ? o.status() : 0;
    String reason = outcome(d.cancelling, e);
    LOG.info("dial.failed call={} agent={} reason={} status={} why={}", d.callId, d.plan.agentId(), reason, status,
        e.getMessage());
    send(d, new AgentMessage.DialFailed(d.callId, reason, status, message(reason, e)));
    if (!"cancelled".equals(reason)) { // the agent's hang-up ended it in the ACD already
      acd.dialFailed(tenant, d.callId, reason)
          .onFailure(x -> LOG.warn("dial.failure-not-recorded call={} why={}", d.callId, x.toString()));
    }
  }

  /**
   * busy (486, 600), invalid-number (404, 484, 604), no-answer (our CANCEL after dial.no-answer-seconds, 408/480
   * from the far end), trunk-failure (503 or no trunk address answered, the trunk full or unusable), cancelled (the
   * agent hung up), rejected (any other final 4xx-6xx).
   */
  static String outcome(String cancelling, Throwable e) {
    if (!(e instanceof OutboundCallException o)) {
      return "trunk-failure";
    }
    if (o.kind() == Kind.CANCELLED) {
      return cancelling != null ? cancelling : "cancelled";
    }
    if (o.kind() != Kind.REJECTED) { // INVALID (trunk unusable), UNREACHABLE, TRUNK_FULL
      return "trunk-failure";
    }
    return switch (o.status()) {
      case 486, 600 -> "busy";
      case 404, 484, 604 -> "invalid-number";
      case 408, 480 -> "no-answer";
      case 503 -> "trunk-failure";
      default -> "rejected";
    };
  }

  private static String message(String reason, Throwable e) {
    return switch (reason) {
      case "busy" -> "the line is busy";
      case "no-answer" -> "nobody answered";
      case "invalid-number" -> "the number does not exist";
      case "cancelled" -> "you hung up";
      case "trunk-failure" -> "the call could not be placed: " + e.getMessage();
      default -> "the call was rejected: " + e.getMessage();
    };
  }

  /** The SIP call is over: after the answer, a BYE from the called party (or a session timer) ends it in the ACD. */
  private void ended(Dial d, String why) {
    cancelTimer(d);
    if (!d.answered) {
      return; // failed() reports it, from answered()'s failure
    }
    if (d.over) {
      return;
    }
    d.over = true;
    byCallId.remove(d.callId, d);
    recordings.stop(d.leg);
    d.leg.state = InboundCall.State.ENDED;
    d.leg.bridge.close();
    LOG.info("dial.ended call={} why={}", d.callId, why);
    if (!"local-bye".equals(why)) { // our BYE follows the agent's hang-up, which the ACD applied already
      acd.callerHangup(tenant, d.callId)
          .onFailure(e -> LOG.warn("dial.hangup-not-recorded call={} why={}", d.callId, e.toString()));
    }
  }

  private void handle(Dial d, CallMessage message) {
    if (message instanceof CallMessage.MediaOffer m) {
      if (d.leg.bridge != null) {
        legs.offer(d.over ? null : d.leg, m);
      } else {
        d.pendingOffer = m; // answered at early media or the answer (the newest offer wins)
      }
    } else if (message instanceof CallMessage.CallHold m) {
      legs.hold(m.callId(), live(d), m.agentId(), m.agentNode(), true);
    } else if (message instanceof CallMessage.CallResume m) {
      legs.hold(m.callId(), live(d), m.agentId(), m.agentNode(), false);
    } else if (message instanceof CallMessage.RecordingControl m) {
      recordings.control(live(d), m);
    } else if (message instanceof CallMessage.CallTransferred m) {
      String from = d.leg.agentId;
      if (handoff.transferred(live(d), m)) {
        LOG.info("dial.transferred call={} from={} queue={}", d.callId, from, m.queue());
      }
    } else if (message instanceof CallMessage.CallConnected m) {
      if (handoff.connected(live(d), m.agentId())) {
        LOG.info("dial.connected call={} agent={}", d.callId, m.agentId());
      }
    } else if (message instanceof CallMessage.CallEnded) {
      if (d.answered) {
        if (d.sip != null) {
          d.sip.hangup(); // ended() follows with local-bye
        }
      } else if (d.cancelling == null) {
        d.cancelling = "cancelled";
        if (d.sip != null) {
          d.sip.cancel();
        }
      }
    } else {
      LOG.debug("dial.message-ignored call={} type={}", d.callId, BusCodec.type(message));
    }
  }

  /** The answered call's contact side while it goes on (with an agent, or waiting after a transfer), else null. */
  private static InboundCall live(Dial d) {
    return d.answered && !d.over ? d.leg : null;
  }

  private void cancelTimer(Dial d) {
    if (d.noAnswerTimer >= 0) {
      context.owner().cancelTimer(d.noAnswerTimer);
      d.noAnswerTimer = -1;
    }
  }

  private void send(Dial d, AgentMessage message) {
    messenger.send(d.agentNode, tenant, d.plan.agentId(), message)
        .onFailure(e -> LOG.warn("dial.agent-message-failed agent={} type={} why={}", d.plan.agentId(),
            BusCodec.type(message), e.toString()));
  }

  private <T> Future<T> on(Future<T> f) {
    Promise<T> p = Promise.promise();
    f.onComplete(ar -> context.runOnContext(v -> p.handle(ar)));
    return p.future();
  }

  /** Hangs up every call (node shutdown). */
  public void close() {
    context.runOnContext(v -> Map.copyOf(byCallId).values().forEach(d -> {
      if (d.sip != null) {
        d.sip.hangup();
      }
    }));
  }
}
