package io.switchboard.api;

import io.switchboard.auth.Role;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Puts authentication and a role check in front of a route. The handler verifies the bearer credential
 * ({@code Authorization: Bearer ...}), leaves the {@link io.switchboard.auth.Principal} for
 * {@link Principals#of}, and answers 401 (no or bad credential) or 403 (wrong role) as problem+json.
 */
public interface RouteGuard {
  /** Lets the request through when the principal has at least one of {@code anyOf}. */
  Handler<RoutingContext> require(Role... anyOf);
}
