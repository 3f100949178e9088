package io.switchboard.sip;

import java.util.Map;
import java.util.Optional;

/**
 * Responses to a request, built as RFC 3261 §8.2.6 says: the Via values in order, From, To, Call-ID
 * and CSeq copied, a To tag added when the UAS asks for one and the request had none (§8.2.6.2; never
 * on 100 Trying), and Timestamp copied into a 100 (§8.2.6.1). No body. Thread-safe.
 */
public final class SipResponses {
  private static final Map<Integer, String> REASONS = Map.ofEntries(
      Map.entry(100, "Trying"), Map.entry(180, "Ringing"), Map.entry(181, "Call Is Being Forwarded"),
      Map.entry(182, "Queued"), Map.entry(183, "Session Progress"), Map.entry(200, "OK"),
      Map.entry(202, "Accepted"), Map.entry(300, "Multiple Choices"), Map.entry(301, "Moved Permanently"),
      Map.entry(302, "Moved Temporarily"), Map.entry(305, "Use Proxy"), Map.entry(380, "Alternative Service"),
      Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(402, "Payment Required"),
      Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"),
      Map.entry(406, "Not Acceptable"), Map.entry(407, "Proxy Authentication Required"),
      Map.entry(408, "Request Timeout"), Map.entry(410, "Gone"), Map.entry(413, "Request Entity Too Large"),
      Map.entry(414, "Request-URI Too Long"), Map.entry(415, "Unsupported Media Type"),
      Map.entry(416, "Unsupported URI Scheme"), Map.entry(420, "Bad Extension"),
      Map.entry(421, "Extension Required"), Map.entry(423, "Interval Too Brief"),
      Map.entry(480, "Temporarily Unavailable"), Map.entry(481, "Call/Transaction Does Not Exist"),
      Map.entry(482, "Loop Detected"), Map.entry(483, "Too Many Hops"), Map.entry(484, "Address Incomplete"),
      Map.entry(485, "Ambiguous"), Map.entry(486, "Busy Here"), Map.entry(487, "Request Terminated"),
      Map.entry(488, "Not Acceptable Here"), Map.entry(491, "Request Pending"), Map.entry(493, "Undecipherable"),
      Map.entry(500, "Server Internal Error"), Map.entry(501, "Not Implemented"), Map.entry(502, "Bad Gateway"),
      Map.entry(503, "Service Unavailable"), Map.entry(504, "Server Time-out"),
      Map.entry(505, "Version Not Supported"), Map.entry(513, "Message Too Large"),
      Map.entry(600, "Busy Everywhere"), Map.entry(603, "Decline"), Map.entry(604, "Does Not Exist Anywhere"),
      Map.entry(606, "Not Acceptable"));

  private SipResponses() {}

  /** The §21 reason phrase of a status, or "Status NNN" for an unregistered one. */
  public static String reason(int status) {
    return REASONS.getOrDefault(status, "Status " + status);
  }

  public static SipResponse create(SipRequest request, int status) {
    return create(request, status, reason(status), null);
  }

  public static SipResponse create(SipRequest request, int status, String reason) {
    return create(request, status, reason, null);
  }

  /**
   * @param toTag the UAS's tag for the To header, added only if the request's To has none and the
   *     status is not 100; null for none
   */
  public static SipResponse create(SipRequest request, int status, String reason, String toTag) {
    SipHeaders in = request.headers();
    SipHeaders.Builder out = SipHeaders.builder();
    for (String via : in.values(HeaderNames.VIA)) {
      out.add(HeaderNames.VIA, via);
    }
    in.first(HeaderNames.FROM).ifPresent(v -> out.add(HeaderNames.FROM, v));
    in.first(HeaderNames.TO).ifPresent(v -> out.add(HeaderNames.TO, withTag(v, status, toTag)));
    in.first(HeaderNames.CALL_ID).ifPresent(v -> out.add(HeaderNames.CALL_ID, v));
    in.first(HeaderNames.CSEQ).ifPresent(v -> out.add(HeaderNames.CSEQ, v));
    if (status == 100) {
      in.first(HeaderNames.TIMESTAMP).ifPresent(v -> out.add(HeaderNames.TIMESTAMP, v));
    }
    return new SipResponse(status, reason, out.build(), new byte[0]);
  }

  /** The answer a parse failure deserves (400, 505 or 513 with the parser's reason), if any. */
  public static Optional<SipResponse> forParseError(SipParseException e) {
    return e.partialRequest().map(r -> create(r, e.status(), e.getMessage()));
  }

  private static String withTag(String to, int status, String tag) {
    if (tag == null || status == 100 || NameAddr.parse(to, "To header").tag().isPresent()) {
      return to;
    }
    if (!Chars.isToken(tag)) {
      throw new IllegalArgumentException("tag must be a token");
    }
    return to + ";tag=" + tag;
  }
}
