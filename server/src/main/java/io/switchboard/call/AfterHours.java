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
 * closed" prompt, then BYE), {@code voicemail} (the caller leaves a message for the queue instead:
 * {@link Voicemails}; a message kept waits in the queue for an agent, docs/voicemail.md) or {@code callback} (the
 * callback dialog, {@link CallbackOffers#afterHours}: a number confirmed leaves a virtual call at the caller's place,
 * which the ACD holds until the queue opens, {@link QueueHoursWatch}; no callback taken: as goodbye).
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
 *   <li>With the rule callback, on answer the call enters the queue as if open and is closed at once; when closed
 *       it stays in the queue (an agent may still take it) while the dialog runs; the ACD hears of the closing
 *       ({@code call.closed}) only when the caller takes no callback, before the closed prompt.
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
  /** The after-hours rule that sends callers to voicemail. */
  static final String VOICEMAIL = "voicemail";
  /** The after-hours rule that offers callers a callback at their place (the third one is goodbye). */
  static final String CALLBACK = "callback";

  /** Ends a call with a BYE (InboundCalls.hangUp). */
  private final BiConsumer<InboundCall, String> hangUp;
  /** Starts a voicemail for the call's queue (Voicemails.start, after hours). */
  private final java.util.function.Consumer<InboundCall> voicemail;
  /** Starts the callback dialog of a waiting call with what to do when no callback is taken (CallbackOffers). */
  private final BiConsumer<InboundCall, Runnable> callback;
  private volatile Clock clock = Clock.systemUTC();

  AfterHours(Context context, Acd acd, String tenant, BiConsumer<InboundCall, String> hangUp,
      java.util.function.Consumer<InboundCall> voicemail, BiConsumer<InboundCall, Runnable> callback) {
    this.context = context;
    this.acd = acd;
    this.tenant = tenant;
    this.hangUp = hangUp;
    this.voicemail = voicemail;
    this.callback = callback;
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
    if (CALLBACK.equals(call.afterHours)) {
      // queued as usual (the caller enqueues it now), then closed at once: the dialog runs while it waits
      call.closesAt = 0;
      context.runOnContext(v -> tick(List.of(call)));
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
    if (call.enqueued == null) {
      return;
    }
    if (CALLBACK.equals(call.afterHours)) {
      LOG.info("call.closing tenant={} call={} queue={} rule=callback", tenant, call.callId, call.queue);
      call.closesAt = Long.MAX_VALUE; // the dialog decides now
      callback.accept(call, () -> closeOut(call));
      return;
    }
    closeOut(call);
  }

  /** The goodbye rule (or voicemail) for a waiting call: out of the ACD's queue, then the prompt and BYE. */
  private void closeOut(InboundCall call) {
    Future<?> enq = call.enqueued;
    if (enq == null || call.state != InboundCall.State.WAITING) {
      return;
    }
    call.closing = true;
    enq.compose(e -> acd.closed(tenant, call.spec)).onComplete(ar -> context.runOnContext(v -> {
      call.closing = false;
      if (ar.failed()) {
        LOG.warn("call.close-failed call={} why={}", call.callId, ar.cause().toString()); // next tick tries again
        if (CALLBACK.equals(call.afterHours)) { // its tick would offer the callback again: retried here instead
          context.owner().setTimer(TICK_MS, t -> context.runOnContext(w -> closeOut(call)));
        }
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
