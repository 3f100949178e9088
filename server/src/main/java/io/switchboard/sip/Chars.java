package io.switchboard.sip;

/** Character classes of the RFC 3261 §25 grammar (all ASCII; anything >= 0x80 is UTF8-NONASCII). */
final class Chars {
  private Chars() {}

  static boolean alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  static boolean digit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean alphanum(char c) {
    return alpha(c) || digit(c);
  }

  static boolean hex(char c) {
    return digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /** WSP: SP / HTAB. */
  static boolean wsp(char c) {
    return c == ' ' || c == '\t';
  }

  /** token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~"). */
  static boolean token(char c) {
    return alphanum(c) || "-.!%*_+`'~".indexOf(c) >= 0;
  }

  /** word = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~" / "(" / ")" / "<" /
   * ">" / ":" / "\" / DQUOTE / "/" / "[" / "]" / "?" / "{" / "}"), used by Call-ID. */
  static boolean word(char c) {
    return token(c) || "()<>:\\\"/[]?{}".indexOf(c) >= 0;
  }

  /** mark = "-" / "_" / "." / "!" / "~" / "*" / "'" / "(" / ")". */
  static boolean unreserved(char c) {
    return alphanum(c) || "-_.!~*'()".indexOf(c) >= 0;
  }

  /** reserved = ";" / "/" / "?" / ":" / "@" / "&" / "=" / "+" / "$" / ",". */
  static boolean reserved(char c) {
    return ";/?:@&=+$,".indexOf(c) >= 0;
  }

  /** Is {@code s} a non-empty token? */
  static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!token(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** Are all of {@code s}'s characters 1*DIGIT? */
  static boolean isDigits(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!digit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * TEXT-UTF8 with LWS: what an unknown header value may hold (RFC 3261 §25 header-value). Everything
   * printable, SP, HTAB and non-ASCII; no other control characters.
   */
  static boolean isText(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7F) {
        return false;
      }
    }
    return true;
  }

  /** 1*DIGIT with a value no larger than {@code max}; -1 if not. Leading zeros are fine (RFC 4475 wsinv). */
  static long boundedNumber(String s, long max) {
    if (!isDigits(s)) {
      return -1;
    }
    long v = 0;
    for (int i = 0; i < s.length(); i++) {
      int d = s.charAt(i) - '0';
      if (v > (max - d) / 10) {
        return -1; // checked before multiplying, so a 100-digit value cannot overflow (RFC 4475 scalar02)
      }
      v = v * 10 + d;
    }
    return v;
  }

  /** Removes leading and trailing SP / HTAB (and nothing else: String.strip would also eat controls). */
  static String trim(String s) {
    int a = 0;
    int b = s.length();
    while (a < b && wsp(s.charAt(a))) {
      a++;
    }
    while (b > a && wsp(s.charAt(b - 1))) {
      b--;
    }
    return s.substring(a, b);
  }
}
