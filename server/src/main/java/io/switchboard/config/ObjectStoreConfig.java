package io.switchboard.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * S3-compatible object storage for recordings ({@code recording.s3.*}, used when {@code recording.store=s3});
 * defaults and meaning in {@code switchboard-reference.conf}.
 *
 * @param endpoint the S3 API's address (empty: AWS's own for {@code region})
 * @param accessKey with {@code secretKey}, the credentials (empty: the AWS SDK's default chain — environment,
 *     profile, instance role)
 * @param pathStyle bucket in the path rather than the host name (most S3-compatible servers want it)
 * @param retry how often uploads that failed are tried again
 */
public record ObjectStoreConfig(Optional<URI> endpoint, String region, String bucket, Optional<String> accessKey,
    Optional<String> secretKey, boolean pathStyle, Duration retry) {

  static Optional<ObjectStoreConfig> from(Settings s) {
    if (!"s3".equals(s.string("recording.store"))) {
      return Optional.empty();
    }
    String bucket = s.string("recording.s3.bucket");
    if (bucket == null || !bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
      throw new ConfigException("recording.s3.bucket", "an S3 bucket name is required with recording.store=s3");
    }
    String endpoint = s.string("recording.s3.endpoint");
    Optional<URI> uri = Optional.empty();
    if (endpoint != null && !endpoint.isBlank()) {
      uri = Optional.of(URI.create(endpoint.trim()));
      if (uri.get().getHost() == null || !uri.get().getScheme().matches("https?")) {
        throw new ConfigException("recording.s3.endpoint", "must be an http or https URL");
      }
    }
    Optional<String> access = nonEmpty(s.string("recording.s3.access-key"));
    Optional<String> secret = nonEmpty(s.string("recording.s3.secret-key"));
    if (access.isPresent() != secret.isPresent()) {
      throw new ConfigException("recording.s3.secret-key", "set both recording.s3.access-key and the secret key, or neither");
    }
    return Optional.of(new ObjectStoreConfig(uri, s.string("recording.s3.region"), bucket, access, secret,
        s.bool("recording.s3.path-style", true),
        Duration.ofSeconds(s.integer("recording.s3.retry-seconds", 5, 86_400))));
  }

  private static Optional<String> nonEmpty(String v) {
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
  }

  /** The secret key is never printed, not even by accident. */
  @Override
  public String toString() {
    return "ObjectStoreConfig[endpoint=" + endpoint.map(URI::toString).orElse("aws") + ", region=" + region
        + ", bucket=" + bucket + ", pathStyle=" + pathStyle + "]";
  }
}
