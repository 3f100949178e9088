package io.switchboard.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Call recording ({@code recording.*}); defaults and meaning in {@code switchboard-reference.conf}.
 *
 * @param dir where recordings' audio is kept, as configured (empty: {@code recordings} in the data directory)
 * @param chunk audio written per chunk (the most a dead node loses)
 * @param queueFrames frames one recording may have waiting for the writer before it fails
 * @param agentPlaybackTenants tenants whose agents may play their own calls' recordings
 * @param objectStore where recordings go when they are kept in S3-compatible storage ({@code recording.store=s3});
 *     empty: in {@link #dir}
 */
public record RecordingConfig(Optional<Path> dir, Duration chunk, int queueFrames, Set<String> agentPlaybackTenants,
    Optional<ObjectStoreConfig> objectStore) {

  public RecordingConfig {
    agentPlaybackTenants = Set.copyOf(agentPlaybackTenants);
  }

  /** Whether agents of {@code tenant} may play their own calls' recordings. */
  public boolean agentsMayPlay(String tenant) {
    return agentPlaybackTenants.contains(tenant);
  }

  private static Optional<ObjectStoreConfig> objectStoreOf(Settings s) {
    String store = s.string("recording.store");
    if (!"local".equals(store) && !"s3".equals(store)) {
      throw new ConfigException("recording.store", "must be local or s3, not '" + store + "'");
    }
    return ObjectStoreConfig.from(s);
  }

  static RecordingConfig from(Settings s) {
    String dir = s.string("recording.dir");
    String tenants = s.string("recording.agent-playback-tenants");
    Set<String> allowed = tenants == null || tenants.isBlank() ? Set.of()
        : Arrays.stream(tenants.split(",")).map(String::trim).filter(t -> !t.isEmpty()).collect(Collectors.toSet());
    for (String t : allowed) {
      if (!t.matches("[a-z0-9][a-z0-9-]{0,62}")) {
        throw new ConfigException("recording.agent-playback-tenants", "'" + t + "' is not a tenant id");
      }
    }
    return new RecordingConfig(dir == null || dir.isBlank() ? Optional.empty() : Optional.of(Path.of(dir.trim())),
        Duration.ofMillis(s.integer("recording.chunk-ms", 100, 60_000)),
        s.integer("recording.queue-frames", 50, 1_000_000), allowed, objectStoreOf(s));
  }
}
