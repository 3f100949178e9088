package io.switchboard.media.audio;

import java.util.Arrays;

/**
 * A small playout buffer for one party of a mix: decoded samples in arrival order, taken out one 20 ms frame per
 * tick. Playout starts (and restarts after running dry) once {@code depthFrames} frames are buffered, so a packet
 * arriving a little late is still played; a tick that finds less than a frame gets silence and never waits. Packets
 * older than the last one accepted (late, duplicate) are dropped; when more than {@code depthFrames + 4} frames pile
 * up (the sender's clock runs faster than ours, or a burst after a stall) the oldest samples are dropped down to
 * {@code depthFrames}, which bounds the delay. Pure: no clock; not thread-safe (one owner thread).
 */
public final class JitterBuffer {
  private static final int FRAME = AudioSource.FRAME_SAMPLES;
  private final int depth;
  private final short[] ring;
  private int head;
  private int size;
  private boolean playing;
  private int lastSeq = -1;

  /** @param depthFrames frames buffered before playout starts (1 or more) */
  public JitterBuffer(int depthFrames) {
    if (depthFrames < 1) {
      throw new IllegalArgumentException("depthFrames must be at least 1");
    }
    this.depth = depthFrames * FRAME;
    this.ring = new short[(depthFrames + 4) * FRAME];
  }

  /**
   * One packet's decoded samples (any length: 10, 20 or 30 ms packets alike); {@code seq} its RTP sequence number.
   *
   * @return false when the packet was dropped as late or duplicate
   */
  public boolean push(int seq, short[] samples, int len) {
    seq &= 0xFFFF;
    if (lastSeq >= 0 && (short) (seq - lastSeq) <= 0) {
      return false;
    }
    lastSeq = seq;
    for (int i = 0; i < len; i++) {
      if (size == ring.length) { // full: drop the oldest sample
        head = (head + 1) % ring.length;
        size--;
      }
      ring[(head + size) % ring.length] = samples[i];
      size++;
    }
    if (size > ring.length - FRAME) { // piling up: keep only the target depth
      int drop = size - depth;
      head = (head + drop) % ring.length;
      size -= drop;
    }
    return true;
  }

  /**
   * Fills {@code frame} ({@link AudioSource#FRAME_SAMPLES} samples) with the next 20 ms.
   *
   * @return false when there was none (the frame is then silence)
   */
  public boolean pull(short[] frame) {
    if (!playing && size >= depth) {
      playing = true;
    }
    if (!playing || size < FRAME) {
      playing = false;
      Arrays.fill(frame, (short) 0);
      return false;
    }
    for (int i = 0; i < FRAME; i++) {
      frame[i] = ring[head];
      head = (head + 1) % ring.length;
    }
    size -= FRAME;
    return true;
  }

  /** Samples buffered now. */
  public int buffered() {
    return size;
  }
}
