package io.switchboard.sip;

/**
 * A response: SIP-Version SP Status-Code SP Reason-Phrase (RFC 3261 §7.2). The reason may be empty
 * (RFC 4475 noreason) and may hold UTF-8 (RFC 4475 unreason). Immutable.
 */
public final class SipResponse extends SipMessage {
  private final int status;
  private final String reason;

  public SipResponse(int status, String reason, SipHeaders headers, byte[] body) {
    super(headers, body);
    if (status < 100 || status > 699) {
      throw new IllegalArgumentException("status must be 100..699");
    }
    if (!Chars.isText(reason)) {
      throw new IllegalArgumentException("reason must not contain control characters");
    }
    this.status = status;
    this.reason = reason;
  }

  public int status() {
    return status;
  }

  public String reason() {
    return reason;
  }

  /** 1xx. */
  public boolean provisional() {
    return status < 200;
  }

  public SipResponse withHeaders(SipHeaders headers) {
    return new SipResponse(status, reason, headers, body());
  }

  public SipResponse withBody(byte[] body) {
    return new SipResponse(status, reason, headers(), body);
  }

  @Override
  public String startLine() {
    return VERSION + " " + status + " " + reason;
  }
}
