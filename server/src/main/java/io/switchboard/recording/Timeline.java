package io.switchboard.recording;

import java.util.ArrayList;
import java.util.List;

/**
 * The two channels of one recording on its media clock: sample {@code n} is {@code n / 8000} s after the recording
 * started, whatever arrived. A G.711 frame is placed by its RTP timestamp, relative to its stream's anchor: the first
 * frame of a stream (an SSRC on that channel) goes where it arrived (its arrival's 20 ms boundary, or right after the
 * channel's previous frame if that is later), and every later frame of the stream goes where its timestamp says. So
 * a burst after a stalled media loop lands where its frames belong, not where they came out of the stall, and a
 * reordered frame fills its own slot. A sample no frame covered is silence, so both channels stay aligned and the
 * length is the recording's wall-clock length. Paused spans are silent in both channels whatever they hold.
 *
 * <p>The anchor is corrected where the timestamps and the clock disagree (see {@link Stream}): a new SSRC (a re-INVITE,
 * another source) or a timestamp jump back re-anchors at arrival; a frame placed ahead of its arrival means the
 * anchor frame itself came late, and the stream's frames not yet written move earlier (if the span before them is
 * free, within the stream's first second); a stream still more than {@link #MAX_AHEAD_SAMPLES} ahead (a timestamp
 * jump forward, a fast sender clock) re-anchors after its previous frame; a stream whose every frame over
 * {@link #DRIFT_WINDOW_SAMPLES} of arrivals came more than {@link #DRIFT_SAMPLES} after its place (a slow sender
 * clock) is moved later. None of these drops a frame.
 *
 * <p>The writer waits for every channel's frames, but at most {@link #MAX_LAG_SAMPLES} ({@link #settled}). A stream's
 * newest frame that comes after its place was written (a stall longer than that) re-anchors the stream where the file
 * is still open, so a long stall's burst is kept, placed as early as it can be. A frame is dropped (counted by
 * {@link Drop}) only when it is an older one whose place was written (a duplicate, or reordered across a stall), or
 * lies beyond the ring.
 *
 * <p>Units: times are {@code System.nanoTime()} nanoseconds; positions and RTP timestamps are samples (8 kHz).
 * Not thread-safe: the writer thread owns it.
 */
final class Timeline {
  static final int SAMPLES_PER_MS = 8;
  static final int FRAME_SAMPLES = 160;
  /** A frame further ahead of its arrival than this (100 ms) after any correction re-anchors its stream. */
  static final int MAX_AHEAD_SAMPLES = 5 * FRAME_SAMPLES;
  /** A frame this far (200 ms) before its stream's furthest one is a timestamp jump back, not a reordering. */
  static final int REORDER_SAMPLES = 10 * FRAME_SAMPLES;
  /** Audio newer than this (100 ms) is not written yet even when every channel's frames have reached it. */
  static final int MARGIN_SAMPLES = 100 * SAMPLES_PER_MS;
  /** The longest the writer waits for a channel's frames (a stall, or a channel with none): 3 s. */
  static final int MAX_LAG_SAMPLES = 3 * 8000;
  /** A stream whose frames all came this late (1.5 s: hours of a 100 ppm clock) over a window is moved later. */
  static final int DRIFT_SAMPLES = 1500 * SAMPLES_PER_MS;
  /** 10 s: a node that queues for a few seconds under load is not taken for a slow clock. */
  static final int DRIFT_WINDOW_SAMPLES = 10 * 8000;
  /** A segment longer than this (1 s) is not moved back any more: its anchor is settled, and moving costs a copy. */
  static final int MOVABLE_SAMPLES = 8000;
  /** Samples kept unwritten per channel (a ring): 5 s, frames beyond it are dropped; 160 KB per recording. */
  static final int CAPACITY = 5 * 8000;

  /** Why a frame was not placed (the tag {@code reason} of {@code switchboard.recording.frames.dropped}). */
  enum Drop {
    /** Its place was already written and a newer frame of its stream came before it (a duplicate, reordered). */
    LATE,
    /** Its place is beyond the unwritten ring. */
    OVERRUN;

    String tag() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** A paused span in samples from the start, {@code to} = Long.MAX_VALUE while open. */
  record Span(long from, long to) {}

  /**
   * One channel's current RTP stream: position = unwrapped timestamp + {@code offset}. The anchor's segment runs from
   * {@code segmentStart}; {@code floor} is where the channel's frames before it ended (the segment may move back to
   * there, never over them).
   */
  private static final class Stream {
    boolean anchored;
    int ssrc;
    /** The furthest timestamp seen, unwrapped (a long that keeps counting past 2^32). */
    long lastTs;
    long offset;
    /** End of the furthest frame placed on this channel. */
    long end;
    long segmentStart;
    long floor;
    /** Arrival (samples) where the drift window began, -1 before the first; the least lateness seen in it. */
    long windowStart = -1;
    long minLate;

    /** Unwrapped {@code ts}: the signed 32-bit step from the furthest one (wrap and reordering alike). */
    long unwrap(long ts) {
      long u = lastTs + (int) (ts - lastTs);
      lastTs = Math.max(lastTs, u);
      return u;
    }

    long anchor(int newSsrc, long ts, long at) {
      anchored = true;
      ssrc = newSsrc;
      lastTs = ts;
      offset = at - ts;
      floor = end;
      segmentStart = at;
      windowStart = -1;
      return at;
    }
  }

  private final long startNanos;
  private final short[][] pending = {new short[CAPACITY], new short[CAPACITY]};
  private final Stream[] streams = {new Stream(), new Stream()};
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
   * Up to where the audio may be written at {@code nowNanos}: {@link #MARGIN_SAMPLES} ago, but not past the end of
   * either channel's latest frame (a stalled path's frames are still to come), and never more than
   * {@link #MAX_LAG_SAMPLES} ago.
   */
  long settled(long nowNanos) {
    long now = sampleAt(nowNanos);
    long progress = Math.min(streams[0].end, streams[1].end);
    return Math.max(now - MAX_LAG_SAMPLES, Math.min(now - MARGIN_SAMPLES, progress));
  }

  /**
   * One frame on {@code channel} (0: the caller as received, 1: what the caller heard) of the RTP stream
   * {@code ssrc} with RTP {@code timestamp} (unsigned 32-bit, 8 kHz), arrived at {@code nanos}: placed as the class
   * says, or dropped and counted.
   */
  void add(int channel, boolean alaw, byte[] payload, int ssrc, long timestamp, long nanos) {
    int n = payload.length;
    if (n == 0) {
      return;
    }
    long arrival = sampleAt(nanos) / FRAME_SAMPLES * FRAME_SAMPLES;
    Stream s = streams[channel];
    long at = place(channel, s, ssrc, timestamp, arrival);
    if (at < written || at + n - written > CAPACITY) {
      dropped[(at < written ? Drop.LATE : Drop.OVERRUN).ordinal()]++;
      return;
    }
    short[] ring = pending[channel];
    for (int i = 0; i < n; i++) {
      int idx = (int) ((at + i) % CAPACITY);
      ring[idx] = alaw ? G711Tables.alaw(payload[i]) : G711Tables.ulaw(payload[i]);
    }
    s.segmentStart = Math.min(s.segmentStart, at);
    s.end = Math.max(s.end, at + n);
  }

  /** Where the frame goes: its stream's anchor, corrected (or the stream re-anchored) as the class says. */
  private long place(int channel, Stream s, int ssrc, long timestamp, long arrival) {
    if (!s.anchored || s.ssrc != ssrc) {
      return s.anchor(ssrc, timestamp, Math.max(arrival, s.end));
    }
    long newest = s.lastTs;
    long ts = s.unwrap(timestamp);
    long at = ts + s.offset;
    if (at < s.end - REORDER_SAMPLES) {
      return s.anchor(ssrc, timestamp, Math.max(arrival, s.end)); // the timestamps jumped back
    }
    if (at < written && ts > newest) {
      // the stream's newest frame, after a stall longer than the writer waits: kept, as early as the file is open
      return s.anchor(ssrc, timestamp, Math.max(written, s.end));
    }
    if (at > arrival) {
      at -= moveBack(channel, s, at - arrival); // the anchor frame came late: its segment moves earlier
      if (at - arrival > MAX_AHEAD_SAMPLES) {
        return s.anchor(ssrc, timestamp, Math.max(arrival, s.end)); // jumped forward (or a fast clock)
      }
    }
    return at + drift(s, arrival, at);
  }

  /**
   * Moves the stream's unwritten segment up to {@code wanted} samples earlier, as far as the span before it is free
   * (after the channel's earlier frames and what is written), while it is at most {@link #MOVABLE_SAMPLES} long (a
   * late anchor shows in the stream's first second; this bounds the copying); returns how far it moved.
   */
  private long moveBack(int channel, Stream s, long wanted) {
    long d = Math.min(wanted, s.segmentStart - Math.max(written, s.floor));
    if (d <= 0 || s.end - s.segmentStart > MOVABLE_SAMPLES) {
      return 0;
    }
    short[] ring = pending[channel];
    for (long p = s.segmentStart; p < s.end; p++) {
      ring[(int) ((p - d) % CAPACITY)] = ring[(int) (p % CAPACITY)];
    }
    for (long p = Math.max(s.segmentStart, s.end - d); p < s.end; p++) {
      ring[(int) (p % CAPACITY)] = 0;
    }
    s.offset -= d;
    s.segmentStart -= d;
    s.end -= d;
    return d;
  }

  /**
   * Tracks how late the stream's frames come (arrival minus place); when every frame of a whole window of arrivals
   * came more than {@link #DRIFT_SAMPLES} late, the stream moves later by the least lateness (a slow sender clock:
   * its frames would otherwise fall behind what is written; moving later never lands on earlier frames). Returns how
   * far this frame moves (0 but at such a window's end).
   */
  private static long drift(Stream s, long arrival, long at) {
    long shift = 0;
    if (s.windowStart < 0 || arrival - s.windowStart >= DRIFT_WINDOW_SAMPLES) {
      if (s.windowStart >= 0 && s.minLate > DRIFT_SAMPLES) {
        shift = s.minLate;
        s.offset += shift;
        s.floor = s.end;
        s.segmentStart = at + shift;
      }
      s.windowStart = arrival;
      s.minLate = Long.MAX_VALUE;
    }
    s.minLate = Math.min(s.minLate, arrival - (at + shift));
    return shift;
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
