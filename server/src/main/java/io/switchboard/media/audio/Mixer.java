package io.switchboard.media.audio;

/**
 * Sums the parties of one call per listener, 20 ms at a time: pure arithmetic on linear 16-bit frames, no clock and
 * no sockets (the caller ticks it). A listener never hears itself; whom else it hears is the {@code hears} matrix
 * ({@code hears[listener][speaker]}). Sums are clipped to the 16-bit range (saturation, not wrap-around).
 */
public final class Mixer {
  private Mixer() {}

  /**
   * Mixes one frame for every listener.
   *
   * @param in per party its frame of {@link AudioSource#FRAME_SAMPLES} samples, or null when it has none this tick
   *     (silence)
   * @param hears {@code hears[l][s]}: listener {@code l} hears speaker {@code s} ({@code hears[l][l]} is ignored)
   * @param out per listener the frame to fill (same order as {@code in}); a null entry is skipped
   */
  public static void mix(short[][] in, boolean[][] hears, short[][] out) {
    int n = in.length;
    for (int l = 0; l < n; l++) {
      short[] o = out[l];
      if (o == null) {
        continue;
      }
      for (int i = 0; i < o.length; i++) {
        int sum = 0;
        for (int s = 0; s < n; s++) {
          if (s != l && hears[l][s] && in[s] != null) {
            sum += in[s][i];
          }
        }
        o[i] = clip(sum);
      }
    }
  }

  /** {@code v} saturated to a signed 16-bit sample. */
  public static short clip(int v) {
    return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
  }
}
