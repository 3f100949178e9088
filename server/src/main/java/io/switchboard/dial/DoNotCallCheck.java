package io.switchboard.dial;

import io.vertx.core.Future;

/**
 * Whether a number is on the tenant's do-not-call list now. A check that fails (the store cannot be reached) fails
 * the dial: a number is dialed only when it is known not to be listed.
 */
@FunctionalInterface
public interface DoNotCallCheck {
  /** A check for tenants without a list: nothing is listed. */
  DoNotCallCheck NONE = (tenant, e164) -> Future.succeededFuture(false);

  Future<Boolean> listed(String tenant, String e164);
}
