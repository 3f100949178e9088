package io.switchboard.sip;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A SIP or SIPS URI (RFC 3261 §19.1):
 * <pre>
 *   sip:user:password@host:port;uri-parameters?headers
 * </pre>
 * Parsed strictly ({@link SipUriParser}); the text is kept as received and {@link #toString} returns it
 * unchanged, so a forwarded URI is byte-identical. Accessors return %-decoded values: "sip:%75se%72@h"
 * has user "user" (RFC 4475 esc01). {@link #equals} compares the text; the RFC's looser notion of "the
 * same URI" is {@link #equivalentTo}. Immutable.
 */
public final class SipUri {
  private final String text;
  private final String scheme;
  private final String user;
  private final String password;
  private final String host;
  private final int port;
  private final Params params;
  private final List<Params.Param> headers;

  SipUri(String text, String scheme, String user, String password, String host, int port, Params params,
      List<Params.Param> headers) {
    this.text = text;
    this.scheme = scheme;
    this.user = user;
    this.password = password;
    this.host = host;
    this.port = port;
    this.params = params;
    this.headers = List.copyOf(headers);
  }

  /** Parses a sip: or sips: URI; anything else, or a malformed one, is a {@link SipSyntaxException}. */
  public static SipUri parse(String text) {
    return SipUriParser.parse(text);
  }

  /** Is the scheme of this URI text sip or sips (case-insensitive)? Says nothing about the rest. */
  public static boolean hasSipScheme(String uri) {
    int colon = uri.indexOf(':');
    if (colon < 0) {
      return false;
    }
    String s = uri.substring(0, colon);
    return s.equalsIgnoreCase("sip") || s.equalsIgnoreCase("sips");
  }

  /** "sip" or "sips", lower case. */
  public String scheme() {
    return scheme;
  }

  public boolean secure() {
    return scheme.equals("sips");
  }

  /** The user part, %-decoded; it may hold ";", "?" and, once decoded, anything (RFC 4475 semiuri, escnull). */
  public Optional<String> user() {
    return Optional.ofNullable(user).map(SipUri::decode);
  }

  public Optional<String> password() {
    return Optional.ofNullable(password).map(SipUri::decode);
  }

  /** The host as written: a name, an IPv4 address or a bracketed IPv6 reference. */
  public String host() {
    return host;
  }

  /** The explicit port, or -1 when there is none (which is not the same as 5060, §19.1.4). */
  public int port() {
    return port;
  }

  /** host[:port] as written. */
  public String hostPort() {
    return port < 0 ? host : host + ":" + port;
  }

  /** The uri-parameters as written (still %-encoded); see {@link #param} for decoded lookups. */
  public Params params() {
    return params;
  }

  /** A uri-parameter by (decoded, case-insensitive) name, decoded; "" for a bare one like "lr". */
  public Optional<String> param(String name) {
    for (Params.Param p : params.asList()) {
      if (decode(p.name()).equalsIgnoreCase(name)) {
        return Optional.of(p.value() == null ? "" : decode(p.value()));
      }
    }
    return Optional.empty();
  }

  public boolean hasParam(String name) {
    return param(name).isPresent();
  }

  /** The transport parameter, lower case, if any. */
  public Optional<String> transport() {
    return param("transport").map(t -> t.toLowerCase(Locale.ROOT));
  }

  /** Has the lr parameter: the element is a loose router (RFC 3261 §16.4). */
  public boolean looseRouting() {
    return hasParam("lr");
  }

  /** The headers component ("?Route=%3Csip:x%3E"), names and values decoded. */
  public List<Params.Param> headers() {
    return headers;
  }

  /**
   * RFC 3261 §19.1.4: same scheme; userinfo equal after decoding (case-sensitive); host case-insensitive;
   * ports equal (an absent port differs from an explicit 5060); user, ttl, method, maddr and transport
   * parameters must be in both or neither and match (transport is not in the rule's list, but the
   * section's own examples call "sip:bob@biloxi.com" and "...;transport=udp" different); other
   * parameters are compared only when both have them; headers must all be in both. Escapes are decoded
   * first; everything but userinfo ignores case.
   */
  public boolean equivalentTo(SipUri o) {
    if (!scheme.equals(o.scheme) || port != o.port || !host.equalsIgnoreCase(o.host)) {
      return false;
    }
    if (!user().equals(o.user()) || !password().equals(o.password())) {
      return false;
    }
    Map<String, String> mine = decodedParams();
    Map<String, String> theirs = o.decodedParams();
    for (String special : List.of("user", "ttl", "method", "maddr", "transport")) {
      if (mine.containsKey(special) != theirs.containsKey(special)) {
        return false;
      }
    }
    for (Map.Entry<String, String> p : mine.entrySet()) {
      String other = theirs.get(p.getKey());
      if (other != null && !other.equalsIgnoreCase(p.getValue())) {
        return false;
      }
    }
    return headerSet(headers).equals(headerSet(o.headers));
  }

  /** Lower-case decoded name to decoded value ("" for a bare name); names are unique (parser). */
  private Map<String, String> decodedParams() {
    Map<String, String> out = new HashMap<>();
    for (Params.Param p : params.asList()) {
      out.put(decode(p.name()).toLowerCase(Locale.ROOT), p.value() == null ? "" : decode(p.value()));
    }
    return out;
  }

  private static Set<String> headerSet(List<Params.Param> headers) {
    Set<String> out = new HashSet<>();
    for (Params.Param h : headers) {
      out.add(h.name().toLowerCase(Locale.ROOT) + "=" + h.value().toLowerCase(Locale.ROOT));
    }
    return out;
  }

  /** %HH decoding (the text was validated, every % is followed by two hex digits); bytes read as UTF-8. */
  static String decode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < s.length() && Chars.hex(s.charAt(i + 1)) && Chars.hex(s.charAt(i + 2))) {
        out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  static List<Params.Param> decodedHeaders(List<Params.Param> raw) {
    List<Params.Param> out = new ArrayList<>(raw.size());
    for (Params.Param p : raw) {
      out.add(new Params.Param(decode(p.name()), decode(p.value())));
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SipUri u && u.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
