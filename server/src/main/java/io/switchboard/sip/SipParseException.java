package io.switchboard.sip;

import java.util.Optional;

/**
 * A message that cannot be accepted. The message text is a short Reason-Phrase (no CR/LF, only
 * characters the §25 grammar allows there) naming the problem, e.g. "Missing Call-ID header".
 *
 * <p>Two kinds (RFC 3261 §18.1.2, §18.3, §16.3): {@link #respondable()} means the request was readable
 * enough — a valid top Via to route the answer — that the sender deserves a {@link #status()} response,
 * built from {@link #partialRequest()} with {@link SipResponses#create}. Otherwise the bytes are dropped:
 * garbage, oversize, or any malformed response (responses are never answered).
 */
public final class SipParseException extends Exception {
  private final int status;
  private final SipRequest partial;

  SipParseException(int status, String reason, SipRequest partial) {
    super(sanitize(reason), null, false, false);
    this.status = status;
    this.partial = partial;
  }

  static SipParseException drop(String reason) {
    return new SipParseException(400, reason, null);
  }

  /** The status a response would carry: 400, 505 (RFC 4475 badvers) or 513 (too large). */
  public int status() {
    return status;
  }

  public boolean respondable() {
    return partial != null;
  }

  /**
   * What could be read of the request: its method (or CSeq's when the start line was unreadable), the
   * valid Via values and the first valid From, To, Call-ID and CSeq — what §8.2.6.2 copies into a
   * response. Absent when the message must be dropped.
   */
  public Optional<SipRequest> partialRequest() {
    return Optional.ofNullable(partial);
  }

  /** At most 100 characters of unreserved / reserved / SP (Reason-Phrase, §25.1), anything else as "_". */
  static String sanitize(String reason) {
    StringBuilder b = new StringBuilder(Math.min(reason.length(), 100));
    for (int i = 0; i < reason.length() && b.length() < 100; i++) {
      char c = reason.charAt(i);
      b.append(c == ' ' || (c < 0x80 && (Chars.unreserved(c) || Chars.reserved(c))) ? c : '_');
    }
    return b.toString();
  }
}
