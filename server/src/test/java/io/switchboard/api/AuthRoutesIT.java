package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.auth.AuthService;
import io.switchboard.auth.AuthTestSupport;
import io.switchboard.auth.HttpTestClient;
import io.switchboard.auth.HttpTestClient.Reply;
import io.switchboard.auth.InMemoryCredentialStore;
import io.switchboard.auth.PasswordHasher;
import io.switchboard.auth.Role;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.redis.RedisConnections;
import io.switchboard.support.TestRedis;
import io.switchboard.support.RawHttp;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** /api/v1/auth/* and /api/v1/service-tokens over real HTTP, real Redis, real tokens. */
class AuthRoutesIT {
  static final PasswordHasher HASHER = new PasswordHasher(4);
  static final String PASSWORD = "routes-password-1";
  static final String OTHER = "other";

  static Vertx vertx;
  static RedisConnections redis;
  static InMemoryCredentialStore users;
  static AuthService auth;
  static HttpServer server;
  static HttpTestClient http;
  static String bootstrapTenant;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    redis = TestRedis.connect();
    users = new InMemoryCredentialStore();
    // Back-off off: the throttle tests send ten failures in a row (AuthServiceIT covers the back-off).
    SwitchboardConfig config = AuthTestSupport.config("bootstrap.tenant", "routes", "auth.login.backoff-base-ms", "0");
    bootstrapTenant = config.bootstrapTenant();
    String hash = HASHER.hash(PASSWORD);
    users.add("routes", "admin-1", "admin", hash, Set.of(Role.ADMIN));
    users.add("routes", "agent-1", "agent", hash, Set.of(Role.AGENT));
    users.add(OTHER, "admin-9", "admin", hash, Set.of(Role.ADMIN));
    auth = AuthTestSupport.start(vertx, redis, config, users, HASHER);
    Router router = Router.router(vertx);
    new AuthRoutes(auth, new BearerGuard(auth), config).mount(router);
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    http = new HttpTestClient(server.actualPort());
  }

  @AfterAll
  static void stop() {
    server.close().await();
    auth.close();
    redis.close();
    vertx.close().await();
  }

  static JsonObject login(String tenant, String username, String password) {
    JsonObject body = new JsonObject().put("username", username).put("password", password);
    if (tenant != null) {
      body.put("tenant", tenant);
    }
    Reply r = http.postJson("/api/v1/auth/login", null, body.encode());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  static String adminToken(String tenant) {
    return login(tenant, "admin", PASSWORD).getString("accessToken");
  }

  static void assertProblem(Reply r, int status, String detail) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(r.json().getString("detail")).isEqualTo(detail);
  }

  static List<String> fields(Reply r) {
    return r.json().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field")).toList();
  }

  @Test
  void loginReturnsBearerTokensForTheBootstrapTenantByDefault() {
    Reply r = http.postJson("/api/v1/auth/login", null, "{\"username\":\"admin\",\"password\":\"" + PASSWORD + "\"}");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).isEqualTo("application/json");
    assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    JsonObject body = r.json();
    assertThat(body.fieldNames()).containsExactlyInAnyOrder("accessToken", "refreshToken", "tokenType", "expiresIn");
    assertThat(body.getString("tokenType")).isEqualTo("Bearer");
    assertThat(body.getLong("expiresIn")).isEqualTo(900L);
    assertThat(auth.verify(body.getString("accessToken")).await().tenant()).isEqualTo(bootstrapTenant);
    assertThat(http.get("/api/v1/service-tokens", body.getString("accessToken")).status()).isEqualTo(200);
  }

  @Test
  void wrongPasswordAndUnknownUserGetTheSameAnswer() {
    Reply wrong = http.postJson("/api/v1/auth/login", null, "{\"username\":\"agent\",\"password\":\"nope-nope\"}");
    Reply unknown = http.postJson("/api/v1/auth/login", null, "{\"username\":\"nobody\",\"password\":\"nope-nope\"}");
    Reply otherTenant = http.postJson("/api/v1/auth/login", null,
        "{\"tenant\":\"" + OTHER + "\",\"username\":\"agent\",\"password\":\"" + PASSWORD + "\"}");
    assertProblem(wrong, 401, "invalid username or password");
    assertThat(unknown.status()).isEqualTo(401);
    assertThat(unknown.body()).isEqualTo(wrong.body());
    assertThat(otherTenant.body()).isEqualTo(wrong.body());
  }

  @Test
  void badLoginBodiesAre400NamingTheField() {
    Reply missing = http.postJson("/api/v1/auth/login", null, "{}");
    assertThat(missing.status()).isEqualTo(400);
    assertThat(fields(missing)).containsExactly("username", "password");

    Reply unknownField = http.postJson("/api/v1/auth/login", null,
        "{\"username\":\"a\",\"password\":\"b\",\"remember\":true}");
    assertThat(unknownField.status()).isEqualTo(400);
    assertThat(fields(unknownField)).containsExactly("remember");

    Reply duplicate = http.postJson("/api/v1/auth/login", null,
        "{\"username\":\"a\",\"username\":\"admin\",\"password\":\"b\"}");
    assertThat(duplicate.status()).isEqualTo(400);
    assertThat(fields(duplicate)).containsExactly("username");

    Reply badTenant = http.postJson("/api/v1/auth/login", null,
        "{\"tenant\":\"{x}\",\"username\":\"a\",\"password\":\"b\"}");
    assertThat(fields(badTenant)).containsExactly("tenant");

    Reply wrongType = http.postJson("/api/v1/auth/login", null, "{\"username\":[\"a\"],\"password\":\"b\"}");
    assertThat(fields(wrongType)).containsExactly("username");

    assertThat(http.postJson("/api/v1/auth/login", null, "{\"username\":").status()).isEqualTo(400);
    assertThat(http.postJson("/api/v1/auth/login", null, "[1]").status()).isEqualTo(400);
    assertThat(http.postJson("/api/v1/auth/login", null, "").status()).isEqualTo(400);
    assertProblem(http.send("POST", "/api/v1/auth/login", null, "text/plain",
        "{\"username\":\"admin\",\"password\":\"" + PASSWORD + "\"}"), 415, "send the body as application/json");
    Reply huge = http.postJson("/api/v1/auth/login", null,
        "{\"username\":\"admin\",\"password\":\"" + "x".repeat(20_000) + "\"}");
    assertThat(huge.status()).isEqualTo(413);
    assertThat(huge.header("Content-Type")).isEqualTo("application/problem+json");
    // ... and the node keeps serving.
    login(null, "admin", PASSWORD);
  }

  @Test
  void aStrangerLockedOutAfterTenFailuresDoesNotLockOutTheRealUser() {
    String stranger = "127.0.0.2";
    String wrong = "{\"username\":\"agent\",\"password\":\"wrong-password\"}";
    for (int i = 0; i < 10; i++) {
      assertThat(postFrom(stranger, "/api/v1/auth/login", wrong).statusCode()).isEqualTo(401);
    }
    Sent locked = postFrom(stranger, "/api/v1/auth/login", agentLogin());
    assertThat(locked.statusCode()).isEqualTo(429);
    assertThat(locked.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(Long.parseLong(locked.header("Retry-After"))).isBetween(290L, 300L);
    assertThat(new JsonObject(locked.body()).getInteger("status")).isEqualTo(429);
    // The real user, from another address, logs in while the stranger is locked out.
    assertThat(postFrom("127.0.0.3", "/api/v1/auth/login", agentLogin()).statusCode()).isEqualTo(200);
  }

  @Test
  void sprayingOneGuessOverManyAccountsFromOneSourceGets429() {
    String sprayer = "127.0.0.4";
    for (int i = 0; i < 30; i++) { // auth.login.source-max-failures
      String body = "{\"username\":\"user" + i + "\",\"password\":\"Winter2026!\"}";
      assertThat(postFrom(sprayer, "/api/v1/auth/login", body).statusCode()).isEqualTo(401);
    }
    Sent cut = postFrom(sprayer, "/api/v1/auth/login", "{\"username\":\"user99\",\"password\":\"x\"}");
    assertThat(cut.statusCode()).isEqualTo(429);
    assertThat(Long.parseLong(cut.header("Retry-After"))).isBetween(1L, 300L);
    assertThat(postFrom("127.0.0.5", "/api/v1/auth/login", agentLogin()).statusCode()).isEqualTo(200);
  }

  private static String agentLogin() {
    return "{\"username\":\"agent\",\"password\":\"" + PASSWORD + "\"}";
  }

  /** POST from a chosen loopback address (127.0.0.0/8 all reach the server on 127.0.0.1): another "source". */
  private static Sent postFrom(String localAddress, String path, String json) {
    byte[] body = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    try {
      RawHttp.Answer a = RawHttp.exchangeFrom(localAddress, server.actualPort(), """
          POST %s HTTP/1.1
          Host: 127.0.0.1
          Content-Type: application/json
          Content-Length: %d
          Connection: close
          """.formatted(path, body.length), body, 5000);
      return new Sent(a.status(), a.text());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** What {@link #postFrom} got back: the status and the raw response (head and body). */
  record Sent(int statusCode, String text) {
    String header(String name) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?im)^" + name + ":\\s*(.*?)\\r?$").matcher(text);
      return m.find() ? m.group(1) : null;
    }

    String body() {
      return text.substring(text.indexOf("\r\n\r\n") + 4);
    }
  }

  @Test
  void anAnonymousHugeBodyGets401BeforeItsSizeIsChecked() throws Exception {
    RawHttp.Answer a = RawHttp.exchange(server.actualPort(), """
        POST /api/v1/service-tokens HTTP/1.1
        Host: 127.0.0.1
        Content-Type: application/json
        Content-Length: 10485760
        """, null, 5000);
    assertThat(a.status()).as(a.text()).isEqualTo(401);
  }

  @Test
  void refreshRotatesAndLogoutRevokes() {
    JsonObject first = login(null, "agent", PASSWORD);
    String refresh1 = first.getString("refreshToken");
    Reply r = http.postJson("/api/v1/auth/refresh", null, new JsonObject().put("refreshToken", refresh1).encode());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().fieldNames()).containsExactlyInAnyOrder("accessToken", "refreshToken", "tokenType", "expiresIn");
    String refresh2 = r.json().getString("refreshToken");

    Reply reuse = http.postJson("/api/v1/auth/refresh", null, new JsonObject().put("refreshToken", refresh1).encode());
    assertProblem(reuse, 401, "refresh token already used; log in again");

    JsonObject fresh = login(null, "agent", PASSWORD);
    String refresh3 = fresh.getString("refreshToken");
    Reply logout = http.postJson("/api/v1/auth/logout", null, new JsonObject().put("refreshToken", refresh3).encode());
    assertThat(logout.status()).isEqualTo(204);
    assertThat(logout.body()).isEmpty();
    assertProblem(http.postJson("/api/v1/auth/refresh", null, new JsonObject().put("refreshToken", refresh3).encode()),
        401, "refresh token revoked or expired");
    assertProblem(http.postJson("/api/v1/auth/refresh", null, new JsonObject().put("refreshToken", refresh2).encode()),
        401, "refresh token revoked or expired");

    assertProblem(http.postJson("/api/v1/auth/refresh", null,
        new JsonObject().put("refreshToken", fresh.getString("accessToken")).encode()), 401, "not a refresh token");
    Reply missing = http.postJson("/api/v1/auth/refresh", null, "{}");
    assertThat(fields(missing)).containsExactly("refreshToken");
    assertThat(fields(http.postJson("/api/v1/auth/logout", null, "{\"token\":\"x\"}"))).containsExactly("token");
  }

  @Test
  void serviceTokensNeedAdmin() {
    String agent = login(null, "agent", PASSWORD).getString("accessToken");
    assertProblem(http.get("/api/v1/service-tokens", agent), 403, "requires role admin");
    assertProblem(http.postJson("/api/v1/service-tokens", agent, "{\"name\":\"x\",\"roles\":[\"admin\"]}"), 403,
        "requires role admin");
    assertProblem(http.delete("/api/v1/service-tokens/0123456789abcdef", agent), 403, "requires role admin");
    assertProblem(http.get("/api/v1/service-tokens", null), 401, "missing bearer token");
  }

  @Test
  void serviceTokenLifecycle() {
    String admin = adminToken(null);
    Reply created = http.postJson("/api/v1/service-tokens", admin, "{\"name\":\"terraform\",\"roles\":[\"admin\"]}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    JsonObject c = created.json();
    assertThat(c.fieldNames()).contains("id", "name", "roles", "token");
    assertThat(c.getString("name")).isEqualTo("terraform");
    assertThat(c.getJsonArray("roles")).isEqualTo(new JsonArray().add("admin"));
    String id = c.getString("id");
    String token = c.getString("token");
    assertThat(token).startsWith("sbk_routes_" + id + "_");

    // The token works as a bearer, and the list never shows it.
    Reply list = http.get("/api/v1/service-tokens", token);
    assertThat(list.status()).isEqualTo(200);
    JsonObject item = list.json().getJsonArray("items").stream().map(o -> (JsonObject) o)
        .filter(o -> o.getString("id").equals(id)).findFirst().orElseThrow();
    assertThat(item.fieldNames()).containsExactlyInAnyOrder("id", "name", "roles", "createdAt");
    assertThat(list.body()).doesNotContain(token.substring(token.length() - 43));

    // Another tenant's admin neither sees nor deletes it.
    String otherAdmin = adminToken(OTHER);
    assertThat(http.get("/api/v1/service-tokens", otherAdmin).body()).doesNotContain(id);
    assertProblem(http.delete("/api/v1/service-tokens/" + id, otherAdmin), 404, "no service token " + id);
    assertThat(http.get("/api/v1/service-tokens", token).status()).isEqualTo(200);

    assertThat(http.delete("/api/v1/service-tokens/" + id, admin).status()).isEqualTo(204);
    assertThat(http.delete("/api/v1/service-tokens/" + id, admin).status()).isEqualTo(404);
    assertProblem(http.get("/api/v1/service-tokens", token), 401, "invalid token");
  }

  @Test
  void badServiceTokenBodiesAre400() {
    String admin = adminToken(null);
    Reply badRole = http.postJson("/api/v1/service-tokens", admin, "{\"name\":\"x\",\"roles\":[\"admin\",\"root\"]}");
    assertThat(badRole.status()).isEqualTo(400);
    assertThat(fields(badRole)).containsExactly("roles.1");
    Reply missing = http.postJson("/api/v1/service-tokens", admin, "{}");
    assertThat(fields(missing)).containsExactly("name", "roles");
    Reply empty = http.postJson("/api/v1/service-tokens", admin, "{\"name\":\" \",\"roles\":[]}");
    assertThat(fields(empty)).containsExactly("name", "roles");
    Reply extra = http.postJson("/api/v1/service-tokens", admin, "{\"name\":\"x\",\"roles\":[\"admin\"],\"tenant\":\"other\"}");
    assertThat(fields(extra)).containsExactly("tenant");
    Reply notArray = http.postJson("/api/v1/service-tokens", admin, "{\"name\":\"x\",\"roles\":\"admin\"}");
    assertThat(fields(notArray)).containsExactly("roles");
  }
}
