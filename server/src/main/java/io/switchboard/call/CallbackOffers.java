package io.switchboard.call;

import io.switchboard.acd.Acd;
import io.switchboard.config.CallbackConfig;
import io.switchboard.dial.DialPlanner;
import io.switchboard.dial.DialPolicy;
import io.switchboard.directory.Directory;
import io.switchboard.directory.Kind;
import io.switchboard.media.audio.AudioClip;
import io.switchboard.media.audio.AudioSource;
import io.switchboard.media.audio.Prompts;
import io.switchboard.media.audio.SequenceSource;
import io.switchboard.media.audio.Silence;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Callbacks that keep the caller's place, on the caller's node (docs/callbacks.md). A call entering a queue whose
 * document has {@code callback} ({@link #load}) hears the offer after each position announcement
 * ({@link #offer}); the queue's key starts a {@link CallbackDialog} (its keys are not sent to the ACD as
 * {@code call.dtmf}: they may be a phone number); the number it settles on passed the tenant's dial policy. Then
 * the confirmation prompt plays, the ACD makes the call virtual ({@link Acd#callbackRequested}: same place, no node),
 * and the caller gets a BYE. A caller who hangs up before that is an ordinary abandon; an agent reserved meanwhile
 * ({@code callbackRequested} false) keeps the caller on the line, and a {@code call.connected} during the dialog
 * connects the caller as usual (the dialog is dropped).
 *
 * <p>Threading: the SIP event loop ({@code context}), like every call change.
 */
final class CallbackOffers {
  private static final Logger LOG = LoggerFactory.getLogger(CallbackOffers.class);
  /** Pause between the words of a prompt (as {@link Prompts}' own gap). */
  private static final long GAP_MS = 100;

  /**
   * A queue's callback setting with the node's defaults filled in, and the tenant's dial policy as it was when the
   * call entered the queue (what the caller's number must pass).
   *
   * @param key the digit that asks for a callback
   * @param retryDelayMs after a failed attempt, ms out of routing
   */
  record Settings(char key, int attempts, long retryDelayMs, DialPolicy policy) {}

  /** {@link Settings#key()} of a queue without a callback setting reached through a flow's callback node. */
  static final char NO_KEY = 0;

  private final Context context;
  private final Acd acd;
  private final String tenant;
  private final Directory directory;
  private final DialPlanner planner;
  private final CallbackConfig defaults;
  private final Function<InboundCall, AudioSource> music;
  private final BiConsumer<InboundCall, String> hangUp;

  /**
   * @param music what a waiting caller hears (a new source each time)
   * @param hangUp BYE to the caller and the call finished here (the ACD is not told)
   */
  CallbackOffers(Context context, Acd acd, String tenant, Directory directory, CallbackConfig defaults,
      Function<InboundCall, AudioSource> music, BiConsumer<InboundCall, String> hangUp) {
    this.context = context;
    this.acd = acd;
    this.tenant = tenant;
    this.directory = directory;
    // only the policy is read here; the do-not-call list is checked when the callback is dialed (OutboundDials)
    this.planner = new DialPlanner(directory, io.switchboard.dial.DoNotCallCheck.NONE);
    this.defaults = defaults;
    this.music = music;
    this.hangUp = hangUp;
  }

  /**
   * Reads the call's queue's callback setting (and the dial policy); until it is read the key does nothing. A call
   * whose flow ended in a callback node ({@link InboundCall#offerCallback}) starts the dialog then, with the queue's
   * attempts and retry delay (the node's defaults when the queue has no callback setting, and then no key).
   */
  void load(InboundCall call) {
    String queue = call.queue;
    boolean now = call.offerCallback;
    call.offerCallback = false;
    directory.get(tenant, Kind.QUEUE, queue)
        .compose(doc -> {
          JsonObject cb = doc.map(d -> d.getJsonObject("callback")).orElse(null);
          boolean keyed = cb != null && cb.getString("key", "").length() == 1;
          if (!keyed && !now) {
            return Future.succeededFuture((Settings) null);
          }
          JsonObject c = cb == null ? new JsonObject() : cb;
          return planner.policy(tenant).map(policy -> new Settings(keyed ? c.getString("key").charAt(0) : NO_KEY,
              c.getInteger("attempts", defaults.attempts()),
              c.getInteger("retryDelaySeconds", defaults.retryDelaySeconds()) * 1000L, policy));
        })
        .onComplete(ar -> context.runOnContext(v -> {
          if (ar.failed()) {
            LOG.warn("callback.settings-unread call={} queue={} why={}", call.callId, queue, ar.cause().toString());
            Runnable giveUp = call.afterHoursGiveUp;
            if (now && giveUp != null && call.callbackDialog == null) {
              call.afterHoursGiveUp = null;
              giveUp.run(); // no dialog without settings: closed out as with goodbye
            }
          } else if (queue.equals(call.queue) && (now || call.callbackDialog == null)) { // not transferred meanwhile
            // (nor an after-hours dialog running on settings of its own)
            call.callback = ar.result();
            if (now && ar.result() != null) {
              start(call, ar.result());
            }
          }
        }));
  }

  /**
   * The call's queue closed with the after-hours rule callback (docs/callbacks.md): the dialog starts at once, as for
   * a flow's callback node (the queue's attempts and retry delay, else the node's defaults). {@code giveUp} runs
   * instead of the music when the caller takes no callback (a refused number twice, no key twice, *); a caller who
   * confirms leaves a virtual call that waits at its place for the queue to open.
   */
  void afterHours(InboundCall call, Runnable giveUp) {
    call.afterHoursGiveUp = giveUp;
    call.offerCallback = true;
    load(call);
  }

  /** "To be called back without losing your place, press N." for a call whose queue offers it; else null. */
  static AudioSource offer(Prompts.Voice voice, Settings settings) {
    if (settings == null || settings.key() == NO_KEY) {
      return null;
    }
    List<String> words = new ArrayList<>(List.of("callback-offer"));
    words.addAll(Prompts.numberWords(voice.language(), settings.key() - '0'));
    return SequenceSource.of(voice.say(words), Silence.millis(300));
  }

  /**
   * A key of a WAITING call: true when the callback dialog took it (it runs, or the key started it), false when it is
   * an ordinary digit (recorded as call.dtmf by the caller).
   */
  boolean digit(InboundCall call, char key) {
    if (call.state != InboundCall.State.WAITING || call.media == null) {
      return false;
    }
    CallbackDialog dialog = call.callbackDialog;
    if (dialog != null) {
      apply(call, dialog, dialog.key(key));
      return true;
    }
    Settings s = call.callback;
    if (s == null || key != s.key()) {
      return false;
    }
    start(call, s);
    return true;
  }

  /** The dialog starts: the caller's own number is read back, or it is asked for one. */
  private void start(InboundCall call, Settings s) {
    if (call.state != InboundCall.State.WAITING || call.media == null || call.callbackDialog != null) {
      return;
    }
    CallbackDialog started = new CallbackDialog(call.spec == null ? null : call.spec.caller(), input -> {
      try {
        return s.policy().number(input);
      } catch (RuntimeException e) { // invalid, blocked or not allowed
        return null;
      }
    });
    call.callbackDialog = started;
    LOG.info("callback.offer-taken call={} queue={}", call.callId, call.queue);
    apply(call, started, started.start());
  }

  /** The call ends or is connected: the dialog's timer stops. */
  void stop(InboundCall call) {
    cancelTimer(call);
    call.callbackDialog = null;
    call.afterHoursGiveUp = null;
  }

  private void apply(InboundCall call, CallbackDialog dialog, CallbackDialog.Step step) {
    if (step == null) {
      return;
    }
    cancelTimer(call);
    Prompts.Voice voice = call.voice;
    if (step instanceof CallbackDialog.Prompt p) {
      List<String> words = new ArrayList<>();
      if (p.refused()) {
        words.add("callback-invalid");
      }
      if (p.number() != null) {
        words.add("callback-number-is");
        for (char c : p.number().toCharArray()) {
          if (c >= '0' && c <= '9') {
            words.addAll(Prompts.numberWords(voice.language(), c - '0'));
          }
        }
        words.add("callback-confirm");
      } else {
        words.add("callback-enter-number");
      }
      waitForKey(call, dialog, play(call, words));
    } else if (step instanceof CallbackDialog.Collecting) {
      call.media.session().output().switchTo(Silence.forever());
      waitForKey(call, dialog, 0);
    } else if (step instanceof CallbackDialog.Back b) {
      LOG.info("callback.given-up call={} refused={} afterHours={}", call.callId, b.refused(),
          call.afterHoursGiveUp != null);
      call.callbackDialog = null;
      Runnable giveUp = call.afterHoursGiveUp;
      call.afterHoursGiveUp = null;
      Runnable back = giveUp != null ? giveUp : () -> call.media.session().output().switchTo(music.apply(call));
      if (b.refused()) {
        long ms = play(call, List.of("callback-invalid"));
        call.callbackTimer = context.owner().setTimer(ms, t -> context.runOnContext(v -> {
          call.callbackTimer = -1;
          if (call.state == InboundCall.State.WAITING && call.callbackDialog == null) {
            back.run();
          }
        }));
      } else {
        back.run();
      }
    } else if (step instanceof CallbackDialog.Confirmed c) {
      confirmed(call, dialog, c.number());
    }
  }

  /** The dialog's input timeout, {@code afterMs} (the prompt) plus callbacks.input-timeout-seconds from now. */
  private void waitForKey(InboundCall call, CallbackDialog dialog, long afterMs) {
    long ms = afterMs + defaults.inputTimeoutSeconds() * 1000L;
    call.callbackTimer = context.owner().setTimer(ms, t -> context.runOnContext(v -> {
      call.callbackTimer = -1;
      if (call.callbackDialog == dialog && call.state == InboundCall.State.WAITING) {
        apply(call, dialog, dialog.timeout());
      }
    }));
  }

  /**
   * The confirmation plays; then the ACD makes the call virtual and the caller gets a BYE. A caller who hangs up
   * during it has abandoned (its BYE reaches the ACD as usual, the call is still waiting there).
   */
  private void confirmed(InboundCall call, CallbackDialog dialog, String number) {
    Settings s = call.callback;
    if (s == null) {
      return; // cannot happen: the dialog started on settings read
    }
    long ms = play(call, List.of("callback-confirmed"));
    call.callbackTimer = context.owner().setTimer(ms, t -> context.runOnContext(v -> {
      call.callbackTimer = -1;
      Future<?> enq = call.enqueued;
      if (call.callbackDialog != dialog || call.state != InboundCall.State.WAITING || enq == null) {
        return; // connected, gone or leaving meanwhile
      }
      enq.compose(e -> acd.callbackRequested(tenant, call.callId, number, s.attempts(), s.retryDelayMs()))
          .onComplete(ar -> context.runOnContext(w -> {
            if (call.callbackDialog != dialog || call.state != InboundCall.State.WAITING) {
              return;
            }
            call.callbackDialog = null;
            Runnable giveUp = call.afterHoursGiveUp;
            call.afterHoursGiveUp = null;
            if (ar.succeeded() && ar.result()) {
              LOG.info("callback.requested call={} queue={} attempts={}", call.callId, call.queue, s.attempts());
              call.enqueued = null; // the ACD holds a virtual call now: the BYE is not an abandon
              hangUp.accept(call, "callback");
              return;
            }
            LOG.info("callback.not-kept call={} why={}", call.callId,
                ar.succeeded() ? "an agent was reserved meanwhile" : ar.cause().toString());
            if (ar.failed() && giveUp != null) {
              giveUp.run(); // its queue is closed: closed out as with goodbye
              return;
            }
            call.media.session().output().switchTo(music.apply(call)); // an agent has it: connected soon
          }));
    }));
  }

  /** Plays {@code words} (the call's voice) now; returns how long they last, in ms. */
  private static long play(InboundCall call, List<String> words) {
    long ms = 200;
    for (String w : words) {
      AudioClip clip = call.voice.clip(w);
      ms += clip.durationMillis() + GAP_MS;
    }
    call.media.session().output().switchTo(SequenceSource.of(Silence.millis(200), call.voice.say(words)));
    return ms;
  }

  private void cancelTimer(InboundCall call) {
    if (call.callbackTimer >= 0) {
      context.owner().cancelTimer(call.callbackTimer);
      call.callbackTimer = -1;
    }
  }
}
