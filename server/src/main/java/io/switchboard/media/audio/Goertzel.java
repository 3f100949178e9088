package io.switchboard.media.audio;

/**
 * Tone detection with the Goertzel algorithm: the power of one DFT bin, without an FFT. {@link #relativePower}
 * normalises that power by the block's total energy, so the answer does not depend on loudness: about 1.0 for a pure
 * tone at the frequency, near 0 for other tones, noise or silence.
 */
public final class Goertzel {
  /** Blocks whose RMS is below this (in 16-bit units) count as silence: no tone in them. */
  public static final double SILENCE_RMS = 100;

  private Goertzel() {}

  /** Squared magnitude of the DFT of {@code samples[off..off+len)} at {@code hz}. */
  public static double power(short[] samples, int off, int len, double hz, int sampleRate) {
    double coeff = 2 * Math.cos(2 * Math.PI * hz / sampleRate);
    double s1 = 0;
    double s2 = 0;
    for (int i = 0; i < len; i++) {
      double s0 = samples[off + i] + coeff * s1 - s2;
      s2 = s1;
      s1 = s0;
    }
    return s1 * s1 + s2 * s2 - coeff * s1 * s2;
  }

  /**
   * Fraction of the block's energy at {@code hz} (0..~1). A pure sine of amplitude A over N samples has DFT power
   * (A·N/2)² and energy A²·N/2, hence the factor 2/N.
   */
  public static double relativePower(short[] samples, int off, int len, double hz, int sampleRate) {
    double energy = 0;
    for (int i = 0; i < len; i++) {
      double s = samples[off + i];
      energy += s * s;
    }
    if (len == 0 || Math.sqrt(energy / len) < SILENCE_RMS) {
      return 0;
    }
    return 2 * power(samples, off, len, hz, sampleRate) / (len * energy);
  }

  /** Whether {@code hz} carries at least half of the energy of the whole buffer (8 kHz samples). */
  public static boolean detect(short[] samples, double hz) {
    return relativePower(samples, 0, samples.length, hz, AudioSource.SAMPLE_RATE) >= 0.5;
  }

  /** Root mean square of the samples: a loudness measure ("not silence"). */
  public static double rms(short[] samples, int off, int len) {
    double energy = 0;
    for (int i = 0; i < len; i++) {
      energy += (double) samples[off + i] * samples[off + i];
    }
    return len == 0 ? 0 : Math.sqrt(energy / len);
  }
}
