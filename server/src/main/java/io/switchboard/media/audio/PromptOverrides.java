package io.switchboard.media.audio;

/**
 * A tenant's own recordings that replace shipped prompts, looked up by tenant, shipped language and clip name.
 * Implementations answer from memory: they are asked on event loops and on the media pacer's thread, where nothing
 * may block. Thread-safe.
 */
@FunctionalInterface
public interface PromptOverrides {
  /** None: every prompt is the shipped one. */
  PromptOverrides NONE = (tenant, language, name) -> null;

  /** The tenant's clip for {@code name} in {@code language}, or null when it uses the shipped one. */
  AudioClip find(String tenant, String language, String name);

  /** The tenant's clip for {@code name} in any language (a prompt of its own not recorded in every one), or null. */
  default AudioClip findInAnyLanguage(String tenant, String name) {
    return null;
  }
}
