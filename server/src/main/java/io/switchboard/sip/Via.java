package io.switchboard.sip;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One Via hop (RFC 3261 §20.42, §25.1; rport from RFC 3581):
 * <pre>
 *   via-parm      = sent-protocol LWS sent-by *( SEMI via-params )
 *   sent-protocol = protocol-name SLASH protocol-version SLASH transport
 *   sent-by       = host [ COLON port ]
 *   via-params    = ttl / maddr / received / branch / rport / generic-param
 * </pre>
 * Whitespace is allowed around every "/", ":", ";" and "=" (RFC 4475 wsinv). Unknown transports are
 * accepted (RFC 4475 transports). received must be an IP address, ttl 0..255, ports 0..65535. Immutable.
 */
public final class Via {
  /** The magic cookie that marks an RFC 3261 branch (§8.1.1.7). */
  public static final String MAGIC_COOKIE = "z9hG4bK";

  private final String protocol;
  private final String version;
  private final String transport;
  private final String host;
  private final int port;
  private final Params params;

  private Via(String protocol, String version, String transport, String host, int port, Params params) {
    this.protocol = protocol;
    this.version = version;
    this.transport = transport;
    this.host = host;
    this.port = port;
    this.params = params;
  }

  /** A fresh hop "SIP/2.0/transport host[:port];branch=..." for a request this element sends. */
  public static Via of(String transport, String host, int port, String branch) {
    String text = "SIP/2.0/" + transport + " " + (port < 0 ? host : host + ":" + port) + ";branch=" + branch;
    return parse(text);
  }

  /** Parses one via-parm (one element of a Via header, after comma splitting). */
  public static Via parse(String value) {
    Scanner sc = new Scanner(value, "Via header");
    Via v = sentBy(sc);
    Params params = Params.parseGeneric(sc);
    sc.end();
    check(params, sc);
    return new Via(v.protocol, v.version, v.transport, v.host, v.port, params);
  }

  /**
   * The "SIP/2.0/UDP host:port" of a Via whose parameters are malformed (RFC 4475 badinv01), so a 400
   * can still be routed to its sender; null if even that much is unreadable.
   */
  static String readableSentBy(String value) {
    try {
      return sentBy(new Scanner(value, "Via header")).format();
    } catch (SipSyntaxException e) {
      return null;
    }
  }

  private static Via sentBy(Scanner sc) {
    sc.sws();
    String protocol = sc.token();
    sc.sep('/');
    String version = sc.token();
    sc.sep('/');
    String transport = sc.token();
    sc.lws();
    String host;
    if (sc.peek() == '[') {
      host = sc.until(c -> c == ']');
      sc.expect(']');
      host += "]";
    } else {
      host = sc.until(c -> !(Chars.alphanum(c) || c == '.' || c == '-'));
    }
    if (!Hosts.isHost(host)) {
      throw sc.fail();
    }
    int port = -1;
    if (sc.trySep(':')) {
      port = (int) Chars.boundedNumber(sc.digits(), 65535);
      if (port < 0) {
        throw sc.fail();
      }
    }
    return new Via(protocol, version, transport, host, port, Params.EMPTY);
  }

  private static void check(Params params, Scanner sc) {
    for (Params.Param p : params.asList()) {
      String v = p.value();
      boolean ok = switch (p.name().toLowerCase(Locale.ROOT)) {
        case "branch" -> v != null && Chars.isToken(v);
        case "received" -> v != null && (Hosts.isIpv4(v) || Hosts.isIpv6(unbracketed(v)));
        case "ttl" -> v != null && Chars.boundedNumber(v, 255) >= 0;
        case "maddr" -> v != null && Hosts.isHost(v);
        case "rport" -> v == null || Chars.boundedNumber(v, 65535) >= 0;
        default -> true;
      };
      if (!ok) {
        throw sc.fail();
      }
    }
  }

  /** "SIP" for every SIP hop. */
  public String protocol() {
    return protocol;
  }

  /** "2.0"; RFC 4475 badvers has "7.0", which parses and is refused with 505 by the parser. */
  public String version() {
    return version;
  }

  /** The transport as written ("UDP", "TCP", "TLS", "SCTP", "WS", or anything else). */
  public String transport() {
    return transport;
  }

  public String host() {
    return host;
  }

  /** The sent-by port, -1 when absent (then 5060, or 5061 for TLS, RFC 3261 §18.2.2). */
  public int port() {
    return port;
  }

  /** sent-by as written: host[:port]. */
  public String sentBy() {
    return port < 0 ? host : host + ":" + port;
  }

  public Params params() {
    return params;
  }

  public Optional<String> branch() {
    return params.get("branch");
  }

  /**
   * Does the branch carry the RFC 3261 magic cookie and something after it? A bare "z9hG4bK" (RFC 4475
   * badbranch) or a missing branch means RFC 2543 transaction matching (§17.2.3) for the layer above.
   */
  public boolean hasRfc3261Branch() {
    return branch().filter(b -> b.startsWith(MAGIC_COOKIE) && b.length() > MAGIC_COOKIE.length()).isPresent();
  }

  /**
   * The received address without brackets: RFC 5118 §4.5 has peers write an IPv6 one either as the bare
   * IPv6address of RFC 3261's grammar (what this stack writes) or as an IPv6reference in brackets.
   */
  public Optional<String> received() {
    return params.get("received").map(Via::unbracketed);
  }

  private static String unbracketed(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  /** rport present, with or without a value (RFC 3581 §4: a request asks for it bare). */
  public boolean hasRport() {
    return params.has("rport");
  }

  /** The rport value a server filled in, if any. */
  public OptionalInt rport() {
    String v = params.raw("rport");
    return v == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(v));
  }

  /** A copy with a parameter set, e.g. received and rport on the server side (RFC 3261 §18.2.1). */
  public Via withParam(String name, String rawValue) {
    return parse(new Via(protocol, version, transport, host, port, params.with(name, rawValue)).format());
  }

  /** Canonical text: "SIP/2.0/UDP host:port;params". */
  public String format() {
    return protocol + "/" + version + "/" + transport + " " + sentBy() + params.format();
  }

  @Override
  public String toString() {
    return format();
  }
}
