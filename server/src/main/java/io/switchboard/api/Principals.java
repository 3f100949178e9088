package io.switchboard.api;

import io.switchboard.auth.Principal;
import io.vertx.ext.web.RoutingContext;

/** Where the auth guard leaves the verified principal on a request. */
public final class Principals {
  static final String KEY = "switchboard.principal";

  private Principals() {}

  public static void set(RoutingContext rc, Principal p) {
    rc.put(KEY, p);
  }

  /** The principal the guard verified; a route without a guard in front of it is a programming error. */
  public static Principal of(RoutingContext rc) {
    Principal p = rc.get(KEY);
    if (p == null) {
      throw new IllegalStateException("route " + rc.normalizedPath() + " has no auth guard");
    }
    return p;
  }
}
