package io.switchboard.config;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The store of record ({@code database.*}) and the event pipeline that fills it ({@code records.*}); defaults and
 * meaning in {@code switchboard-reference.conf}.
 *
 * @param jdbcUrl the server to use as a {@code jdbc:postgresql:} URL without credentials; empty: the embedded one
 * @param user user for {@code jdbcUrl} (from database.user or the URL's user info)
 * @param password never printed: {@link #toString()} leaves it out
 * @param embeddedDir data directory of the embedded PostgreSQL, as configured (empty: {@code postgres} in the data directory)
 * @param poolSize JDBC connections of this node
 * @param connectTimeout longest wait for a connection
 * @param batchSize events per stream read and per transaction
 * @param pollInterval pause after a read that found nothing new
 * @param claimIdle a pending event unacknowledged this long is taken over by another consumer
 * @param retryMax the longest pause between retries of a failing batch
 * @param retention how long records are kept, and the purge job that enforces it
 * @param cpuNice Linux nice value of the pipeline's thread and the embedded PostgreSQL (0: the node's own)
 */
public record RecordsConfig(
    Optional<String> jdbcUrl,
    Optional<String> user,
    Optional<String> password,
    Optional<Path> embeddedDir,
    int poolSize,
    Duration connectTimeout,
    int batchSize,
    Duration pollInterval,
    Duration claimIdle,
    Duration retryMax,
    RetentionConfig retention,
    int cpuNice) {

  static RecordsConfig from(Settings s) {
    Optional<String> url = nonEmpty(s.string("database.url"));
    Optional<String> user = nonEmpty(s.string("database.user"));
    Optional<String> password = nonEmpty(s.string("database.password"));
    Optional<String> jdbc = Optional.empty();
    if (url.isPresent()) {
      Credentials parsed = jdbcUrl(url.get());
      jdbc = Optional.of(parsed.url());
      user = user.or(parsed::user);
      password = password.or(parsed::password);
    }
    return new RecordsConfig(jdbc, user, password, nonEmpty(s.string("database.embedded-dir")).map(Path::of),
        s.integer("database.pool-size", 1, 200),
        Duration.ofMillis(s.integer("database.connect-timeout-ms", 250, 600_000)),
        s.integer("records.batch-size", 1, 100_000),
        Duration.ofMillis(s.integer("records.poll-interval-ms", 1, 60_000)),
        Duration.ofMillis(s.integer("records.claim-idle-ms", 100, 86_400_000)),
        Duration.ofMillis(s.integer("records.retry-max-ms", 100, 600_000)),
        RetentionConfig.from(s),
        s.integer("records.cpu-nice", 0, 19));
  }

  private record Credentials(String url, Optional<String> user, Optional<String> password) {}

  /** {@code jdbc:postgresql://...} as it is; {@code postgres[ql]://[user[:password]@]host[:port]/db[?...]} converted. */
  private static Credentials jdbcUrl(String url) {
    if (url.startsWith("jdbc:postgresql:")) {
      return new Credentials(url, Optional.empty(), Optional.empty());
    }
    if (!url.startsWith("postgresql://") && !url.startsWith("postgres://")) {
      throw new ConfigException("database.url", "must start with jdbc:postgresql:, postgresql:// or postgres://");
    }
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("database.url", "is not a valid URL");  // the message could carry the password
    }
    if (uri.getHost() == null) {
      throw new ConfigException("database.url", "names no host");
    }
    Optional<String> user = Optional.empty();
    Optional<String> password = Optional.empty();
    String info = uri.getRawUserInfo();
    if (info != null) {
      int colon = info.indexOf(':');
      user = nonEmpty(decode(colon < 0 ? info : info.substring(0, colon)));
      password = colon < 0 ? Optional.empty() : nonEmpty(decode(info.substring(colon + 1)));
    }
    String jdbc = "jdbc:postgresql://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
        + (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    return new Credentials(jdbc, user, password);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static Optional<String> nonEmpty(String v) {
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
  }

  /** The password is never printed. */
  @Override
  public String toString() {
    return "RecordsConfig[database=" + jdbcUrl.orElse("embedded") + ", user=" + user.orElse("") + ", batchSize="
        + batchSize + "]";
  }
}
