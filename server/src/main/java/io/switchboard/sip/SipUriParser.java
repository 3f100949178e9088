package io.switchboard.sip;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The RFC 3261 §25.1 grammar of SIP-URI / SIPS-URI, and a syntax check for any other absoluteURI
 * (RFC 4475 unkscm, novelsc: a parser accepts them, the layer above answers 416).
 * <pre>
 *   SIP-URI    = "sip:" [ userinfo ] hostport uri-parameters [ headers ]
 *   userinfo   = ( user / telephone-subscriber ) [ ":" password ] "@"
 *   user       = 1*( unreserved / escaped / "&amp;" / "=" / "+" / "$" / "," / ";" / "?" / "/" )
 *   password   = *( unreserved / escaped / "&amp;" / "=" / "+" / "$" / "," )
 *   uri-parameter = pname [ "=" pvalue ], each 1*( "[" / "]" / "/" / ":" / "&amp;" / "+" / "$" / unreserved / escaped )
 *   headers    = "?" hname "=" hvalue *( "&amp;" hname "=" hvalue )
 * </pre>
 * No user part may hold an unescaped "@", so the first "@" ends the userinfo even when "?" or ";" come
 * before it (RFC 4475 intmeth, semiuri).
 */
final class SipUriParser {
  private static final String USER_EXTRA = "&=+$,;?/";
  private static final String PASSWORD_EXTRA = "&=+$,";
  private static final String PARAM_EXTRA = "[]/:&+$";
  private static final String HEADER_EXTRA = "[]/?:+$";

  private SipUriParser() {}

  static SipUri parse(String text) {
    int colon = text.indexOf(':');
    if (colon < 0 || !SipUri.hasSipScheme(text)) {
      throw bad();
    }
    String scheme = text.substring(0, colon).toLowerCase(Locale.ROOT);
    String rest = text.substring(colon + 1);
    String user = null;
    String password = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      String userinfo = rest.substring(0, at);
      int pw = userinfo.indexOf(':');
      user = pw < 0 ? userinfo : userinfo.substring(0, pw);
      password = pw < 0 ? null : userinfo.substring(pw + 1);
      if (user.isEmpty() || !chars(user, USER_EXTRA) || (password != null && !chars(password, PASSWORD_EXTRA))) {
        throw bad();
      }
      rest = rest.substring(at + 1);
    }
    int q = rest.indexOf('?');
    String headerText = q < 0 ? null : rest.substring(q + 1);
    if (q >= 0) {
      rest = rest.substring(0, q);
    }
    int semi = rest.indexOf(';');
    String hostport = semi < 0 ? rest : rest.substring(0, semi);
    String paramText = semi < 0 ? null : rest.substring(semi + 1);

    String host = hostport;
    int port = -1;
    int portColon = hostport.startsWith("[") ? hostport.indexOf(':', hostport.indexOf(']') + 1)
        : hostport.indexOf(':');
    if (portColon >= 0) {
      host = hostport.substring(0, portColon);
      port = (int) Chars.boundedNumber(hostport.substring(portColon + 1), 65535);
      if (port < 0) {
        throw bad();
      }
    }
    if (!Hosts.isHost(host)) {
      throw bad();
    }
    Params params = paramText == null ? Params.EMPTY : params(paramText);
    List<Params.Param> headers = headerText == null ? List.of() : headers(headerText);
    return new SipUri(text, scheme, user, password, host, port, params, SipUri.decodedHeaders(headers));
  }

  /** uri-parameters: no empty ones, no repeats (§19.1.1), ttl and maddr checked. */
  private static Params params(String text) {
    List<Params.Param> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String p : text.split(";", -1)) {
      int eq = p.indexOf('=');
      String name = eq < 0 ? p : p.substring(0, eq);
      String value = eq < 0 ? null : p.substring(eq + 1);
      if (name.isEmpty() || !chars(name, PARAM_EXTRA) || (value != null && (value.isEmpty() || !chars(value, PARAM_EXTRA)))) {
        throw bad();
      }
      String decoded = SipUri.decode(name);
      if (!seen.add(decoded.toLowerCase(Locale.ROOT))) {
        throw bad();
      }
      if (value != null && decoded.equalsIgnoreCase("ttl") && Chars.boundedNumber(value, 255) < 0) {
        throw bad();
      }
      if (value != null && decoded.equalsIgnoreCase("maddr") && !Hosts.isHost(SipUri.decode(value))) {
        throw bad();
      }
      out.add(new Params.Param(name, value));
    }
    return Params.of(out);
  }

  private static List<Params.Param> headers(String text) {
    List<Params.Param> out = new ArrayList<>();
    for (String h : text.split("&", -1)) {
      int eq = h.indexOf('=');
      if (eq <= 0 || !chars(h.substring(0, eq), HEADER_EXTRA) || !chars(h.substring(eq + 1), HEADER_EXTRA)) {
        throw bad();
      }
      out.add(new Params.Param(h.substring(0, eq), h.substring(eq + 1)));
    }
    return out;
  }

  /** Every character is unreserved, an escape (%HH) or one of {@code extra}. */
  static boolean chars(String s, String extra) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length() || !Chars.hex(s.charAt(i + 1)) || !Chars.hex(s.charAt(i + 2))) {
          return false;
        }
        i += 2;
      } else if (!Chars.unreserved(c) && extra.indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * absoluteURI = scheme ":" ( hier-part / opaque-part ) (RFC 2396 as cited by RFC 3261): scheme =
   * ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) and a non-empty rest of uric = reserved / unreserved /
   * escaped. A sip/sips URI must pass {@link #parse} instead.
   */
  static boolean isAbsoluteUri(String text) {
    int colon = text.indexOf(':');
    if (colon <= 0 || colon == text.length() - 1 || !Chars.alpha(text.charAt(0))) {
      return false;
    }
    for (int i = 1; i < colon; i++) {
      char c = text.charAt(i);
      if (!Chars.alphanum(c) && c != '+' && c != '-' && c != '.') {
        return false;
      }
    }
    return chars(text.substring(colon + 1), ";/?:@&=+$,");
  }

  /** A Request-URI or addr-spec: a valid SIP(S) URI, or a syntactically valid URI of another scheme. */
  static void check(String text, String what) {
    if (SipUri.hasSipScheme(text)) {
      try {
        parse(text);
      } catch (SipSyntaxException e) {
        throw new SipSyntaxException("Bad " + what);
      }
    } else if (!isAbsoluteUri(text)) {
      throw new SipSyntaxException("Bad " + what);
    }
  }

  private static SipSyntaxException bad() {
    return new SipSyntaxException("Bad SIP URI");
  }
}
