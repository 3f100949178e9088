package io.switchboard.call;

/**
 * An INVITE refused with its SIP status: no stack trace, it is not an error of ours. {@code retryAfterSeconds}: the
 * Retry-After of the response (0: none).
 */
final class Refused extends RuntimeException {
  final int status;
  final int retryAfterSeconds;

  Refused(int status, String reason) {
    this(status, reason, 0);
  }

  Refused(int status, String reason, int retryAfterSeconds) {
    super(reason, null, false, false);
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
