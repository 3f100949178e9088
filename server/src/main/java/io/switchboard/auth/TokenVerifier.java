package io.switchboard.auth;

import io.vertx.core.Future;

/**
 * Turns a bearer credential (an access JWT or a service token) into a {@link Principal}.
 *
 * <p>Contract: the returned future fails with {@link AuthException} when the credential is missing,
 * malformed, forged, expired, revoked or of the wrong type (a refresh token is not an access token).
 * Must be called on a Vert.x context; completes on that context.
 */
public interface TokenVerifier {
  Future<Principal> verify(String bearer);
}
