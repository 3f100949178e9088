package io.switchboard.call;

import io.switchboard.acd.Acd;
import io.switchboard.acd.CampaignCalls;
import io.switchboard.campaigns.AttemptHistory;
import io.switchboard.campaigns.PredictiveDialer;
import io.switchboard.campaigns.PredictivePacing;
import io.switchboard.cluster.AgentMessenger;
import io.switchboard.cluster.wire.BusCodec;
import io.switchboard.cluster.wire.CallMessage;
import io.switchboard.dial.DialPlan;
import io.switchboard.dial.DialPlanner;
import io.switchboard.dial.DialRefused;
import io.switchboard.directory.Directory;
import io.switchboard.directory.Kind;
import io.switchboard.media.MediaNode;
import io.switchboard.media.audio.AudioClip;
import io.switchboard.media.audio.ClipSource;
import io.switchboard.media.audio.Prompts;
import io.switchboard.media.audio.SequenceSource;
import io.switchboard.media.audio.Silence;
import io.switchboard.media.rtp.RtpPacket;
import io.switchboard.media.session.SessionListener;
import io.switchboard.webrtc.WebRtcEndpoint;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Predictive campaign calls on this node (docs/campaigns.md, "Predictive dialing"): the contact is dialed before any
 * agent is free; once it answers it waits in the campaign's queue like an inbound caller whose SIP leg is here
 * (music on hold, the agent's browser leg bridged on {@code call.connected} through {@link AgentLegs}), for at most
 * the grace time.
 *
 * <pre>
 *   dial ─► DialPlanner (do-not-call, dial policy, caller ID, trunk; refused: held and ended at once with its outcome)
 *        ─► CampaignCalls.dialing (in no queue) ─► OutboundCalls.originate ─► DIALING
 *   DIALING ──busy · no-answer (dial.no-answer-seconds: CANCEL) · invalid-number · rejected · trunk-failure──►
 *           CampaignCalls.dialFailed(outcome) ─► over
 *   DIALING ──2xx──► WAITING: music, CampaignCalls.answered (enters the queue, routed at once), grace timer
 *   WAITING ──call.connected──► CONNECTED: the agent's leg bridged (media.offer answered while reserved too)
 *   WAITING ──grace-ms, CampaignCalls.abandon true──► LEAVING: "campaign-abandon" prompt, then BYE ─► over
 *           (abandon false: an agent has it reserved; asked again every RECHECK_MS while it still waits)
 *   WAITING/CONNECTED ──BYE from the contact──► Acd.callerHangup ─► over
 *   CONNECTED ──call.ended (the agent hung up)──► BYE ─► over
 * </pre>
 *
 * <p>Call messages for the calls held here ({@link #owns}) come from the node bus ({@link #onCallMessage}). Answered
 * calls are given to reconciliation as pending ({@link #held}): never dropped, never restored (they end by
 * themselves within the grace time, or with their agent). The ring times measured here feed the pacer's
 * model ({@link #history}). A blind transfer of a connected predictive call puts the contact back on music, waiting
 * for the target (a queue's next agent, or the agent it is reserved for), as for an inbound caller.
 *
 * <p>Threading: every call change runs on the SIP transport's event loop ({@code context}); the public methods may be
 * called from any thread.
 */
public final class PredictiveDials implements PredictiveDialer {
  private static final Logger LOG = LoggerFactory.getLogger(PredictiveDials.class);
  /** "Sorry, we called you but no agent is free right now..." (generate-prompts.sh), in the queue's language. */
  static final String ABANDON_PROMPT = "campaign-abandon";
  /**
   * After the grace time, an agent reserved the call (abandon said no): if the agent lets the offer go, the call waits
   * again, so it is asked again this often (ms) while it waits.
   */
  static final long RECHECK_MS = 1000;

  /** One predictive call. Event loop only (the map of them is concurrent for {@link #owns}). */
  private static final class Dial {
    final String tenant;
    final CampaignCalls.Call call;
    final DialPlan plan;
    final long startedMs;
    Prompts.Voice voice;
    OutboundCall sip;
    /** The contact's side once answered: music, bridge, agent legs (state WAITING, CONNECTED, LEAVING, ENDED). */
    InboundCall leg;
    long answeredMs;
    boolean over;
    String cancelling;
    long timer = -1;

    Dial(String tenant, CampaignCalls.Call call, DialPlan plan, long startedMs) {
      this.tenant = tenant;
      this.call = call;
      this.plan = plan;
      this.startedMs = startedMs;
    }
  }

  /**
   * @param context the SIP transport's event loop (the one {@code outbound} runs on)
   * @param noAnswer how long a call may ring unanswered before CANCEL (dial.no-answer-seconds)
   * @param graceMs how long an answered contact may wait for an agent (campaigns.predictive.grace-ms)
   * @param millis the clock of ring and handle times (ms; monotonic is best)
   */
  public record Options(String tenant, Duration noAnswer, long graceMs, LongSupplier millis) {}

  private final Context context;
  private final Acd acd;
  private final CampaignCalls campaigns;
  private final Directory directory;
  private final DialPlanner planner;
  private final OutboundCalls outbound;
  private final MediaNode media;
  private final Options options;
  private final AgentLegs legs;
  private final CallRecordings recordings;
  private final DialedHandoff handoff;
  private final AttemptHistory history = new AttemptHistory();
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Dial> byCallId = new ConcurrentHashMap<>();

  /** @param webrtc answers the agents' browser legs; null: every media.offer fails with {@code unavailable} */
  public PredictiveDials(Context context, Acd acd, CampaignCalls campaigns, Directory directory, DialPlanner planner,
      OutboundCalls outbound, AgentMessenger messenger, MediaNode media, WebRtcEndpoint webrtc, Options options) {
    this.context = context;
    this.acd = acd;
    this.campaigns = campaigns;
    this.directory = directory;
    this.planner = planner;
    this.outbound = outbound;
    this.media = media;
    this.options = options;
    this.legs = new AgentLegs(context, acd, webrtc, messenger, options.tenant());
    this.recordings = new CallRecordings(context, acd, directory, messenger, options.tenant());
    legs.recordings(recordings);
    this.handoff = new DialedHandoff(legs, recordings);
  }

  /** Records connected calls as their queue's recording policy says, with {@code r} (null: none). Before traffic. */
  public void attachRecordings(io.switchboard.recording.Recordings r) {
    recordings.attach(r);
  }

  /** Answers browser legs with {@code endpoint} from now on (tests that bring their own). */
  public void attachWebRtc(WebRtcEndpoint endpoint) {
    legs.attach(endpoint);
  }

  @Override
  public Future<Void> dial(String tenant, CampaignCalls.Call call) {
    if (!options.tenant().equals(tenant)) {
      return Future.failedFuture(new DialRefused(DialRefused.NO_TRUNK, null,
          "this node's SIP listener serves tenant " + options.tenant() + " only"));
    }
    return planner.plan(tenant, null, call.number(), call.queue(), call.callerId()).transform(planned -> {
      if (planned.failed()) {
        String outcome = refusedOutcome(planned.cause());
        LOG.info("predictive.refused call={} campaign={} outcome={} why={}", call.callId(), call.campaignId(),
            outcome, planned.cause().getMessage());
        return campaigns.dialing(tenant, call)
            .compose(v -> campaigns.dialFailed(tenant, call.callId(), outcome, refusedCode(planned.cause())))
            .<Void>mapEmpty();
      }
      Dial d = new Dial(tenant, call, planned.result(), options.millis().getAsLong());
      byCallId.put(call.callId(), d); // before the ACD knows it: its messages about the call find it here
      return campaigns.dialing(tenant, call)
          .onFailure(e -> byCallId.remove(call.callId(), d))
          .compose(v -> voice(d))
          .compose(v -> on(start(d)));
    });
  }

  /** do-not-call (the ACD ends it at once, the contact is done), invalid-number, else trunk-failure. */
  static String refusedOutcome(Throwable cause) {
    if (!(cause instanceof DialRefused r)) {
      return "trunk-failure";
    }
    return DialRefused.DO_NOT_CALL.equals(r.reason()) ? "do-not-call"
        : "number".equals(r.field()) ? "invalid-number" : "trunk-failure";
  }

  /** The dial planner's code of a refusal (the campaign's not-dialed reason); no-trunk for any other failure. */
  static String refusedCode(Throwable cause) {
    return cause instanceof DialRefused r ? r.reason() : DialRefused.NO_TRUNK;
  }

  /** The queue's language for the abandon message and the music's announcements (English when it has none). */
  private Future<Void> voice(Dial d) {
    return directory.get(d.tenant, Kind.QUEUE, d.call.queue())
        .map(q -> q.map(doc -> doc.getString("language")).orElse(null))
        .otherwise((String) null)
        .map(language -> {
          d.voice = media.prompts().voice(d.tenant, language);
          return null;
        });
  }

  @Override
  public PredictivePacing.History history(String tenant, String campaignId) {
    return history.history(tenant, campaignId);
  }

  @Override
  public void seed(String tenant, String campaignId, PredictivePacing.History h) {
    history.seed(tenant, campaignId, h);
  }

  @Override
  public void handleTimes(String tenant, String campaignId, long[] handleMs) {
    history.handleTimes(tenant, campaignId, handleMs);
  }

  @Override
  public List<Long> ringingMs(String tenant, String campaignId) {
    long now = options.millis().getAsLong();
    List<Long> out = new ArrayList<>();
    for (Dial d : byCallId.values()) {
      if (d.tenant.equals(tenant) && campaignId.equals(d.call.campaignId()) && d.leg == null) {
        out.add(now - d.startedMs);
      }
    }
    return out;
  }

  /** Whether {@code callId} is a predictive call dialed on this node (its messages go to {@link #onCallMessage}). */
  public boolean owns(String tenant, String callId) {
    Dial d = byCallId.get(callId);
    return d != null && d.tenant.equals(tenant);
  }

  /** The answered calls, as reconciliation gives them to the ACD: pending (neither restored nor dropped). */
  public List<Acd.HeldCall> held() {
    List<Acd.HeldCall> out = new ArrayList<>();
    for (Dial d : byCallId.values()) {
      if (d.leg != null && !d.over) {
        out.add(new Acd.HeldCall(d.call.callId(), d.call.queue(), null, d.answeredMs, d.plan.number(),
            d.call.name(), null, false, null, true));
      }
    }
    return out;
  }

  /** A call message from the node bus for a call {@link #owns} says is ours; any thread. */
  public void onCallMessage(String tenant, String callId, CallMessage message) {
    context.runOnContext(v -> {
      Dial d = byCallId.get(callId);
      if (d == null || !d.tenant.equals(tenant)) { // ended meanwhile
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

  /** Originates; completes once the INVITE is on its way (a failure to send is reported to the ACD as dialFailed). */
  private Future<Void> start(Dial d) {
    Promise<Void> started = Promise.promise();
    outbound.originate(d.tenant, d.plan.trunk(), d.plan.number(), d.plan.callerId(), listener(d))
        .onComplete(ar -> context.runOnContext(v -> {
          if (ar.failed()) {
            failed(d, ar.cause());
            started.complete();
            return;
          }
          OutboundCall call = ar.result();
          d.sip = call;
          LOG.info("predictive.dialing call={} sip={} campaign={} trunk={}", d.call.callId(), call.sipCallId(),
              d.call.campaignId(), d.plan.trunk());
          if (d.cancelling != null) {
            call.cancel();
          }
          call.answered().onComplete(a -> context.runOnContext(w -> {
            if (a.succeeded()) {
              answered(d);
            } else {
              failed(d, a.cause());
            }
          }));
          call.ended().onSuccess(why -> context.runOnContext(w -> ended(d, why)));
          d.timer = context.owner().setTimer(options.noAnswer().toMillis(), t -> context.runOnContext(w -> {
            d.timer = -1;
            if (d.leg == null && !d.over && d.cancelling == null) {
              d.cancelling = "no-answer";
              call.cancel();
            }
          }));
          started.complete();
        }));
    return started.future();
  }

  /** The contact's RTP: relayed to the agent's leg through the bridge once answered. */
  private SessionListener listener(Dial d) {
    return new SessionListener() {
      @Override
      public void onRtpPacket(RtpPacket packet) {
        InboundCall leg = d.leg;
        Bridge b = leg == null ? null : leg.bridge;
        if (b != null) {
          b.fromCaller(packet);
        }
      }
    };
  }

  /** The contact answered: it waits with music, the ACD queues and routes it, the grace time starts. */
  private void answered(Dial d) {
    if (d.over) {
      return;
    }
    cancelTimer(d);
    MediaNode.CallMedia running = d.sip.media().result();
    if (running == null) { // cannot happen: media completes before the answer (OutboundCall.connected)
      d.sip.hangup();
      return;
    }
    d.answeredMs = options.millis().getAsLong();
    history.answered(d.tenant, d.call.campaignId(), d.answeredMs - d.startedMs);
    InboundCall leg = new InboundCall(d.call.callId(), d.sip.sipCallId(), d.call.queue());
    leg.media = running;
    leg.voice = d.voice;
    leg.state = InboundCall.State.WAITING;
    leg.bridge = new Bridge(running.session(), () -> WaitingAudio.music(media.prompts(), d.voice, Duration.ofDays(1),
        leg), System::nanoTime, random);
    d.leg = leg;
    d.timer = context.owner().setTimer(Math.max(1, options.graceMs()), t -> context.runOnContext(w -> graceOver(d)));
    on(campaigns.answered(d.tenant, d.call.callId())).onComplete(ar -> {
      if (ar.failed()) { // not-dialing: the ACD gave up on it (it expired); nobody will take it
        LOG.warn("predictive.answer-refused call={} why={}", d.call.callId(), ar.cause().toString());
        d.sip.hangup();
      } else {
        LOG.info("predictive.answered call={} campaign={} reserved={}", d.call.callId(), d.call.campaignId(),
            ar.result());
      }
    });
  }

  /** The grace time passed: a contact no agent took hears the abandon message and is hung up. */
  private void graceOver(Dial d) {
    d.timer = -1;
    if (d.over || d.leg.state != InboundCall.State.WAITING) {
      return;
    }
    on(campaigns.abandon(d.tenant, d.call.callId())).onComplete(ar -> {
      if (d.over || d.leg.state != InboundCall.State.WAITING) {
        return; // connected meanwhile, or over
      }
      if (ar.failed() || !ar.result()) { // reserved for an agent (call.connected should follow): asked again later
        d.timer = context.owner().setTimer(RECHECK_MS, t -> context.runOnContext(w -> graceOver(d)));
        return;
      }
      d.leg.state = InboundCall.State.LEAVING;
      AudioClip message = abandonMessage(d);
      d.leg.media.session().output().switchTo(SequenceSource.of(Silence.millis(200), ClipSource.once(message)));
      LOG.info("predictive.abandoned call={} campaign={} graceMs={}", d.call.callId(), d.call.campaignId(),
          options.graceMs());
      d.timer = context.owner().setTimer(message.durationMillis() + 400, t -> context.runOnContext(w -> {
        d.timer = -1;
        d.sip.hangup();
      }));
    });
  }

  /**
   * What an abandoned contact hears, in the call's voice (its queue's language, the tenant's recordings first): the
   * campaign's own prompt if it names one, else (or when the tenant deleted that prompt meanwhile: never silence)
   * the {@code campaign-abandon} phrase (the tenant's recording of it, else the shipped one).
   */
  private AudioClip abandonMessage(Dial d) {
    Prompts.Voice voice = d.voice != null ? d.voice : media.prompts().voice(d.tenant, null);
    AudioClip own = d.call.abandonPrompt() == null ? null : voice.clip(d.call.abandonPrompt());
    return own != null && own.durationMillis() > 0 ? own : voice.clip(ABANDON_PROMPT);
  }

  /** The call ended unanswered (or never left): the outcome to the ACD, which ends the attempt with it. */
  private void failed(Dial d, Throwable e) {
    if (d.over || d.leg != null) {
      return;
    }
    d.over = true;
    cancelTimer(d);
    byCallId.remove(d.call.callId(), d);
    String outcome = OutboundDials.outcome(d.cancelling, e);
    if (!"trunk-failure".equals(outcome)) {
      history.unanswered(d.tenant, d.call.campaignId(), options.millis().getAsLong() - d.startedMs);
    }
    LOG.info("predictive.failed call={} campaign={} outcome={} why={}", d.call.callId(), d.call.campaignId(),
        outcome, e.getMessage());
    campaigns.dialFailed(d.tenant, d.call.callId(), outcome)
        .onFailure(x -> LOG.warn("predictive.failure-not-recorded call={} why={}", d.call.callId(), x.toString()));
  }

  /** The SIP call is over after the answer: a BYE from the contact ends it in the ACD (unless the ACD ended it). */
  private void ended(Dial d, String why) {
    if (d.leg == null || d.over) {
      return; // failed() reports an unanswered one
    }
    d.over = true;
    cancelTimer(d);
    byCallId.remove(d.call.callId(), d);
    InboundCall leg = d.leg;
    InboundCall.State was = leg.state; // handle times: the pacer reads them from the store (wrap-up included)
    recordings.stop(leg);
    leg.state = InboundCall.State.ENDED;
    leg.bridge.close();
    LOG.info("predictive.ended call={} why={} was={}", d.call.callId(), why, was);
    if (!"local-bye".equals(why) && was != InboundCall.State.LEAVING) { // else the ACD ended it already
      acd.callerHangup(d.tenant, d.call.callId())
          .onFailure(e -> LOG.warn("predictive.hangup-not-recorded call={} why={}", d.call.callId(), e.toString()));
    }
  }

  private void handle(Dial d, CallMessage message) {
    InboundCall leg = d.over ? null : d.leg;
    if (message instanceof CallMessage.MediaOffer m) {
      legs.offer(leg, m);
    } else if (message instanceof CallMessage.CallConnected m) {
      connected(d, m);
    } else if (message instanceof CallMessage.CallHold m) {
      legs.hold(m.callId(), connectedLeg(d), m.agentId(), m.agentNode(), true);
    } else if (message instanceof CallMessage.CallResume m) {
      legs.hold(m.callId(), connectedLeg(d), m.agentId(), m.agentNode(), false);
    } else if (message instanceof CallMessage.RecordingControl m) {
      recordings.control(connectedLeg(d), m);
    } else if (message instanceof CallMessage.CallTransferred m) {
      transferred(d, m);
    } else if (message instanceof CallMessage.CallEnded) {
      if (d.sip == null || d.leg == null) {
        d.cancelling = "cancelled";
      }
      if (d.sip != null) {
        d.sip.hangup(); // ended() follows with local-bye (or failed() with cancelled)
      }
    } else {
      LOG.debug("predictive.message-ignored call={} type={}", d.call.callId(), BusCodec.type(message));
    }
  }

  private void connected(Dial d, CallMessage.CallConnected m) {
    if (d.over || !handoff.connected(d.leg, m.agentId())) {
      return;
    }
    cancelTimer(d); // the grace timer: an agent has it
    LOG.info("predictive.connected call={} agent={}", d.call.callId(), m.agentId());
  }

  /**
   * Blind transfer (the ACD re-queued the call or reserved it for the target agent): as for an inbound caller, the
   * agent's leg is closed, the contact hears music again and waits for the next agent; no grace time this time (the
   * contact has talked to an agent: it is not abandoned, it waits like any transferred caller).
   */
  private void transferred(Dial d, CallMessage.CallTransferred m) {
    InboundCall leg = connectedLeg(d);
    String from = leg == null ? null : leg.agentId;
    if (handoff.transferred(leg, m)) {
      LOG.info("predictive.transferred call={} from={} queue={}", d.call.callId(), from, m.queue());
    }
  }

  private static InboundCall connectedLeg(Dial d) {
    return !d.over && d.leg != null && d.leg.state == InboundCall.State.CONNECTED ? d.leg : null;
  }

  private void cancelTimer(Dial d) {
    if (d.timer >= 0) {
      context.owner().cancelTimer(d.timer);
      d.timer = -1;
    }
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
