package io.switchboard.recording;

import java.util.ArrayList;
import java.util.List;

/**
 * The two channels of one recording on its media clock: sample {@code n} is {@code n / 8000} s after the recording
 * started, whatever arrived. G.711 frames are placed by their arrival time, each channel continuing where its
 * previous frame ended (so a jittery burst stays in order) but never more than {@link #MAX_AHEAD_SAMPLES} ahead of
 * its arrival (a frame pushed further is dropped and counted: the channel snaps back to real time). A sample no
 * frame covered is silence, so both channels stay aligned and the length is the recording's wall-clock length.
 * Paused spans are silent in both channels whatever they hold.
 *
 * <p>Units: times are {@code System.nanoTime()} nanoseconds; positions are samples (8 kHz) from the start.
 * Not thread-safe: the writer thread owns it.
 */
final class Timeline {
  static final int SAMPLES_PER_MS = 8;
  static final int FRAME_SAMPLES = 160;
  /** How far ahead of its arrival a frame may be placed: 5 frames (100 ms) of burst. */
  static final int MAX_AHEAD_SAMPLES = 5 * FRAME_SAMPLES;
  /** Samples kept unwritten per channel (a ring): 4 s, frames beyond it are dropped; 64 KB per recording. */
  static final int CAPACITY = 4 * 8000;

  /** Why a frame was not placed (the tag {@code reason} of {@code switchboard.recording.frames.dropped}). */
  enum Drop {
    /** Its place was already written. */
    LATE,
    /** It would have been placed too far ahead of its arrival. */
    AHEAD,
    /** Its place is beyond the unwritten ring. */
    OVERRUN;

    String tag() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** A paused span in samples from the start, {@code to} = Long.MAX_VALUE while open. */
  record Span(long from, long to) {}

  private final long startNanos;
  private final short[][] pending = {new short[CAPACITY], new short[CAPACITY]};
  private final long[] next = {0, 0};
  private final List<Span> paused = new ArrayList<>();
  /** Samples [0, written) are out (drained). */
  private long written;
  private final long[] dropped = new long[Drop.values().length];

  Timeline(long startNanos) {
    this.startNanos = startNanos;
  }

  /** Samples from the start at {@code nanos} (never negative). */
  long sampleAt(long nanos) {
    return Math.max(0, (nanos - startNanos) / 125_000); // 125 µs per sample at 8 kHz
  }

  long written() {
    return written;
  }

  /** Frames dropped so far for {@code why}. */
  long dropped(Drop why) {
    return dropped[why.ordinal()];
  }

  /** Frames dropped so far, whatever the reason. */
  long dropped() {
    long n = 0;
    for (long d : dropped) {
      n += d;
    }
    return n;
  }

  /**
   * One received frame on {@code channel} (0: the caller as received, 1: what the caller heard), arrived at
   * {@code nanos}: placed at its channel's continuation, or its arrival's frame boundary if that is later.
   */
  void add(int channel, boolean alaw, byte[] payload, long nanos) {
    int n = payload.length;
    long ideal = sampleAt(nanos) / FRAME_SAMPLES * FRAME_SAMPLES;
    long at = Math.max(next[channel], ideal);
    if (at - ideal > MAX_AHEAD_SAMPLES || at < written || at + n - written > CAPACITY || n == 0) {
      Drop why = at - ideal > MAX_AHEAD_SAMPLES ? Drop.AHEAD : at < written ? Drop.LATE : Drop.OVERRUN;
      dropped[why.ordinal()]++;
      if (at - ideal > MAX_AHEAD_SAMPLES) {
        next[channel] = ideal; // back to real time: the next frame goes where it arrives
      }
      return;
    }
    short[] ring = pending[channel];
    for (int i = 0; i < n; i++) {
      int idx = (int) ((at + i) % CAPACITY);
      ring[idx] = alaw ? G711Tables.alaw(payload[i]) : G711Tables.ulaw(payload[i]);
    }
    next[channel] = at + n;
  }

  /** Pauses at {@code nanos}: from there on both channels are silent until {@link #resume}. Idempotent. */
  void pause(long nanos) {
    if (paused.isEmpty() || paused.get(paused.size() - 1).to() != Long.MAX_VALUE) {
      paused.add(new Span(Math.max(sampleAt(nanos), 0), Long.MAX_VALUE));
    }
  }

  void resume(long nanos) {
    int last = paused.size() - 1;
    if (last >= 0 && paused.get(last).to() == Long.MAX_VALUE) {
      paused.set(last, new Span(paused.get(last).from(), Math.max(paused.get(last).from(), sampleAt(nanos))));
    }
  }

  /** The paused spans so far (samples); the last may be open. */
  List<Span> pausedSpans() {
    return List.copyOf(paused);
  }

  /**
   * The next samples of [written, until), at most {@link #CAPACITY} of them, interleaved (channel 1, channel 2),
   * 16-bit little-endian, paused spans zeroed; then they are out (call again until {@link #written} reaches
   * {@code until}). An empty array when {@code until <= written}.
   */
  byte[] drain(long until) {
    int n = (int) Math.min(Math.max(0, until - written), CAPACITY);
    byte[] out = new byte[n * WavHeader.BYTES_PER_FRAME];
    for (int i = 0; i < n; i++) {
      long pos = written + i;
      int idx = (int) (pos % CAPACITY);
      boolean silent = isPaused(pos);
      int o = i * WavHeader.BYTES_PER_FRAME;
      for (int c = 0; c < 2; c++) {
        short s = silent ? 0 : pending[c][idx];
        pending[c][idx] = 0;
        out[o + 2 * c] = (byte) s;
        out[o + 2 * c + 1] = (byte) (s >> 8);
      }
    }
    written += n;
    return out;
  }

  private boolean isPaused(long sample) {
    for (int i = paused.size() - 1; i >= 0; i--) {
      Span s = paused.get(i);
      if (sample >= s.from() && sample < s.to()) {
        return true;
      }
    }
    return false;
  }
}
