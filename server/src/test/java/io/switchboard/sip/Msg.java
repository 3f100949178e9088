package io.switchboard.sip;

import java.nio.charset.StandardCharsets;

/** Test messages written as lines; joined with CRLF, the blank line and body appended. */
final class Msg {
  private Msg() {}

  static final String VIA = "Via: SIP/2.0/UDP client.example.com:5060;branch=z9hG4bK74bf9";
  static final String[] OPTIONS_HEADERS = {
      VIA, "Max-Forwards: 70", "To: <sip:bob@example.com>", "From: Alice <sip:alice@example.com>;tag=1928301774",
      "Call-ID: a84b4c76e66710@pc33.example.com", "CSeq: 63104 OPTIONS"};

  /** Start line + header lines + CRLF CRLF + body (no Content-Length unless given). */
  static byte[] of(String startLine, String body, String... headers) {
    StringBuilder b = new StringBuilder(startLine).append("\r\n");
    for (String h : headers) {
      b.append(h).append("\r\n");
    }
    return b.append("\r\n").append(body).toString().getBytes(StandardCharsets.UTF_8);
  }

  /** An OPTIONS with the usual headers plus {@code extra}. */
  static byte[] options(String... extra) {
    String[] all = new String[OPTIONS_HEADERS.length + extra.length];
    System.arraycopy(OPTIONS_HEADERS, 0, all, 0, OPTIONS_HEADERS.length);
    System.arraycopy(extra, 0, all, OPTIONS_HEADERS.length, extra.length);
    return of("OPTIONS sip:bob@example.com SIP/2.0", "", all);
  }

  /** An OPTIONS with the usual headers except those named. */
  static byte[] optionsWithout(String name) {
    return of("OPTIONS sip:bob@example.com SIP/2.0", "",
        java.util.Arrays.stream(OPTIONS_HEADERS).filter(h -> !h.startsWith(name + ":")).toArray(String[]::new));
  }
}
