package io.switchboard.sip;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A SIP message (RFC 3261 §7): a start line, header fields and a body. Immutable; equal when start line,
 * headers (in order) and body bytes are equal.
 *
 * <p>The typed accessors parse the header values when asked; the top Via, From, To and CSeq, which every layer reads
 * several times per message, are parsed once and kept (the values are immutable; two threads racing to parse one
 * both get equal values). A message from {@link SipParser} was fully validated, so they never throw; on a hand-built
 * message with a malformed value they throw {@link SipSyntaxException} (each time: failures are not kept).
 */
public abstract sealed class SipMessage permits SipRequest, SipResponse {
  public static final String VERSION = "SIP/2.0";

  private final SipHeaders headers;
  private final byte[] body;
  private Via topVia;
  private NameAddr from;
  private NameAddr to;
  private CSeq cseq;

  SipMessage(SipHeaders headers, byte[] body) {
    this.headers = headers;
    this.body = body.clone();
  }

  public SipHeaders headers() {
    return headers;
  }

  /** A copy of the body bytes. */
  public byte[] body() {
    return body.clone();
  }

  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** The body length: the Content-Length the serializer writes, whatever a received header said. */
  public int contentLength() {
    return body.length;
  }

  public abstract String startLine();

  /** The Via hops, topmost first. */
  public List<Via> vias() {
    List<Via> out = new ArrayList<>();
    for (String v : headers.values(HeaderNames.VIA)) {
      out.add(Via.parse(v));
    }
    return out;
  }

  public Via topVia() {
    Via v = topVia;
    if (v == null) {
      v = Via.parse(required(HeaderNames.VIA));
      topVia = v;
    }
    return v;
  }

  public NameAddr from() {
    NameAddr a = from;
    if (a == null) {
      a = NameAddr.parse(required(HeaderNames.FROM), "From header");
      from = a;
    }
    return a;
  }

  public NameAddr to() {
    NameAddr a = to;
    if (a == null) {
      a = NameAddr.parse(required(HeaderNames.TO), "To header");
      to = a;
    }
    return a;
  }

  public String callId() {
    return required(HeaderNames.CALL_ID);
  }

  public CSeq cseq() {
    CSeq c = cseq;
    if (c == null) {
      c = CSeq.parse(required(HeaderNames.CSEQ));
      cseq = c;
    }
    return c;
  }

  public OptionalInt maxForwards() {
    return headers.first(HeaderNames.MAX_FORWARDS).map(v -> OptionalInt.of(Integer.parseInt(v)))
        .orElse(OptionalInt.empty());
  }

  /** The Contact values; empty for none and for the "*" of a REGISTER that removes all bindings. */
  public List<NameAddr> contacts() {
    return nameAddrs(HeaderNames.CONTACT, true);
  }

  /** Contact: * (RFC 3261 §10.2.2). */
  public boolean wildcardContact() {
    return headers.values(HeaderNames.CONTACT).equals(List.of("*"));
  }

  public List<NameAddr> routes() {
    return nameAddrs(HeaderNames.ROUTE, false);
  }

  public List<NameAddr> recordRoutes() {
    return nameAddrs(HeaderNames.RECORD_ROUTE, false);
  }

  public Optional<MediaType> contentType() {
    return headers.first(HeaderNames.CONTENT_TYPE).map(MediaType::parse);
  }

  /**
   * Expires in seconds. A value above 2**32-1 (RFC 4475 scalar02) reads as absent, so the layer above
   * applies its default, as that RFC suggests.
   */
  public OptionalLong expires() {
    return headers.first(HeaderNames.EXPIRES).map(v -> {
      long n = Chars.boundedNumber(v, 0xFFFF_FFFFL);
      return n < 0 ? OptionalLong.empty() : OptionalLong.of(n);
    }).orElse(OptionalLong.empty());
  }

  public List<AuthValue> authorizations() {
    return auth(HeaderNames.AUTHORIZATION);
  }

  public List<AuthValue> proxyAuthorizations() {
    return auth(HeaderNames.PROXY_AUTHORIZATION);
  }

  public List<AuthValue> wwwAuthenticates() {
    return auth(HeaderNames.WWW_AUTHENTICATE);
  }

  public List<AuthValue> proxyAuthenticates() {
    return auth(HeaderNames.PROXY_AUTHENTICATE);
  }

  private List<AuthValue> auth(String name) {
    List<AuthValue> out = new ArrayList<>();
    for (String v : headers.values(name)) {
      out.add(AuthValue.parse(v, name + " header"));
    }
    return out;
  }

  private List<NameAddr> nameAddrs(String name, boolean skipStar) {
    List<NameAddr> out = new ArrayList<>();
    for (String v : headers.values(name)) {
      if (!(skipStar && v.equals("*"))) {
        out.add(NameAddr.parse(v, name + " header"));
      }
    }
    return out;
  }

  private String required(String name) {
    return headers.first(name).orElseThrow(() -> new SipSyntaxException("Missing " + name + " header"));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SipMessage m && m.getClass() == getClass() && m.startLine().equals(startLine())
        && m.headers.equals(headers) && Arrays.equals(m.body, body);
  }

  @Override
  public int hashCode() {
    return (startLine().hashCode() * 31 + headers.hashCode()) * 31 + Arrays.hashCode(body);
  }

  @Override
  public String toString() {
    return startLine() + " " + headers + " (" + body.length + " body bytes)";
  }
}
