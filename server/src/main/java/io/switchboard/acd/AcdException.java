package io.switchboard.acd;

/**
 * A refused ACD operation. {@code code} is stable and machine-readable (also sent to agents in
 * {@code error} messages); the message explains it to a human.
 */
public final class AcdException extends RuntimeException {
  private final String code;

  public AcdException(String code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
