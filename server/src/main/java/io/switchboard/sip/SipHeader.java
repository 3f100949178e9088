package io.switchboard.sip;

/**
 * One header field value: the canonical name ({@link HeaderNames#canonical}) and one value — one
 * element of a list header, already unfolded and trimmed. A value never holds CR or LF, so nothing
 * put here can inject a header line into a serialized message.
 */
public record SipHeader(String name, String value) {
  public SipHeader {
    if (!Chars.isToken(name)) {
      throw new IllegalArgumentException("header name must be a token");
    }
    if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("header value must not contain CR or LF");
    }
    name = HeaderNames.canonical(name);
    if (name.equals(HeaderNames.CONTENT_LENGTH)) {
      throw new IllegalArgumentException("Content-Length is derived from the body");
    }
  }

  /** Is this header {@code other} (case-insensitive, compact forms expanded)? */
  public boolean is(String other) {
    return HeaderNames.same(name, other);
  }
}
