package io.switchboard.sip;

import java.util.Optional;

/**
 * The value of From, To, Contact, Route, Record-Route and the like (RFC 3261 §20.10, §25.1):
 * <pre>
 *   ( name-addr / addr-spec ) *( SEMI generic-param )
 *   name-addr    = [ display-name ] LAQUOT addr-spec RAQUOT
 *   display-name = *(token LWS) / quoted-string
 * </pre>
 * Without angle brackets every ";param" belongs to the header, not the URI, and the URI may not hold a
 * "," or "?" (RFC 4475 regbadct; cparam01 vs cparam02). No whitespace inside the brackets (RFC 4475
 * badaspec); a token display name may touch the "&lt;" (RFC 4475 lwsdisp, an accepted erratum). Immutable.
 */
public final class NameAddr {
  private final String displayName;
  private final String uri;
  private final boolean angled;
  private final Params params;

  private NameAddr(String displayName, String uri, boolean angled, Params params) {
    this.displayName = displayName;
    this.uri = uri;
    this.angled = angled;
    this.params = params;
  }

  /** A name-addr "&lt;uri&gt;" with no display name or parameters; the URI is checked. */
  public static NameAddr of(String uri) {
    SipUriParser.check(uri, "URI");
    return new NameAddr(null, uri, true, Params.EMPTY);
  }

  /** Parses one value; {@code what} names the header in the error ("Bad To header"). */
  public static NameAddr parse(String value, String what) {
    Scanner sc = new Scanner(value, what);
    sc.sws();
    String display = null;
    boolean angled = true;
    if (sc.peek() == '"') {
      display = Scanner.unquote(sc.quotedString());
      sc.sws();
      sc.expect('<');
    } else if (sc.peek() == '<') {
      sc.next();
    } else {
      int start = sc.pos();
      sc.token();
      if (sc.peek() == ':') {
        sc.pos(start);
        angled = false;
      } else {
        int end = sc.pos();
        while (true) {
          sc.sws();
          if (sc.peek() == '<') {
            sc.next();
            break;
          }
          if (sc.pos() == end) {
            throw sc.fail(); // a token must be followed by LWS or "<" (RFC 4475 baddn)
          }
          sc.token();
          end = sc.pos();
        }
        display = value.substring(start, end);
      }
    }
    String uri;
    if (angled) {
      uri = sc.until(c -> c == '>');
      sc.expect('>');
      if (uri.isEmpty() || hasBlank(uri)) {
        throw sc.fail();
      }
    } else {
      uri = sc.until(c -> c == ';' || Chars.wsp(c));
      if (uri.indexOf('?') >= 0 || uri.indexOf(',') >= 0) {
        throw sc.fail();
      }
    }
    try {
      SipUriParser.check(uri, what);
    } catch (SipSyntaxException e) {
      throw sc.fail();
    }
    Params params = Params.parseGeneric(sc);
    sc.end();
    return new NameAddr(display, uri, angled, params);
  }

  private static boolean hasBlank(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Chars.wsp(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /** The display name, unquoted and unescaped ("J Rosenberg \"" for RFC 4475 wsinv). */
  public Optional<String> displayName() {
    return Optional.ofNullable(displayName);
  }

  /** The URI text as written. */
  public String uri() {
    return uri;
  }

  /** The URI parsed, when its scheme is sip or sips (RFC 4475 unksm2 has isbn:, http: and name:). */
  public Optional<SipUri> sipUri() {
    return SipUri.hasSipScheme(uri) ? Optional.of(SipUri.parse(uri)) : Optional.empty();
  }

  /** Was the URI in angle brackets (name-addr form)? Route and Record-Route require it. */
  public boolean angled() {
    return angled;
  }

  /** The header parameters (after the URI, outside the brackets). */
  public Params params() {
    return params;
  }

  public Optional<String> tag() {
    return params.get("tag");
  }

  /** A copy with the tag parameter set (RFC 3261 §8.2.6.2: a UAS adds its tag to To). */
  public NameAddr withTag(String tag) {
    if (!Chars.isToken(tag)) {
      throw new SipSyntaxException("Bad tag");
    }
    return new NameAddr(displayName, uri, true, params.with("tag", tag));
  }

  /** Canonical text: always the name-addr form, display name quoted. */
  public String format() {
    StringBuilder b = new StringBuilder();
    if (displayName != null) {
      b.append(Scanner.quote(displayName)).append(' ');
    }
    return b.append('<').append(uri).append('>').append(params.format()).toString();
  }

  @Override
  public String toString() {
    return format();
  }
}
