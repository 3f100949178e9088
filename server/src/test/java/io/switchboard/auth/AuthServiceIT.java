package io.switchboard.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.SignedJWT;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.redis.RedisConnections;
import io.switchboard.support.TestRedis;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** AuthService against a real Redis: login, throttling, refresh rotation, logout, service tokens, shared secret. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuthServiceIT {
  static final String PASSWORD = "correct horse battery staple";
  // Cost 8 (~20 ms here) rather than 4: bcrypt must dominate the other costs of a login for the timing
  // comparison of known and unknown users to mean something.
  static final PasswordHasher HASHER = new PasswordHasher(8);
  static final String HASH = HASHER.hash(PASSWORD);
  /** Every credential seen by these tests; none may ever appear in a log line. */
  static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();

  static Vertx vertx;
  static RedisConnections redis;
  static RedisClient sideClient;
  static RedisCommands<String, String> side;
  static InMemoryCredentialStore users;
  static AuthService auth;
  static AuthTestSupport.Capture logs;

  @BeforeAll
  static void start() {
    logs = AuthTestSupport.captureLogs();
    vertx = Vertx.vertx();
    redis = TestRedis.connect();
    sideClient = RedisClient.create(TestRedis.uri());
    StatefulRedisConnection<String, String> c = sideClient.connect();
    side = c.sync();
    side.del(JwtSecret.REDIS_KEY);
    users = new InMemoryCredentialStore();
    // No back-off here (one test turns it on): the other tests make several failures in a row on purpose.
    auth = AuthTestSupport.start(vertx, redis, AuthTestSupport.config("auth.login.backoff-base-ms", "0"), users,
        HASHER);
    SECRETS.add(PASSWORD);
    SECRETS.add(side.get(JwtSecret.REDIS_KEY));
  }

  @AfterAll
  static void stop() {
    logs.close();
    auth.close();
    redis.close();
    sideClient.shutdown();
    vertx.close().await();
  }

  /** A fresh tenant per test keeps tests independent without flushing Redis under other tests. */
  static String tenant() {
    return "t" + UUID.randomUUID().toString().substring(0, 8);
  }

  static AuthService.Tokens login(String tenant, String username, String password) {
    AuthService.Tokens t = auth.login(tenant, username, password).await();
    SECRETS.add(t.accessToken());
    SECRETS.add(t.refreshToken());
    return t;
  }

  static Throwable failure(Future<?> f) {
    try {
      f.await();
    } catch (Throwable e) {
      return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }
    throw new AssertionError("expected a failure");
  }

  static void assertAuthFailure(Future<?> f, int status, String message) {
    Throwable e = failure(f);
    assertThat(e).isInstanceOf(AuthException.class).hasMessage(message);
    assertThat(((AuthException) e).status()).isEqualTo(status);
  }

  @Test
  void loginIssuesTokensWithTheRightClaims() throws Exception {
    String t = tenant();
    users.add(t, "agent-1", "alice", HASH, Set.of(Role.AGENT, Role.SUPERVISOR));
    AuthService.Tokens tokens = login(t, "alice", PASSWORD);

    assertThat(tokens.expiresInSeconds()).isEqualTo(900);
    Map<String, Object> access = SignedJWT.parse(tokens.accessToken()).getJWTClaimsSet().toJSONObject();
    assertThat(access).containsEntry("sub", "agent-1").containsEntry("tenant", t).containsEntry("typ", "access")
        .containsEntry("iss", "switchboard").containsKeys("jti", "iat", "nbf", "exp");
    assertThat(access.get("roles")).isEqualTo(List.of("agent", "supervisor"));
    assertThat(((Number) access.get("exp")).longValue() - ((Number) access.get("iat")).longValue()).isEqualTo(900);
    Map<String, Object> refresh = SignedJWT.parse(tokens.refreshToken()).getJWTClaimsSet().toJSONObject();
    assertThat(refresh).containsEntry("typ", "refresh").containsEntry("sub", "agent-1").containsKey("fam");
    assertThat(((Number) refresh.get("exp")).longValue() - ((Number) refresh.get("iat")).longValue())
        .isEqualTo(86_400);
    String jti = (String) refresh.get("jti");
    assertThat(side.get(RefreshSessions.tokenKey(t, jti))).isEqualTo("live");
    assertThat(side.ttl(RefreshSessions.tokenKey(t, jti))).isBetween(86_000L, 86_400L);

    Principal p = auth.verify(tokens.accessToken()).await();
    assertThat(p).isEqualTo(new Principal(t, "agent-1", Set.of(Role.AGENT, Role.SUPERVISOR), Principal.Kind.USER));
  }

  @Test
  void wrongPasswordAndUnknownUserFailAlikeAndTakeSimilarTime() {
    String t = tenant();
    users.add(t, "agent-1", "alice", HASH, Set.of(Role.AGENT));
    List<Long> wrong = new ArrayList<>();
    List<Long> unknown = new ArrayList<>();
    for (int i = 0; i < 3; i++) { // warm-up
      assertAuthFailure(auth.login(t, "alice" + i, "x"), 401, "invalid username or password");
    }
    for (int i = 0; i < 7; i++) {
      long t0 = System.nanoTime();
      assertAuthFailure(auth.login(t, "alice", "wrong password " + i), 401, "invalid username or password");
      wrong.add(System.nanoTime() - t0);
      t0 = System.nanoTime();
      assertAuthFailure(auth.login(t, "nobody", "wrong password " + i), 401, "invalid username or password");
      unknown.add(System.nanoTime() - t0);
    }
    // Same user name in another tenant: the tenant is part of the lookup.
    assertAuthFailure(auth.login(tenant(), "alice", PASSWORD), 401, "invalid username or password");
    Collections.sort(wrong);
    Collections.sort(unknown);
    org.slf4j.LoggerFactory.getLogger(AuthServiceIT.class).info("login timing wrongPasswordNs={} unknownUserNs={}",
        wrong, unknown);
    // Without the dummy bcrypt an unknown user would answer in a small fraction of a bcrypt (a map lookup).
    assertThat(unknown.get(3)).isGreaterThan(wrong.get(3) / 3);
  }

  @Test
  void disabledUserIsRefused() {
    String t = tenant();
    users.add(t, "agent-1", "alice", HASH, Set.of(Role.AGENT));
    users.setEnabled(t, "agent-1", false);
    assertAuthFailure(auth.login(t, "alice", PASSWORD), 403, "account disabled");
    // Without the right password nothing tells that the account exists.
    assertAuthFailure(auth.login(t, "alice", "guess"), 401, "invalid username or password");
  }

  @Test
  void tenFailuresLockTheAccountForThatSourceOnly() {
    String t = tenant();
    users.add(t, "agent-1", "alice", HASH, Set.of(Role.AGENT));
    users.add(t, "agent-2", "bob", HASH, Set.of(Role.AGENT));
    String stranger = "203.0.113.7";
    // A success clears earlier failures.
    for (int i = 0; i < 3; i++) {
      assertAuthFailure(auth.login(t, "alice", "nope", stranger), 401, "invalid username or password");
    }
    remember(auth.login(t, "alice", PASSWORD, stranger).await());
    assertThat(side.exists(LoginThrottle.key(t, "alice", stranger))).isZero();

    for (int i = 0; i < 10; i++) {
      assertAuthFailure(auth.login(t, "alice", "nope", stranger), 401, "invalid username or password");
    }
    Throwable e = failure(auth.login(t, "alice", PASSWORD, stranger)); // even the right password now
    assertThat(e).isInstanceOf(TooManyAttemptsException.class);
    assertThat(((TooManyAttemptsException) e).retryAfterSeconds()).isBetween(290L, 300L);
    assertThat(side.pttl(LoginThrottle.key(t, "alice", stranger))).isBetween(290_000L, 300_000L);
    // The real user, from another address, is not locked out by the stranger.
    remember(auth.login(t, "alice", PASSWORD, "198.51.100.20").await());
    // Unknown user names are throttled the same way; other users are not affected.
    for (int i = 0; i < 10; i++) {
      assertAuthFailure(auth.login(t, "ghost", "nope", stranger), 401, "invalid username or password");
    }
    assertThat(failure(auth.login(t, "ghost", "nope", stranger))).isInstanceOf(TooManyAttemptsException.class);
    remember(auth.login(t, "bob", PASSWORD, stranger).await());
    // The lockout ends with the key's TTL.
    side.del(LoginThrottle.key(t, "alice", stranger));
    remember(auth.login(t, "alice", PASSWORD, stranger).await());
  }

  @Test
  void sprayingOneGuessOverManyAccountsIsCutPerSource() {
    String t = tenant();
    users.add(t, "agent-1", "alice", HASH, Set.of(Role.AGENT));
    String sprayer = "203.0.113.9";
    for (int i = 0; i < 30; i++) { // auth.login.source-max-failures
      assertAuthFailure(auth.login(t, "user" + i, "Summer2026!", sprayer), 401, "invalid username or password");
    }
    Throwable e = failure(auth.login(t, "alice", PASSWORD, sprayer));
    assertThat(e).isInstanceOf(TooManyAttemptsException.class);
    assertThat(((TooManyAttemptsException) e).retryAfterSeconds()).isBetween(1L, 300L);
    remember(auth.login(t, "alice", PASSWORD, "198.51.100.21").await());
  }

  @Test
  void failuresBeyondTheFreeOnesBackOffExponentiallyPerSource() throws Exception {
    SwitchboardConfig strict = AuthTestSupport.config("auth.login.backoff-after", "2",
        "auth.login.backoff-base-ms", "1000");
    try (AuthService slow = AuthTestSupport.start(vertx, redis, strict, users, HASHER)) {
      String t = tenant();
      users.add(t, "agent-1", "alice", HASH, Set.of(Role.AGENT));
      String a = "203.0.113.11";
      for (int i = 0; i < 3; i++) { // two free, the third costs 1 s
        assertAuthFailure(slow.login(t, "alice", "nope", a), 401, "invalid username or password");
      }
      Throwable wait = failure(slow.login(t, "alice", PASSWORD, a));
      assertThat(((TooManyAttemptsException) wait).retryAfterSeconds()).isEqualTo(1L);
      remember(slow.login(t, "alice", PASSWORD, "198.51.100.22").await()); // another source is not held back
      Thread.sleep(1100);
      assertAuthFailure(slow.login(t, "alice", "nope", a), 401, "invalid username or password");
      assertThat(((TooManyAttemptsException) failure(slow.login(t, "alice", PASSWORD, a))).retryAfterSeconds())
          .isEqualTo(2L);
    }
  }

  @Test
  void revokingAUsersTokensRefusesThemAtOnce() {
    String t = tenant();
    users.add(t, "agent-1", "alice", HASH, Set.of(Role.AGENT));
    AuthService.Tokens before = login(t, "alice", PASSWORD);
    assertThat(auth.verify(before.accessToken()).await().subject()).isEqualTo("agent-1");
    auth.epochs().revoke(vertx.getOrCreateContext(), t, "agent-1").await();
    assertAuthFailure(auth.verify(before.accessToken()), 401, "token revoked");
    assertAuthFailure(auth.refresh(before.refreshToken()), 401, "refresh token revoked or expired");
    AuthService.Tokens after = login(t, "alice", PASSWORD);
    assertThat(auth.verify(after.accessToken()).await().subject()).isEqualTo("agent-1");
    assertThat(remember(auth.refresh(after.refreshToken()).await()).accessToken()).isNotNull();
  }

  static AuthService.Tokens remember(AuthService.Tokens t) {
    SECRETS.add(t.accessToken());
    SECRETS.add(t.refreshToken());
    return t;
  }

  @Test
  void refreshRotatesAndDetectsReuse() throws Exception {
    String t = tenant();
    users.add(t, "agent-1", "alice", HASH, Set.of(Role.AGENT));
    AuthService.Tokens first = login(t, "alice", PASSWORD);

    users.setRoles(t, "agent-1", Set.of(Role.AGENT, Role.ADMIN)); // roles are re-read on refresh
    AuthService.Tokens second = auth.refresh(first.refreshToken()).await();
    SECRETS.add(second.accessToken());
    SECRETS.add(second.refreshToken());
    assertThat(second.refreshToken()).isNotEqualTo(first.refreshToken());
    assertThat(auth.verify(second.accessToken()).await().roles()).containsExactlyInAnyOrder(Role.AGENT, Role.ADMIN);
    String fam1 = SignedJWT.parse(first.refreshToken()).getJWTClaimsSet().getStringClaim("fam");
    assertThat(SignedJWT.parse(second.refreshToken()).getJWTClaimsSet().getStringClaim("fam")).isEqualTo(fam1);

    // Reuse of the spent token: refused, and the whole family dies (the newer token too).
    assertAuthFailure(auth.refresh(first.refreshToken()), 401, "refresh token already used; log in again");
    assertAuthFailure(auth.refresh(second.refreshToken()), 401, "refresh token revoked or expired");
    // A new login starts a new, working family.
    AuthService.Tokens again = login(t, "alice", PASSWORD);
    SECRETS.add(auth.refresh(again.refreshToken()).await().refreshToken());
  }

  @Test
  void refreshNeedsAnEnabledExistingUser() {
    String t = tenant();
    users.add(t, "agent-1", "alice", HASH, Set.of(Role.AGENT));
    AuthService.Tokens a = login(t, "alice", PASSWORD);
    AuthService.Tokens b = login(t, "alice", PASSWORD);
    users.setEnabled(t, "agent-1", false);
    assertAuthFailure(auth.refresh(a.refreshToken()), 401, "account disabled or removed");
    users.remove(t, "agent-1");
    assertAuthFailure(auth.refresh(b.refreshToken()), 401, "account disabled or removed");
  }

  @Test
  void tokenTypesAreNotInterchangeable() {
    String t = tenant();
    users.add(t, "agent-1", "alice", HASH, Set.of(Role.ADMIN));
    AuthService.Tokens tokens = login(t, "alice", PASSWORD);
    assertAuthFailure(auth.verify(tokens.refreshToken()), 401, "not an access token");
    assertAuthFailure(auth.refresh(tokens.accessToken()), 401, "not a refresh token");
    assertAuthFailure(auth.logout(tokens.accessToken()), 401, "not a refresh token");
  }

  @Test
  void expiredAndBrokenBearersAreRefused() {
    String t = tenant();
    String expired = AuthTestSupport.expiredAccessToken(auth, t, "agent-1", Set.of(Role.ADMIN));
    assertAuthFailure(auth.verify(expired), 401, "token expired");
    assertAuthFailure(auth.verify(""), 401, "missing bearer token");
    assertAuthFailure(auth.verify(null), 401, "missing bearer token");
    assertAuthFailure(auth.verify("not-a-jwt"), 401, "invalid token");
    assertAuthFailure(auth.refresh("not-a-jwt"), 401, "invalid token");
  }

  @Test
  void logoutRevokesTheRefreshToken() {
    String t = tenant();
    users.add(t, "agent-1", "alice", HASH, Set.of(Role.AGENT));
    AuthService.Tokens tokens = login(t, "alice", PASSWORD);
    auth.logout(tokens.refreshToken()).await();
    auth.logout(tokens.refreshToken()).await(); // idempotent
    assertAuthFailure(auth.refresh(tokens.refreshToken()), 401, "refresh token revoked or expired");
    // The access token lives on until it expires (stateless by design, 15 minutes).
    assertThat(auth.verify(tokens.accessToken()).await().subject()).isEqualTo("agent-1");
  }

  @Test
  void serviceTokensCreateVerifyListRevoke() {
    String t = tenant();
    ServiceTokens.Created created = auth.createServiceToken(t, "terraform", Set.of(Role.ADMIN)).await();
    String token = created.token();
    SECRETS.add(token);
    assertThat(token).matches("sbk_" + t + "_[0-9a-f]{16}_[A-Za-z0-9_-]{43}");
    String id = created.info().id();
    String secret = token.substring(token.length() - 43);
    assertThat(secret).hasSize(43);

    Principal p = auth.verify(token).await();
    assertThat(p).isEqualTo(new Principal(t, id, Set.of(Role.ADMIN), Principal.Kind.SERVICE));

    // Stored hashed: the secret is nowhere in Redis.
    Map<String, String> stored = side.hgetall(ServiceTokens.key(t, id));
    assertThat(stored).containsEntry("name", "terraform").containsEntry("roles", "admin")
        .containsEntry("hash", ServiceTokens.sha256Hex(secret)).containsKey("createdAt");
    for (String key : side.keys("*")) {
      if ("hash".equals(side.type(key))) {
        assertThat(side.hgetall(key).values()).noneMatch(v -> v.contains(secret));
      } else if ("string".equals(side.type(key))) {
        assertThat(side.get(key)).doesNotContain(secret);
      }
    }
    assertThat(side.smembers(ServiceTokens.index(t))).containsExactly(id);

    ServiceTokens.Created second = auth.createServiceToken(t, "ci", Set.of(Role.AGENT, Role.SUPERVISOR)).await();
    SECRETS.add(second.token());
    List<ServiceTokens.Info> list = auth.listServiceTokens(t).await();
    assertThat(list).extracting(ServiceTokens.Info::id).containsExactly(id, second.info().id());
    assertThat(list.get(1).roles()).containsExactlyInAnyOrder(Role.AGENT, Role.SUPERVISOR);
    assertThat(auth.listServiceTokens(tenant()).await()).isEmpty();

    // Wrong secret, other tenant, unknown id: all just "invalid token".
    String wrongSecret = token.substring(0, token.length() - 43) + "A".repeat(43);
    assertAuthFailure(auth.verify(wrongSecret), 401, "invalid token");
    String otherTenant = token.replace("sbk_" + t + "_", "sbk_" + tenant() + "_");
    assertAuthFailure(auth.verify(otherTenant), 401, "invalid token");
    assertAuthFailure(auth.verify("sbk_" + t + "_0000000000000000_" + secret), 401, "invalid token");
    assertAuthFailure(auth.verify("sbk_" + t + "_" + id + "_short"), 401, "invalid token");
    assertAuthFailure(auth.verify("sbk_{x}_" + id + "_" + secret), 401, "invalid token");

    // Revoke: only within the tenant.
    assertThat(auth.revokeServiceToken(tenant(), id).await()).isFalse();
    assertThat(auth.verify(token).await().subject()).isEqualTo(id);
    assertThat(auth.revokeServiceToken(t, id).await()).isTrue();
    assertThat(auth.revokeServiceToken(t, id).await()).isFalse();
    assertThat(auth.revokeServiceToken(t, "../../etc").await()).isFalse();
    assertAuthFailure(auth.verify(token), 401, "invalid token");
    assertThat(side.exists(ServiceTokens.key(t, id))).isZero();
    assertThat(auth.listServiceTokens(t).await()).extracting(ServiceTokens.Info::id)
        .containsExactly(second.info().id());
  }

  @Test
  void nodesShareTheRedisSecretUnlessOneIsConfigured() {
    String t = tenant();
    users.add(t, "agent-1", "alice", HASH, Set.of(Role.AGENT));
    AuthService.Tokens tokens = login(t, "alice", PASSWORD);
    String secret = side.get(JwtSecret.REDIS_KEY);
    assertThat(secret).hasSizeGreaterThanOrEqualTo(43);

    // A second node on the same Redis (no secret configured) accepts the first node's tokens.
    try (AuthService node2 = AuthTestSupport.start(vertx, redis, AuthTestSupport.config(), users, HASHER)) {
      assertThat(node2.verify(tokens.accessToken()).await().subject()).isEqualTo("agent-1");
      assertThat(side.get(JwtSecret.REDIS_KEY)).isEqualTo(secret); // SET NX: never replaced
    }
    // A node with its own configured secret does not.
    String configured = "configured-secret-0123456789-abcdefghijklmnop";
    SECRETS.add(configured);
    try (AuthService node3 = AuthTestSupport.start(vertx, redis,
        AuthTestSupport.config("auth.jwt.secret", configured), users, HASHER)) {
      assertAuthFailure(node3.verify(tokens.accessToken()), 401, "invalid token");
    }
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void noSecretEverReachedTheLogs() {
    List<String> lines = logs.lines();
    assertThat(lines).as("log lines captured").isNotEmpty();
    assertThat(lines).anyMatch(l -> l.contains("login ok"));
    for (String secret : SECRETS) {
      assertThat(lines).noneMatch(l -> l.contains(secret));
      // Not even a recognisable piece of one (e.g. a JWT signature or a service-token secret).
      String tail = secret.substring(secret.length() - 20);
      assertThat(lines).noneMatch(l -> l.contains(tail));
    }
    assertThat(SECRETS).hasSizeGreaterThan(10);
  }
}
