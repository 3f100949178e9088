package io.switchboard.media.sdp;

/**
 * An SDP offer that cannot be used. {@link #field} names the offending line type (e.g. {@code "c"}, {@code "m=audio"},
 * {@code "line 4"}) and {@link #kind} tells the SIP layer which response to send.
 */
public final class SdpException extends Exception {
  /** What the SIP layer answers. */
  public enum Kind {
    /** Not valid SDP: 400 Bad Request. */
    MALFORMED(400),
    /** Valid, but nothing acceptable (no audio, no common codec): 488 Not Acceptable Here (RFC 3261 13.3.1.1). */
    NOT_ACCEPTABLE(488);

    public final int sipStatus;

    Kind(int sipStatus) {
      this.sipStatus = sipStatus;
    }
  }

  private final Kind kind;
  private final String field;
  private final String reason;

  public SdpException(Kind kind, String field, String message) {
    super(field + ": " + message, null, false, false);
    this.kind = kind;
    this.field = field;
    this.reason = message;
  }

  /** The message without the field name. */
  public String reason() {
    return reason;
  }

  public Kind kind() {
    return kind;
  }

  public String field() {
    return field;
  }
}
