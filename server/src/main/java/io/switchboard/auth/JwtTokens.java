package io.switchboard.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.micronaut.context.ApplicationContext;
import io.micronaut.security.token.generator.TokenGenerator;
import io.micronaut.security.token.jwt.validator.JsonWebTokenValidator;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issues and checks the node's HS256 JWTs with Micronaut Security JWT, used as a library.
 *
 * <p>One small Micronaut {@link ApplicationContext} per node holds the generator and validator beans. It is
 * configured only from the properties given to {@link #start}: Micronaut's default property sources
 * (environment variables, system properties) are switched off so nothing outside {@code SwitchboardConfig}
 * can weaken the security settings. Starting it costs about a second and blocks: call {@link #start} off the
 * event loop, once per node, and {@link #close} it on shutdown.
 *
 * <p>Claims: {@code sub} (agent id), {@code tenant}, {@code roles} (wire names), {@code typ} (access|refresh),
 * {@code jti}, {@code iss}, {@code iat}, {@code nbf}, {@code exp}, {@code ep} (the user's token epoch, for
 * revocation; optional when validating, read as 0); refresh tokens add {@code fam} (the login
 * session they descend from, for reuse detection). Micronaut checks signature, {@code exp}, {@code nbf} and
 * {@code iss}; this class additionally requires {@code exp} (Micronaut accepts a token without one), the type
 * and every claim above.
 *
 * <p>Thread-safe. {@link #issue} and {@link #validate} are synchronous and take well under a millisecond, so
 * they may run on an event loop. Never logs a token or the secret.
 */
public final class JwtTokens implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JwtTokens.class);
  private static final int MAX_TOKEN_CHARS = 8192;

  /** The {@code typ} claim. */
  public enum Type {
    ACCESS, REFRESH;

    public String wire() {
      return this == ACCESS ? "access" : "refresh";
    }

    static Optional<Type> fromWire(Object s) {
      return "access".equals(s) ? Optional.of(ACCESS) : "refresh".equals(s) ? Optional.of(REFRESH) : Optional.empty();
    }
  }

  /**
   * What a valid token says. {@code family} is null for access tokens. {@code epoch} is the user's token epoch
   * when the token was issued (0 when the token has no {@code ep} claim); a token whose epoch is below the
   * user's current one has been revoked ({@link TokenEpochs}).
   */
  public record Claims(String tenant, String subject, Set<Role> roles, Type type, String jti, String family,
      Instant expiresAt, long epoch) {
    public Claims {
      roles = Set.copyOf(roles);
    }
  }

  /** A freshly signed token; {@link #toString} never shows it. */
  public record Issued(String token, String jti, Instant expiresAt) {
    @Override
    public String toString() {
      return "Issued[jti=" + jti + ", expiresAt=" + expiresAt + ", token=***]";
    }
  }

  private final ApplicationContext context;
  private final TokenGenerator generator;
  private final JsonWebTokenValidator<JWT, Object> validator;
  private final MACVerifier diagnosis;
  private final String issuer;
  private final Clock clock;

  private JwtTokens(ApplicationContext context, String secret, String issuer, Clock clock) throws JOSEException {
    this.context = context;
    this.generator = context.getBean(TokenGenerator.class);
    @SuppressWarnings("unchecked")
    JsonWebTokenValidator<JWT, Object> v = context.getBean(JsonWebTokenValidator.class);
    this.validator = v;
    this.diagnosis = new MACVerifier(secret.getBytes(StandardCharsets.UTF_8));
    this.issuer = issuer;
    this.clock = clock;
  }

  /**
   * Starts the Micronaut context (blocking, ~1 s) and warms the signer up.
   *
   * @param secret HS256 key, at least 32 bytes of UTF-8
   * @param issuer the {@code iss} written into and required from every token
   */
  public static JwtTokens start(String secret, String issuer, Clock clock) {
    if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < 32) {
      throw new IllegalArgumentException("JWT secret must be at least 32 bytes (256 bits) for HS256");
    }
    LogGuard.apply();
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("micronaut.application.name", issuer);
    props.put("micronaut.security.token.jwt.signatures.secret.generator.secret", secret);
    props.put("micronaut.security.token.jwt.signatures.secret.generator.jws-algorithm", "HS256");
    props.put("micronaut.security.token.jwt.signatures.secret.generator.base64", false);
    // Off by default in Micronaut: a token whose nbf lies in the future would otherwise be accepted.
    props.put("micronaut.security.token.jwt.claims-validators.not-before", true);
    props.put("micronaut.security.token.jwt.claims-validators.issuer", issuer);
    long t0 = System.nanoTime();
    ApplicationContext ctx = ApplicationContext.builder()
        .deduceEnvironment(false)
        .deduceCloudEnvironment(false)
        .banner(false)
        .environmentPropertySource(false)
        .enableDefaultPropertySources(false)
        .properties(props)
        .start();
    try {
      JwtTokens tokens = new JwtTokens(ctx, secret, issuer, clock);
      tokens.warmUp();
      LOG.info("jwt ready issuer={} alg=HS256 startMs={}", issuer, (System.nanoTime() - t0) / 1_000_000);
      return tokens;
    } catch (JOSEException | RuntimeException e) {
      ctx.close();
      throw new IllegalStateException("JWT signer failed to start: " + e.getMessage(), e);
    }
  }

  /** First use of Nimbus costs tens of milliseconds of class loading: pay it here, not on an event loop. */
  private void warmUp() {
    Issued t = issue(Type.ACCESS, "warm-up", "warm-up", Set.of(), null, Duration.ofSeconds(60));
    validate(t.token(), Type.ACCESS);
  }

  /** Signs a token valid from now for {@code ttl}. {@code family} is required for refresh tokens, ignored otherwise. */
  public Issued issue(Type type, String tenant, String subject, Set<Role> roles, String family, Duration ttl) {
    return issue(type, tenant, subject, roles, family, ttl, clock.instant());
  }

  Issued issue(Type type, String tenant, String subject, Set<Role> roles, String family, Duration ttl, Instant now) {
    return issue(type, tenant, subject, roles, family, ttl, now, 0);
  }

  /** As above, stamped with the user's token {@code epoch} (claim {@code ep}). */
  Issued issue(Type type, String tenant, String subject, Set<Role> roles, String family, Duration ttl, Instant now,
      long epoch) {
    if (type == Type.REFRESH && family == null) {
      throw new IllegalArgumentException("a refresh token needs a family");
    }
    long iat = now.getEpochSecond();
    long exp = iat + ttl.toSeconds();
    String jti = UUID.randomUUID().toString();
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", issuer);
    claims.put("sub", subject);
    claims.put("tenant", tenant);
    claims.put("roles", roles.stream().sorted().map(Role::wire).toList());
    claims.put("typ", type.wire());
    claims.put("jti", jti);
    claims.put("iat", iat);
    claims.put("nbf", iat);
    claims.put("exp", exp);
    claims.put("ep", epoch);
    if (type == Type.REFRESH) {
      claims.put("fam", family);
    }
    return new Issued(sign(claims), jti, Instant.ofEpochSecond(exp));
  }

  /** Signs exactly {@code claims} (numbers for iat/nbf/exp in epoch seconds). Tests use it to build odd tokens. */
  String sign(Map<String, Object> claims) {
    return generator.generateToken(claims)
        .orElseThrow(() -> new IllegalStateException("JWT signing failed (see the Micronaut warning above)"));
  }

  /**
   * Checks signature, issuer, time window, type and claims.
   *
   * @throws AuthException 401 with "token expired", "not an access token" / "not a refresh token" or "invalid token"
   */
  public Claims validate(String token, Type expected) {
    if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
      throw AuthException.unauthenticated("invalid token");
    }
    Optional<JWT> jwt;
    try {
      jwt = validator.validate(token, null);
    } catch (RuntimeException e) {
      jwt = Optional.empty(); // malformed input must never escape as a 500
    }
    if (jwt.isEmpty()) {
      throw AuthException.unauthenticated(expiredButGenuine(token) ? "token expired" : "invalid token");
    }
    try {
      return claims(jwt.get().getJWTClaimsSet(), expected);
    } catch (ParseException e) {
      throw AuthException.unauthenticated("invalid token");
    }
  }

  private Claims claims(JWTClaimsSet c, Type expected) throws ParseException {
    Optional<Type> type = Type.fromWire(c.getClaim("typ"));
    if (c.getExpirationTime() == null || !issuer.equals(c.getIssuer()) || type.isEmpty()) {
      throw AuthException.unauthenticated("invalid token");
    }
    if (type.get() != expected) {
      throw AuthException.unauthenticated(expected == Type.ACCESS ? "not an access token" : "not a refresh token");
    }
    String tenant = c.getStringClaim("tenant");
    String subject = c.getSubject();
    String jti = c.getJWTID();
    String family = c.getStringClaim("fam");
    List<String> wireRoles = c.getStringListClaim("roles");
    if (!Tenants.valid(tenant) || subject == null || subject.isEmpty() || jti == null || wireRoles == null
        || (expected == Type.REFRESH && (family == null || family.isEmpty()))) {
      throw AuthException.unauthenticated("invalid token");
    }
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String r : wireRoles) {
      roles.add(Role.fromWire(r).orElseThrow(() -> AuthException.unauthenticated("invalid token")));
    }
    Long epoch = c.getLongClaim("ep");
    if (epoch != null && epoch < 0) {
      throw AuthException.unauthenticated("invalid token");
    }
    return new Claims(tenant, subject, roles, type.get(), jti,
        expected == Type.REFRESH ? family : null, c.getExpirationTime().toInstant(), epoch == null ? 0 : epoch);
  }

  /**
   * Micronaut only says "invalid". To tell a client that its token merely expired (so it should refresh), check
   * the signature ourselves: only a token we signed is reported as expired.
   */
  private boolean expiredButGenuine(String token) {
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(diagnosis)) {
        return false;
      }
      var exp = jwt.getJWTClaimsSet().getExpirationTime();
      return exp != null && !exp.toInstant().isAfter(Instant.now());
    } catch (ParseException | JOSEException | RuntimeException e) {
      return false;
    }
  }

  public String issuer() {
    return issuer;
  }

  @Override
  public void close() {
    context.close();
  }

  @Override
  public String toString() {
    return "JwtTokens[issuer=" + issuer + ", alg=HS256, secret=***]";
  }
}
