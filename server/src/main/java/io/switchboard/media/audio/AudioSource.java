package io.switchboard.media.audio;

/**
 * A producer of 8 kHz mono audio, one 20 ms frame at a time. Called by the pacer thread only (one caller at a time);
 * implementations need not be thread-safe. Linear 16-bit samples keep sources codec-neutral: the stream encodes to
 * PCMU or PCMA as negotiated (the G.711 round trip µ-law → linear → µ-law is lossless).
 */
public interface AudioSource {
  int SAMPLE_RATE = 8000;
  /** Samples per 20 ms frame at 8 kHz. */
  int FRAME_SAMPLES = 160;

  /**
   * Fills {@code frame} (length {@link #FRAME_SAMPLES}) with the next 20 ms.
   *
   * @return false when the source has ended; the frame is then silence (zeros), and so are later calls
   */
  boolean nextFrame(short[] frame);
}
