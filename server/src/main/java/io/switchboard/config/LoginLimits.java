package io.switchboard.config;

import java.time.Duration;

/**
 * The login throttle's limits (settings {@code auth.login.*}; defaults and meaning in
 * switchboard-reference.conf).
 *
 * @param maxFailures         failed attempts one source may make on one account before it is locked out
 * @param lockout             how long that lockout lasts (and how long failures are remembered)
 * @param backoffAfter        failures per account and source that cost nothing (typos)
 * @param backoffBase         wait before the attempt after the first costly failure; doubles with each further one
 * @param sourceMaxFailures   failed attempts one source may make across all accounts (of a tenant) per window
 * @param sourceWindow        that window
 */
public record LoginLimits(int maxFailures, Duration lockout, int backoffAfter, Duration backoffBase,
    int sourceMaxFailures, Duration sourceWindow) {
  public LoginLimits {
    if (maxFailures < 1 || sourceMaxFailures < 1 || backoffAfter < 0 || lockout.isNegative() || lockout.isZero()
        || sourceWindow.isNegative() || sourceWindow.isZero() || backoffBase.isNegative()) {
      throw new IllegalArgumentException("login limits must be positive");
    }
  }
}
