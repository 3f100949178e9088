package io.switchboard.call;

import io.switchboard.acd.WaitEstimate;
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
 * What a waiting caller hears, in the call's {@link Prompts.Voice} (its queue's language): music on hold with its position and estimated wait announced every announcement
 * interval (followed by the queue's callback offer, {@link CallbackOffers#offer}, when it has one), and the goodbye
 * when the queue's maximum wait has passed. The estimate is the ACD's live one
 * ({@link WaitEstimate}: place, staffed agents, the queue's recent handle time), read with the position by
 * {@code InboundCalls.refreshPosition}, and said rounded ({@link WaitEstimate#announcedMinutes}).
 */
final class WaitingAudio {
  /** "All our agents are still busy. Please call again later. Goodbye." (generate-prompts.sh) */
  static final String GOODBYE_PROMPT = "all-agents-busy";

  private WaitingAudio() {}

  /** A new source each time (music from the start); announcements read the call's volatile position when due. */
  static AudioSource music(Prompts prompts, Prompts.Voice voice, Duration announcementInterval, InboundCall call) {
    long interval = announcementInterval.toMillis();
    return new MusicOnHold(prompts.musicLoop(), () -> announcement(voice, call), interval, interval);
  }

  /** Plays the goodbye prompt (after a short pause) on {@code out}; returns how long to wait before the BYE, in ms. */
  static long goodbye(Prompts.Voice voice, StreamSwitch out) {
    AudioClip goodbye = voice.clip(GOODBYE_PROMPT);
    out.switchTo(SequenceSource.of(Silence.millis(200), ClipSource.once(goodbye)));
    return goodbye.durationMillis() + 400;
  }

  /**
   * Runs on the pacer thread when an announcement is due: reads only the volatile position and estimate. Nothing is
   * said while the position is unknown; the estimate, once known, in rounded minutes (0: "less than one minute").
   */
  private static AudioSource announcement(Prompts.Voice voice, InboundCall call) {
    int p = call.position;
    long estimate = call.estimateSeconds;
    AudioSource offer = CallbackOffers.offer(voice, call.callback); // its queue's callback offer, if any
    if (p <= 0 || estimate < 0) {
      return offer;
    }
    AudioSource said = voice.queueAnnouncement(p, WaitEstimate.announcedMinutes(estimate));
    return offer == null ? said : SequenceSource.of(said, offer);
  }
}
