package io.switchboard.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** JWT issue and validation through the real Micronaut context; no network. */
class JwtTokensTest {
  static final String SECRET = "test-secret-0123456789-abcdefghijklmnopqrstuvwxyz";
  static final String ISSUER = "switchboard-test";
  static JwtTokens jwt;

  @BeforeAll
  static void start() {
    jwt = JwtTokens.start(SECRET, ISSUER, Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    jwt.close();
  }

  private static JwtTokens.Issued access(Set<Role> roles) {
    return jwt.issue(JwtTokens.Type.ACCESS, "acme", "agent-7", roles, null, Duration.ofMinutes(15));
  }

  private static Map<String, Object> claimsOf(String token) throws Exception {
    return SignedJWT.parse(token).getJWTClaimsSet().toJSONObject();
  }

  /** Every claim of a well-formed access token, as a mutable map to spoil one at a time. */
  private static Map<String, Object> goodClaims() {
    long now = Instant.now().getEpochSecond();
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("iss", ISSUER);
    c.put("sub", "agent-7");
    c.put("tenant", "acme");
    c.put("roles", List.of("agent"));
    c.put("typ", "access");
    c.put("jti", "j-1");
    c.put("iat", now);
    c.put("nbf", now);
    c.put("exp", now + 600);
    return c;
  }

  private static void assertRefused(String token, String detail) {
    assertThatThrownBy(() -> jwt.validate(token, JwtTokens.Type.ACCESS))
        .isInstanceOf(AuthException.class)
        .hasMessage(detail)
        .satisfies(e -> assertThat(((AuthException) e).status()).isEqualTo(401));
  }

  @Test
  void issuedAccessTokenCarriesEveryClaimAndValidates() throws Exception {
    Instant before = Instant.now().minusSeconds(1);
    JwtTokens.Issued t = access(Set.of(Role.SUPERVISOR, Role.AGENT));

    Map<String, Object> claims = claimsOf(t.token());
    assertThat(SignedJWT.parse(t.token()).getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
    assertThat(claims).containsEntry("sub", "agent-7").containsEntry("tenant", "acme")
        .containsEntry("typ", "access").containsEntry("iss", ISSUER).containsEntry("jti", t.jti())
        .containsKeys("iat", "nbf", "exp").doesNotContainKey("fam");
    assertThat(claims.get("roles")).isEqualTo(List.of("agent", "supervisor"));
    long exp = ((Number) claims.get("exp")).longValue();
    long iat = ((Number) claims.get("iat")).longValue();
    assertThat(exp - iat).isEqualTo(900);
    assertThat(iat).isGreaterThanOrEqualTo(before.getEpochSecond());

    JwtTokens.Claims c = jwt.validate(t.token(), JwtTokens.Type.ACCESS);
    assertThat(c.tenant()).isEqualTo("acme");
    assertThat(c.subject()).isEqualTo("agent-7");
    assertThat(c.roles()).containsExactlyInAnyOrder(Role.AGENT, Role.SUPERVISOR);
    assertThat(c.type()).isEqualTo(JwtTokens.Type.ACCESS);
    assertThat(c.jti()).isEqualTo(t.jti());
    assertThat(c.expiresAt()).isEqualTo(Instant.ofEpochSecond(exp));
  }

  @Test
  void refreshTokenCarriesFamilyAndIsNotAnAccessToken() {
    JwtTokens.Issued r = jwt.issue(JwtTokens.Type.REFRESH, "acme", "agent-7", Set.of(), "fam-1", Duration.ofHours(1));
    JwtTokens.Claims c = jwt.validate(r.token(), JwtTokens.Type.REFRESH);
    assertThat(c.family()).isEqualTo("fam-1");
    assertRefused(r.token(), "not an access token");
    assertThatThrownBy(() -> jwt.validate(access(Set.of(Role.AGENT)).token(), JwtTokens.Type.REFRESH))
        .hasMessage("not a refresh token");
  }

  @Test
  void expiredTokenIsRefusedAsExpired() {
    Instant hourAgo = Instant.now().minus(Duration.ofHours(1));
    String t = jwt.issue(JwtTokens.Type.ACCESS, "acme", "agent-7", Set.of(Role.AGENT), null, Duration.ofSeconds(60),
        hourAgo).token();
    assertRefused(t, "token expired");
  }

  @Test
  void tokenWithoutExpiryIsRefused() {
    Map<String, Object> c = goodClaims();
    c.remove("exp");
    String t = jwt.sign(c);
    assertRefused(t, "invalid token");
    assertThat(jwt.validate(jwt.sign(goodClaims()), JwtTokens.Type.ACCESS).subject()).isEqualTo("agent-7");
  }

  @Test
  void tokenFromAnotherIssuerIsRefused() {
    Map<String, Object> c = goodClaims();
    c.put("iss", "someone-else");
    assertRefused(jwt.sign(c), "invalid token");
  }

  @Test
  void tokenNotYetValidIsRefused() {
    Map<String, Object> c = goodClaims();
    c.put("nbf", Instant.now().plusSeconds(300).getEpochSecond());
    assertRefused(jwt.sign(c), "invalid token");
  }

  @Test
  void missingOrBadClaimsAreRefused() {
    for (String claim : List.of("tenant", "jti", "typ", "roles", "sub")) {
      Map<String, Object> c = goodClaims();
      c.remove(claim);
      assertRefused(jwt.sign(c), "invalid token");
    }
    Map<String, Object> c = goodClaims();
    c.put("roles", List.of("agent", "root"));
    assertRefused(jwt.sign(c), "invalid token");
    c = goodClaims();
    c.put("tenant", "{other}");
    assertRefused(jwt.sign(c), "invalid token");
  }

  @Test
  void forgedWithAnotherSecretIsRefusedEvenWhenExpired() throws Exception {
    Map<String, Object> good = goodClaims();
    SignedJWT forged = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), JWTClaimsSet.parse(good));
    forged.sign(new MACSigner("another-secret-0123456789-abcdefghijklmnopqrstuvwxyz".getBytes(StandardCharsets.UTF_8)));
    assertRefused(forged.serialize(), "invalid token");

    Map<String, Object> old = goodClaims();
    old.put("exp", Instant.now().minusSeconds(60).getEpochSecond());
    SignedJWT forgedOld = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), JWTClaimsSet.parse(old));
    forgedOld.sign(new MACSigner("another-secret-0123456789-abcdefghijklmnopqrstuvwxyz".getBytes(StandardCharsets.UTF_8)));
    assertRefused(forgedOld.serialize(), "invalid token"); // only our own tokens are reported as merely expired
  }

  @Test
  void tamperedPayloadIsRefused() throws Exception {
    String[] parts = access(Set.of(Role.AGENT)).token().split("\\.");
    Map<String, Object> claims = claimsOf(String.join(".", parts));
    claims.put("roles", List.of("admin"));
    String payload = Base64.getUrlEncoder().withoutPadding()
        .encodeToString(JWTClaimsSet.parse(claims).toString().getBytes(StandardCharsets.UTF_8));
    assertRefused(parts[0] + "." + payload + "." + parts[2], "invalid token");
  }

  @Test
  void algNoneIsRefused() throws Exception {
    String plain = new PlainJWT(JWTClaimsSet.parse(goodClaims())).serialize();
    assertRefused(plain, "invalid token");
    // none header glued to a genuine signature
    String[] parts = access(Set.of(Role.ADMIN)).token().split("\\.");
    String none = Base64.getUrlEncoder().withoutPadding()
        .encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
    assertRefused(none + "." + parts[1] + "." + parts[2], "invalid token");
    assertRefused(none + "." + parts[1] + ".", "invalid token");
  }

  @Test
  void garbageIsRefused() {
    for (String s : List.of("x", "a.b.c", "....", "eyJhbGciOiJIUzI1NiJ9.e30.", "sbk_nope", "x".repeat(10_000))) {
      assertRefused(s, "invalid token");
    }
    assertRefused(null, "invalid token");
  }

  @Test
  void toStringNeverShowsTokensOrSecret() {
    JwtTokens.Issued t = access(Set.of(Role.AGENT));
    assertThat(t.toString()).doesNotContain(t.token()).contains("***");
    assertThat(jwt.toString()).doesNotContain(SECRET);
    AuthService.Tokens pair = new AuthService.Tokens("access-secret", "refresh-secret", 900);
    assertThat(pair.toString()).doesNotContain("access-secret").doesNotContain("refresh-secret");
    ServiceTokens.Created created = new ServiceTokens.Created(
        new ServiceTokens.Info("0123456789abcdef", "tf", Set.of(Role.ADMIN), Instant.EPOCH), "sbk_acme_x_secret");
    assertThat(created.toString()).doesNotContain("sbk_acme_x_secret");
    assertThat(AuthTestSupport.config("auth.jwt.secret", SECRET).toString()).doesNotContain(SECRET);
  }

  @Test
  void systemPropertiesCannotChangeSecuritySettings() throws Exception {
    // If Micronaut read system properties (or env vars), this would add a second accepted signing key,
    // an audience requirement, and turn off nbf checks.
    String evilSecret = "evil-secret-0123456789-abcdefghijklmnopqrstuvwxyz";
    Map<String, String> props = Map.of(
        "micronaut.security.token.jwt.signatures.secret.evil.secret", evilSecret,
        "micronaut.security.token.jwt.claims-validators.audience", "evil",
        "micronaut.security.token.jwt.claims-validators.not-before", "false");
    props.forEach(System::setProperty);
    try (JwtTokens other = JwtTokens.start(SECRET, ISSUER, Clock.systemUTC())) {
      SignedJWT forged = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), JWTClaimsSet.parse(goodClaims()));
      forged.sign(new MACSigner(evilSecret.getBytes(StandardCharsets.UTF_8)));
      assertThatThrownBy(() -> other.validate(forged.serialize(), JwtTokens.Type.ACCESS)).hasMessage("invalid token");
      Map<String, Object> future = goodClaims();
      future.put("nbf", Instant.now().plusSeconds(300).getEpochSecond());
      assertThatThrownBy(() -> other.validate(other.sign(future), JwtTokens.Type.ACCESS)).hasMessage("invalid token");
      assertThat(other.validate(jwt.sign(goodClaims()), JwtTokens.Type.ACCESS).tenant()).isEqualTo("acme");
    } finally {
      props.keySet().forEach(System::clearProperty);
    }
  }

  @Test
  void shortSecretIsRejectedAtStart() {
    assertThatThrownBy(() -> JwtTokens.start("too-short", ISSUER, Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("too-short");
  }

  /** Not an assertion: how much an access-token check costs on this machine (it runs on event loops). */
  @Test
  void measureValidateCost() {
    String t = access(Set.of(Role.AGENT)).token();
    for (int i = 0; i < 2_000; i++) {
      jwt.validate(t, JwtTokens.Type.ACCESS);
    }
    int n = 10_000;
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      jwt.validate(t, JwtTokens.Type.ACCESS);
    }
    double us = (System.nanoTime() - t0) / 1_000.0 / n;
    long s0 = System.nanoTime();
    for (int i = 0; i < 1_000; i++) {
      access(Set.of(Role.AGENT));
    }
    double issueUs = (System.nanoTime() - s0) / 1_000.0 / 1_000;
    LoggerFactory.getLogger(JwtTokensTest.class).info(
        "jwt cost validateUs={} issueUs={} (HS256, n={})", String.format("%.1f", us), String.format("%.1f", issueUs), n);
  }
}
