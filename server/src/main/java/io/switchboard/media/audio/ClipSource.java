package io.switchboard.media.audio;

import java.util.Arrays;

/** Plays a clip once, or in a loop (music on hold). The last partial frame is padded with silence. */
public final class ClipSource implements AudioSource {
  private final AudioClip clip;
  private final boolean loop;
  private int position;

  private ClipSource(AudioClip clip, boolean loop) {
    if (loop && clip.length() == 0) {
      throw new IllegalArgumentException("cannot loop an empty clip " + clip.name());
    }
    this.clip = clip;
    this.loop = loop;
  }

  public static ClipSource once(AudioClip clip) {
    return new ClipSource(clip, false);
  }

  public static ClipSource looping(AudioClip clip) {
    return new ClipSource(clip, true);
  }

  @Override
  public boolean nextFrame(short[] frame) {
    int filled = 0;
    while (filled < frame.length) {
      int n = clip.copy(position, frame, filled, frame.length - filled);
      filled += n;
      position += n;
      if (filled < frame.length) {
        if (!loop) {
          Arrays.fill(frame, filled, frame.length, (short) 0);
          return filled > 0;
        }
        position = 0;
      }
    }
    return true;
  }
}
