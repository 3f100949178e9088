package io.switchboard.call;

import io.micrometer.core.instrument.Counter;
import io.switchboard.acd.Acd;
import io.switchboard.acd.CallSpec;
import io.switchboard.cluster.wire.CallMessage;
import io.switchboard.media.MediaNode;
import io.switchboard.media.audio.AudioSource;
import io.switchboard.sip.NameAddr;
import io.switchboard.sip.RequestPolicy;
import io.switchboard.sip.SipRequest;
import io.switchboard.sip.SipResponse;
import io.switchboard.sip.SipUri;
import io.switchboard.sip.dialog.Dialog;
import io.switchboard.sip.session.SessionTimerPolicy;
import io.switchboard.sip.transaction.Cancels;
import io.switchboard.sip.transaction.ServerTransaction;
import io.switchboard.sip.transaction.TransactionLayer;
import io.switchboard.sip.transaction.TransactionUser;
import io.switchboard.sip.transaction.VertxTimers;
import io.switchboard.sip.transport.Destination;
import io.switchboard.webrtc.WebRtcEndpoint;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Call control for inbound trunk calls (the transaction user of one SIP listener): INVITE → trunk source
 * check (403) → number → queue (404) → SDP answer (488/400) → 200 OK → enqueue in the ACD with music on hold
 * and periodic announcements. BYE/CANCEL from the caller and call.connected / call.ended from the ACD (via
 * {@link #onCallMessage}) end or change the call.
 *
 * <p>Limitation: one listener serves ONE tenant ({@code sip.tenant}); tenants are not told apart by the
 * Request-URI or the source yet. The announced wait is the ACD's live estimate ({@code acd.WaitEstimate}: place,
 * staffed agents, recent handle time). Queues' business hours apply to arrivals and waiting callers
 * ({@link AfterHours}).
 *
 * <p>Threading: every method runs on the SIP transport's event loop ({@code context}); Redis and media
 * futures are hopped back there before touching a call.
 */
public final class InboundCalls implements TransactionUser {
  private static final Logger LOG = LoggerFactory.getLogger(InboundCalls.class);
  /** How long an answered call keeps trying to reach the ACD: longer than a Sentinel failover takes (a few s). */
  static final long ENQUEUE_RETRY_MS = 20_000;

  private final InboundSetup.Deps deps;
  private final InboundSetup setup;
  private final SecureRandom random = new SecureRandom();
  private final InboundCallRegistry calls = new InboundCallRegistry();
  private final CallDtmf dtmf;
  private final AgentLegs legs;
  private final CallRecordings recordings;
  private final CallMonitors monitors;
  private final CallConsults consults;
  private final CallMessages messages;
  private final InboundRouting routing;
  private final MediaTimeouts mediaTimeouts;
  private final CallReconciler reconciler;
  private final Enqueuer enqueuer;
  private final InboundDialogs dialogs;
  private final AfterHours afterHours;
  /** Tells the ACD which queues are open, for the callbacks it holds (no node's calls). */
  private final QueueHoursWatch queueHours;
  private final FlowRunner flows;
  private final CallbackOffers callbacks;
  private final Voicemails voicemails;
  private final FlowTransfers transfers;
  /** The periodic check of waiting calls against their queue's business hours ({@link AfterHours#tick}). */
  private final long hoursTimer;
  private TransactionLayer layer;
  /** Holds trunks to their maxConcurrentCalls; null: not held (a node always sets it, see {@link #limitTrunks}). */
  private volatile TrunkLimits trunkLimits;

  public InboundCalls(InboundSetup.Deps deps, InboundSetup setup) {
    this.deps = deps;
    this.setup = setup;
    this.callbacks = new CallbackOffers(deps.context(), deps.acd(), setup.tenant(), deps.directory(),
        setup.callbacks(), this::music, this::hangUp);
    this.voicemails = new Voicemails(deps.context(), deps.acd(), setup.tenant(), this::hangUp);
    this.dtmf = new CallDtmf(deps.context(), deps.acd(), setup.tenant(), this::flowDigit, callbacks::digit,
        voicemails::digit);
    this.legs = new AgentLegs(deps.context(), deps.acd(), deps.webrtc(), deps.agents(), setup.tenant());
    this.recordings = new CallRecordings(deps.context(), deps.acd(), deps.directory(), deps.agents(),
        setup.tenant());
    legs.recordings(recordings);
    this.monitors = new CallMonitors(deps.context(), deps.acd(), legs::endpoint, deps.agents(), setup.tenant(),
        id -> calls.byCallId(id));
    legs.monitors(monitors);
    this.consults = new CallConsults(deps.context(), deps.acd(), legs::endpoint, deps.agents(), setup.tenant(),
        id -> calls.byCallId(id));
    consults.recordings(recordings);
    legs.consults(consults);
    this.messages = new CallMessages(this, legs, recordings, monitors, consults);
    this.routing = new InboundRouting(deps.directory(), deps.meters(), setup.tenant());
    this.enqueuer = new Enqueuer(deps.context(), deps.acd(), setup.tenant(), ENQUEUE_RETRY_MS);
    this.reconciler = new CallReconciler(deps.acd(), setup.tenant(), setup.nodeId());
    VertxTimers timers = new VertxTimers(deps.context());
    this.mediaTimeouts = new MediaTimeouts(setup.mediaTimeout(), timers, System::nanoTime);
    this.dialogs = new InboundDialogs(() -> layer, timers, deps.media(), dtmf, random, deps.meters(),
        this::watchMedia, this::gone);
    this.afterHours = new AfterHours(deps.context(), deps.acd(), setup.tenant(),
        this::hangUp, c -> voicemails.start(c, 0, true), callbacks::afterHours);
    this.queueHours = new QueueHoursWatch(deps.context(), deps.acd(), deps.directory(), setup.tenant(),
        afterHours::clock);
    this.transfers = new FlowTransfers(deps.context(), setup.tenant(), deps.acd(), this::hangUp);
    this.flows = new FlowRunner(deps.context(), setup.tenant(), deps.media().prompts(), routing, afterHours::clock,
        this::enterQueue, this::hangUp, new FlowWebhooks(deps.context().owner(), setup.webhookAllowInsecure()),
        deps.acd(), (c, maxSeconds) -> voicemails.start(c, maxSeconds, false), transfers);
    this.hoursTimer = deps.context().owner().setPeriodic(AfterHours.TICK_MS,
        t -> deps.context().runOnContext(v -> {
          afterHours.tick(calls.all());
          queueHours.tick();
        }));
  }

  /** The clock queues' business hours are judged by (default: the system's); tests inject a TestClock. */
  public void clock(java.time.Clock clock) {
    afterHours.clock(clock);
  }

  /** What this node last told the ACD of {@code queue}'s hours: open, closed, or null (not yet). Any thread. */
  public Boolean queueOpen(String queue) {
    return queueHours.told(queue);
  }

  /** Session timers (RFC 4028) asked for and accepted from now on; set before the transport delivers anything. */
  public void sessionTimers(SessionTimerPolicy policy) {
    dialogs.policy(policy);
  }

  /** The layer used to send BYE; set once, before the transport delivers anything. */
  public void attach(TransactionLayer layer) {
    this.layer = layer;
  }

  /**
   * Answers browser legs ({@code media.offer}) with {@code endpoint} from now on, replacing {@link Deps#webrtc()}
   * (for wiring after construction, and for tests that bring their own endpoint).
   */
  public void attachWebRtc(WebRtcEndpoint endpoint) {
    legs.attach(endpoint);
  }

  /** Supervisors' listen, whisper and barge on this node's calls (for signaling, through the node's wiring). */
  public io.switchboard.monitor.Monitoring monitoring() {
    return monitors;
  }

  /** Agents consulting a colleague on this node's calls (for signaling, through the node's wiring). */
  public io.switchboard.monitor.Consulting consulting() {
    return consults;
  }

  /**
   * How long a conference waits for its agent's lost browser leg to be offered again before the call is handed to
   * the colleague ({@code consult.agent-leg-grace-ms}); set before traffic.
   */
  public void agentLegGrace(java.time.Duration grace) {
    consults.agentLegGrace(grace);
  }

  /** Whether agents are told of a supervisor's silent listen too ({@code supervision.show-listen}). */
  public void showListen(boolean on) {
    monitors.showListen(on);
  }

  /** The most supervisors on one call ({@code supervision.max-monitors-per-call}). */
  public void maxMonitorsPerCall(int max) {
    monitors.maxPerCall(max);
  }

  /**
   * Records calls with {@code r} from now on, as their queues' recording policies say (null: no recording on this
   * node). Set before traffic; the node wires it once the store of record is open.
   */
  public void attachRecordings(io.switchboard.recording.Recordings r) {
    recordings.attach(r);
    voicemails.attach(r);
  }

  /**
   * Flows' transfer nodes place their calls with {@code outbound}, planned by {@code planner} (the tenant's dial
   * policy), ringing {@code noAnswer} at most unless the node says (dial.no-answer-seconds); set before traffic.
   */
  public void attachTransfers(OutboundCalls outbound, io.switchboard.dial.DialPlanner planner,
      java.time.Duration noAnswer) {
    transfers.attach(outbound, planner, noAnswer);
  }

  /** Voicemail's lengths and silence timeout ({@code voicemail.*}) from now on; set before traffic. */
  public void voicemail(io.switchboard.config.VoicemailConfig config) {
    voicemails.config(config);
  }

  /** Holds every trunk to its maxConcurrentCalls from now on (503 + Retry-After beyond it); set before traffic. */
  public void limitTrunks(TrunkLimits limits) {
    this.trunkLimits = limits;
  }

  /** Calls with a dialog (answered, not yet ended); a racy snapshot on any thread (for the dialogs gauge). */
  public int dialogCount() {
    int n = 0;
    for (InboundCall c : calls.all()) { // a concurrent map's view: safe to iterate off the loop
      if (c.dialog != null && !c.ended()) {
        n++;
      }
    }
    return n;
  }

  /** Calls from INVITE to their end (for leak checks: back to 0 when every call has ended). */
  public int activeCalls() {
    return calls.size();
  }

  /** Reconciliation also gives the ACD these calls of this node (answered predictive calls: never dropped). */
  public void alsoHeld(java.util.function.Supplier<java.util.List<Acd.HeldCall>> held) {
    reconciler.alsoHeld(held);
  }

  /**
   * Makes the ACD agree with the calls this node holds (after a Redis failover, or after this node was taken for
   * dead while paused): see {@link CallReconciler}. Any thread; runs on the SIP event loop.
   */
  public Future<Acd.Reconciled> reconcile() {
    Promise<Acd.Reconciled> done = Promise.promise();
    deps.context().runOnContext(v -> reconciler.reconcile(calls.all(), c -> hangUp(c, "reconcile"))
        .onComplete(done));
    return done.future();
  }

  /**
   * What waiting call {@code callId} is told now: {position, estimated wait in seconds}, each -1 or 0 while unknown;
   * null when this node holds no such call. Any thread (volatile reads; for tests and operations).
   */
  public long[] announced(String callId) {
    InboundCall c = calls.byCallId(callId);
    return c == null ? null : new long[] {c.position, c.estimateSeconds};
  }

  /**
   * The agent call {@code callId} is connected to on this node, or null (no such call here, or not connected yet:
   * {@code call.connected} reaches the node through Redis after the agent's accept was acknowledged). Any thread;
   * read on the SIP event loop. For tests and operations.
   */
  public Future<String> connectedAgent(String callId) {
    Promise<String> agent = Promise.promise();
    deps.context().runOnContext(v -> {
      InboundCall c = calls.byCallId(callId);
      agent.complete(c != null && c.state == InboundCall.State.CONNECTED ? c.agentId : null);
    });
    return agent.future();
  }

  /** The ACD ids of the calls on this node now (a snapshot; for tests and operations). */
  public java.util.Set<String> activeCallIds() {
    return calls.callIds();
  }

  // ------------------------------------------------------------------ SIP side

  /**
   * What the node does not support is refused first ({@link RequestPolicy}). A request with a To tag belongs to a
   * dialog (§12.2.2): the call whose Call-ID and both tags it carries, else 481; from outside the call's trunk
   * sources, 403 and the call is left alone.
   */
  @Override
  public void onRequest(ServerTransaction tx) {
    SipRequest r = tx.request();
    Optional<SipResponse> refused = RequestPolicy.refusal(r, tx.localTag());
    if (refused.isPresent()) {
      tx.respond(refused.get());
      return;
    }
    InboundCall call = calls.inDialog(r);
    if (r.to().tag().isPresent() && (call == null || !routing.fromTrunk(call, r, tx.source().host()))) {
      tx.respond(call == null ? 481 : 403);
      return;
    }
    switch (r.method()) {
      case "INVITE" -> onInvite(tx, call);
      case "BYE" -> onBye(tx, call);
      case "OPTIONS" -> tx.respond(RequestPolicy.optionsAnswer(tx.createResponse(200)));
      case "UPDATE", "INFO" -> dialogs.onRequest(tx, call);
      default -> tx.respond(405);
    }
  }

  /** The event loop call control (and the SIP transport under it) runs on. */
  public Context context() {
    return deps.context();
  }

  /** @param existing the call of the dialog a re-INVITE belongs to; null for an initial INVITE */
  private void onInvite(ServerTransaction tx, InboundCall existing) {
    SipRequest r = tx.request();
    if (existing != null) {
      dialogs.onRequest(tx, existing); // a re-INVITE
      return;
    }
    InboundCall same = calls.sameCaller(r);
    if (same != null) {
      // §8.2.2.2: the same INVITE again in another transaction (forked upstream): 482; a new INVITE of a caller
      // whose first one is still live: 491, as for any request that crosses one pending
      tx.respond(same.invite.request().cseq().equals(r.cseq()) ? 482 : 491);
      return;
    }
    InboundCall call = new InboundCall("sip-" + HexFormat.of().toHexDigits(random.nextLong()), tx);
    call.voice = deps.media().prompts().voice(setup.tenant(), null);  // the queue's language once routed
    register(call);
    on(routing.route(r, tx.source().host()))
        .compose(route -> on(admit(call, route)).map(route))
        .compose(route -> {
          call.trunkSources = route.trunkSources();
          call.queue = route.queue();
          call.maxWaitMs = route.maxWaitMs();
          call.region = route.callRegion(setup.region());
          call.hours = route.hours();
          call.afterHours = route.afterHours();
          call.voice = deps.media().prompts().voice(setup.tenant(), route.language());
          call.flow = route.flow() == null ? null : new FlowRunner.Run(route.flow());
          call.timing = dialogs.negotiate(tx);
          if (call.timing == null) {
            return Future.failedFuture(new Refused(422, "answered")); // 422 or 400 sent: just end the call
          }
          return on(dialogs.openMedia(call, route.requireSrtp()));
        })
        .onSuccess(v -> answered(call))
        .onFailure(e -> failed(call, e));
  }

  /** The call takes a slot of its trunk (fails with 503 + Retry-After when the trunk carries its maximum). */
  private Future<Void> admit(InboundCall call, InboundRouting.Route route) {
    TrunkLimits limits = trunkLimits;
    return limits == null ? Future.succeededFuture()
        : limits.admit(setup.tenant(), route.trunkId(), route.maxConcurrentCalls(), call.callId, "inbound");
  }

  /** The media is ready: 200 OK now, or 180 Ringing and the 200 OK after the answer delay (unless cancelled). */
  private void answered(InboundCall call) {
    if (call.ended()) { // cancelled while the media was being set up
      closeMedia(call);
      return;
    }
    long delay = setup.answerDelay().toMillis();
    if (delay <= 0) {
      answerNow(call);
      return;
    }
    call.invite.respond(Dialog.recordRouted(call.invite.request(), call.invite.createResponse(180)));
    call.maxWaitTimer = deps.context().owner().setTimer(delay, t -> {
      call.maxWaitTimer = -1;
      if (!call.ended()) {
        answerNow(call);
      }
    });
  }

  private void answerNow(InboundCall call) {
    String sdp = call.media != null ? call.media.answerSdp() : call.lateOffer.sdp(); // late offer: ours
    String contact = InviteOk.contact(call.invite, setup.contactHostPort(), layer.transport());
    SipResponse ok = InviteOk.response(call, sdp, contact);
    try {
      call.dialog = Dialog.asUas(call.invite.request(), ok, contact);
      call.dialog.keepFlow(call.invite.source());
    } catch (IllegalArgumentException e) {
      failed(call, new Refused(400, "Bad Request: " + e.getMessage()));
      return;
    }
    call.invite.respond(ok);
    dialogs.started(call, sdp);
    if (call.media == null) {
      call.state = InboundCall.State.ACCEPTED; // the answer is due in the ACK (onAck)
      return;
    }
    startWaiting(call);
  }

  /** A digit of a call running its flow (its menus listen). */
  private void flowDigit(InboundCall call, char digit) {
    flows.digit(call, digit);
  }

  /** Answered with media running: the number's flow if it has one ({@link FlowRunner}), else its queue. */
  private void startWaiting(InboundCall call) {
    SipRequest r = call.invite.request();
    NameAddr from = r.from();
    String caller = from.sipUri().flatMap(SipUri::user).orElse("anonymous");
    call.spec = new CallSpec(call.callId, call.queue, null, Map.of(), null, caller, from.displayName().orElse(null),
        call.region, setup.nodeId());
    if (call.flow != null) {
      watchMedia(call, true);
      flows.start(call);
      return;
    }
    enterQueue(call);
  }

  /**
   * Into the call's queue (straight from the answer, or at the end of its flow): music, the bridge, the RTP watch and
   * the ACD; or the closed prompt and BYE when the queue's hours are closed now.
   */
  private void enterQueue(InboundCall call) {
    MediaNode.CallMedia media = call.media;
    long interval = setup.announcementInterval().toMillis();
    if (afterHours.closedOnArrival(call)) {
      return;
    }
    media.session().output().switchTo(music(call));
    call.bridge = new Bridge(media.session(), () -> music(call), System::nanoTime, random);
    call.state = InboundCall.State.WAITING;
    watchMedia(call, true);
    call.enqueued = enqueuer.enqueue(call.spec, () -> !call.ended());
    call.enqueued.onSuccess(e -> refreshPosition(call)).onFailure(e -> {
      LOG.warn("call.enqueue-failed call={} why={}", call.callId, e.toString());
      hangUp(call, "enqueue-failed");
    });
    callbacks.load(call);
    call.positionTimer = deps.context().owner().setPeriodic(Math.min(interval, 5000), t -> refreshPosition(call));
    if (call.maxWaitMs > 0) {
      call.maxWaitTimer = deps.context().owner().setTimer(call.maxWaitMs, t -> maxWaitReached(call));
    }
    LOG.info("call.answered tenant={} call={} queue={}", setup.tenant(), call.callId, call.queue);
  }

  /**
   * The caller waited the queue's maximum: the ACD takes the call out (counted abandoned, as if the caller had
   * hung up: the Acd interface has no other reason), the caller hears the goodbye prompt, then gets a BYE.
   */
  private void maxWaitReached(InboundCall call) {
    call.maxWaitTimer = -1;
    if (call.state != InboundCall.State.WAITING) {
      return;
    }
    LOG.info("call.max-wait call={} queue={} maxWaitMs={}", call.callId, call.queue, call.maxWaitMs);
    call.state = InboundCall.State.LEAVING;
    Future<?> enq = call.enqueued;
    call.enqueued = null; // the ACD is told here; a BYE from the caller during the goodbye must not repeat it
    enq.compose(e -> deps.acd().callerHangup(setup.tenant(), call.callId))
        .onFailure(e -> LOG.warn("call.max-wait-hangup-failed call={} why={}", call.callId, e.toString()));
    long goodbyeMs = WaitingAudio.goodbye(call.voice, call.media.session().output());
    call.maxWaitTimer = deps.context().owner().setTimer(goodbyeMs, t -> {
      call.maxWaitTimer = -1;
      hangUp(call, "max-wait");
    });
  }

  /** Music on hold with the periodic position announcements (a new source each time). */
  private AudioSource music(InboundCall call) {
    return WaitingAudio.music(deps.media().prompts(), call.voice, setup.announcementInterval(), call);
  }

  /** Reads the call's place and wait estimate ({@code Acd.waitEstimate}: one read-only script) for announcements. */
  void refreshPosition(InboundCall call) {
    if (call.state != InboundCall.State.WAITING) {
      return;
    }
    on(deps.acd().waitEstimate(setup.tenant(), call.queue, call.callId)).onSuccess(e -> {
      call.estimateSeconds = e.seconds();
      call.position = e.position();
    });
  }

  private void failed(InboundCall call, Throwable e) {
    Refused.answer(call.invite, e, call.callId);
    finish(call);
  }

  @Override
  public void onCancel(ServerTransaction cancel, ServerTransaction invite) {
    InboundCall call = calls.ofInvite(invite);
    if (call != null && !routing.fromTrunk(call, cancel.request(), cancel.source().host())) {
      cancel.respond(403); // like any in-dialog request: only the caller's trunk may end a call
      return;
    }
    Cancels.accept(cancel, invite);
    if (call != null && call.state == InboundCall.State.SETUP) {
      LOG.info("call.cancelled call={}", call.callId);
      finish(call); // nothing was enqueued yet: no callerHangup
    }
  }

  private void onBye(ServerTransaction tx, InboundCall call) {
    if (call != null && call.state == InboundCall.State.SETUP && inEarlyDialog(call, tx.request())) {
      // RFC 3261 §15: the caller may end an early dialog (our 180 carried the tag) with BYE. Like a CANCEL:
      // 200 to the BYE, 487 to the INVITE, nothing was enqueued. Refusing it (481, no dialog yet) left the
      // call to be answered and enqueued for a caller who had gone, until Timer L.
      tx.respond(200);
      call.invite.respond(487);
      LOG.info("call.caller-hangup call={} early=true", call.callId);
      finish(call);
      return;
    }
    if (call == null || call.dialog == null || !call.dialog.onRequest(tx.request())) {
      tx.respond(call == null || call.dialog == null ? 481 : 500);
      return;
    }
    tx.respond(200);
    LOG.info("call.caller-hangup call={}", call.callId);
    callerLeft(call);
  }

  /** The ACK to a late-offer call's 200 (its answer starts the call, or its lack ends it); others: nothing. */
  @Override
  public void onAck(SipRequest ack, Destination source) {
    dialogs.onAck(calls.inDialog(ack), ack, this::startWaiting, c -> hangUp(c, "no-answer-in-ack"));
  }

  /** A retransmitted 2xx to one of our re-INVITEs (its ACK was lost): ACKed again. */
  @Override
  public void onStrayResponse(SipResponse response, Destination source) {
    dialogs.onStrayResponse(calls.ofResponse(response), response);
  }

  /** A BYE for the early dialog of an unanswered INVITE: our To tag and the caller's From tag. */
  private static boolean inEarlyDialog(InboundCall call, SipRequest bye) {
    SipRequest invite = call.invite.request();
    return !call.invite.answered() && bye.to().tag().filter(call.invite.localTag()::equals).isPresent()
        && bye.from().tag().equals(invite.from().tag());
  }

  @Override
  public void onServerTimeout(ServerTransaction tx) {
    InboundCall call = calls.ofInvite(tx);
    if (call != null && call.dialog != null) {
      gone(call, "no-ack");
    }
  }

  /**
   * No RTP or RTCP from the caller for media.inactivity-timeout-seconds: its BYE was lost, or it vanished. Ended as
   * if it had hung up (BYE to it, the ACD told the caller left) and counted.
   */
  private void mediaTimedOut(InboundCall call) {
    if (!call.ended()) {
      Counter.builder("switchboard.calls.media-timeout")
          .description("inbound calls ended because the caller sent no RTP/RTCP for media.inactivity-timeout-seconds")
          .register(deps.meters()).increment();
      gone(call, "media-timeout");
    }
  }

  /**
   * The caller is gone without saying so (no ACK, no media, its session expired or a refresh found the dialog
   * gone): BYE to it, then as {@link #callerLeft}.
   */
  private void gone(InboundCall call, String why) {
    if (!call.ended()) {
      LOG.warn("call.{} call={} state={}", why, call.callId, call.state);
      sendBye(call);
      callerLeft(call);
    }
  }

  /** The caller is gone (BYE, no ACK, no media): the ACD counts it abandoned (or ends the connected call). */
  private void callerLeft(InboundCall call) {
    if (call.ended()) {
      return;
    }
    Future<?> enq = call.enqueued;
    flows.ended(call, "caller");  // a call in its flow: the ACD never held it, only records it
    voicemails.callerLeft(call);  // a message being left: kept if long enough
    finish(call);
    if (enq != null) {
      enq.compose(e -> deps.acd().callerHangup(setup.tenant(), call.callId))
          .onFailure(e -> LOG.warn("call.caller-hangup-failed call={} why={}", call.callId, e.toString()));
    }
  }

  // ------------------------------------------------------------------ ACD side

  /** A message about a call on this node ({@code NodeBus.listenCalls}: from the ACD or an agent's node); any thread. */
  public void onCallMessage(String tenant, String callId, CallMessage message) {
    deps.context().runOnContext(v ->
        messages.handle(setup.tenant().equals(tenant) ? calls.byCallId(callId) : null, message));
  }

  /** We end the call: BYE to the caller, media closed. The ACD already knows (or is told by the caller). */
  void hangUp(InboundCall call, String why) {
    if (call.ended()) {
      return;
    }
    LOG.info("call.hangup call={} by={}", call.callId, why);
    sendBye(call);
    finish(call);
  }

  private void sendBye(InboundCall call) {
    if (call.dialog == null || layer == null) {
      return;
    }
    try {
      SipRequest bye = call.dialog.newRequest("BYE");
      Destination to = call.dialog.nextHop();
      layer.send(bye, to).response()
          .onFailure(e -> LOG.debug("call.bye-failed call={} why={}", call.callId, e.toString()));
    } catch (RuntimeException e) {
      LOG.warn("call.bye-failed call={} why={}", call.callId, e.toString());
    }
  }

  // ------------------------------------------------------------------ registry

  private void register(InboundCall call) {
    calls.add(call);
  }

  private void finish(InboundCall call) {
    recordings.stop(call);
    monitors.callEnded(call, "call-ended");
    consults.callEnded(call, "call-ended");
    flows.stop(call);
    transfers.stop(call);
    callbacks.stop(call);
    voicemails.stop(call);
    call.state = InboundCall.State.ENDED;
    mediaTimeouts.unwatch(call.callId);
    if (call.inDialog != null) {
      call.inDialog.close();
    }
    if (call.positionTimer >= 0) {
      deps.context().owner().cancelTimer(call.positionTimer);
      call.positionTimer = -1;
    }
    if (call.maxWaitTimer >= 0) {
      deps.context().owner().cancelTimer(call.maxWaitTimer);
      call.maxWaitTimer = -1;
    }
    if (call.bridge != null) {
      call.bridge.close();
    }
    closeMedia(call);
    calls.remove(call);
    TrunkLimits limits = trunkLimits;
    if (limits != null) {
      limits.release(call.callId);
    }
  }

  private static void closeMedia(InboundCall call) {
    if (call.media != null) {
      call.media.close();
    } else if (call.lateOffer != null) {
      call.lateOffer.close();
    }
  }

  /**
   * Off hold ({@code on}): the RTP inactivity timeout watches again and a waiting caller hears the music from the
   * start. On hold: a held caller may send nothing, so the timeout is off.
   */
  private void watchMedia(InboundCall call, boolean on) {
    if (!on) {
      mediaTimeouts.unwatch(call.callId);
      return;
    }
    mediaTimeouts.watch(call.callId, call.media.session()::lastReceivedNanos, () -> mediaTimedOut(call));
    if (call.state == InboundCall.State.WAITING) {
      call.media.session().output().switchTo(music(call));
    }
  }

  /** Hops a future's completion back to the SIP event loop. */
  private <T> Future<T> on(Future<T> f) {
    Promise<T> p = Promise.promise();
    f.onComplete(ar -> deps.context().runOnContext(v -> p.handle(ar)));
    return p.future();
  }

  /** Closes every call's media (node shutdown); no BYEs are sent. */
  public void close() {
    deps.context().owner().cancelTimer(hoursTimer);
    for (InboundCall c : java.util.List.copyOf(calls.all())) {
      finish(c);
    }
  }
}
