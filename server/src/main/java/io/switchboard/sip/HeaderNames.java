package io.switchboard.sip;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Header field names. Names compare case-insensitively (RFC 3261 §7.3.1); the compact forms of
 * §7.3.3 and of the IANA registry ("i" Call-ID, "m" Contact, "v" Via, "o" Event, ...) are expansions of
 * the long names, never different headers. {@link #canonical} maps any spelling of a known name to its
 * registered spelling and leaves unknown names as they came (RFC 4475 esc02: "C%6Fntact" is an unknown
 * header, not Contact — names are not %-decoded).
 */
public final class HeaderNames {
  public static final String ACCEPT = "Accept";
  public static final String ACCEPT_ENCODING = "Accept-Encoding";
  public static final String ALLOW = "Allow";
  public static final String AUTHORIZATION = "Authorization";
  public static final String CALL_ID = "Call-ID";
  public static final String CONTACT = "Contact";
  public static final String CONTENT_ENCODING = "Content-Encoding";
  public static final String CONTENT_LENGTH = "Content-Length";
  public static final String CONTENT_TYPE = "Content-Type";
  public static final String CSEQ = "CSeq";
  public static final String DATE = "Date";
  public static final String EXPIRES = "Expires";
  public static final String FROM = "From";
  public static final String MAX_FORWARDS = "Max-Forwards";
  public static final String PROXY_AUTHENTICATE = "Proxy-Authenticate";
  public static final String PROXY_AUTHORIZATION = "Proxy-Authorization";
  public static final String PROXY_REQUIRE = "Proxy-Require";
  public static final String RECORD_ROUTE = "Record-Route";
  public static final String REQUIRE = "Require";
  public static final String ROUTE = "Route";
  public static final String SUPPORTED = "Supported";
  public static final String TIMESTAMP = "Timestamp";
  public static final String TO = "To";
  public static final String UNSUPPORTED = "Unsupported";
  public static final String VIA = "Via";
  public static final String WWW_AUTHENTICATE = "WWW-Authenticate";

  private static final Map<String, String> CANONICAL = new HashMap<>();
  /**
   * The registered spellings, each mapped to itself: almost every name a peer sends is spelled so, and a hit here
   * saves {@link #canonical} the lower-casing (an allocation per header of every message).
   */
  private static final Map<String, String> REGISTERED = new HashMap<>();

  static {
    for (String n : new String[] {
        ACCEPT, "Accept-Contact", ACCEPT_ENCODING, "Accept-Language", "Alert-Info", ALLOW, "Allow-Events",
        "Authentication-Info", AUTHORIZATION, CALL_ID, "Call-Info", CONTACT, "Content-Disposition",
        CONTENT_ENCODING, "Content-Language", CONTENT_LENGTH, CONTENT_TYPE, CSEQ, DATE, "Error-Info", "Event",
        EXPIRES, FROM, "History-Info", "Identity", "Identity-Info", "In-Reply-To", MAX_FORWARDS, "MIME-Version",
        "Min-Expires", "Min-SE", "Organization", "P-Asserted-Identity", "P-Preferred-Identity", "Path",
        "Priority", "Privacy", PROXY_AUTHENTICATE, PROXY_AUTHORIZATION, PROXY_REQUIRE, "RAck", "Reason",
        RECORD_ROUTE, "Refer-To", "Referred-By", "Reject-Contact", "Replaces", "Reply-To", "Request-Disposition",
        REQUIRE, "Retry-After", ROUTE, "RSeq", "Security-Client", "Security-Server", "Security-Verify",
        "Server", "Service-Route", "Session-Expires", "SIP-ETag", "SIP-If-Match", "Subject",
        "Subscription-State", SUPPORTED, TIMESTAMP, TO, UNSUPPORTED, "User-Agent", VIA, "Warning",
        WWW_AUTHENTICATE}) {
      CANONICAL.put(n.toLowerCase(Locale.ROOT), n);
      REGISTERED.put(n, n);
    }
    // RFC 3261 §7.3.3 and the IANA "Header Fields" registry compact forms.
    String[][] compact = {
        {"a", "Accept-Contact"}, {"b", "Referred-By"}, {"c", CONTENT_TYPE}, {"d", "Request-Disposition"},
        {"e", "Content-Encoding"}, {"f", FROM}, {"i", CALL_ID}, {"j", "Reject-Contact"}, {"k", SUPPORTED},
        {"l", CONTENT_LENGTH}, {"m", CONTACT}, {"n", "Identity-Info"}, {"o", "Event"}, {"r", "Refer-To"},
        {"s", "Subject"}, {"t", TO}, {"u", "Allow-Events"}, {"v", VIA}, {"x", "Session-Expires"},
        {"y", "Identity"}};
    for (String[] c : compact) {
      CANONICAL.put(c[0], c[1]);
    }
  }

  private HeaderNames() {}

  /** The registered spelling of a known name or compact form; other names unchanged. */
  public static String canonical(String name) {
    String registered = REGISTERED.get(name);
    if (registered != null) {
      return registered;
    }
    String known = CANONICAL.get(name.toLowerCase(Locale.ROOT));
    return known != null ? known : name;
  }

  /**
   * Do two names denote the same header (case-insensitive, compact forms expanded)? Only a one-letter name can be a
   * compact form, so two longer names are the same exactly when they are equal ignoring case: the common case (a
   * lookup of a registered name among canonical ones) allocates nothing.
   */
  public static boolean same(String a, String b) {
    if (a.equalsIgnoreCase(b)) {
      return true;
    }
    if (a.length() > 1 && b.length() > 1) {
      return false;
    }
    return canonical(a).equalsIgnoreCase(canonical(b));
  }

  /** Is this one of the names (or compact forms) this package knows? */
  public static boolean known(String name) {
    return CANONICAL.containsKey(name.toLowerCase(Locale.ROOT));
  }
}
