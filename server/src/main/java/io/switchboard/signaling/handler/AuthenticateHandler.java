package io.switchboard.signaling.handler;

import io.switchboard.auth.Principal;
import io.switchboard.auth.Role;
import io.switchboard.signaling.Authenticator;
import io.switchboard.signaling.Inbound;
import io.switchboard.signaling.MessageHandler;
import io.switchboard.signaling.Session;
import io.switchboard.signaling.SignalingError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * {@code authenticate}: renews the socket's access token before it expires (else the socket closes with
 * 4001). The new token must belong to the same tenant and subject; the socket keeps the roles it was
 * opened with (gaining a role needs a reconnect), and a token that lost one of them closes the socket
 * with 4003.
 */
public final class AuthenticateHandler implements MessageHandler<Inbound.Authenticate> {
  private final Authenticator authenticator;

  public AuthenticateHandler(Authenticator authenticator) {
    this.authenticator = authenticator;
  }

  @Override
  public String type() {
    return "authenticate";
  }

  @Override
  public Class<Inbound.Authenticate> messageClass() {
    return Inbound.Authenticate.class;
  }

  @Override
  public Role requiredRole() {
    return null;
  }

  @Override
  public Future<JsonObject> handle(Session session, Inbound.Authenticate m) {
    return authenticator.verify(m.token()).compose(v -> {
      Principal now = session.principal();
      Principal p = v.principal();
      if (!p.tenant().equals(now.tenant()) || !p.subject().equals(now.subject())) {
        return Future.failedFuture(new SignalingError(
            SignalingError.TOKEN_MISMATCH, "token", "the token belongs to another user; open a new socket"));
      }
      if (!p.roles().containsAll(now.roles())) {
        session.close(Session.CLOSE_FORBIDDEN, "roles changed; reconnect");
        return Future.failedFuture(SignalingError.forbidden("the token lost a role this socket uses"));
      }
      session.renew(new Principal(now.tenant(), now.subject(), now.roles(), now.kind()), v.expiresAtMs());
      return Future.succeededFuture();
    });
  }
}
