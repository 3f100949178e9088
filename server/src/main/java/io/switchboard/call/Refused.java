package io.switchboard.call;

/** An INVITE refused with its SIP status: no stack trace, it is not an error of ours. */
final class Refused extends RuntimeException {
  final int status;

  Refused(int status, String reason) {
    super(reason, null, false, false);
    this.status = status;
  }
}
