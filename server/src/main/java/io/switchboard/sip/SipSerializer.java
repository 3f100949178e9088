package io.switchboard.sip;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Message to bytes (RFC 3261 §7): start line, one "Name: value" line per header value with the long
 * canonical name (never compact forms, never folded), Content-Length computed from the body (always
 * written: mandatory on streams, harmless on UDP, §20.14), a blank line, the body. Every line ends with
 * CRLF. Parsing the output gives back an equal message. Thread-safe.
 */
public final class SipSerializer {
  private SipSerializer() {}

  public static byte[] serialize(SipMessage m) {
    StringBuilder b = new StringBuilder(512);
    b.append(m.startLine()).append("\r\n");
    for (SipHeader h : m.headers().asList()) {
      b.append(h.name()).append(':');
      if (!h.value().isEmpty()) {
        b.append(' ').append(h.value());
      }
      b.append("\r\n");
    }
    b.append(HeaderNames.CONTENT_LENGTH).append(": ").append(m.contentLength()).append("\r\n\r\n");
    byte[] head = b.toString().getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(head.length + m.contentLength());
    out.writeBytes(head);
    out.writeBytes(m.body());
    return out.toByteArray();
  }
}
