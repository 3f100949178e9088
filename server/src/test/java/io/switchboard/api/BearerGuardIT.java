package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.switchboard.auth.AuthService;
import io.switchboard.auth.AuthTestSupport;
import io.switchboard.auth.HttpTestClient;
import io.switchboard.auth.HttpTestClient.Reply;
import io.switchboard.auth.InMemoryCredentialStore;
import io.switchboard.auth.PasswordHasher;
import io.switchboard.auth.Principal;
import io.switchboard.auth.Role;
import io.switchboard.redis.RedisConnections;
import io.switchboard.support.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The guard in front of real routes on a real HTTP server, with real tokens. */
class BearerGuardIT {
  static final String TENANT = "guard";
  static final PasswordHasher HASHER = new PasswordHasher(4);
  static final String PASSWORD = "guard-password-1";

  static Vertx vertx;
  static RedisConnections redis;
  static AuthService auth;
  static HttpServer server;
  static HttpTestClient http;
  static String agentToken;
  static String adminToken;
  static String adminRefresh;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    redis = TestRedis.connect();
    InMemoryCredentialStore users = new InMemoryCredentialStore();
    String hash = HASHER.hash(PASSWORD);
    users.add(TENANT, "a1", "agent", hash, Set.of(Role.AGENT));
    users.add(TENANT, "boss", "admin", hash, Set.of(Role.ADMIN));
    auth = AuthTestSupport.start(vertx, redis, AuthTestSupport.config(), users, HASHER);
    agentToken = auth.login(TENANT, "agent", PASSWORD).await().accessToken();
    AuthService.Tokens admin = auth.login(TENANT, "admin", PASSWORD).await();
    adminToken = admin.accessToken();
    adminRefresh = admin.refreshToken();

    BearerGuard guard = new BearerGuard(auth);
    Router router = Router.router(vertx);
    router.get("/admin").handler(guard.require(Role.ADMIN)).handler(BearerGuardIT::whoAmI);
    router.get("/staff").handler(guard.require(Role.SUPERVISOR, Role.ADMIN)).handler(BearerGuardIT::whoAmI);
    router.get("/anyone").handler(guard.require()).handler(BearerGuardIT::whoAmI);
    // Guard BEFORE the body handler (Vert.x allows that only across routes): the body must survive the
    // asynchronous (Redis) check of a service token.
    router.post("/echo").handler(guard.require(Role.ADMIN));
    router.post("/echo").handler(BodyHandler.create(false))
        .handler(rc -> rc.response().end(String.valueOf(rc.body().length())));
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

  private static void whoAmI(RoutingContext rc) {
    Principal p = Principals.of(rc);
    rc.response().putHeader("Content-Type", "application/json").end(new JsonObject()
        .put("tenant", p.tenant()).put("subject", p.subject()).put("kind", p.kind().name()).encode());
  }

  private static void assertProblem(Reply r, int status, String detail) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(r.json().getString("detail")).isEqualTo(detail);
    assertThat(r.json().getInteger("status")).isEqualTo(status);
    if (status == 401) {
      assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer");
    }
  }

  @Test
  void missingOrMalformedHeaderIs401() {
    assertProblem(http.get("/admin", null), 401, "missing bearer token");
    String malformed = "malformed Authorization header: expected 'Bearer <token>'";
    assertProblem(http.send("GET", "/admin", "Basic YWRtaW46eA==", null, null), 401, malformed);
    assertProblem(http.send("GET", "/admin", "Bearer", null, null), 401, malformed);
    assertProblem(http.send("GET", "/admin", "Bearer    ", null, null), 401, malformed);
    assertProblem(http.send("GET", "/admin", adminToken, null, null), 401, malformed); // no scheme
  }

  @Test
  void badTokensAre401WithTheReason() throws Exception {
    assertProblem(http.get("/anyone", "garbage"), 401, "invalid token");
    assertProblem(http.get("/anyone", AuthTestSupport.expiredAccessToken(auth, TENANT, "boss", Set.of(Role.ADMIN))),
        401, "token expired");
    assertProblem(http.get("/anyone", adminRefresh), 401, "not an access token");
    assertProblem(http.get("/anyone", forged()), 401, "invalid token");
    assertProblem(http.get("/anyone", "sbk_guard_0123456789abcdef_" + "A".repeat(43)), 401, "invalid token");
  }

  @Test
  void wrongRoleIs403NamingTheRoles() {
    assertProblem(http.get("/admin", agentToken), 403, "requires role admin");
    assertProblem(http.get("/staff", agentToken), 403, "requires role admin or supervisor");
  }

  @Test
  void rightRoleGetsThrough() {
    Reply r = http.get("/admin", adminToken);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json()).isEqualTo(new JsonObject().put("tenant", TENANT).put("subject", "boss").put("kind", "USER"));
    assertThat(http.get("/staff", adminToken).status()).isEqualTo(200);
    assertThat(http.get("/anyone", agentToken).json().getString("subject")).isEqualTo("a1");
    // The scheme is case-insensitive (RFC 7235).
    assertThat(http.send("GET", "/admin", "bearer " + adminToken, null, null).status()).isEqualTo(200);
  }

  @Test
  void serviceTokenGetsThroughAndTheBodySurvivesTheAsyncCheck() {
    String token = auth.createServiceToken(TENANT, "tf", Set.of(Role.ADMIN)).await().token();
    Reply r = http.get("/admin", token);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().getString("kind")).isEqualTo("SERVICE");
    String body = "x".repeat(300_000);
    Reply echo = http.send("POST", "/echo", "Bearer " + token, "text/plain", body);
    assertThat(echo.status()).as(echo.body()).isEqualTo(200);
    assertThat(echo.body()).isEqualTo(String.valueOf(body.length()));
    // Refused requests with a body leave the connection usable.
    assertProblem(http.send("POST", "/echo", "Bearer nope", "text/plain", body), 401, "invalid token");
    assertThat(http.get("/admin", token).status()).isEqualTo(200);
  }

  private static String forged() throws Exception {
    long now = Instant.now().getEpochSecond();
    JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("switchboard").subject("boss").claim("tenant", TENANT)
        .claim("roles", List.of("admin")).claim("typ", "access").jwtID("x").issueTime(new Date(now * 1000))
        .notBeforeTime(new Date(now * 1000)).expirationTime(new Date((now + 600) * 1000)).build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    jwt.sign(new MACSigner("not-the-secret-0123456789-abcdefghijklmnop".getBytes(StandardCharsets.UTF_8)));
    return jwt.serialize();
  }
}
