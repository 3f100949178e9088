package io.switchboard.api;

import io.switchboard.auth.AuthException;
import io.switchboard.auth.Principal;
import io.switchboard.auth.Role;
import io.switchboard.auth.TokenVerifier;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RouteGuard} for {@code Authorization: Bearer <access JWT | service token>}.
 *
 * <p>401 problem for a missing, malformed, invalid, expired or wrong-type credential (the detail says which,
 * never whether a user exists); 403 problem naming the roles needed; otherwise the principal is left for
 * {@link Principals#of} and the next handler runs. If the verifier itself fails (Redis down) the answer is 503.
 *
 * <p>The request is paused while the credential is checked (service tokens need Redis), so a
 * {@code BodyHandler} placed after the guard still receives the whole body.
 */
public final class BearerGuard implements RouteGuard {
  private static final Logger LOG = LoggerFactory.getLogger(BearerGuard.class);
  private static final String SCHEME = "bearer ";

  private final TokenVerifier verifier;

  public BearerGuard(TokenVerifier verifier) {
    this.verifier = verifier;
  }

  @Override
  public Handler<RoutingContext> require(Role... anyOf) {
    Set<Role> wanted = anyOf.length == 0 ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(Arrays.asList(anyOf));
    String needed = wanted.stream().map(Role::wire).sorted().collect(Collectors.joining(" or "));
    return rc -> check(rc, wanted, needed);
  }

  private void check(RoutingContext rc, Set<Role> wanted, String needed) {
    List<String> headers = rc.request().headers().getAll("Authorization");
    if (headers.isEmpty()) {
      Problem.unauthorized("missing bearer token").send(rc.response());
      return;
    }
    String header = headers.get(0);
    if (headers.size() > 1 || header.length() <= SCHEME.length()
        || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      Problem.unauthorized("malformed Authorization header: expected 'Bearer <token>'").send(rc.response());
      return;
    }
    String token = header.substring(SCHEME.length()).trim();
    HttpServerRequest request = rc.request();
    boolean paused = !request.isEnded();
    if (paused) {
      request.pause();
    }
    verifier.verify(token).onComplete(ar -> {
      if (paused) {
        request.resume();
      }
      if (ar.failed()) {
        refuse(rc, ar.cause());
        return;
      }
      Principal p = ar.result();
      if (!wanted.isEmpty() && !p.hasAny(wanted)) {
        Problem.forbidden("requires role " + needed).send(rc.response());
        return;
      }
      Principals.set(rc, p);
      rc.next();
    });
  }

  private static void refuse(RoutingContext rc, Throwable cause) {
    if (cause instanceof AuthException a) {
      (a.status() == 403 ? Problem.forbidden(a.getMessage()) : Problem.unauthorized(a.getMessage()))
          .send(rc.response());
      return;
    }
    LOG.warn("token check failed path={} error={}", rc.normalizedPath(), cause.toString());
    new Problem(503, "Service Unavailable", "authentication is temporarily unavailable", List.of())
        .send(rc.response());
  }
}
