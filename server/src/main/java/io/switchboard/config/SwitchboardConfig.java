package io.switchboard.config;

import io.switchboard.http.Origins;
import io.switchboard.media.MediaOptions;
import io.switchboard.media.session.SourcePolicy;
import io.switchboard.net.AdvertisedAddress;
import io.switchboard.net.BindHosts;
import io.switchboard.net.HostInterface;
import io.switchboard.sip.SipLimits;
import io.switchboard.sip.session.SessionTimerPolicy;
import io.switchboard.sip.transport.SipOptions;
import io.switchboard.sip.transport.SipTls;
import io.switchboard.webrtc.WebRtcOptions;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Typed, immutable view of the node's settings. Defaults and their meaning are documented in
 * {@code switchboard-reference.conf}; this record only parses and validates them.
 *
 * <p>{@code dataDir}: the absolute directory where the embedded stores keep their data ({@code data.dir}, resolved
 * as {@link DataDirSetting} says), empty when nothing is to be kept (every start is empty; for tests). Not created
 * here: the node creates and locks it when it starts an embedded store.
 */
public record SwitchboardConfig(
    String region,
    String nodeId,
    String httpHost,
    int httpPort,
    int httpMaxBodyBytes,
    int wsMaxMessageBytes,
    Origins httpAllowedOrigins,
    Optional<String> redisUri,
    int redisEmbeddedPort,
    int redisTimeoutMs,
    Optional<Path> dataDir,
    String bootstrapTenant,
    Optional<String> bootstrapAdminPassword,
    boolean demoData,
    String demoPassword,
    Optional<String> jwtSecret,
    String jwtIssuer,
    int accessTokenTtlSeconds,
    int refreshTokenTtlSeconds,
    int bcryptCost,
    LoginLimits loginLimits,
    int acdSweepIntervalMs,
    int acdRouteScanCalls,
    int acdRouteScanAgents,
    int acdEventStreamMaxLen,
    int acdDefaultHandleSeconds,
    int heartbeatIntervalMs,
    int nodeTtlMs,
    int statsPushIntervalMs,
    String sipHost,
    int sipPort,
    String sipTenant,
    SipOptions sipOptions,
    int sipOverloadMaxWaitMs,
    int sipOverloadRetryAfterSeconds,
    String sipAdvertisedAddress,
    int sipTrunkLimitRetryAfterSeconds,
    int dialNoAnswerSeconds,
    MediaOptions mediaOptions,
    WebRtcOptions webrtcOptions,
    SessionTimerPolicy sessionTimers,
    RecordsConfig records,
    ReportsConfig reports,
    RecordingConfig recording,
    PromptsConfig prompts,
    WarmUpConfig warmUp,
    boolean flowWebhookAllowInsecure,
    CustomersConfig customers,
    long contactsImportMaxBytes,
    CallbackConfig callbacks,
    CampaignsConfig campaigns,
    boolean supervisionShowListen,
    Duration consultAgentLegGrace,
    int supervisionMaxMonitorsPerCall,
    WebhooksConfig webhooks,
    CasesConfig cases,
    VoicemailConfig voicemail,
    ChatConfig chat,
    EmailConfig email) {

  /** With this host's network interfaces (read only if an advertised address must be derived from a wildcard bind). */
  public static SwitchboardConfig from(Settings s) {
    return from(s, HostInterface::system);
  }

  /**
   * @param interfaces the host's interfaces, for advertised addresses left empty with a wildcard bind
   *     ({@link AdvertisedAddress}); asked at most once
   */
  public static SwitchboardConfig from(Settings s, Supplier<List<HostInterface>> interfaces) {
    Supplier<List<HostInterface>> once = once(interfaces);
    MediaOptions media = mediaOptions(s, once);
    Optional<String> redisUri = nonEmpty(s.string("redis.uri"));
    Optional<String> secret = nonEmpty(s.string("auth.jwt.secret"));
    if (secret.isPresent() && secret.get().getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
      throw new ConfigException("auth.jwt.secret", "must be at least 32 bytes (256 bits) for HS256");
    }
    String tenant = s.string("bootstrap.tenant");
    if (!tenant.matches("[a-z0-9][a-z0-9-]{0,62}")) {
      throw new ConfigException("bootstrap.tenant", "must be lower-case letters, digits and '-', was '" + tenant + "'");
    }
    String region = s.string("region");
    if (!region.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {  // as agents' and trunks' regions: the ACD keys on it
      throw new ConfigException("region", "must be 1 to 64 of A-Z a-z 0-9 . _ - (e.g. eu-west), was '" + region + "'");
    }
    return new SwitchboardConfig(
        region,
        nonEmpty(s.string("node.id")).orElseGet(SwitchboardConfig::generatedNodeId),
        s.string("http.host"),
        s.integer("http.port", 0, 65535),
        s.integer("http.max-body-bytes", 1024, 64 << 20),
        s.integer("ws.max-message-bytes", 1024, 16 << 20),
        allowedOrigins(s),
        redisUri,
        s.integer("redis.embedded.port", 0, 65535),
        s.integer("redis.timeout-ms", 100, 600_000),
        DataDirSetting.resolve(s.string(DataDirSetting.KEY), Settings.reference().string(DataDirSetting.KEY),
            System.getProperty("user.home", ""), Path.of("")),
        tenant,
        nonEmpty(s.string("bootstrap.admin.password")),
        s.bool("demo.data", redisUri.isEmpty()),
        s.string("demo.password"),
        secret,
        s.string("auth.jwt.issuer"),
        s.integer("auth.access-token.ttl-seconds", 10, 86_400),
        s.integer("auth.refresh-token.ttl-seconds", 60, 90 * 86_400),
        s.integer("auth.bcrypt.cost", 4, 31),
        loginLimits(s),
        s.integer("acd.sweep-interval-ms", 10, 60_000),
        s.integer("acd.route-scan-calls", 1, 10_000),
        s.integer("acd.route-scan-agents", 1, 10_000),
        s.integer("acd.event-stream-max-len", 100, 100_000_000),
        s.integer("acd.default-handle-seconds", 1, 86_400),
        s.integer("cluster.heartbeat-interval-ms", 50, 60_000),
        s.integer("cluster.node-ttl-ms", 200, 600_000),
        s.integer("stats.push-interval-ms", 50, 60_000),
        s.string("sip.host"),
        s.integer("sip.port", 0, 65535),
        sipTenant(s, tenant),
        sipOptions(s),
        s.integer("sip.overload.max-wait-ms", 0, 600_000),
        s.integer("sip.overload.retry-after-seconds", 1, 3600),
        sipAdvertisedAddress(s, once),
        s.integer("sip.trunk-limit.retry-after-seconds", 1, 3600),
        s.integer("dial.no-answer-seconds", 1, 600),
        media,
        webrtcOptions(s, media),
        sessionTimers(s),
        RecordsConfig.from(s),
        ReportsConfig.from(s),
        RecordingConfig.from(s),
        PromptsConfig.from(s),
        WarmUpConfig.from(s),
        s.bool("flows.webhook-allow-insecure", false),
        CustomersConfig.from(s),
        s.integer("contacts.import-max-bytes", 1024, Integer.MAX_VALUE),
        CallbackConfig.from(s),
        CampaignsConfig.from(s),
        s.bool("supervision.show-listen", false),
        Duration.ofMillis(s.integer("consult.agent-leg-grace-ms", 0, 600_000)),
        s.integer("supervision.max-monitors-per-call", 1, 16),
        WebhooksConfig.from(s),
        CasesConfig.from(s),
        VoicemailConfig.from(s),
        ChatConfig.from(s),
        EmailConfig.from(s));
  }

  /** sip.session-expires-seconds and sip.min-se-seconds (RFC 4028). */
  private static SessionTimerPolicy sessionTimers(Settings s) {
    int minSe = s.integer("sip.min-se-seconds", 1, 86_400);
    int expires = s.integer("sip.session-expires-seconds", 0, 86_400);
    if (expires > 0 && expires < minSe) {
      throw new ConfigException("sip.session-expires-seconds", "must be 0 or at least sip.min-se-seconds (" + minSe + ")");
    }
    return new SessionTimerPolicy(expires, minSe);
  }

  private static Origins allowedOrigins(Settings s) {
    try {
      return Origins.parse(s.string("http.allowed-origins"));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("http.allowed-origins", e.getMessage());
    }
  }

  private static LoginLimits loginLimits(Settings s) {
    return new LoginLimits(s.integer("auth.login.max-failures", 1, 1_000_000),
        Duration.ofSeconds(s.integer("auth.login.lockout-seconds", 1, 86_400)),
        s.integer("auth.login.backoff-after", 0, 1_000_000),
        Duration.ofMillis(s.integer("auth.login.backoff-base-ms", 0, 3_600_000)),
        s.integer("auth.login.source-max-failures", 1, 1_000_000),
        Duration.ofSeconds(s.integer("auth.login.source-window-seconds", 1, 86_400)));
  }

  private static String sipTenant(Settings s, String bootstrapTenant) {
    String t = nonEmpty(s.string("sip.tenant")).orElse(bootstrapTenant);
    if (!t.matches("[a-z0-9][a-z0-9-]{0,62}")) {
      throw new ConfigException("sip.tenant", "must be lower-case letters, digits and '-', was '" + t + "'");
    }
    return t;
  }

  private static SipOptions sipOptions(Settings s) {
    double rate = messagesPerSecond(s, "sip.flood.rate");
    int t1 = s.integer("sip.t1", 1, 60_000);
    int t2 = s.integer("sip.t2", 1, 600_000);
    if (t2 < t1) {
      throw new ConfigException("sip.t2", "must not be below sip.t1");
    }
    return new SipOptions(t1, t2, s.integer("sip.t4", 1, 600_000),
        s.integer("sip.trying-delay", 0, 60_000), s.integer("sip.mtu-limit", 200, 65_535),
        s.integer("sip.tcp-idle-timeout", 1, 86_400_000), rate, s.integer("sip.flood.burst", 1, 1_000_000),
        new SipLimits(s.integer("sip.max-message-bytes", 1024, 1 << 20), s.integer("sip.max-headers", 16, 10_000)))
        .withAnswerDelay(s.integer("sip.answer-delay-ms", 0, 60_000))
        .withTrunkFlood(messagesPerSecond(s, "sip.flood.trunk-rate"), s.integer("sip.flood.trunk-burst", 1, 10_000_000))
        .withTls(sipTls(s));
  }

  private static double messagesPerSecond(Settings s, String key) {
    double rate;
    try {
      rate = Double.parseDouble(s.string(key).trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(key, "must be a number of messages per second");
    }
    if (!(rate > 0)) {
      throw new ConfigException(key, "must be above 0");
    }
    return rate;
  }

  /**
   * sip.tls-port: "off", a port, or empty for sip.port + 1 (5061 next to 5060; a free port when sip.port is 0). The
   * certificate and key files come as a pair or not at all (then a self-signed certificate is made at start).
   */
  private static SipTls sipTls(Settings s) {
    Optional<String> cert = nonEmpty(s.string("sip.tls.cert-file"));
    Optional<String> key = nonEmpty(s.string("sip.tls.key-file"));
    if (cert.isPresent() != key.isPresent()) {
      throw new ConfigException(cert.isPresent() ? "sip.tls.key-file" : "sip.tls.cert-file",
          "must be set together with " + (cert.isPresent() ? "sip.tls.cert-file" : "sip.tls.key-file"));
    }
    for (String file : new String[] {"sip.tls.cert-file", "sip.tls.key-file", "sip.tls.ca-file"}) {
      nonEmpty(s.string(file)).filter(f -> !java.nio.file.Files.isReadable(java.nio.file.Path.of(f)))
          .ifPresent(f -> {
            throw new ConfigException(file, "cannot read " + f);
          });
    }
    String port = s.string("sip.tls-port");
    if (port.equalsIgnoreCase("off")) {
      return SipTls.OFF;
    }
    int sipPort = s.integer("sip.port", 0, 65535);
    int tlsPort = port.isEmpty() ? (sipPort == 0 ? 0 : sipPort + 1) : s.integer("sip.tls-port", 0, 65535);
    if (tlsPort > 65535 || (tlsPort != 0 && tlsPort == sipPort)) {
      throw new ConfigException("sip.tls-port", "must differ from sip.port and be at most 65535, was " + tlsPort);
    }
    return new SipTls(tlsPort, cert, key, nonEmpty(s.string("sip.tls.ca-file")));
  }

  private static MediaOptions mediaOptions(Settings s, Supplier<List<HostInterface>> interfaces) {
    try {
      String bind = s.string("media.bind-host");
      return new MediaOptions(bind, AdvertisedAddress.choose(s.string("media.advertised-address"), bind, interfaces)
              .address(),
          s.integer("media.rtp-port-min", 1024, 65534), s.integer("media.rtp-port-max", 1025, 65535),
          Duration.ofMillis(s.integer("media.rtcp-interval-ms", 100, 600_000)),
          new SourcePolicy(s.bool("media.strict-rtp", true), s.integer("media.rtp-probation-packets", 1, 1000)),
          Duration.ofSeconds(s.integer("media.announcement-interval-seconds", 1, 86_400)),
          s.integer("media.max-catch-up-ticks", 0, 1000),
          Duration.ofSeconds(s.integer("media.inactivity-timeout-seconds", 0, 86_400)),
          s.integer("media.io-threads", 0, 256),
          Duration.ofNanos(1000L * s.integer("media.poll-interval-micros", 50, 20_000)));
    } catch (IllegalArgumentException e) {
      String msg = e.getMessage() == null ? "invalid" : e.getMessage();
      int colon = msg.indexOf(':');
      throw colon > 0 ? new ConfigException(msg.substring(0, colon), msg.substring(colon + 1).trim())
          : new ConfigException("media", msg);
    }
  }

  /**
   * Where SIP peers send in-dialog requests and responses (Via sent-by, Contact): {@code sip.advertised-address}, else
   * {@code media.advertised-address} when set (a node behind 1:1 NAT has one public address for both), else derived
   * from {@code sip.host} as {@link AdvertisedAddress} says.
   */
  private static String sipAdvertisedAddress(Settings s, Supplier<List<HostInterface>> interfaces) {
    String configured = nonEmpty(s.string("sip.advertised-address"))
        .or(() -> nonEmpty(s.string("media.advertised-address"))).orElse(null);
    String address = AdvertisedAddress.choose(configured, s.string("sip.host"), interfaces).address();
    if (BindHosts.isWildcard(address)) {
      throw new ConfigException(nonEmpty(s.string("sip.advertised-address")).isPresent() ? "sip.advertised-address"
          : "media.advertised-address", "must be an address SIP peers can send to, not a wildcard");
    }
    return address;
  }

  /** The interfaces read once, on first use (most configurations never need them). */
  private static Supplier<List<HostInterface>> once(Supplier<List<HostInterface>> interfaces) {
    return new Supplier<>() {
      private List<HostInterface> read;

      @Override
      public synchronized List<HostInterface> get() {
        if (read == null) {
          read = List.copyOf(interfaces.get());
        }
        return read;
      }
    };
  }

  /** {@code webrtc.*}: empty bind/advertised addresses fall back to the media ones. */
  private static WebRtcOptions webrtcOptions(Settings s, MediaOptions media) {
    String bind = nonEmpty(s.string("webrtc.bind-host")).orElse(media.bindHost());
    String advertised = nonEmpty(s.string("webrtc.advertised-address")).orElse(media.advertisedAddress());
    try {
      return new WebRtcOptions(bind, s.integer("webrtc.port", 0, 65535), advertised,
          Duration.ofMillis(s.integer("webrtc.connect-timeout-ms", 100, 600_000)),
          Duration.ofMillis(s.integer("webrtc.consent-timeout-ms", 100, 3_600_000)),
          WebRtcOptions.Harvester.parse(s.string("webrtc.harvester")));
    } catch (IllegalArgumentException e) {
      String msg = e.getMessage() == null ? "invalid" : e.getMessage();
      int colon = msg.indexOf(':');
      throw colon > 0 ? new ConfigException(msg.substring(0, colon), msg.substring(colon + 1).trim())
          : new ConfigException("webrtc", msg);
    }
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
        + ", dataDir=" + dataDir.map(Path::toString).orElse("none")
        + ", bootstrapTenant=" + bootstrapTenant + ", demoData=" + demoData + "]";
  }
}
