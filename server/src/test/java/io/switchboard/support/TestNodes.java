package io.switchboard.support;

import io.switchboard.Node;
import io.switchboard.config.Settings;
import io.switchboard.config.SwitchboardConfig;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** Whole nodes for integration tests: every listener on 127.0.0.1 and a free port, fast bcrypt, quiet stdout. */
public final class TestNodes {
  private TestNodes() {}

  /**
   * Starts a node (embedded Redis and demo data, the JVM's shared test PostgreSQL, unless {@code overrides} say
   * otherwise); blocks until it serves.
   */
  public static Node loopback(String nodeId, Map<String, String> overrides) {
    Map<String, String> settings = new HashMap<>(database(overrides));
    settings.putAll(Map.of(
        "http.host", "127.0.0.1", "http.port", "0",
        "sip.host", "127.0.0.1", "sip.port", "0",
        "media.bind-host", "127.0.0.1",
        "node.id", nodeId, "auth.bcrypt.cost", "4"));
    settings.putAll(overrides);
    return Node.start(SwitchboardConfig.from(settings(settings)), new PrintStream(new ByteArrayOutputStream()));
  }

  /**
   * The shared test PostgreSQL ({@link TestPostgres}) unless {@code overrides} name a database or an embedded
   * directory of their own: a node per test would otherwise start its own embedded server (~5 s) in the user's home.
   */
  public static Map<String, String> database(Map<String, String> overrides) {
    return overrides.containsKey("database.url") || overrides.containsKey("database.embedded-dir") ? Map.of()
        : TestPostgres.settings();
  }

  /**
   * The settings of a test node: the reference, {@code data.dir} empty (nothing kept, nothing written to the user's
   * home, no lock shared between nodes) unless {@code overrides} name one, the shared test PostgreSQL unless they
   * name a database, then {@code overrides}. Every test that
   * starts a {@link Node} builds its settings here.
   */
  public static Settings settings(Map<String, String> overrides) {
    Map<String, String> all = new HashMap<>(NOTHING_KEPT);
    all.putAll(database(overrides));
    all.putAll(overrides);
    return Settings.of(all);
  }

  /** {@code data.dir} empty: the embedded stores keep nothing. As command-line arguments: {@link ChildNode}. */
  static final Map<String, String> NOTHING_KEPT = Map.of("data.dir", "");

  /**
   * Settings for {@code ports} RTP ports at a random even base in 10000..18998, apart from the default range:
   * other test JVMs on this machine may be running nodes at the same time.
   */
  public static Map<String, String> randomRtpPorts(int ports) {
    int base = 10_000 + 2 * ThreadLocalRandom.current().nextInt(4500);
    return Map.of("media.rtp-port-min", String.valueOf(base), "media.rtp-port-max", String.valueOf(base + ports - 1));
  }

  /**
   * Waits until {@code node} holds no call, media session or RTP port (after each test of a calls IT): a leak of any
   * of them fails the test that caused it.
   */
  public static void awaitNothingLeaks(Node node, java.time.Duration within) {
    org.awaitility.Awaitility.await().atMost(within).untilAsserted(() -> {
      org.assertj.core.api.Assertions.assertThat(node.calls().activeCalls()).as("inbound calls").isZero();
      org.assertj.core.api.Assertions.assertThat(node.outbound().activeCalls()).as("outbound calls").isZero();
      org.assertj.core.api.Assertions.assertThat(node.media().activeSessions()).as("media sessions").isZero();
      org.assertj.core.api.Assertions.assertThat(node.media().portsInUse()).as("RTP ports").isZero();
    });
  }

  /** The demo data's password of every demo agent and supervisor. */
  public static final String DEMO_PASSWORD = "switchboard";

  /** An access token for demo user {@code user} of tenant demo on a node listening on {@code httpPort}. */
  public static String login(int httpPort, String user) throws IOException, InterruptedException {
    return login(httpPort, "demo", user, DEMO_PASSWORD);
  }

  /** POST /api/v1/auth/login; fails the test (with the server's answer) unless it is 200. */
  public static String login(int httpPort, String tenant, String user, String password)
      throws IOException, InterruptedException {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + httpPort + "/api/v1/auth/login"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("tenant", tenant).put("username", user)
            .put("password", password).encode()))
        .build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new AssertionError("login of " + user + " answered " + r.statusCode() + ": " + r.body());
    }
    return new JsonObject(r.body()).getString("accessToken");
  }
}
