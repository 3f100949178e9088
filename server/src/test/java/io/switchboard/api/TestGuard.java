package io.switchboard.api;

import io.switchboard.auth.Principal;
import io.switchboard.auth.Role;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.EnumSet;
import java.util.Set;

/**
 * A {@link RouteGuard} for tests that trusts principal headers instead of tokens: {@code X-Test-Tenant},
 * {@code X-Test-Subject}, {@code X-Test-Roles} (comma-separated wire names). Same answers as the real guard:
 * 401 without a principal, 403 without one of the required roles. Never used outside tests.
 */
public final class TestGuard implements RouteGuard {
  @Override
  public Handler<RoutingContext> require(Role... anyOf) {
    Set<Role> wanted = Set.of(anyOf);
    return rc -> {
      String tenant = rc.request().getHeader("X-Test-Tenant");
      String subject = rc.request().getHeader("X-Test-Subject");
      String roles = rc.request().getHeader("X-Test-Roles");
      if (tenant == null || subject == null || roles == null) {
        Problem.unauthorized("no principal").send(rc.response());
        return;
      }
      Set<Role> have = EnumSet.noneOf(Role.class);
      for (String r : roles.split(",")) {
        Role.fromWire(r.trim()).ifPresent(have::add);
      }
      Principal p = new Principal(tenant, subject, have, Principal.Kind.USER);
      if (!p.hasAny(wanted)) {
        Problem.forbidden("requires one of " + wanted).send(rc.response());
        return;
      }
      Principals.set(rc, p);
      rc.next();
    };
  }
}
