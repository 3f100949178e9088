package io.switchboard.media.audio;

import java.util.function.Supplier;

/**
 * Endless music with an announcement every {@code interval}: the music pauses, the announcement plays, the music
 * resumes where it stopped. The announcement is built when it is due (the supplier reads the caller's current
 * position and estimated wait then), and may be null to skip one. Time is counted in frames, i.e. media time.
 *
 * <pre>
 *   MUSIC --(interval of music elapsed)--> ANNOUNCING --(announcement ended)--> MUSIC
 * </pre>
 */
public final class MusicOnHold implements AudioSource {
  private final AudioSource music;
  private final Supplier<AudioSource> announcement;
  private final long intervalFrames;
  private long musicFrames;
  private AudioSource current;

  /**
   * @param music endless music (e.g. {@link ClipSource#looping})
   * @param announcement builds the next announcement, called on the pacer thread when one is due
   * @param intervalMillis music played between announcements; the first announcement comes after
   *     {@code firstAfterMillis}
   */
  public MusicOnHold(AudioSource music, Supplier<AudioSource> announcement, long firstAfterMillis, long intervalMillis) {
    this.music = music;
    this.announcement = announcement;
    this.intervalFrames = Math.max(1, intervalMillis / 20);
    this.musicFrames = intervalFrames - Math.max(0, firstAfterMillis / 20);
  }

  @Override
  public boolean nextFrame(short[] frame) {
    if (current != null) {
      if (current.nextFrame(frame)) {
        return true;
      }
      current = null;
    }
    if (musicFrames >= intervalFrames) {
      musicFrames = 0;
      current = announcement.get();
      if (current != null && current.nextFrame(frame)) {
        return true;
      }
      current = null;
    }
    musicFrames++;
    music.nextFrame(frame);
    return true;
  }

  /** True while an announcement is playing (for tests and metrics). */
  public boolean announcing() {
    return current != null;
  }
}
