package io.switchboard.sip;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the parser knows about each header: whether its value is a comma-separated list (RFC 3261
 * §7.3.1: only headers whose grammar is "#element" may be split or combined — never the auth headers or
 * Date, whose values contain commas, nor unknown ones, RFC 4475 wsinv), whether it may appear only
 * once, and its grammar. Names here are canonical ({@link HeaderNames#canonical}).
 */
final class HeaderRules {
  private static final Set<String> LISTS = Set.of(
      "Accept", "Accept-Contact", "Accept-Encoding", "Accept-Language", "Alert-Info", "Allow", "Allow-Events",
      "Call-Info", "Contact", "Content-Encoding", "Content-Language", "Error-Info", "History-Info", "In-Reply-To",
      "P-Asserted-Identity", "P-Preferred-Identity", "Path", "Proxy-Require", "Reason", "Record-Route",
      "Reject-Contact", "Request-Disposition", "Require", "Route", "Security-Client", "Security-Server",
      "Security-Verify", "Service-Route", "Supported", "Unsupported", "Via", "Warning");

  /** List headers whose grammar allows no element at all ("Supported:" says "none"). */
  private static final Set<String> MAY_BE_EMPTY = Set.of(
      "Accept", "Accept-Encoding", "Accept-Language", "Allow", "Supported");

  /** Headers that appear at most once (RFC 4475 multi01, mcl01). */
  private static final Set<String> SINGLE = Set.of(
      "Call-ID", "Content-Disposition", "Content-Length", "Content-Type", "CSeq", "Date", "Event", "Expires",
      "From", "Max-Forwards", "MIME-Version", "Min-Expires", "Min-SE", "Organization", "Priority", "RAck",
      "Refer-To", "Referred-By", "Reply-To", "Retry-After", "RSeq", "Server", "Session-Expires", "Subject",
      "Timestamp", "To", "User-Agent");

  private static final Set<String> TOKEN_LISTS = Set.of(
      "Allow", "Content-Encoding", "Proxy-Require", "Require", "Supported", "Unsupported");

  private static final Set<String> ROUTES = Set.of("Route", "Record-Route", "Path", "Service-Route");

  private static final Set<String> AUTH = Set.of(
      "Authorization", "Proxy-Authorization", "WWW-Authenticate", "Proxy-Authenticate");

  /** rfc1123-date = wkday "," SP 2DIGIT SP month SP 4DIGIT SP time SP "GMT" (§20.17; RFC 4475 baddate). */
  private static final Pattern DATE = Pattern.compile(
      "(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (0[1-9]|[12][0-9]|3[01]) "
          + "(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [0-9]{4} "
          + "([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9] GMT");

  /** qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ). */
  private static final Pattern QVALUE = Pattern.compile("0(\\.[0-9]{0,3})?|1(\\.0{0,3})?");

  private HeaderRules() {}

  static boolean isList(String name) {
    return LISTS.contains(name);
  }

  static boolean mayBeEmpty(String name) {
    return MAY_BE_EMPTY.contains(name);
  }

  static boolean single(String name) {
    return SINGLE.contains(name);
  }

  /** Checks one value (one element for list headers) against the grammar of its header. */
  static void validate(String name, String value) {
    String what = name + " header";
    switch (name) {
      case "Via" -> Via.parse(value);
      case "From", "To" -> checkTag(NameAddr.parse(value, what), what);
      case "Contact" -> checkContact(value, what);
      case "Call-ID" -> checkCallId(value, what);
      case "CSeq" -> CSeq.parse(value);
      case "Max-Forwards" -> number(value, 255, what);
      case "Content-Length" -> number(value, Integer.MAX_VALUE, what);
      case "Content-Type" -> MediaType.parse(value);
      case "Expires", "Min-Expires" -> require(Chars.isDigits(value), what); // overlarge: SipMessage#expires
      case "Date" -> require(DATE.matcher(value).matches(), what);
      case "Accept" -> checkAccept(value, what);
      default -> {
        if (ROUTES.contains(name)) {
          require(NameAddr.parse(value, what).angled(), what);
        } else if (AUTH.contains(name)) {
          AuthValue.parse(value, what);
        } else if (TOKEN_LISTS.contains(name)) {
          require(Chars.isToken(value), what);
        } else {
          require(Chars.isText(value), what);
        }
      }
    }
  }

  private static void checkTag(NameAddr na, String what) {
    na.tag().ifPresent(t -> require(Chars.isToken(t), what));
  }

  /** contact-param = (name-addr / addr-spec) *( SEMI (q / expires / generic-param) ); "*" is checked by the parser. */
  private static void checkContact(String value, String what) {
    if (value.equals("*")) {
      return;
    }
    NameAddr na = NameAddr.parse(value, what);
    na.params().get("q").ifPresent(q -> require(QVALUE.matcher(q).matches(), what));
    na.params().get("expires").ifPresent(e -> require(Chars.isDigits(e), what));
  }

  /** callid = word [ "@" word ]. */
  private static void checkCallId(String value, String what) {
    int at = value.indexOf('@');
    String[] words = at < 0 ? new String[] {value} : new String[] {value.substring(0, at), value.substring(at + 1)};
    for (String w : words) {
      require(!w.isEmpty(), what);
      for (int i = 0; i < w.length(); i++) {
        require(Chars.word(w.charAt(i)), what);
      }
    }
  }

  /** accept-range = media-range *( SEMI accept-param ), media-range = ( "*&#47;*" / type "/" "*" / type "/" subtype ). */
  private static void checkAccept(String value, String what) {
    Scanner sc = new Scanner(value, what);
    sc.token();
    sc.sep('/');
    sc.token();
    Params.parseGeneric(sc);
    sc.end();
  }

  private static void number(String value, long max, String what) {
    require(Chars.boundedNumber(value, max) >= 0, what);
  }

  private static void require(boolean ok, String what) {
    if (!ok) {
      throw new SipSyntaxException("Bad " + what);
    }
  }

  /**
   * Splits a list value at the commas that separate elements: not inside a quoted-string, not inside
   * "&lt;...&gt;" (a URI may hold commas, RFC 4475 intmeth). Elements are trimmed; empty ones are kept so
   * the caller can refuse them (RFC 4475 badinv01).
   */
  static List<String> split(String value) {
    List<String> out = new ArrayList<>();
    boolean quoted = false;
    boolean angle = false;
    int start = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (quoted) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          quoted = false;
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == '<') {
        angle = true;
      } else if (c == '>') {
        angle = false;
      } else if (c == ',' && !angle) {
        out.add(Chars.trim(value.substring(start, i)));
        start = i + 1;
      }
    }
    out.add(Chars.trim(value.substring(start)));
    return out;
  }
}
