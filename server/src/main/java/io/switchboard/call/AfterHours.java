package io.switchboard.call;

import io.switchboard.acd.Acd;
import io.switchboard.directory.BusinessHours;
import io.switchboard.media.audio.AudioClip;
import io.switchboard.media.audio.ClipSource;
import io.switchboard.media.audio.SequenceSource;
import io.switchboard.media.audio.Silence;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Business hours applied to this node's calls, with the queue's after-hours rule: {@code goodbye} (the "we are
 * closed" prompt, then BYE) or {@code voicemail} (the caller leaves a message for the queue instead:
 * {@link Voicemails}; a message kept waits in the queue for an agent, docs/voicemail.md).
 *
 * <ul>
 *   <li>On answer ({@link #closedOnArrival}): a call whose queue is closed now is turned away: it hears the closed
 *       prompt and is hung up, and is never enqueued (the ACD records {@code call.closed} with {@code atArrival}).
 *   <li>While it waits: {@link #watch} keeps the engine's next change as the call's {@code closesAt}; {@link #tick},
 *       once a second, closes each waiting call whose {@code closesAt} has passed by the injected {@link Clock}: the
 *       ACD takes it out of the queue ({@code call.closed}; an agent it rang for is told {@code call.revoked}
 *       reason {@code closed}), then the caller hears the closed prompt and gets a BYE. A call an agent has taken
 *       meanwhile is left alone (the ACD says so). The node holding the SIP leg applies the rule: only it can play
 *       the prompt and send the BYE, and its clock decides, like every other ACD timer's caller.
 * </ul>
 * The hours are read when the call is routed: a change to them applies to calls arriving after it.
 *
 * <p>Threading: every method runs on the SIP event loop (the one {@link InboundCalls} runs on); the clock may be
 * replaced from any thread ({@link #clock(Clock)}, volatile).
 */
final class AfterHours {
  private static final Logger LOG = LoggerFactory.getLogger(AfterHours.class);
  /** "Thank you for calling. We are closed now. Please call again during our business hours. Goodbye." (in the
   * call's language, or the tenant's own recording) */
  static final String CLOSED_PROMPT = "closed";
  /** How often waiting calls are compared with their closing time (ms): the most a closing can be late by. */
  static final long TICK_MS = 1000;

  private final Context context;
  private final Acd acd;
  private final String tenant;
  /** The after-hours rule that sends callers to voicemail (the other one is goodbye). */
  static final String VOICEMAIL = "voicemail";

  /** Ends a call with a BYE (InboundCalls.hangUp). */
  private final BiConsumer<InboundCall, String> hangUp;
  /** Starts a voicemail for the call's queue (Voicemails.start, after hours). */
  private final java.util.function.Consumer<InboundCall> voicemail;
  private volatile Clock clock = Clock.systemUTC();

  AfterHours(Context context, Acd acd, String tenant, BiConsumer<InboundCall, String> hangUp,
      java.util.function.Consumer<InboundCall> voicemail) {
    this.context = context;
    this.acd = acd;
    this.tenant = tenant;
    this.hangUp = hangUp;
    this.voicemail = voicemail;
  }

  /** The clock business hours are judged by. */
  Clock clock() {
    return clock;
  }

  /** The clock business hours are judged by from now on (tests move a TestClock). */
  void clock(Clock clock) {
    this.clock = clock;
  }

  /**
   * Whether the answered call's queue is closed now; if so the call is turned away (closed prompt, BYE) and true is
   * returned: the caller must not enqueue it. Else its closing time is watched and false returned.
   */
  boolean closedOnArrival(InboundCall call) {
    BusinessHours hours = call.hours;
    if (hours == null) {
      return false;
    }
    BusinessHours.Status now = hours.status(clock.instant());
    if (now.open()) {
      call.closesAt = now.nextChange() == null ? Long.MAX_VALUE : now.nextChange().toEpochMilli();
      return false;
    }
    LOG.info("call.closed tenant={} call={} queue={} atArrival=true reason={} rule={}", tenant, call.callId,
        call.queue, now.reason(), call.afterHours);
    if (VOICEMAIL.equals(call.afterHours)) {
      voicemail.accept(call); // the ACD hears of it with the message (or as turned away when none is left)
      return true;
    }
    call.state = InboundCall.State.LEAVING;
    acd.closed(tenant, call.spec)
        .onFailure(e -> LOG.warn("call.closed-event-failed call={} why={}", call.callId, e.toString()));
    playThenHangUp(call);
    return true;
  }

  /** Closes every waiting call whose queue's hours have closed by now (see the class comment). */
  void tick(Collection<InboundCall> calls) {
    long now = clock.millis();
    for (InboundCall call : List.copyOf(calls)) {
      if (call.state == InboundCall.State.WAITING && !call.closing && call.closesAt <= now) {
        close(call);
      }
    }
  }

  private void close(InboundCall call) {
    Future<?> enq = call.enqueued;
    if (enq == null) {
      return;
    }
    call.closing = true;
    enq.compose(e -> acd.closed(tenant, call.spec)).onComplete(ar -> context.runOnContext(v -> {
      call.closing = false;
      if (ar.failed()) {
        LOG.warn("call.close-failed call={} why={}", call.callId, ar.cause().toString()); // next tick tries again
        return;
      }
      if (!ar.result() || call.state != InboundCall.State.WAITING) {
        call.closesAt = Long.MAX_VALUE;  // an agent has it (or it ended): the hours no longer concern it
        return;
      }
      LOG.info("call.closed tenant={} call={} queue={} atArrival=false rule={}", tenant, call.callId, call.queue,
          call.afterHours);
      call.enqueued = null; // the ACD knows: a BYE from the caller during the prompt must not tell it again
      if (VOICEMAIL.equals(call.afterHours)) {
        if (call.maxWaitTimer >= 0) {
          context.owner().cancelTimer(call.maxWaitTimer);
          call.maxWaitTimer = -1;
        }
        voicemail.accept(call); // a message kept takes the call's place again (acd-voicemail.lua)
        return;
      }
      call.state = InboundCall.State.LEAVING;
      playThenHangUp(call);
    }));
  }

  /** The closed prompt (after a short pause), then BYE; the timer is the call's maxWaitTimer (finish cancels it). */
  private void playThenHangUp(InboundCall call) {
    if (call.maxWaitTimer >= 0) {
      context.owner().cancelTimer(call.maxWaitTimer);
    }
    AudioClip closed = call.voice.clip(CLOSED_PROMPT);
    call.media.session().output().switchTo(SequenceSource.of(Silence.millis(200), ClipSource.once(closed)));
    call.maxWaitTimer = context.owner().setTimer(closed.durationMillis() + 400, t -> {
      call.maxWaitTimer = -1;
      hangUp.accept(call, "closed");
    });
  }
}
