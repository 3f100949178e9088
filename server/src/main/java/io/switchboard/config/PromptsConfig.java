package io.switchboard.config;

import java.time.Duration;

/**
 * A tenant's own prompts ({@code prompts.*}); defaults and meaning in {@code switchboard-reference.conf}.
 *
 * @param refresh how often a node reloads the tenants' prompts from PostgreSQL
 * @param maxUploadBytes largest WAV an upload may send
 * @param maxSeconds longest prompt after conversion
 */
public record PromptsConfig(Duration refresh, int maxUploadBytes, int maxSeconds) {

  static PromptsConfig from(Settings s) {
    return new PromptsConfig(Duration.ofSeconds(s.integer("prompts.refresh-seconds", 1, 3600)),
        s.integer("prompts.max-upload-bytes", 1000, 200_000_000), s.integer("prompts.max-seconds", 1, 3600));
  }
}
