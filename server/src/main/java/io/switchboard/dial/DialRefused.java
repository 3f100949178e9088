package io.switchboard.dial;

/**
 * A dial refused before anything is sent: {@link #reason()} is one of the stable codes below (docs/protocol.md,
 * {@code call.dial}), {@link #field()} the request field at fault, or null. No stack trace: not a bug of ours.
 */
public final class DialRefused extends RuntimeException {
  /** Not a phone number (or not one in the tenant's default country when written without a country code). */
  public static final String INVALID_NUMBER = "invalid-number";
  /** The number starts with one of the tenant's blocked prefixes (premium ranges by default). */
  public static final String BLOCKED_NUMBER = "blocked-number";
  /** The number is on the tenant's do-not-call list (or the list could not be read: never dialed unchecked). */
  public static final String DO_NOT_CALL = "do-not-call";
  /** The tenant allows only some prefixes and the number starts with none of them. */
  public static final String NOT_ALLOWED_NUMBER = "not-allowed-number";
  /** Neither the queue nor the tenant's dial policy names a caller ID. */
  public static final String NO_CALLER_ID = "no-caller-id";
  /** The queue does not exist, or the agent does not serve it. */
  public static final String BAD_QUEUE = "bad-queue";
  /** The tenant has no usable outbound trunk. */
  public static final String NO_TRUNK = "no-trunk";

  private final String reason;
  private final String field;

  public DialRefused(String reason, String field, String message) {
    super(message, null, false, false);
    this.reason = reason;
    this.field = field;
  }

  public String reason() {
    return reason;
  }

  /** The request field at fault ({@code number}, {@code queueId}), or null. */
  public String field() {
    return field;
  }
}
