package io.switchboard.sip;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts a byte stream (TCP, TLS) into SIP messages (RFC 3261 §18.3): the header section ends at
 * CRLFCRLF and Content-Length, mandatory on streams (§20.14), says how many body bytes follow. CRLFs
 * between messages are skipped (§7.5); a CRLFCRLF there is a keep-alive ping (RFC 5626 §3.5.1, answer
 * with one CRLF) and reported as {@link KeepAlive}.
 *
 * <p>A framing error (no, bad or several Content-Length; more than {@link SipLimits#maxMessageBytes}
 * pending) cannot be recovered from: {@link #feed} throws, the connection must be closed (after the 400
 * the exception may allow), and the framer refuses further input. Hand each {@link Message} to
 * {@link SipParser#parse}. Not thread-safe: one per connection, fed from its event loop.
 */
public final class SipStreamFramer {
  /** What the stream yielded. */
  public sealed interface Frame permits Message, KeepAlive {}

  /** One complete message: header section, blank line and exactly Content-Length body bytes. */
  public record Message(byte[] bytes) implements Frame {}

  /** A CRLFCRLF ping between messages. */
  public record KeepAlive() implements Frame {}

  private static final byte[] CRLFCRLF = {'\r', '\n', '\r', '\n'};

  private final SipParser parser;
  private final int max;
  private byte[] buf = new byte[2048];
  private int len;
  private int crlfPairs;
  private boolean failed;

  public SipStreamFramer(SipParser parser) {
    this.parser = parser;
    this.max = parser.limits().maxMessageBytes();
  }

  public List<Frame> feed(byte[] data) throws SipParseException {
    return feed(data, 0, data.length);
  }

  /** Adds bytes read from the connection; returns the frames they completed, in order. */
  public List<Frame> feed(byte[] data, int offset, int length) throws SipParseException {
    if (failed) {
      throw new IllegalStateException("the stream had a framing error; close the connection");
    }
    append(data, offset, length);
    List<Frame> out = new ArrayList<>();
    int pos = 0;
    try {
      while (true) {
        pos = skipCrlf(pos, out);
        if (pos == len || buf[pos] == '\r') {
          break; // nothing, or a CR whose LF has not arrived yet
        }
        int total = messageLength(pos);
        if (total < 0 || len - pos < total) {
          break;
        }
        out.add(new Message(Arrays.copyOfRange(buf, pos, pos + total)));
        pos += total;
      }
    } catch (SipParseException e) {
      failed = true;
      throw e;
    }
    System.arraycopy(buf, pos, buf, 0, len - pos);
    len -= pos;
    return out;
  }

  /** Bytes held for an incomplete message. */
  public int buffered() {
    return len;
  }

  private int skipCrlf(int pos, List<Frame> out) {
    while (pos < len && (buf[pos] == '\r' || buf[pos] == '\n')) {
      if (buf[pos] == '\r' && pos + 1 == len) {
        return pos;
      }
      if (buf[pos] == '\r' && buf[pos + 1] == '\n') {
        pos += 2;
        if (++crlfPairs == 2) {
          out.add(new KeepAlive());
          crlfPairs = 0;
        }
      } else {
        pos++;
        crlfPairs = 0;
      }
    }
    if (pos < len) {
      crlfPairs = 0;
    }
    return pos;
  }

  /** Length of the message starting at {@code pos}, or -1 if its header section is not complete yet. */
  private int messageLength(int pos) throws SipParseException {
    int blank = SipParser.indexOf(buf, pos, len, CRLFCRLF);
    if (blank < 0) {
      if (len - pos > max) {
        throw new SipParseException(513, "Message Too Large", null);
      }
      return -1;
    }
    long body = contentLength(pos, blank);
    long total = blank + 4L - pos + body;
    if (total > max) {
      throw parser.framingError(buf, pos, blank, 513, "Message Too Large");
    }
    return (int) total;
  }

  /** The Content-Length of the header section [pos, blank), folded lines and "l" included. */
  private long contentLength(int pos, int blank) throws SipParseException {
    String[] lines = new String(buf, pos, blank - pos, StandardCharsets.ISO_8859_1).split("\r\n");
    List<String> values = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0 && !Chars.wsp(lines[i].charAt(0))
          && HeaderNames.same(Chars.trim(lines[i].substring(0, colon)), HeaderNames.CONTENT_LENGTH)) {
        StringBuilder v = new StringBuilder(lines[i].substring(colon + 1));
        while (i + 1 < lines.length && !lines[i + 1].isEmpty() && Chars.wsp(lines[i + 1].charAt(0))) {
          v.append(lines[++i]);
        }
        values.add(Chars.trim(v.toString()));
      }
    }
    if (values.isEmpty()) {
      throw parser.framingError(buf, pos, blank, 400, "Missing Content-Length header");
    }
    long n = Chars.boundedNumber(values.get(0), Integer.MAX_VALUE);
    if (values.size() > 1 || n < 0) {
      throw parser.framingError(buf, pos, blank, 400, "Bad Content-Length header"); // RFC 4475 mcl01, ncl
    }
    return n;
  }

  private void append(byte[] data, int offset, int length) {
    if (len + length > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + length));
    }
    System.arraycopy(data, offset, buf, len, length);
    len += length;
  }
}
