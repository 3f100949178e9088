package io.switchboard.call;

import io.switchboard.media.audio.AudioClip;
import io.switchboard.media.audio.AudioSource;
import io.switchboard.media.audio.ClipSource;
import io.switchboard.media.audio.MusicOnHold;
import io.switchboard.media.audio.Prompts;
import io.switchboard.media.audio.SequenceSource;
import io.switchboard.media.audio.Silence;
import io.switchboard.media.session.StreamSwitch;
import java.time.Duration;

/**
 * What a waiting caller hears: music on hold with its position announced every announcement interval, and the
 * goodbye when the queue's maximum wait has passed. The estimated wait is position × {@link #SECONDS_PER_CALLER}
 * (a fixed guess, not learned from handle times).
 */
final class WaitingAudio {
  static final int SECONDS_PER_CALLER = 60;
  /** "All our agents are still busy. Please call again later. Goodbye." (generate-prompts.sh) */
  static final String GOODBYE_PROMPT = "all-agents-busy";

  private WaitingAudio() {}

  /** A new source each time (music from the start); announcements read the call's volatile position when due. */
  static AudioSource music(Prompts prompts, Duration announcementInterval, InboundCall call) {
    long interval = announcementInterval.toMillis();
    return new MusicOnHold(prompts.musicLoop(), () -> announcement(prompts, call), interval, interval);
  }

  /** Plays the goodbye prompt (after a short pause) on {@code out}; returns how long to wait before the BYE, in ms. */
  static long goodbye(Prompts prompts, StreamSwitch out) {
    AudioClip goodbye = prompts.clip(GOODBYE_PROMPT);
    out.switchTo(SequenceSource.of(Silence.millis(200), ClipSource.once(goodbye)));
    return goodbye.durationMillis() + 400;
  }

  /** Runs on the pacer thread when an announcement is due: reads only the volatile position. */
  private static AudioSource announcement(Prompts prompts, InboundCall call) {
    int p = call.position;
    if (p <= 0) {
      return null;
    }
    int minutes = Math.max(1, p * SECONDS_PER_CALLER / 60);
    return prompts.queueAnnouncement(p, minutes);
  }
}
