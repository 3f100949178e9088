package io.switchboard.sip;

/**
 * A cursor over one unfolded header value (folding already turned into plain whitespace, see
 * {@link SipParser}) that implements the separators of RFC 3261 §25.1: SWS = [LWS], and every separator
 * (SEMI, EQUAL, COMMA, SLASH, COLON, ...) is {@code SWS char SWS}. Failures are {@link SipSyntaxException}s
 * named after the element being read ("Bad Via header"), never quoting the input. Not thread-safe.
 */
final class Scanner {
  private final String s;
  private final String what;
  private int pos;

  Scanner(String s, String what) {
    this.s = s;
    this.what = what;
  }

  SipSyntaxException fail() {
    return new SipSyntaxException("Bad " + what);
  }

  int pos() {
    return pos;
  }

  void pos(int p) {
    pos = p;
  }

  boolean atEnd() {
    return pos >= s.length();
  }

  /** The next character, or 0 at the end. */
  char peek() {
    return pos < s.length() ? s.charAt(pos) : 0;
  }

  char next() {
    if (atEnd()) {
      throw fail();
    }
    return s.charAt(pos++);
  }

  /** SWS: optional whitespace. */
  void sws() {
    while (pos < s.length() && Chars.wsp(s.charAt(pos))) {
      pos++;
    }
  }

  /** LWS: at least one whitespace character. */
  void lws() {
    if (!Chars.wsp(peek())) {
      throw fail();
    }
    sws();
  }

  void expect(char c) {
    if (peek() != c) {
      throw fail();
    }
    pos++;
  }

  /** A separator {@code SWS c SWS}. */
  void sep(char c) {
    if (!trySep(c)) {
      throw fail();
    }
  }

  /** Consumes {@code SWS c SWS} if the next non-blank character is {@code c}. */
  boolean trySep(char c) {
    int save = pos;
    sws();
    if (peek() == c) {
      pos++;
      sws();
      return true;
    }
    pos = save;
    return false;
  }

  String token() {
    int start = pos;
    while (pos < s.length() && Chars.token(s.charAt(pos))) {
      pos++;
    }
    if (pos == start) {
      throw fail();
    }
    return s.substring(start, pos);
  }

  String digits() {
    int start = pos;
    while (pos < s.length() && Chars.digit(s.charAt(pos))) {
      pos++;
    }
    if (pos == start) {
      throw fail();
    }
    return s.substring(start, pos);
  }

  /**
   * quoted-string = SWS DQUOTE *(qdtext / quoted-pair) DQUOTE, returned raw (quotes and backslashes kept).
   * qdtext = LWS / %x21 / %x23-5B / %x5D-7E / UTF8-NONASCII; quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F),
   * so a quoted NUL is fine (RFC 4475 intmeth) but a quoted CR or LF is not.
   */
  String quotedString() {
    int start = pos;
    expect('"');
    while (true) {
      if (atEnd()) {
        throw fail(); // unterminated (RFC 4475 quotbal)
      }
      char c = s.charAt(pos++);
      if (c == '"') {
        return s.substring(start, pos);
      }
      if (c == '\\') {
        char q = next();
        if (q == '\r' || q == '\n' || q > 0x7F) {
          throw fail();
        }
      } else if (!(Chars.wsp(c) || c == 0x21 || (c >= 0x23 && c <= 0x7E) || c >= 0x80)) {
        throw fail();
      }
    }
  }

  /** Everything up to (not including) the first character for which {@code stop} holds, or the end. */
  String until(CharStop stop) {
    int start = pos;
    while (pos < s.length() && !stop.at(s.charAt(pos))) {
      pos++;
    }
    return s.substring(start, pos);
  }

  /** Requires that only whitespace is left. */
  void end() {
    sws();
    if (!atEnd()) {
      throw fail();
    }
  }

  interface CharStop {
    boolean at(char c);
  }

  /** The content of a quoted-string: quotes removed, quoted-pairs resolved. Plain text is returned as is. */
  static String unquote(String raw) {
    if (raw.length() < 2 || raw.charAt(0) != '"' || raw.charAt(raw.length() - 1) != '"') {
      return raw;
    }
    StringBuilder b = new StringBuilder(raw.length());
    for (int i = 1; i < raw.length() - 1; i++) {
      char c = raw.charAt(i);
      if (c == '\\' && i + 1 < raw.length() - 1) {
        c = raw.charAt(++i);
      }
      b.append(c);
    }
    return b.toString();
  }

  /** A quoted-string holding {@code text}: backslash and DQUOTE escaped. */
  static String quote(String text) {
    StringBuilder b = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\');
      }
      b.append(c);
    }
    return b.append('"').toString();
  }
}
