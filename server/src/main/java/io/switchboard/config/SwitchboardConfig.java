package io.switchboard.config;

import java.net.InetAddress;
import java.util.Optional;
import java.util.UUID;

/**
 * Typed, immutable view of the node's settings. Defaults and their meaning are documented in
 * {@code switchboard-reference.conf}; this record only parses and validates them.
 */
public record SwitchboardConfig(
    String region,
    String nodeId,
    String httpHost,
    int httpPort,
    int httpMaxBodyBytes,
    int wsMaxMessageBytes,
    Optional<String> redisUri,
    int redisEmbeddedPort,
    int redisTimeoutMs,
    String bootstrapTenant,
    Optional<String> bootstrapAdminPassword,
    boolean demoData,
    String demoPassword,
    Optional<String> jwtSecret,
    String jwtIssuer,
    int accessTokenTtlSeconds,
    int refreshTokenTtlSeconds,
    int bcryptCost,
    int acdSweepIntervalMs,
    int acdRouteScanCalls,
    int acdRouteScanAgents,
    int acdEventStreamMaxLen,
    int heartbeatIntervalMs,
    int nodeTtlMs,
    int statsPushIntervalMs) {

  public static SwitchboardConfig from(Settings s) {
    Optional<String> redisUri = nonEmpty(s.string("redis.uri"));
    Optional<String> secret = nonEmpty(s.string("auth.jwt.secret"));
    if (secret.isPresent() && secret.get().getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
      throw new ConfigException("auth.jwt.secret", "must be at least 32 bytes (256 bits) for HS256");
    }
    String tenant = s.string("bootstrap.tenant");
    if (!tenant.matches("[a-z0-9][a-z0-9-]{0,62}")) {
      throw new ConfigException("bootstrap.tenant", "must be lower-case letters, digits and '-', was '" + tenant + "'");
    }
    return new SwitchboardConfig(
        s.string("region"),
        nonEmpty(s.string("node.id")).orElseGet(SwitchboardConfig::generatedNodeId),
        s.string("http.host"),
        s.integer("http.port", 0, 65535),
        s.integer("http.max-body-bytes", 1024, 64 << 20),
        s.integer("ws.max-message-bytes", 1024, 16 << 20),
        redisUri,
        s.integer("redis.embedded.port", 0, 65535),
        s.integer("redis.timeout-ms", 100, 600_000),
        tenant,
        nonEmpty(s.string("bootstrap.admin.password")),
        s.bool("demo.data", redisUri.isEmpty()),
        s.string("demo.password"),
        secret,
        s.string("auth.jwt.issuer"),
        s.integer("auth.access-token.ttl-seconds", 10, 86_400),
        s.integer("auth.refresh-token.ttl-seconds", 60, 90 * 86_400),
        s.integer("auth.bcrypt.cost", 4, 31),
        s.integer("acd.sweep-interval-ms", 10, 60_000),
        s.integer("acd.route-scan-calls", 1, 10_000),
        s.integer("acd.route-scan-agents", 1, 10_000),
        s.integer("acd.event-stream-max-len", 100, 100_000_000),
        s.integer("cluster.heartbeat-interval-ms", 50, 60_000),
        s.integer("cluster.node-ttl-ms", 200, 600_000),
        s.integer("stats.push-interval-ms", 50, 60_000));
  }

  /** Settings as loaded by {@link Settings#load} from the process environment and arguments. */
  public static SwitchboardConfig load(String[] args) {
    return from(Settings.load(System.getenv(), args));
  }

  private static Optional<String> nonEmpty(String v) {
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
  }

  private static String generatedNodeId() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      host = "node";
    }
    return host.replaceAll("[^A-Za-z0-9-]", "-") + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Secrets are never printed, not even by accident through toString(). */
  @Override
  public String toString() {
    return "SwitchboardConfig[region=" + region + ", nodeId=" + nodeId + ", http=" + httpHost + ":" + httpPort
        + ", redis=" + redisUri.map(u -> u.replaceAll("//[^@/]*@", "//***@")).orElse("embedded")
        + ", bootstrapTenant=" + bootstrapTenant + ", demoData=" + demoData + "]";
  }
}
