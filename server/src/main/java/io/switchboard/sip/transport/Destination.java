package io.switchboard.sip.transport;

import io.switchboard.sip.SipUri;
import java.util.Objects;

/**
 * Where a message goes or came from: a transport, a host (IP literal or name, resolved by Vert.x) and a
 * port. For a received message it is the packet's or connection's remote address. Immutable.
 */
public record Destination(Protocol protocol, String host, int port) {
  public Destination {
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(host, "host");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1..65535: " + port);
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1); // Vert.x wants IPv6 without brackets
    }
  }

  /**
   * The next hop for a URI (RFC 3263 reduced to what we need: no NAPTR/SRV): transport from the
   * transport parameter (UDP when absent), the maddr or host, the port or 5060.
   */
  public static Destination of(SipUri uri) {
    Protocol p = uri.transport().flatMap(Protocol::parse).orElse(Protocol.UDP);
    String host = uri.param("maddr").orElse(uri.host());
    return new Destination(p, host, uri.port() < 0 ? 5060 : uri.port());
  }

  public Destination with(Protocol p) {
    return new Destination(p, host, port);
  }

  /** "ip:port", the key of a TCP connection and a flood bucket's neighbour. */
  public String address() {
    return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
  }

  @Override
  public String toString() {
    return protocol + ":" + address();
  }
}
