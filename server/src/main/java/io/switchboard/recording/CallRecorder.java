package io.switchboard.recording;

import io.switchboard.media.sdp.AudioCodec;
import io.switchboard.media.session.AudioTap;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongSupplier;

/**
 * One recording of one call, as the media sees it: the {@link AudioTap} of the caller's session hands every G.711
 * frame both ways to a bounded queue, which the {@link RecordingWriter}'s thread drains into the file. The media
 * thread never waits: a full queue (the writer fell behind) fails the recording (status {@code failed}, counted),
 * and the call goes on. Pause/resume/stop are controls with their time, applied by the writer on the media clock.
 *
 * <pre>
 *   RECORDING ──pause──► PAUSED ──resume──► RECORDING
 *       │  └───────queue full / store error──► FAILED
 *       └──────────── stop (any state) ─────► OFF
 * </pre>
 *
 * <p>Threading: {@link #received}/{@link #sent} on media threads; the controls on the call layer's context; the
 * writer reads the queues on its own thread. Frames offered while paused are not queued at all (nothing of a paused
 * span, a card number, ever reaches the writer).
 */
public final class CallRecorder implements AudioTap {
  /** What the agent is told ({@code recording.state}): recording, paused, off or failed. */
  public enum State {
    RECORDING, PAUSED, OFF, FAILED;

    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * A frame: channel 0 the caller as received, 1 what the caller heard; its RTP {@code ssrc} and {@code timestamp};
   * {@code nanos} its arrival.
   */
  record Frame(int channel, boolean alaw, byte[] payload, int ssrc, long timestamp, long nanos) {}

  enum ControlKind { PAUSE, RESUME, STOP, FAIL }

  record Control(ControlKind kind, long nanos, String reason) {}

  final String id;
  final String tenant;
  final String callId;
  final String agentId;
  final String queue;
  final String storageKey;
  final Instant startedAt;
  final long startNanos;
  final ArrayBlockingQueue<Frame> frames;
  final ConcurrentLinkedQueue<Control> controls = new ConcurrentLinkedQueue<>();
  private final LongSupplier nanoClock;
  private final Runnable overflowed;
  private volatile State state = State.RECORDING;
  /** Set by the writer when it has seen the last control (the file is finished or failed). */
  volatile boolean done;
  /** Told on the writer's thread when the recording failed (set once, before the writer sees it). */
  volatile java.util.function.Consumer<CallRecorder> onFailure;

  CallRecorder(String id, String tenant, String callId, String agentId, String queue, String storageKey,
      Instant startedAt, long startNanos, int queueFrames, LongSupplier nanoClock, Runnable overflowed) {
    this.id = id;
    this.tenant = tenant;
    this.callId = callId;
    this.agentId = agentId;
    this.queue = queue;
    this.storageKey = storageKey;
    this.startedAt = startedAt;
    this.startNanos = startNanos;
    this.frames = new ArrayBlockingQueue<>(queueFrames);
    this.nanoClock = nanoClock;
    this.overflowed = overflowed;
  }

  public String id() {
    return id;
  }

  public String callId() {
    return callId;
  }

  public State state() {
    return state;
  }

  @Override
  public void received(AudioCodec codec, byte[] payload, int ssrc, long timestamp, long nowNanos) {
    offer(new Frame(0, codec == AudioCodec.PCMA, payload, ssrc, timestamp, nowNanos));
  }

  @Override
  public void sent(AudioCodec codec, byte[] payload, int ssrc, long timestamp, long nowNanos) {
    offer(new Frame(1, codec == AudioCodec.PCMA, payload, ssrc, timestamp, nowNanos));
  }

  private void offer(Frame f) {
    if (state != State.RECORDING) {
      return;
    }
    if (!frames.offer(f)) {
      overflowed.run();
      fail("queue-overflow");
    }
  }

  /** Pauses (the span is silent and kept in the metadata); false unless recording. */
  public synchronized boolean pause() {
    if (state != State.RECORDING) {
      return false;
    }
    state = State.PAUSED;
    controls.add(new Control(ControlKind.PAUSE, nanoClock.getAsLong(), null));
    return true;
  }

  /** Resumes a paused recording; false unless paused. */
  public synchronized boolean resume() {
    if (state != State.PAUSED) {
      return false;
    }
    state = State.RECORDING;
    controls.add(new Control(ControlKind.RESUME, nanoClock.getAsLong(), null));
    return true;
  }

  /** Ends the recording now (the call ended or left the agent); the writer finishes the file. Idempotent. */
  public synchronized void stop() {
    if (state == State.OFF) {
      return;
    }
    boolean failed = state == State.FAILED;
    state = State.OFF;
    if (!failed) {
      controls.add(new Control(ControlKind.STOP, nanoClock.getAsLong(), null));
    }
  }

  /** The recording cannot go on ({@code reason}: queue-overflow, store-error); what was written stays. */
  synchronized void fail(String reason) {
    if (state == State.OFF || state == State.FAILED) {
      return;
    }
    state = State.FAILED;
    controls.add(new Control(ControlKind.FAIL, nanoClock.getAsLong(), reason));
  }

  /** Whether this recording stopped feeding: stopped or failed (the tap may be removed). */
  public boolean ended() {
    State s = state;
    return s == State.OFF || s == State.FAILED;
  }
}
