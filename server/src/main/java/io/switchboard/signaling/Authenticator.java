package io.switchboard.signaling;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.switchboard.auth.AuthException;
import io.switchboard.auth.Principal;
import io.switchboard.auth.Role;
import io.switchboard.auth.TokenVerifier;
import io.vertx.core.Future;
import io.vertx.core.http.ServerWebSocketHandshake;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * Who may hold a signaling socket: a user (not a service token) with the role agent, supervisor, team-leader or
 * manager (an admin alone has no socket),
 * proven by an access token that the {@link TokenVerifier} accepts. Used at the handshake and by
 * {@code authenticate}. Never logs or echoes a token.
 */
public final class Authenticator {
  static final String QUERY_PARAM = "access_token";
  private static final Set<Role> ALLOWED = Set.of(Role.AGENT, Role.SUPERVISOR, Role.TEAM_LEADER, Role.MANAGER);

  /** A verified principal and when its token stops being valid (epoch ms). */
  public record Verified(Principal principal, long expiresAtMs) {}

  private final TokenVerifier verifier;
  private final Clock clock;
  private final long fallbackTtlMs;

  /**
   * @param fallbackTtlMs lifetime assumed for a valid token without an {@code exp} claim (the access-token TTL)
   */
  Authenticator(TokenVerifier verifier, Clock clock, long fallbackTtlMs) {
    this.verifier = verifier;
    this.clock = clock;
    this.fallbackTtlMs = fallbackTtlMs;
  }

  /** Verifies {@code token}; fails with {@link AuthException} 401 (bad token) or 403 (wrong role / kind). */
  public Future<Verified> verify(String token) {
    if (token == null || token.isBlank()) {
      return Future.failedFuture(AuthException.unauthenticated("missing access token"));
    }
    Future<Principal> verified;
    try {
      verified = verifier.verify(token);
    } catch (RuntimeException e) {
      verified = Future.failedFuture(e);
    }
    return verified.transform(ar -> {
      if (ar.failed()) {
        return Future.failedFuture(ar.cause() instanceof AuthException a
            ? a : AuthException.unauthenticated("invalid access token"));
      }
      Principal p = ar.result();
      if (p.kind() != Principal.Kind.USER) {
        return Future.failedFuture(AuthException.forbidden("service tokens cannot open agent sockets"));
      }
      if (!p.hasAny(ALLOWED)) {
        return Future.failedFuture(AuthException.forbidden(
            "signaling needs the role agent, supervisor, team-leader or manager"));
      }
      long exp = TokenExpiry.of(token).orElse(clock.millis() + fallbackTtlMs);
      return Future.succeededFuture(new Verified(p, exp));
    });
  }

  /**
   * The bearer credential of a handshake: {@code Authorization: Bearer <t>} if present, else the
   * {@code access_token} query parameter (browsers cannot set headers on {@code new WebSocket(url)}).
   */
  static String bearer(ServerWebSocketHandshake hs) {
    String auth = hs.headers().get("Authorization");
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return auth.substring(7).trim();
    }
    String query = hs.query();
    if (query == null || query.isEmpty()) {
      return null;
    }
    List<String> values = new QueryStringDecoder("?" + query).parameters().get(QUERY_PARAM);
    return values == null || values.size() != 1 ? null : values.get(0);
  }
}
