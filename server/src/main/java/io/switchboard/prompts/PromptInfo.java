package io.switchboard.prompts;

import java.time.Instant;

/**
 * One of a tenant's own prompts, without its audio.
 *
 * @param bytes length of its 8 kHz µ-law audio (8,000 bytes a second)
 * @param updatedBy the user or service token that uploaded it
 */
public record PromptInfo(String tenant, String language, String name, int bytes, Instant updatedAt,
    String updatedBy) {

  public long durationMillis() {
    return bytes / 8L;
  }
}
