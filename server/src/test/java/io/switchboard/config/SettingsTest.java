package io.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

  @Test
  void referenceDefaultsMatchTheDocumentedOnes() {
    // a host with nothing but loopback: the wildcard binds advertise loopback (MediaAddressConfigTest: other hosts)
    SwitchboardConfig c = SwitchboardConfig.from(Settings.reference(), java.util.List::of);
    assertThat(c.httpPort()).isEqualTo(8080);
    assertThat(c.redisUri()).isEmpty();
    assertThat(c.demoData()).as("embedded Redis implies demo data").isTrue();
    assertThat(c.bootstrapAdminPassword()).isEmpty();
    assertThat(c.region()).isEqualTo("local");
    assertThat(c.nodeId()).isNotBlank();
    assertThat(c.sipPort()).isEqualTo(5060);
    assertThat(c.sipHost()).isEqualTo("0.0.0.0");
    assertThat(c.sipTenant()).as("empty sip.tenant means the bootstrap tenant").isEqualTo("demo");
    assertThat(c.sipOptions()).isEqualTo(io.switchboard.sip.transport.SipOptions.DEFAULTS
        .withTls(io.switchboard.sip.transport.SipTls.selfSigned(5061)));
    assertThat(c.sipAdvertisedAddress()).isEqualTo("127.0.0.1");
    assertThat(c.sipTrunkLimitRetryAfterSeconds()).isEqualTo(1);
    assertThat(c.mediaOptions()).isEqualTo(io.switchboard.media.MediaOptions.defaults());
    assertThat(c.records().jdbcUrl()).as("no database: the embedded one").isEmpty();
    assertThat(c.records().embeddedDir()).as("empty: postgres in the data directory").isEmpty();
    assertThat(c.records().batchSize()).isEqualTo(1000);
    assertThat(c.records().claimIdle()).isEqualTo(java.time.Duration.ofSeconds(30));
    assertThat(c.reports()).isEqualTo(new ReportsConfig(20_000, 5));
  }

  /** database.url as JDBC or libpq-style URL; credentials from it unless set apart; the password never printed. */
  @Test
  void databaseUrlsAreReadInBothFormsAndThePasswordStaysHidden() {
    RecordsConfig r = SwitchboardConfig.from(Settings.of(Map.of("database.url",
        "postgresql://sb:p%40ss@db.example.com:6543/records?sslmode=require")), java.util.List::of).records();
    assertThat(r.jdbcUrl()).contains("jdbc:postgresql://db.example.com:6543/records?sslmode=require");
    assertThat(r.user()).contains("sb");
    assertThat(r.password()).contains("p@ss");
    assertThat(r.toString()).doesNotContain("p@ss");
    RecordsConfig jdbc = SwitchboardConfig.from(Settings.of(Map.of("database.url", "jdbc:postgresql://h/db",
        "database.user", "u", "database.password", "pw", "database.embedded-dir", "/var/lib/sb")),
        java.util.List::of).records();
    assertThat(jdbc.jdbcUrl()).contains("jdbc:postgresql://h/db");
    assertThat(jdbc.user()).contains("u");
    assertThat(jdbc.embeddedDir()).contains(Path.of("/var/lib/sb"));
    assertThatThrownBy(() -> SwitchboardConfig.from(Settings.of(Map.of("database.url", "mysql://h/db"))))
        .hasMessageContaining("database.url");
    assertThatThrownBy(() -> SwitchboardConfig.from(Settings.of(Map.of("records.batch-size", "0"))))
        .hasMessageContaining("records.batch-size");
  }

  @Test
  void sipPortFromTheEnvironmentAndBadSipValuesNameTheKey() {
    assertThat(SwitchboardConfig.from(Settings.load(Map.of("SWITCHBOARD_SIP_PORT", "5070"), new String[0])).sipPort())
        .isEqualTo(5070);
    assertThatThrownBy(() -> SwitchboardConfig.from(Settings.of(Map.of("sip.flood.rate", "lots"))))
        .hasMessageContaining("sip.flood.rate");
    assertThatThrownBy(() -> SwitchboardConfig.from(Settings.of(Map.of("media.rtp-port-min", "20001"))))
        .hasMessageContaining("media.rtp-port-min");
    assertThatThrownBy(() -> SwitchboardConfig.from(Settings.of(Map.of("sip.tenant", "Bad_Tenant"))))
        .hasMessageContaining("sip.tenant");
  }

  /** TLS next to the SIP port by default, a free port with a free SIP port, off on request; files come in pairs. */
  @Test
  void theSipTlsPortFollowsTheSipPortUnlessSetAndTheKeyNeedsItsCertificate(@TempDir Path dir) throws Exception {
    assertThat(tls(Map.of("sip.port", "5070")).port()).isEqualTo(5071);
    assertThat(tls(Map.of("sip.port", "0")).port()).isZero();
    assertThat(tls(Map.of("sip.tls-port", "5091")).port()).isEqualTo(5091);
    assertThat(tls(Map.of("sip.tls-port", "off")).enabled()).isFalse();
    assertThatThrownBy(() -> tls(Map.of("sip.tls-port", "5060"))).hasMessageContaining("sip.tls-port");
    Path cert = Files.writeString(dir.resolve("cert.pem"), "x");
    assertThatThrownBy(() -> tls(Map.of("sip.tls.cert-file", cert.toString())))
        .hasMessageContaining("sip.tls.key-file");
    assertThatThrownBy(() -> tls(Map.of("sip.tls.cert-file", cert.toString(), "sip.tls.key-file", "/nonexistent.pem")))
        .hasMessageContaining("sip.tls.key-file").hasMessageContaining("cannot read");
  }

  private static io.switchboard.sip.transport.SipTls tls(Map<String, String> settings) {
    return SwitchboardConfig.from(Settings.of(settings)).sipOptions().tls();
  }

  @Test
  void laterLayersWinFileThenEnvironmentThenArguments(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("switchboard.conf");
    Files.writeString(file, "http.port=7000\nregion=eu-west\nnode.id=from-file\n");
    Settings s = Settings.load(
        Map.of("SWITCHBOARD_CONFIG", file.toString(), "SWITCHBOARD_HTTP_PORT", "7001", "SWITCHBOARD_NODE_ID", "env-node"),
        new String[] {"--node.id=cli-node"});
    SwitchboardConfig c = SwitchboardConfig.from(s);
    assertThat(c.region()).isEqualTo("eu-west");
    assertThat(c.httpPort()).isEqualTo(7001);
    assertThat(c.nodeId()).isEqualTo("cli-node");
  }

  @Test
  void environmentNamesFollowTheKeys() {
    assertThat(Settings.envName("http.port")).isEqualTo("SWITCHBOARD_HTTP_PORT");
    assertThat(Settings.envName("bootstrap.admin.password")).isEqualTo("SWITCHBOARD_BOOTSTRAP_ADMIN_PASSWORD");
    assertThat(Settings.envName("auth.access-token.ttl-seconds")).isEqualTo("SWITCHBOARD_AUTH_ACCESS_TOKEN_TTL_SECONDS");
    SwitchboardConfig c = SwitchboardConfig.from(Settings.load(Map.of(
        "SWITCHBOARD_REDIS_URI", "redis://127.0.0.1:6390", "SWITCHBOARD_BOOTSTRAP_ADMIN_PASSWORD", "s3cret-pass",
        "SWITCHBOARD_REGION", "us-east"), new String[0]));
    assertThat(c.redisUri()).contains("redis://127.0.0.1:6390");
    assertThat(c.demoData()).as("an external Redis means no demo data unless asked").isFalse();
    assertThat(c.bootstrapAdminPassword()).contains("s3cret-pass");
    assertThat(c.region()).isEqualTo("us-east");
  }

  @Test
  void unknownKeysAreRefusedWithTheirName(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.conf");
    Files.writeString(file, "http.prot=9000\n");
    assertThatThrownBy(() -> Settings.load(Map.of("SWITCHBOARD_CONFIG", file.toString()), new String[0]))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("http.prot")
        .hasMessageContaining("not a known setting");
    assertThatThrownBy(() -> Settings.load(Map.of(), new String[] {"--no.such=1"}))
        .hasMessageContaining("no.such");
  }

  @Test
  void outOfRangeAndMalformedValuesNameTheKey() {
    assertThatThrownBy(() -> SwitchboardConfig.from(Settings.of(Map.of("http.port", "70000"))))
        .hasMessageContaining("http.port").hasMessageContaining("between 0 and 65535");
    assertThatThrownBy(() -> SwitchboardConfig.from(Settings.of(Map.of("http.port", "eighty"))))
        .hasMessageContaining("http.port").hasMessageContaining("whole number");
    assertThatThrownBy(() -> SwitchboardConfig.from(Settings.of(Map.of("auth.jwt.secret", "short"))))
        .hasMessageContaining("auth.jwt.secret").hasMessageContaining("32 bytes");
    assertThatThrownBy(() -> SwitchboardConfig.from(Settings.of(Map.of("bootstrap.tenant", "Bad_Tenant"))))
        .hasMessageContaining("bootstrap.tenant");
    assertThatThrownBy(() -> SwitchboardConfig.from(Settings.of(Map.of("region", "eu west"))))
        .as("the ACD keys idle and waiting sets on the region").hasMessageContaining("region");
  }

  @Test
  void toStringNeverShowsSecrets() {
    SwitchboardConfig c = SwitchboardConfig.from(Settings.of(Map.of(
        "auth.jwt.secret", "0123456789abcdef0123456789abcdef-secret",
        "bootstrap.admin.password", "hunter2-hunter2",
        "redis.uri", "redis://:redispass@127.0.0.1:6379")));
    assertThat(c.toString()).doesNotContain("secret", "hunter2", "redispass").contains("***@127.0.0.1");
  }
}
