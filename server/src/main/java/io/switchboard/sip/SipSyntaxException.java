package io.switchboard.sip;

/**
 * A header value, URI or other SIP element that does not match the RFC 3261 §25 grammar. Thrown by the
 * typed parsers ({@link SipUri#parse}, {@link Via#parse}, ...) and by the accessors of a {@link SipMessage}
 * that was built by hand with a malformed value; a message that came out of {@link SipParser} never
 * throws it. The message is short and names the element, never echoes the input.
 */
public final class SipSyntaxException extends IllegalArgumentException {
  public SipSyntaxException(String message) {
    super(message);
  }
}
