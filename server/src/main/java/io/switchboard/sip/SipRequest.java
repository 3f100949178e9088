package io.switchboard.sip;

import java.util.Optional;

/**
 * A request: Method SP Request-URI SP SIP-Version (RFC 3261 §7.1). The Request-URI is kept as text
 * because it need not be a SIP URI (RFC 4475 unkscm, novelsc: the parser accepts them and
 * {@link #sipUri()} is empty, so the layer above answers 416). Immutable.
 */
public final class SipRequest extends SipMessage {
  private final String method;
  private final String uri;

  /** Builds a request without validating it (see {@link SipParser} for validated ones). */
  public SipRequest(String method, String uri, SipHeaders headers, byte[] body) {
    super(headers, body);
    if (!Chars.isToken(method)) {
      throw new IllegalArgumentException("method must be a token");
    }
    if (uri.isEmpty() || uri.chars().anyMatch(c -> c <= ' ')) {
      throw new IllegalArgumentException("Request-URI must be non-empty without blanks");
    }
    this.method = method;
    this.uri = uri;
  }

  /** Case-sensitive (RFC 3261 §7.1): "invite" is not INVITE. */
  public String method() {
    return method;
  }

  public boolean isMethod(String m) {
    return method.equals(m);
  }

  public String requestUri() {
    return uri;
  }

  /** The Request-URI parsed, when it is a sip: or sips: URI. */
  public Optional<SipUri> sipUri() {
    return SipUri.hasSipScheme(uri) ? Optional.of(SipUri.parse(uri)) : Optional.empty();
  }

  public SipRequest withHeaders(SipHeaders headers) {
    return new SipRequest(method, uri, headers, body());
  }

  public SipRequest withBody(byte[] body) {
    return new SipRequest(method, uri, headers(), body);
  }

  @Override
  public String startLine() {
    return method + " " + uri + " " + VERSION;
  }
}
