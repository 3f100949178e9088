package io.switchboard.media.audio;

import java.util.Arrays;

/** Endless silence, or silence for a fixed number of frames (a pause between prompts). */
public final class Silence implements AudioSource {
  private long framesLeft;

  private Silence(long frames) {
    this.framesLeft = frames;
  }

  public static Silence forever() {
    return new Silence(Long.MAX_VALUE);
  }

  public static Silence millis(long ms) {
    return new Silence(Math.max(0, ms / 20));
  }

  @Override
  public boolean nextFrame(short[] frame) {
    Arrays.fill(frame, (short) 0);
    if (framesLeft <= 0) {
      return false;
    }
    framesLeft--;
    return true;
  }
}
