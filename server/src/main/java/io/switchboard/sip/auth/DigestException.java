package io.switchboard.sip.auth;

/** A challenge or credentials we cannot use; the message names the parameter, never a secret. */
public final class DigestException extends RuntimeException {
  public DigestException(String message) {
    super(message, null, false, false);
  }
}
