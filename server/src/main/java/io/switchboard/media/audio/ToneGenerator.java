package io.switchboard.media.audio;

/**
 * A sine tone (or the sum of two, as for DTMF), phase-continuous across frames. Used by tests (a known frequency to
 * detect on the far side) and as a ring-back/beep source.
 */
public final class ToneGenerator implements AudioSource {
  private final double step1;
  private final double step2;
  private final double amplitude;
  private long framesLeft;
  private double phase1;
  private double phase2;

  /**
   * @param hz1 first frequency in Hz
   * @param hz2 second frequency in Hz, or 0 for a single tone
   * @param amplitude peak of the sum, 0..32767
   * @param millis duration, or a negative value for endless
   */
  public ToneGenerator(double hz1, double hz2, int amplitude, long millis) {
    this.step1 = 2 * Math.PI * hz1 / SAMPLE_RATE;
    this.step2 = 2 * Math.PI * hz2 / SAMPLE_RATE;
    this.amplitude = hz2 > 0 ? amplitude / 2.0 : amplitude;
    this.framesLeft = millis < 0 ? Long.MAX_VALUE : millis / 20;
  }

  public static ToneGenerator sine(double hz, int amplitude) {
    return new ToneGenerator(hz, 0, amplitude, -1);
  }

  @Override
  public boolean nextFrame(short[] frame) {
    if (framesLeft <= 0) {
      java.util.Arrays.fill(frame, (short) 0);
      return false;
    }
    framesLeft--;
    for (int i = 0; i < frame.length; i++) {
      double v = Math.sin(phase1) + (step2 > 0 ? Math.sin(phase2) : 0);
      frame[i] = (short) Math.round(v * amplitude);
      phase1 += step1;
      phase2 += step2;
    }
    phase1 %= 2 * Math.PI;
    phase2 %= 2 * Math.PI;
    return true;
  }

  /** {@code samples} of a tone, for tests and generators. */
  public static short[] samples(double hz, int amplitude, int samples) {
    short[] out = new short[samples];
    for (int i = 0; i < samples; i++) {
      out[i] = (short) Math.round(Math.sin(2 * Math.PI * hz * i / SAMPLE_RATE) * amplitude);
    }
    return out;
  }
}
