package io.switchboard.call;

import io.switchboard.acd.Acd;
import io.switchboard.acd.CallSpec;
import io.switchboard.config.VoicemailConfig;
import io.switchboard.media.audio.AudioClip;
import io.switchboard.media.audio.ClipSource;
import io.switchboard.media.audio.G711;
import io.switchboard.media.audio.Goertzel;
import io.switchboard.media.audio.SequenceSource;
import io.switchboard.media.audio.Silence;
import io.switchboard.media.audio.ToneGenerator;
import io.switchboard.media.sdp.AudioCodec;
import io.switchboard.media.session.AudioTap;
import io.switchboard.recording.Recording;
import io.switchboard.recording.Recordings;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.Arrays;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Voicemail on the caller's node (docs/voicemail.md): a flow's voicemail node, or a queue's after-hours rule
 * {@code voicemail}, hands the answered call here ({@link #start}, state {@code VOICEMAIL}: not in the ACD).
 *
 * <pre>
 *   start ──► GREETING ("please leave a message ..." + beep) ──► RECORDING (the caller's audio, tapped)
 *     │ hang-up: nothing kept                                     │ #, hang-up, voicemail.silence-timeout-seconds
 *     │                                                           │ without voice, or the maximum length
 *     ▼                                                           ▼
 *   ENDED                       shorter than voicemail.min-milliseconds? ── yes: nothing kept (as a hang-up)
 *                                       │ no
 *                                       ▼
 *     Recordings.saveVoicemail (a mono WAV in the store, its row in the catalog; worker thread)
 *     ──► Acd.voicemail (a virtual call in the queue, owned by no node) ; the caller hears "goodbye", then BYE
 * </pre>
 * A message that was not kept leaves no virtual call; the call is recorded as ended in its flow (a flow's node) or
 * turned away (after hours), so it still has an interaction. The message is held in memory while recorded (at most
 * {@code voicemail.max-seconds}: 1.9 MB for the default 120 s) and written once, whole.
 *
 * <p>Threading: the SIP event loop ({@code context}), like every call change; the tap's buffer is filled on the
 * media thread under its own lock.
 */
final class Voicemails {
  private static final Logger LOG = LoggerFactory.getLogger(Voicemails.class);
  /** "Please leave a message after the tone. Press hash when you are done." (generate-prompts.sh) */
  static final String GREETING = "voicemail-greeting";
  /** "Goodbye.", once the message ended (the caller did not hang up first). */
  static final String GOODBYE = "goodbye";
  static final double BEEP_HZ = 1000;
  static final long BEEP_MS = 400;
  /** How often the silence timeout and the maximum length are checked (ms). */
  static final long CHECK_MS = 200;

  /**
   * One message being left. Its fields are the event loop's but for the buffer (the tap's lock). The buffer is on
   * the wall clock from the beep: a frame goes where it arrives, at the earliest right after the previous one, and
   * a gap (a caller that sends no RTP while silent) is silence, so the message is as long as the caller spoke.
   */
  static final class Take implements AudioTap {
    final String queue;
    final long maxMs;
    final boolean afterHours;
    final CallSpec spec;
    Instant startedAt;
    volatile long startNanos;
    boolean recording;
    long timer = -1;
    private volatile long lastVoiceNanos;
    private short[] pcm = new short[8000 * 10];
    private int length;
    private final int capacity;

    Take(String queue, long maxMs, boolean afterHours, CallSpec spec) {
      this.queue = queue;
      this.maxMs = maxMs;
      this.afterHours = afterHours;
      this.spec = spec;
      this.capacity = (int) (maxMs * 8);
    }

    @Override
    public void received(AudioCodec codec, byte[] payload, int ssrc, long timestamp, long nowNanos) {
      short[] frame = new short[payload.length];
      if (codec == AudioCodec.PCMA) {
        G711.decodeAlaw(payload, 0, payload.length, frame);
      } else {
        G711.decodeUlaw(payload, 0, payload.length, frame);
      }
      if (Goertzel.rms(frame, 0, frame.length) >= Goertzel.SILENCE_RMS) {
        lastVoiceNanos = nowNanos;
      }
      synchronized (this) {
        padTo(sampleAt(nowNanos) - frame.length); // this frame is the last 20 ms
        int n = Math.min(frame.length, capacity - length);
        if (n <= 0) {
          return;
        }
        grow(length + n);
        System.arraycopy(frame, 0, pcm, length, n);
        length += n;
      }
    }

    /** Samples (8 kHz) from the beep to {@code nanos}. */
    private long sampleAt(long nanos) {
      return Math.max(0, (nanos - startNanos) / 125_000);
    }

    /** Silence up to sample {@code at} (nothing when the buffer reaches it already). Under the lock. */
    private void padTo(long at) {
      int to = (int) Math.min(at, capacity);
      if (to > length) {
        grow(to);
        length = to; // new array space is zeros: silence
      }
    }

    private void grow(int size) {
      if (size > pcm.length) {
        pcm = Arrays.copyOf(pcm, Math.min(capacity, Math.max(pcm.length * 2, size)));
      }
    }

    @Override
    public void sent(AudioCodec codec, byte[] payload, int ssrc, long timestamp, long nowNanos) {
      // what the caller hears while recording is silence: not kept
    }

    /** The message up to {@code endNanos} (silence after the last frame up to then). */
    synchronized short[] samples(long endNanos) {
      padTo(sampleAt(endNanos));
      return Arrays.copyOf(pcm, length);
    }
  }

  private final Context context;
  private final Acd acd;
  private final String tenant;
  private final BiConsumer<InboundCall, String> hangUp;
  private volatile Recordings recordings;
  private volatile VoicemailConfig config = VoicemailConfig.DEFAULTS;

  /** @param hangUp BYE to the caller and the call finished here (the ACD is not told) */
  Voicemails(Context context, Acd acd, String tenant, BiConsumer<InboundCall, String> hangUp) {
    this.context = context;
    this.acd = acd;
    this.tenant = tenant;
    this.hangUp = hangUp;
  }

  /** Where messages are kept (null: none on this node; a caller sent to voicemail is then hung up). */
  void attach(Recordings r) {
    this.recordings = r;
  }

  void config(VoicemailConfig c) {
    this.config = c;
  }

  /**
   * The answered call leaves a message for {@code call.spec.queue()} ({@code maxSeconds} 0: voicemail.max-seconds):
   * the greeting and the beep, then its audio is recorded. {@code afterHours}: its queue's after-hours rule sent it.
   */
  void start(InboundCall call, int maxSeconds, boolean afterHours) {
    if (recordings == null || call.media == null) {
      LOG.warn("voicemail.unavailable call={} queue={} why=no recording store on this node", call.callId,
          call.spec.queue());
      dropped(call, call.spec, afterHours, "failure");
      hangUp.accept(call, "voicemail-unavailable");
      return;
    }
    long maxMs = (maxSeconds > 0 ? maxSeconds : config.maxSeconds()) * 1000L;
    Take take = new Take(call.spec.queue(), maxMs, afterHours, call.spec);
    call.state = InboundCall.State.VOICEMAIL;
    call.voicemail = take;
    AudioClip greeting = call.voice.clip(GREETING);
    call.media.session().output().switchTo(SequenceSource.of(Silence.millis(200), ClipSource.once(greeting),
        Silence.millis(300), new ToneGenerator(BEEP_HZ, 0, 12000, BEEP_MS), Silence.forever()));
    LOG.info("voicemail.greeting call={} queue={} afterHours={}", call.callId, take.queue, afterHours);
    take.timer = context.owner().setTimer(200 + greeting.durationMillis() + 300 + BEEP_MS,
        t -> context.runOnContext(v -> record(call, take)));
  }

  /** After the beep: the caller's audio is tapped, and checked for silence and length. */
  private void record(InboundCall call, Take take) {
    take.timer = -1;
    if (call.voicemail != take || call.state != InboundCall.State.VOICEMAIL) {
      return;
    }
    take.recording = true;
    take.startedAt = Instant.now();
    take.startNanos = System.nanoTime();
    take.lastVoiceNanos = take.startNanos;
    call.media.session().tap(take);
    LOG.info("voicemail.recording call={} maxMs={}", call.callId, take.maxMs);
    take.timer = context.owner().setPeriodic(CHECK_MS, t -> context.runOnContext(v -> {
      if (call.voicemail != take) {
        return;
      }
      long now = System.nanoTime();
      if ((now - take.startNanos) / 1_000_000 >= take.maxMs) {
        end(call, "max-length", true);
      } else if ((now - take.lastVoiceNanos) / 1_000_000 >= config.silenceSeconds() * 1000L) {
        end(call, "silence", true);
      }
    }));
  }

  /** A digit while leaving a message: # ends it; true when the call is leaving one (no digit is recorded then). */
  boolean digit(InboundCall call, char digit) {
    if (call.state != InboundCall.State.VOICEMAIL || call.voicemail == null) {
      return false;
    }
    if (digit == '#' && call.voicemail.recording) {
      end(call, "hash", true);
    }
    return true;
  }

  /** The caller hung up (or vanished): what it said after the beep is kept if long enough. */
  void callerLeft(InboundCall call) {
    if (call.voicemail != null) {
      end(call, "caller", false);
    }
  }

  /** The call ends: the timer stops and the tap goes (a message not yet ended is not kept). */
  void stop(InboundCall call) {
    Take take = call.voicemail;
    if (take != null) {
      call.voicemail = null;
      cancel(take);
      if (call.media != null) {
        call.media.session().tap(null);
      }
    }
  }

  private void end(InboundCall call, String why, boolean goodbye) {
    Take take = call.voicemail;
    call.voicemail = null;
    cancel(take);
    if (call.media != null) {
      call.media.session().tap(null);
    }
    short[] samples = take.recording ? take.samples(System.nanoTime()) : new short[0];
    long ms = samples.length / 8L;
    boolean keep = take.recording && ms >= config.minMillis() && ms > 0;
    LOG.info("voicemail.ended call={} why={} ms={} kept={}", call.callId, why, ms, keep);
    if (keep) {
      Recordings r = recordings;
      context.owner().executeBlocking(() -> r.saveVoicemail(tenant, call.callId, take.queue, take.startedAt, samples))
          .compose(rec -> routed(take, rec))
          .onFailure(e -> LOG.warn("voicemail.lost call={} why={}", call.callId, e.toString()));
    } else {
      dropped(call, take.spec, take.afterHours, "caller".equals(why) ? "caller" : "flow");
    }
    if (goodbye) {
      call.state = InboundCall.State.LEAVING;
      AudioClip bye = call.voice.clip(GOODBYE);
      call.media.session().output().switchTo(SequenceSource.of(Silence.millis(200), ClipSource.once(bye)));
      call.maxWaitTimer = context.owner().setTimer(bye.durationMillis() + 400, t -> {
        call.maxWaitTimer = -1;
        hangUp.accept(call, "voicemail");
      });
    }
  }

  private Future<Void> routed(Take take, Recording rec) {
    return acd.voicemail(tenant, take.spec, rec.id(), rec.durationMs(), take.afterHours)
        .onSuccess(v -> LOG.info("voicemail.routed call={} queue={} recording={} ms={}", take.spec.callId(),
            take.queue, rec.id(), rec.durationMs()));
  }

  /**
   * No message: the call still gets its interaction: turned away (after hours, {@code call.closed} at arrival) or
   * ended in its flow ({@code by}).
   */
  private void dropped(InboundCall call, CallSpec spec, boolean afterHours, String by) {
    Future<?> recorded = afterHours ? acd.closed(tenant, spec) : acd.flowEnded(tenant, new CallSpec(spec.callId(),
        null, null, null, spec.language(), spec.caller(), spec.callerName(), spec.region(), spec.node(),
        spec.flowPath()), by);
    recorded.onFailure(e -> LOG.warn("voicemail.record-failed call={} why={}", call.callId, e.toString()));
  }

  private void cancel(Take take) {
    if (take.timer >= 0) {
      context.owner().cancelTimer(take.timer);
      take.timer = -1;
    }
  }
}
