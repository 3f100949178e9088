package io.switchboard.sip;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the start line and header section (RFC 3261 §7.1–7.3) of one message, already decoded as UTF-8
 * and without the blank line. Strict on the start line: exactly one SP between its three parts (RFC 4475
 * lwsstart, trws, lwsruri), no "&lt;&gt;" around the Request-URI (ltgtruri) and no URI headers in it
 * (escruri). Header lines are unfolded (a line starting with SP or HTAB continues the previous one; the
 * CRLF goes, the whitespace stays), list values split, every value checked against its grammar. Errors
 * are recorded, not thrown, so the caller can still answer with what was readable.
 */
final class HeadParser {
  private static final Pattern VERSION = Pattern.compile("(?i:SIP)/[0-9]+\\.[0-9]+");

  private HeadParser() {}

  static Head parse(String text, SipLimits limits) {
    Head head = new Head();
    String[] lines = text.split("\r\n", -1);
    startLine(lines[0], head);
    Set<String> seen = new HashSet<>();
    int count = 0;
    int i = 1;
    while (i < lines.length) {
      if (lines[i].isEmpty() || Chars.wsp(lines[i].charAt(0))) {
        head.error("Bad header folding");
        i++;
        continue;
      }
      StringBuilder field = new StringBuilder(lines[i++]);
      while (i < lines.length && !lines[i].isEmpty() && Chars.wsp(lines[i].charAt(0))) {
        field.append(lines[i++]);
      }
      count += field(field.toString(), head, seen);
      if (count > limits.maxHeaders()) {
        head.error("Too many headers");
        break;
      }
    }
    return head;
  }

  /** One unfolded field; returns how many values it added. */
  private static int field(String line, Head head, Set<String> seen) {
    if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) {
      head.error("Bad line ending"); // a bare CR or LF: lines end with CRLF (§7)
      return 0;
    }
    int colon = line.indexOf(':');
    String name = colon < 0 ? "" : Chars.trim(line.substring(0, colon));
    if (colon < 0 || !Chars.isToken(name) || Chars.wsp(line.charAt(0))) {
      head.error("Bad header line");
      return 0;
    }
    name = HeaderNames.canonical(name);
    String value = Chars.trim(line.substring(colon + 1));
    if (HeaderRules.single(name) && !seen.add(name.toLowerCase(Locale.ROOT))) {
      head.error("Multiple " + name + " headers");
    }
    List<String> values = HeaderRules.isList(name) && !(value.isEmpty() && HeaderRules.mayBeEmpty(name))
        ? HeaderRules.split(value) : List.of(value);
    for (String v : values) {
      boolean ok = valid(name, v, values.size(), head);
      if (name.equals(HeaderNames.CONTENT_LENGTH)) {
        head.contentLengths.add(ok ? v : "-");
      } else {
        head.add(new SipHeader(name, v), ok);
      }
    }
    return values.size();
  }

  private static boolean valid(String name, String value, int elements, Head head) {
    try {
      if (value.isEmpty() && HeaderRules.isList(name)) {
        if (HeaderRules.mayBeEmpty(name) && elements == 1) {
          return true; // "Supported:" - present, with no element
        }
        throw new SipSyntaxException("Bad " + name + " header"); // RFC 4475 badinv01: ";;,;,,"
      }
      if (value.equals("*") && name.equals(HeaderNames.CONTACT) && elements > 1) {
        throw new SipSyntaxException("Bad Contact header");
      }
      HeaderRules.validate(name, value);
      return true;
    } catch (SipSyntaxException e) {
      head.error(e.getMessage());
      return false;
    }
  }

  /** Request-Line = Method SP Request-URI SP SIP-Version; Status-Line = SIP-Version SP Status-Code SP Reason-Phrase. */
  private static void startLine(String line, Head head) {
    if (line.regionMatches(true, 0, "SIP/", 0, 4)) {
      statusLine(line, head);
      return;
    }
    head.request = true;
    String[] parts = line.split(" ", -1);
    head.method = parts[0];
    if (parts.length != 3) {
      head.error("Bad Request-Line");
      return;
    }
    head.uri = parts[1];
    if (!Chars.isToken(head.method) || !VERSION.matcher(parts[2]).matches()) {
      head.error("Bad Request-Line");
    } else if (!requestUriValid(head.uri)) {
      head.error("Bad Request-URI");
    } else if (!parts[2].equalsIgnoreCase(SipMessage.VERSION)) {
      head.error(505, "Version Not Supported"); // RFC 4475 badvers
    }
  }

  /** Any absoluteURI, but a SIP URI must parse and carry no headers component (§19.1.1 table 1). */
  private static boolean requestUriValid(String uri) {
    try {
      SipUriParser.check(uri, "Request-URI");
      return !SipUri.hasSipScheme(uri) || SipUri.parse(uri).headers().isEmpty();
    } catch (SipSyntaxException e) {
      return false;
    }
  }

  /**
   * The reason phrase is only checked for control characters: the §25 grammar excludes '"', '[' and
   * friends, but refusing a whole response over its informative text would break calls for nothing.
   */
  private static void statusLine(String line, Head head) {
    int sp1 = line.indexOf(' ');
    int sp2 = sp1 < 0 ? -1 : line.indexOf(' ', sp1 + 1);
    if (sp2 < 0) {
      head.error("Bad Status-Line");
      return;
    }
    String version = line.substring(0, sp1);
    String code = line.substring(sp1 + 1, sp2);
    head.reason = line.substring(sp2 + 1);
    head.status = code.length() == 3 ? (int) Chars.boundedNumber(code, 699) : -1;
    if (!VERSION.matcher(version).matches() || head.status < 100 || !Chars.isText(head.reason)) {
      head.error("Bad Status-Line"); // RFC 4475 bigcode
    } else if (!version.equalsIgnoreCase(SipMessage.VERSION)) {
      head.error(505, "Version Not Supported");
    }
  }
}
