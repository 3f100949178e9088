package io.switchboard.auth;

import io.switchboard.config.SwitchboardConfig;
import io.switchboard.redis.RedisConnections;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Login, token refresh and logout for users; verification of every bearer credential (access JWTs and
 * service tokens); management of service tokens.
 *
 * <p>Lifecycle: create ONE per node with {@link #create} (reads or creates the shared JWT secret in Redis, then
 * starts Micronaut's JWT context off the event loop) and share it between verticles; {@link #close} on shutdown.
 *
 * <p>Threading: thread-safe. Call the methods on a Vert.x context; their futures complete on it. bcrypt runs on
 * worker threads; JWT checks (well under a millisecond) run on the caller's event loop.
 *
 * <p>Errors: {@link AuthException} (401/403, message safe for clients), {@link TooManyAttemptsException} (429);
 * anything else is an infrastructure failure (Redis down). Error messages never tell whether a user exists.
 */
public final class AuthService implements TokenVerifier, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AuthService.class);
  static final String INVALID_CREDENTIALS = "invalid username or password";

  /** What login and refresh return. {@link #toString} hides the tokens. */
  public record Tokens(String accessToken, String refreshToken, long expiresInSeconds) {
    @Override
    public String toString() {
      return "Tokens[accessToken=***, refreshToken=***, expiresInSeconds=" + expiresInSeconds + "]";
    }
  }

  private final Vertx vertx;
  private final CredentialStore users;
  private final PasswordHasher hasher;
  private final JwtTokens jwt;
  private final String dummyHash;
  private final Duration accessTtl;
  private final Duration refreshTtl;
  private final LoginThrottle throttle;
  private final RefreshSessions sessions;
  private final ServiceTokens serviceTokens;
  private final TokenEpochs epochs;
  private final Clock clock;

  private AuthService(Vertx vertx, RedisConnections redis, SwitchboardConfig config, CredentialStore users,
      PasswordHasher hasher, JwtTokens jwt, String dummyHash, Clock clock, SecureRandom random) {
    this.vertx = vertx;
    this.users = users;
    this.hasher = hasher;
    this.jwt = jwt;
    this.dummyHash = dummyHash;
    this.accessTtl = Duration.ofSeconds(config.accessTokenTtlSeconds());
    this.refreshTtl = Duration.ofSeconds(config.refreshTokenTtlSeconds());
    this.throttle = new LoginThrottle(redis.commands(), config.loginLimits());
    this.sessions = new RefreshSessions(redis.commands(), refreshTtl);
    this.serviceTokens = new ServiceTokens(redis.commands(), clock, random);
    this.epochs = new TokenEpochs(redis);
    this.clock = clock;
  }

  public static Future<AuthService> create(
      Vertx vertx, RedisConnections redis, SwitchboardConfig config, CredentialStore users, PasswordHasher hasher) {
    return create(vertx, redis, config, users, hasher, Clock.systemUTC());
  }

  /** As above with the clock that stamps tokens and service-token creation times. */
  public static Future<AuthService> create(Vertx vertx, RedisConnections redis, SwitchboardConfig config,
      CredentialStore users, PasswordHasher hasher, Clock clock) {
    Context context = vertx.getOrCreateContext();
    SecureRandom random = new SecureRandom();
    return JwtSecret.resolve(config, redis.commands(), context, random)
        .compose(secret -> vertx.executeBlocking(() -> {
          JwtTokens jwt = JwtTokens.start(secret, config.jwtIssuer(), clock);
          try {
            // Unknown users are checked against this hash so they cost the same time as known ones.
            byte[] pw = new byte[18];
            random.nextBytes(pw);
            String dummy = hasher.hash(Base64.getEncoder().encodeToString(pw));
            return new AuthService(vertx, redis, config, users, hasher, jwt, dummy, clock, random);
          } catch (RuntimeException e) {
            jwt.close();
            throw e;
          }
        }));
  }

  /**
   * Checks a user's password and issues an access and a refresh token.
   * Fails 401 {@value #INVALID_CREDENTIALS} for an unknown user or a wrong password alike (same work, same
   * message), 403 "account disabled" only after the right password, 429 when this source is throttled for the
   * user name or across user names ({@link LoginThrottle}).
   *
   * @param source the client's address (the TCP peer): throttling is per source, so a stranger's failures
   *               never lock the real user out from another address
   */
  public Future<Tokens> login(String tenant, String username, String password, String source) {
    if (!Tenants.valid(tenant) || username == null || username.isEmpty() || password == null) {
      return Future.failedFuture(AuthException.unauthenticated(INVALID_CREDENTIALS));
    }
    Context ctx = context();
    String from = source == null || source.isEmpty() ? "unknown" : source;
    return throttle.reserve(ctx, tenant, username, from)
        .compose(v -> users.findByUsername(tenant, username))
        .compose(found -> checkPassword(found, password))
        .compose(user -> {
          if (user.isEmpty() || !tenant.equals(user.get().tenant())) {
            LOG.info("login refused tenant={} reason=bad-credentials", tenant);
            return Future.failedFuture(AuthException.unauthenticated(INVALID_CREDENTIALS));
          }
          CredentialStore.StoredUser u = user.get();
          if (!u.enabled()) {
            LOG.info("login refused tenant={} user={} reason=disabled", tenant, u.id());
            return Future.failedFuture(AuthException.forbidden("account disabled"));
          }
          return throttle.reset(ctx, tenant, username, from).compose(v -> issueCurrent(ctx, u));
        });
  }

  /**
   * Issues a pair stamped with the user's token epoch. The epoch is read BEFORE the user is read again, and the
   * user must still be enabled with the same password hash: a revocation racing with this login either shows in
   * that read (refused) or raises the epoch after we read it (the new tokens are revoked at once).
   */
  private Future<Tokens> issueCurrent(Context ctx, CredentialStore.StoredUser checked) {
    return epochs.current(ctx, checked.tenant(), checked.id()).compose(epoch -> users.findById(checked.tenant(),
        checked.id()).compose(now -> {
          if (now.isEmpty() || !now.get().enabled()
              || !java.util.Objects.equals(now.get().passwordHash(), checked.passwordHash())) {
            LOG.info("login refused tenant={} user={} reason=changed-meanwhile", checked.tenant(), checked.id());
            return Future.failedFuture(AuthException.unauthenticated(INVALID_CREDENTIALS));
          }
          LOG.info("login ok tenant={} user={}", checked.tenant(), checked.id());
          return issuePair(ctx, checked.tenant(), checked.id(), now.get().roles(), UUID.randomUUID().toString(),
              epoch);
        }));
  }

  /** {@link #login(String, String, String, String)} from the in-process source {@code local} (tools, tests). */
  public Future<Tokens> login(String tenant, String username, String password) {
    return login(tenant, username, password, "local");
  }

  /** The user when the password matches, else empty. bcrypt runs on a worker thread. */
  private Future<Optional<CredentialStore.StoredUser>> checkPassword(
      Optional<CredentialStore.StoredUser> found, String password) {
    String hash = found.map(CredentialStore.StoredUser::passwordHash).orElse(dummyHash);
    return vertx.executeBlocking(() -> hasher.verify(password, hash) && found.isPresent(), false)
        .map(ok -> ok ? found : Optional.empty());
  }

  /**
   * Trades a refresh token for a new access and refresh token. The old refresh token is spent; presenting it
   * again revokes its whole family (the user must log in again). The user must still exist and be enabled;
   * roles are read afresh.
   */
  public Future<Tokens> refresh(String refreshToken) {
    JwtTokens.Claims c;
    try {
      c = jwt.validate(refreshToken, JwtTokens.Type.REFRESH);
    } catch (AuthException e) {
      return Future.failedFuture(e);
    }
    Context ctx = context();
    return sessions.consume(ctx, c.tenant(), c.jti(), c.family())
        .compose(outcome -> switch (outcome) {
          case CONSUMED -> epochs.current(ctx, c.tenant(), c.subject()).compose(epoch -> epoch > c.epoch()
              ? Future.failedFuture(AuthException.unauthenticated("refresh token revoked or expired"))
              : users.findById(c.tenant(), c.subject()).map(u -> new Current(u, epoch)));
          case REUSED -> {
            LOG.warn("refresh token reuse tenant={} user={} family={}: family revoked", c.tenant(), c.subject(),
                c.family());
            yield Future.failedFuture(AuthException.unauthenticated("refresh token already used; log in again"));
          }
          case UNKNOWN -> Future.failedFuture(AuthException.unauthenticated("refresh token revoked or expired"));
        })
        .compose(cur -> {
          if (cur.user().isEmpty() || !cur.user().get().enabled()) {
            LOG.info("refresh refused tenant={} user={} reason=disabled-or-removed", c.tenant(), c.subject());
            return Future.failedFuture(AuthException.unauthenticated("account disabled or removed"));
          }
          return issuePair(ctx, c.tenant(), c.subject(), cur.user().get().roles(), c.family(), cur.epoch());
        });
  }

  /** A user as read for a refresh, with the token epoch read just before. */
  private record Current(Optional<CredentialStore.StoredUser> user, long epoch) {}

  /** Revokes a refresh token (and its family). Idempotent for a token that is already spent or revoked. */
  public Future<Void> logout(String refreshToken) {
    JwtTokens.Claims c;
    try {
      c = jwt.validate(refreshToken, JwtTokens.Type.REFRESH);
    } catch (AuthException e) {
      return Future.failedFuture(e);
    }
    LOG.info("logout tenant={} user={}", c.tenant(), c.subject());
    return sessions.revoke(context(), c.tenant(), c.jti(), c.family());
  }

  /** Access JWT or service token → principal. See {@link TokenVerifier}. */
  @Override
  public Future<Principal> verify(String bearer) {
    if (bearer == null || bearer.isBlank()) {
      return Future.failedFuture(AuthException.unauthenticated("missing bearer token"));
    }
    if (ServiceTokens.looksLikeServiceToken(bearer)) {
      return serviceTokens.verify(context(), bearer);
    }
    JwtTokens.Claims c;
    try {
      c = jwt.validate(bearer, JwtTokens.Type.ACCESS);
    } catch (AuthException e) {
      return Future.failedFuture(e);
    }
    return epochs.current(context(), c.tenant(), c.subject()).compose(epoch -> epoch > c.epoch()
        ? Future.failedFuture(AuthException.unauthenticated("token revoked"))
        : Future.succeededFuture(new Principal(c.tenant(), c.subject(), c.roles(), Principal.Kind.USER)));
  }

  /** Token epochs: revoke a user's tokens, or listen for revocations to close that user's sockets. */
  public TokenEpochs epochs() {
    return epochs;
  }

  public Future<ServiceTokens.Created> createServiceToken(String tenant, String name, Set<Role> roles) {
    return serviceTokens.create(context(), tenant, name, roles).onSuccess(c ->
        LOG.info("service token created tenant={} id={} roles={}", tenant, c.info().id(), roles));
  }

  public Future<List<ServiceTokens.Info>> listServiceTokens(String tenant) {
    return serviceTokens.list(context(), tenant);
  }

  /** False when the tenant has no such token. */
  public Future<Boolean> revokeServiceToken(String tenant, String id) {
    return serviceTokens.revoke(context(), tenant, id).onSuccess(found -> {
      if (found) {
        LOG.info("service token revoked tenant={} id={}", tenant, id);
      }
    });
  }

  /** Lifetime of access tokens, as reported to clients in {@code expiresIn}. */
  public Duration accessTokenTtl() {
    return accessTtl;
  }

  /** The signer; tests use it to build tokens of every odd shape. */
  JwtTokens jwt() {
    return jwt;
  }

  private Future<Tokens> issuePair(Context ctx, String tenant, String userId, Set<Role> roles, String family,
      long epoch) {
    java.time.Instant now = clock.instant();
    JwtTokens.Issued access = jwt.issue(JwtTokens.Type.ACCESS, tenant, userId, roles, null, accessTtl, now, epoch);
    // A refresh token grants nothing by itself: roles are re-read from the directory when it is used.
    JwtTokens.Issued refresh = jwt.issue(JwtTokens.Type.REFRESH, tenant, userId, Set.of(), family, refreshTtl, now,
        epoch);
    return sessions.remember(ctx, tenant, refresh.jti())
        .map(v -> new Tokens(access.token(), refresh.token(), accessTtl.toSeconds()));
  }

  private Context context() {
    Context c = Vertx.currentContext();
    return c != null ? c : vertx.getOrCreateContext();
  }

  @Override
  public void close() {
    jwt.close();
  }

  @Override
  public String toString() {
    return "AuthService[" + jwt + "]";
  }
}
