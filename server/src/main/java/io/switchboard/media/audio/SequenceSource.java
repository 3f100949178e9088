package io.switchboard.media.audio;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;

/** Plays sources one after another (a playlist, or a prompt made of words); ends after the last one ends. */
public final class SequenceSource implements AudioSource {
  private final ArrayDeque<AudioSource> queue;

  public SequenceSource(List<? extends AudioSource> parts) {
    this.queue = new ArrayDeque<>(parts);
  }

  public static SequenceSource of(AudioSource... parts) {
    return new SequenceSource(Arrays.asList(parts));
  }

  @Override
  public boolean nextFrame(short[] frame) {
    while (!queue.isEmpty()) {
      if (queue.peekFirst().nextFrame(frame)) {
        return true;
      }
      queue.pollFirst(); // an ended source yields a silent frame: try the next one for this tick
    }
    Arrays.fill(frame, (short) 0);
    return false;
  }
}
