package io.switchboard.call;

import io.switchboard.acd.Acd;
import io.switchboard.dial.DialPlan;
import io.switchboard.dial.DialPlanner;
import io.switchboard.dial.DialRefused;
import io.switchboard.directory.FlowGraph;
import io.switchboard.media.audio.AudioSource;
import io.switchboard.media.audio.ToneGenerator;
import io.switchboard.media.rtp.RtpPacket;
import io.switchboard.media.session.SessionListener;
import io.switchboard.sip.SipResponse;
import io.switchboard.sip.SipUri;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A flow's {@code transfer} node ({@link FlowGraph.Type#TRANSFER}): the caller is connected to a number through an
 * outbound trunk. The call is placed the way every outbound call of the node is: the number through the tenant's dial
 * policy ({@link DialPlanner#transfer}: the same check and trunk choice as an agent's dial), then
 * {@link OutboundCalls#originate} with media of our own (the trunk's slot, digest auth, failover, CANCEL, BYE); once
 * answered the two SIP media sessions are joined by a {@link TransferRelay}. The caller ID is the tenant's number the
 * caller dialed.
 *
 * <pre>
 *   start ─► plan (refused: refused) ─► originate (failed: trunk-failure) ─► RINGING (the caller hears ringback)
 *   RINGING ──183 with SDP──► early media relayed to the caller, still RINGING
 *   RINGING ──2xx──► CONNECTED: relay both ways; the call leaves its flow (InboundCall TRANSFERRED)
 *   RINGING ──486/600 busy · 404/484/604 invalid-number · 408/480 no-answer · timeoutSeconds → CANCEL no-answer
 *           · 503/unreachable/trunk full trunk-failure · other 4xx-6xx rejected──► failed(outcome): the flow goes on
 *           (the node's failed branch, or a goodbye and hang-up: {@link FlowRunner})
 *   RINGING ──the caller hangs up──► CANCEL (the flow records the caller's hang-up)
 *   CONNECTED ──BYE from the called party──► recorded, BYE to the caller
 *   CONNECTED ──the caller hangs up (or its media times out)──► recorded, BYE to the called party
 * </pre>
 *
 * <p>The record: once a connected transfer is over, {@code call.flow-ended} by {@code transfer} with the number, the
 * trunk, the talk time and who hung up ({@link Acd#flowEnded(String, io.switchboard.acd.CallSpec, String,
 * Acd.FlowTransfer)}); an attempt that failed is in the flow's path ({@code <node>:<outcome>}).
 *
 * <p>Threading: everything runs on the SIP transport's event loop ({@code context}); the relay's packet paths run on
 * the media receive threads.
 */
final class FlowTransfers {
  private static final Logger LOG = LoggerFactory.getLogger(FlowTransfers.class);
  /** The outcome of a transfer whose number the tenant's dial policy refuses now. */
  static final String REFUSED = "refused";

  /** One transfer of one call. Event loop only. */
  static final class Transfer {
    final FlowGraph.Node node;
    final BiConsumer<InboundCall, String> failed;
    DialPlan plan;
    OutboundCall sip;
    /** Set on the event loop, read by the called party's media receive thread. */
    volatile TransferRelay relay;
    long timer = -1;
    /** Why we cancel, when we do: no-answer (the node's timeout) or caller (the caller left). */
    String cancelling;
    boolean answered;
    long answeredAtMs;
    boolean over;

    Transfer(FlowGraph.Node node, BiConsumer<InboundCall, String> failed) {
      this.node = node;
      this.failed = failed;
    }
  }

  private final Context context;
  private final String tenant;
  private final Acd acd;
  /** Ends the caller's side (BYE, media closed): {@code InboundCalls.hangUp}. */
  private final BiConsumer<InboundCall, String> hangUp;
  private volatile OutboundCalls outbound;
  private volatile DialPlanner planner;
  /** dial.no-answer-seconds; set by {@link #attach} with the rest. */
  private volatile Duration noAnswer;

  FlowTransfers(Context context, String tenant, Acd acd, BiConsumer<InboundCall, String> hangUp) {
    this.context = context;
    this.tenant = tenant;
    this.acd = acd;
    this.hangUp = hangUp;
  }

  /**
   * Places transfers with {@code outbound} from now on, planned by {@code planner}, ringing at most {@code noAnswer}
   * when the node names no timeout (dial.no-answer-seconds). Until then every transfer fails (trunk-failure).
   */
  void attach(OutboundCalls outbound, DialPlanner planner, Duration noAnswer) {
    this.planner = planner;
    this.noAnswer = noAnswer;
    this.outbound = outbound;
  }

  /**
   * Calls the node's number for {@code call} (in its flow, state IN_FLOW); {@code failed} gets the outcome when it
   * is not answered (not when the caller leaves first).
   */
  void start(InboundCall call, FlowGraph.Node node, BiConsumer<InboundCall, String> failed) {
    Transfer t = new Transfer(node, failed);
    call.transfer = t;
    call.media.session().output().switchTo(new Ringback());
    OutboundCalls out = outbound;
    DialPlanner plans = planner;
    if (out == null || plans == null) {
      fail(call, t, "trunk-failure", "this node places no outbound calls");
      return;
    }
    on(plans.transfer(tenant, node.number(), node.trunk(), callerId(call))).onComplete(planned -> {
      if (call.transfer != t || t.over) {
        return; // the caller left meanwhile
      }
      if (planned.failed()) {
        boolean refused = planned.cause() instanceof DialRefused r && "number".equals(r.field());
        fail(call, t, refused ? REFUSED : "trunk-failure", planned.cause().getMessage());
        return;
      }
      t.plan = planned.result();
      on(out.originate(tenant, t.plan.trunk(), t.plan.number(), t.plan.callerId(), listener(t)))
          .onComplete(ar -> started(call, t, ar.succeeded() ? ar.result() : null, ar.cause()));
    });
  }

  /** The INVITE is on its way (or could not be sent: {@code error}). */
  private void started(InboundCall call, Transfer t, OutboundCall sip, Throwable error) {
    if (sip == null) {
      if (call.transfer == t && !t.over) {
        fail(call, t, OutboundDials.outcome(null, error), error.getMessage());
      }
      return;
    }
    t.sip = sip;
    if (call.transfer != t || t.over) {
      sip.cancel(); // the caller left while the INVITE was being prepared
      return;
    }
    LOG.info("flow.transfer-dialing call={} sip={} number={} trunk={}", call.callId, sip.sipCallId(),
        t.plan.number(), t.plan.trunk());
    sip.onProvisional(r -> progress(call, t, r));
    sip.answered().onComplete(a -> context.runOnContext(v -> {
      if (a.succeeded()) {
        answered(call, t);
      } else if (call.transfer == t && !t.over) {
        fail(call, t, OutboundDials.outcome(t.cancelling, a.cause()), a.cause().getMessage());
      }
    }));
    sip.ended().onSuccess(why -> context.runOnContext(v -> ended(call, t, why)));
    long ringMs = (t.node.timeoutSeconds() > 0 ? Duration.ofSeconds(t.node.timeoutSeconds()) : noAnswer).toMillis();
    t.timer = context.owner().setTimer(ringMs, id -> context.runOnContext(v -> {
      t.timer = -1;
      if (!t.answered && !t.over && t.cancelling == null) {
        LOG.info("flow.transfer-no-answer call={} afterMs={}", call.callId, ringMs);
        t.cancelling = "no-answer";
        sip.cancel();
      }
    }));
  }

  /** The called party's RTP: to the caller once the relay runs (early media or the answer). */
  private static SessionListener listener(Transfer t) {
    return new SessionListener() {
      @Override
      public void onRtpPacket(RtpPacket packet) {
        TransferRelay r = t.relay;
        if (r != null) {
          r.fromCalled(packet);
        }
      }
    };
  }

  /** A 183 whose SDP started the media: the caller hears the far end (its ringback or announcement) before the answer. */
  private void progress(InboundCall call, Transfer t, SipResponse r) {
    if (t.answered || t.over || call.transfer != t) {
      return;
    }
    if (r.status() == 183 && r.body().length > 0 && t.sip.media().succeeded()) {
      relay(call, t);
    }
  }

  private void relay(InboundCall call, Transfer t) {
    if (t.relay == null) {
      t.relay = new TransferRelay(call.media.session(), t.sip.media().result().session(), System::nanoTime);
      call.transferRelay = t.relay;
    }
    t.relay.start();
  }

  private void answered(InboundCall call, Transfer t) {
    if (t.over || call.transfer != t || call.state != InboundCall.State.IN_FLOW) {
      t.sip.hangup(); // the caller left as the answer came
      return;
    }
    cancelTimer(t);
    relay(call, t);
    t.answered = true;
    t.answeredAtMs = System.currentTimeMillis();
    call.state = InboundCall.State.TRANSFERRED;
    LOG.info("flow.transfer-answered call={} number={} trunk={} path={}", call.callId, t.plan.number(),
        t.plan.trunk(), call.flow.path);
  }

  /** Not answered: back to the flow with the outcome (the caller hears silence until the flow says more). */
  private void fail(InboundCall call, Transfer t, String outcome, String why) {
    t.over = true;
    cancelTimer(t);
    call.transfer = null;
    unrelay(call, t);
    call.media.session().output().switchTo(io.switchboard.media.audio.Silence.forever());
    LOG.info("flow.transfer-failed call={} node={} outcome={} why={}", call.callId, t.node.id(), outcome, why);
    t.failed.accept(call, outcome);
  }

  /** The SIP call to the number is over; after the answer, a BYE from the called party ends the caller's side too. */
  private void ended(InboundCall call, Transfer t, String why) {
    cancelTimer(t);
    if (!t.answered || t.over) {
      return; // unanswered: answered()'s failure reports it; over: the caller's side ended it
    }
    t.over = true;
    unrelay(call, t);
    LOG.info("flow.transfer-ended call={} by=called why={}", call.callId, why);
    record(call, t, "called");
    call.transfer = null;
    hangUp.accept(call, "transfer-ended");
  }

  /**
   * The caller's side ended (its BYE, a media timeout, the node's shutdown): a ringing transfer is cancelled, a
   * connected one recorded and hung up. Idempotent.
   */
  void stop(InboundCall call) {
    Transfer t = call.transfer;
    if (t == null) {
      return;
    }
    call.transfer = null;
    cancelTimer(t);
    if (t.over) {
      return;
    }
    t.over = true;
    unrelay(call, t);
    if (t.answered) {
      LOG.info("flow.transfer-ended call={} by=caller", call.callId);
      record(call, t, "caller");
    }
    if (t.sip != null) {
      t.sip.hangup(); // CANCEL while ringing, BYE once connected
    } else {
      t.cancelling = "caller"; // the INVITE is being prepared: started() cancels it
    }
  }

  private void record(InboundCall call, Transfer t, String hungUpBy) {
    if (call.state != InboundCall.State.TRANSFERRED || call.spec == null) {
      return;
    }
    long talk = Math.max(0, System.currentTimeMillis() - t.answeredAtMs);
    acd.flowEnded(tenant, FlowRunner.endedSpec(call), "transfer",
            new Acd.FlowTransfer(t.plan.number(), t.plan.trunk(), talk, hungUpBy))
        .onFailure(e -> LOG.warn("flow.transfer-record-failed call={} why={}", call.callId, e.toString()));
  }

  private static void unrelay(InboundCall call, Transfer t) {
    if (t.relay != null) {
      t.relay.stop();
      if (call.transferRelay == t.relay) {
        call.transferRelay = null;
      }
    }
  }

  private void cancelTimer(Transfer t) {
    if (t.timer >= 0) {
      context.owner().cancelTimer(t.timer);
      t.timer = -1;
    }
  }

  /** The tenant's number the caller dialed (the Request-URI's), in E.164: what the called party is shown. */
  static String callerId(InboundCall call) {
    return call.invite.request().sipUri().flatMap(SipUri::user).map(InboundRouting::e164Digits)
        .filter(d -> !d.isEmpty()).map(d -> "+" + d).orElse(null);
  }

  private <T> Future<T> on(Future<T> f) {
    io.vertx.core.Promise<T> p = io.vertx.core.Promise.promise();
    f.onComplete(ar -> context.runOnContext(v -> p.handle(ar)));
    return p.future();
  }

  /** Ringback while the number rings: 440 + 480 Hz, 2 s on, 4 s off (the North American cadence), endless. */
  static final class Ringback implements AudioSource {
    private static final int ON_FRAMES = 100;
    private static final int CYCLE_FRAMES = 300;
    private final ToneGenerator tone = new ToneGenerator(440, 480, 6000, -1);
    private int frame;

    @Override
    public boolean nextFrame(short[] out) {
      if (frame < ON_FRAMES) {
        tone.nextFrame(out);
      } else {
        java.util.Arrays.fill(out, (short) 0);
      }
      frame = (frame + 1) % CYCLE_FRAMES;
      return true;
    }
  }
}
