package io.switchboard.auth;

/** Authentication or authorisation failed; the message says why and is safe to show the client. */
public final class AuthException extends RuntimeException {
  private final int status;

  private AuthException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  /** 401: who you are could not be established. */
  public static AuthException unauthenticated(String why) {
    return new AuthException(401, why);
  }

  /** 403: who you are is known, but you may not do this. */
  public static AuthException forbidden(String why) {
    return new AuthException(403, why);
  }

  public int status() {
    return status;
  }
}
