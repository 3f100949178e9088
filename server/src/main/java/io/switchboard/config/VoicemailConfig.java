package io.switchboard.config;

/**
 * Voicemail ({@code voicemail.*}; docs/voicemail.md): how long a message may be and when recording stops by itself.
 * Defaults and meaning in {@code switchboard-reference.conf}.
 *
 * @param maxSeconds the longest message, in seconds (a flow's voicemail node may set its own)
 * @param silenceSeconds recording stops after this many seconds without the caller's voice
 * @param minMillis a message shorter than this (milliseconds) is dropped: nothing is kept, nothing is routed
 */
public record VoicemailConfig(int maxSeconds, int silenceSeconds, int minMillis) {

  /** The reference defaults (for call layers built without a configuration). */
  public static final VoicemailConfig DEFAULTS = new VoicemailConfig(120, 10, 1000);

  static VoicemailConfig from(Settings s) {
    return new VoicemailConfig(s.integer("voicemail.max-seconds", 5, 600),
        s.integer("voicemail.silence-timeout-seconds", 2, 120), s.integer("voicemail.min-milliseconds", 0, 10_000));
  }
}
