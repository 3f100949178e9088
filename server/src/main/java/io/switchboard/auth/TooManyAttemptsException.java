package io.switchboard.auth;

/**
 * Login refused because too many attempts failed recently for this tenant and user name (HTTP 429).
 * {@link #retryAfterSeconds()} is when the window closes, for a {@code Retry-After} header.
 */
public final class TooManyAttemptsException extends RuntimeException {
  private final long retryAfterSeconds;

  public TooManyAttemptsException(long retryAfterSeconds) {
    super("too many failed login attempts, retry in " + retryAfterSeconds + " s", null, false, false);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
