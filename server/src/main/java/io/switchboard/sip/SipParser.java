package io.switchboard.sip;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses one SIP message from bytes: a UDP datagram, or one message cut from a stream by
 * {@link SipStreamFramer}. Strict RFC 3261 §7/§25 grammar, tested against every RFC 4475 message.
 *
 * <p>Framing (§18.3): the header section ends at the first CRLFCRLF; CRLFs before the start line are
 * skipped (§7.5). With a Content-Length the body is that many bytes and anything after it in the
 * datagram is discarded (RFC 4475 dblreq); a Content-Length larger than what arrived is an error
 * (clerr); without one the body is the rest of the datagram. The start line and headers must be valid
 * UTF-8.
 *
 * <p>Beyond the grammar: the mandatory headers (§8.1.1: Via, From, To, Call-ID, CSeq, and Max-Forwards
 * in requests), no repeats of single-valued ones (RFC 4475 multi01, mcl01), the CSeq method equal to
 * the request method (mismatch01/02), SIP/2.0 only (505, badvers). Stricter than RFC 4475 in one place:
 * the RFC 2543-style inv2543 has no Max-Forwards and is refused with 400 rather than accepted for
 * backward compatibility.
 *
 * <p>Thread-safe (stateless apart from its limits).
 */
public final class SipParser {
  private static final byte[] CRLFCRLF = {'\r', '\n', '\r', '\n'};

  private final SipLimits limits;

  public SipParser() {
    this(SipLimits.DEFAULTS);
  }

  public SipParser(SipLimits limits) {
    this.limits = limits;
  }

  public SipLimits limits() {
    return limits;
  }

  public SipMessage parse(byte[] data) throws SipParseException {
    return parse(data, 0, data.length);
  }

  /** Parses one message; any problem is a {@link SipParseException} saying whether to answer or drop. */
  public SipMessage parse(byte[] data, int offset, int length) throws SipParseException {
    if (length > limits.maxMessageBytes()) {
      throw new SipParseException(513, "Message Too Large", null);
    }
    int end = offset + length;
    int start = offset;
    while (start < end && (data[start] == '\r' || data[start] == '\n')) {
      start++;
    }
    if (start == end) {
      throw SipParseException.drop("Empty message");
    }
    int blank = indexOf(data, start, end, CRLFCRLF);
    int headEnd = blank >= 0 ? blank : end;
    Head head = head(data, start, headEnd, blank >= 0);
    if (blank < 0) {
      head.error("Missing blank line after headers");
    }
    int bodyStart = blank < 0 ? end : blank + 4;
    byte[] body = body(head, data, bodyStart, end);
    checkMessage(head);
    if (head.error != null) {
      throw failure(head);
    }
    SipHeaders headers = SipHeaders.of(head.headers);
    return head.request
        ? new SipRequest(head.method, head.uri, headers, body)
        : new SipResponse(head.status, head.reason, headers, body);
  }

  /** A datagram of nothing but CR and LF: a keep-alive (RFC 5626 §3.5.1), not a message. */
  public static boolean isKeepAlive(byte[] data, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      if (data[i] != '\r' && data[i] != '\n') {
        return false;
      }
    }
    return length > 0;
  }

  /** The header section of a stream message whose framing failed: answer it if it is readable enough. */
  SipParseException framingError(byte[] data, int start, int headEnd, int status, String reason) {
    Head head = head(data, start, headEnd, true);
    checkMessage(head);
    if (head.error == null) {
      head.error(status, reason);
    }
    return failure(head);
  }

  /** Parses the head; bytes that are not UTF-8 become U+FFFD and an "Invalid UTF-8" error. */
  private Head head(byte[] data, int start, int headEnd, boolean blankFound) {
    int stop = headEnd;
    if (!blankFound && stop - start >= 2 && data[stop - 2] == '\r' && data[stop - 1] == '\n') {
      stop -= 2; // the last header line's CRLF, when the blank line is missing (RFC 4475 baddn)
    }
    String text = decode(data, start, stop);
    boolean utf8 = text != null;
    if (!utf8) {
      text = new String(data, start, stop - start, StandardCharsets.UTF_8);
    }
    Head head = HeadParser.parse(text, limits);
    if (!utf8) {
      head.error("Invalid UTF-8");
    }
    return head;
  }

  /**
   * The bytes as text, or null when they are not UTF-8. Nearly every head is ASCII, which Latin-1 decodes to the same
   * text without a decoder per message.
   */
  private static String decode(byte[] data, int from, int to) {
    if (ascii(data, from, to)) {
      return new String(data, from, to - from, StandardCharsets.ISO_8859_1);
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(data, from, to - from)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static boolean ascii(byte[] data, int from, int to) {
    for (int i = from; i < to; i++) {
      if (data[i] < 0) {
        return false;
      }
    }
    return true;
  }

  private static byte[] body(Head head, byte[] data, int bodyStart, int end) {
    if (head.contentLengths.isEmpty()) {
      return Arrays.copyOfRange(data, bodyStart, end);
    }
    String cl = head.contentLengths.get(0);
    if (!Chars.isDigits(cl)) {
      return new byte[0]; // already an error
    }
    long n = Long.parseLong(cl);
    if (n > end - bodyStart) {
      head.error("Content-Length exceeds message"); // §18.3, RFC 4475 clerr
      return new byte[0];
    }
    return Arrays.copyOfRange(data, bodyStart, bodyStart + (int) n);
  }

  /** Checks that need the whole header section: mandatory headers, the CSeq method, Contact: *. */
  private static void checkMessage(Head head) {
    List<String> mandatory = head.request
        ? List.of(HeaderNames.VIA, HeaderNames.FROM, HeaderNames.TO, HeaderNames.CALL_ID, HeaderNames.CSEQ,
            HeaderNames.MAX_FORWARDS)
        : List.of(HeaderNames.VIA, HeaderNames.FROM, HeaderNames.TO, HeaderNames.CALL_ID, HeaderNames.CSEQ);
    for (String name : mandatory) {
      if (head.headers.stream().noneMatch(h -> h.is(name))) {
        head.error("Missing " + name + " header"); // RFC 4475 insuf
      }
    }
    String cseq = head.firstValid(HeaderNames.CSEQ);
    if (head.request && cseq != null && !CSeq.parse(cseq).method().equals(head.method)) {
      head.error("CSeq method does not match"); // RFC 4475 mismatch01, mismatch02
    }
  }

  private static SipParseException failure(Head head) {
    if (!head.request || head.responseVia() == null) {
      return new SipParseException(head.errorStatus, head.error, null);
    }
    return new SipParseException(head.errorStatus, head.error, partial(head));
  }

  /** The request as far as §8.2.6.2 needs it: method, Request-URI, and the valid Via, From, To, Call-ID, CSeq. */
  private static SipRequest partial(Head head) {
    SipHeaders h = head.validHeaders(HeaderNames.VIA, HeaderNames.FROM, HeaderNames.TO, HeaderNames.CALL_ID,
        HeaderNames.CSEQ, HeaderNames.TIMESTAMP);
    SipHeaders.Builder b = SipHeaders.builder();
    String top = head.responseVia();
    b.add(HeaderNames.VIA, top);
    boolean skipTop = head.topViaValid();
    Set<String> taken = new HashSet<>();
    for (SipHeader x : h.asList()) {
      if (x.is(HeaderNames.VIA)) {
        if (skipTop) {
          skipTop = false; // the top one, added above
        } else {
          b.add(x); // the other valid hops, in order
        }
      } else if (taken.add(x.name())) {
        b.add(x); // the first valid one (RFC 4475 multi01 has two of each)
      }
    }
    String method = head.method;
    if (!Chars.isToken(method)) {
      String cseq = head.firstValid(HeaderNames.CSEQ);
      method = cseq != null ? CSeq.parse(cseq).method() : "UNKNOWN";
    }
    String uri = head.uri.isEmpty() || head.uri.chars().anyMatch(c -> c <= ' ') ? "sip:invalid.invalid" : head.uri;
    return new SipRequest(method, uri, b.build(), new byte[0]);
  }

  static int indexOf(byte[] data, int from, int to, byte[] needle) {
    outer:
    for (int i = from; i <= to - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (data[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
