package io.switchboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.auth.AuthTestSupport;
import io.switchboard.signaling.WsClient;
import io.switchboard.support.RawHttp;
import io.switchboard.support.TestNodes;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A whole node (demo data) probed as a stranger would: security headers, the /ws Origin check, broken request
 * bodies, anonymous big bodies, and revocation of a disabled user's token and socket.
 */
class NodeHardeningIT {
  static final String ADMIN_PASSWORD = "hardening-admin-1";
  static final String ALLOWED = "https://cc.example.com";
  static final HttpClient http = HttpClient.newHttpClient();
  static Node node;
  static String base;
  static WebSocketClient wsClient;

  @BeforeAll
  static void start() {
    node = TestNodes.loopback("hardening-it", Map.of("bootstrap.admin.password", ADMIN_PASSWORD,
        "http.allowed-origins", ALLOWED + ", http://localhost:9999"));
    base = "http://127.0.0.1:" + node.httpPort();
    wsClient = node.vertx().createWebSocketClient();
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.stop();
    }
  }

  static HttpResponse<String> send(String method, String path, String token, byte[] body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String admin() throws Exception {
    return TestNodes.login(node.httpPort(), "demo", "admin", ADMIN_PASSWORD);
  }

  @Test
  void theWebClientAndTheApiCarrySecurityHeaders() throws Exception {
    HttpResponse<String> page = send("GET", "/", null, null);
    assertThat(page.statusCode()).isEqualTo(200);
    String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
    String hostPort = "127.0.0.1:" + node.httpPort();
    assertThat(csp).contains("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'",
        "connect-src 'self' ws://" + hostPort + " wss://" + hostPort).doesNotContain("unsafe-inline");
    assertCommonHeaders(page);
    assertCommonHeaders(send("GET", "/js/app.js", null, null));

    HttpResponse<String> refused = send("GET", "/api/v1/queues", null, null);
    assertThat(refused.statusCode()).isEqualTo(401);
    assertCommonHeaders(refused);
    assertThat(refused.headers().firstValue("Content-Security-Policy").orElseThrow())
        .startsWith("default-src 'none'").contains("frame-ancestors 'none'");
    HttpResponse<String> ok = send("GET", "/api/v1/queues", admin(), null);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertCommonHeaders(ok);
    assertCommonHeaders(send("GET", "/health/live", null, null));
  }

  private static void assertCommonHeaders(HttpResponse<String> r) {
    assertThat(r.headers().firstValue("X-Content-Type-Options")).as(r.uri().toString()).contains("nosniff");
    assertThat(r.headers().firstValue("Referrer-Policy")).contains("no-referrer");
    assertThat(r.headers().firstValue("Permissions-Policy").orElseThrow())
        .contains("microphone=(self)", "camera=()", "geolocation=()");
    assertThat(r.headers().firstValue("Content-Security-Policy")).isPresent();
  }

  @Test
  void theSocketAcceptsOnlyItsOwnOrConfiguredOrigins() throws Exception {
    String token = TestNodes.login(node.httpPort(), "carol");
    assertThat(upgrade(token, "http://evil.example")).isEqualTo(403);
    assertThat(upgrade(token, "http://127.0.0.1:" + (node.httpPort() + 1))).as("other port").isEqualTo(403);
    assertThat(upgrade(token, "null")).isEqualTo(403);
    assertThat(upgrade(token, "http://127.0.0.1:" + node.httpPort())).as("own origin").isEqualTo(101);
    assertThat(upgrade(token, "https://127.0.0.1:" + node.httpPort())).as("own host behind TLS").isEqualTo(101);
    assertThat(upgrade(token, ALLOWED)).as("configured").isEqualTo(101);
    assertThat(upgrade(token, "HTTP://LOCALHOST:9999")).as("configured, other case").isEqualTo(101);
    assertThat(upgrade(token, null)).as("no Origin: not a browser").isEqualTo(101);
    // The Origin check comes first: a foreign page learns nothing about the token either.
    assertThat(upgrade("garbage", "http://evil.example")).isEqualTo(403);
  }

  /** The handshake's status: 101 when the socket was opened, else the refusal. Raw, so the Origin is exactly ours. */
  private static int upgrade(String token, String origin) throws Exception {
    String head = """
        GET /ws?access_token=%s HTTP/1.1
        Host: 127.0.0.1:%d
        Upgrade: websocket
        Connection: Upgrade
        Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==
        Sec-WebSocket-Version: 13
        """.formatted(token, node.httpPort()) + (origin == null ? "" : "Origin: " + origin + "\n");
    return RawHttp.exchange(node.httpPort(), head, null, 5000).status();
  }

  @Test
  void aMalformedChunkedBodyGets400AndTheNodeKeepsServing() throws Exception {
    String token = admin();
    try (AuthTestSupport.Capture logs = AuthTestSupport.captureLogs()) {
      RawHttp.Answer a = RawHttp.exchange(node.httpPort(), """
          PUT /api/v1/queues/chunky HTTP/1.1
          Host: 127.0.0.1
          Authorization: Bearer %s
          Content-Type: application/json
          Transfer-Encoding: chunked
          """.formatted(token), "zz-not-hex\r\n{}\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 5000);
      assertThat(a.status()).as(a.text()).isEqualTo(400);
      assertThat(a.text()).contains("application/problem+json");
      assertThat(logs.lines()).anyMatch(l -> l.contains("http.bad-framing"))
          // one short line: no 500 "request failed", no exception (rendered as "<class>: <message>") attached
          .noneMatch(l -> l.contains("request failed") || l.contains("Exception: "));
    }
    assertThat(send("GET", "/health/live", null, null).statusCode()).as("still serving").isEqualTo(200);
    assertThat(send("GET", "/api/v1/queues/support", token, null).statusCode()).isEqualTo(200);
  }

  @Test
  void invalidUtf8InAJsonBodyIsRefusedNotStoredAsReplacementCharacters() throws Exception {
    byte[] prefix = "{\"name\":\"VIP".getBytes(StandardCharsets.UTF_8);
    byte[] suffix = "\"}".getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[prefix.length + 2 + suffix.length];
    System.arraycopy(prefix, 0, body, 0, prefix.length);
    body[prefix.length] = (byte) 0xC3; // a lead byte followed by one that cannot continue it
    body[prefix.length + 1] = (byte) 0x28;
    System.arraycopy(suffix, 0, body, prefix.length + 2, suffix.length);
    String token = admin();
    HttpResponse<String> r = send("PUT", "/api/v1/queues/utf8", token, body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(new JsonObject(r.body()).getString("detail")).contains("not valid UTF-8");
    assertThat(send("GET", "/api/v1/queues/utf8", token, null).statusCode()).as("nothing stored").isEqualTo(404);
    // The login route (no bearer) decodes strictly too.
    HttpResponse<String> login = send("POST", "/api/v1/auth/login", null,
        ("{\"username\":\"admin\",\"password\":\"" + ADMIN_PASSWORD + "\u00e9\"}").getBytes(StandardCharsets.ISO_8859_1));
    assertThat(login.statusCode()).as(login.body()).isEqualTo(400);
    assertThat(login.body()).contains("not valid UTF-8");
  }

  @Test
  void anAnonymousHugeBodyGets401NotItsSizeChecked() throws Exception {
    for (String path : new String[] {"/api/v1/queues", "/api/v1/queues/big", "/api/v1/service-tokens"}) {
      String method = path.endsWith("big") ? "PUT" : "POST";
      RawHttp.Answer a = RawHttp.exchange(node.httpPort(), """
          %s %s HTTP/1.1
          Host: 127.0.0.1
          Content-Type: application/json
          Content-Length: 10485760
          """.formatted(method, path), null, 5000);
      assertThat(a.status()).as(method + " " + path + ": " + a.text()).isEqualTo(401);
    }
    // With a token the size limit still applies.
    RawHttp.Answer big = RawHttp.exchange(node.httpPort(), """
        POST /api/v1/queues HTTP/1.1
        Host: 127.0.0.1
        Authorization: Bearer %s
        Content-Type: application/json
        Content-Length: 10485760
        """.formatted(admin()), null, 5000);
    assertThat(big.status()).as(big.text()).isEqualTo(413);
  }

  @Test
  void disablingAUserRevokesItsTokenAndClosesItsSocketAtOnce() throws Exception {
    String admin = admin();
    String dave = TestNodes.login(node.httpPort(), "dave");
    assertThat(send("GET", "/api/v1/agents/dave", dave, null).statusCode()).isEqualTo(200);
    try (WsClient socket = WsClient.connect(wsClient, node.httpPort(), dave)) {
      socket.next("hello");
      JsonObject doc = new JsonObject(send("GET", "/api/v1/agents/dave", admin, null).body());
      doc.remove("version");
      doc.put("enabled", false);
      long t0 = System.nanoTime();
      HttpResponse<String> put = send("PUT", "/api/v1/agents/dave", admin, doc.encode().getBytes(StandardCharsets.UTF_8));
      assertThat(put.statusCode()).as(put.body()).isEqualTo(200);

      HttpResponse<String> refused = send("GET", "/api/v1/agents/dave", dave, null);
      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(new JsonObject(refused.body()).getString("detail")).isEqualTo("token revoked");
      assertThat(socket.awaitClose(2000)).isEqualTo((short) 4002);
      assertThat(socket.socket().closeReason()).isEqualTo("token revoked");
      assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(2000);
      assertThatThrownBy(() -> WsClient.connect(wsClient, node.httpPort(), dave))
          .isInstanceOfSatisfying(UpgradeRejectedException.class, e -> assertThat(e.getStatus()).isEqualTo(401));
    }
    // Others keep their tokens.
    assertThat(send("GET", "/api/v1/queues", admin, null).statusCode()).isEqualTo(200);
  }

  @Test
  void aNewPasswordRevokesOldTokensButNotTheNewLogin() throws Exception {
    String admin = admin();
    String old = TestNodes.login(node.httpPort(), "bob");
    JsonObject doc = new JsonObject(send("GET", "/api/v1/agents/bob", admin, null).body());
    doc.remove("version");
    doc.put("password", "bobs-new-password-1");
    assertThat(send("PUT", "/api/v1/agents/bob", admin, doc.encode().getBytes(StandardCharsets.UTF_8)).statusCode())
        .isEqualTo(200);
    assertThat(send("GET", "/api/v1/agents/bob", old, null).statusCode()).isEqualTo(401);
    String fresh = TestNodes.login(node.httpPort(), "demo", "bob", "bobs-new-password-1");
    assertThat(send("GET", "/api/v1/agents/bob", fresh, null).statusCode()).isEqualTo(200);
  }
}
