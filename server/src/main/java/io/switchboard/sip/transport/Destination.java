package io.switchboard.sip.transport;

import io.netty.util.NetUtil;
import io.switchboard.sip.SipUri;
import java.net.InetAddress;
import java.net.UnknownHostException;
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
   * transport parameter (UDP when absent; TLS for a sips: URI, whatever the parameter says, §26.2.2 and
   * RFC 5630: a sips: URI is reached over TLS), the maddr or host, the port or the transport's default.
   */
  public static Destination of(SipUri uri) {
    Protocol p = uri.secure() ? Protocol.TLS : uri.transport().flatMap(Protocol::parse).orElse(Protocol.UDP);
    String host = uri.param("maddr").orElse(uri.host());
    return new Destination(p, host, uri.port() < 0 ? p.defaultPort() : uri.port());
  }

  /**
   * A socket's remote address as this stack compares addresses: an IPv4-mapped IPv6 address (what a
   * dual-stack socket may report for an IPv4 peer) as plain IPv4, other IPv6 in the RFC 5952 short form
   * ("::1", not "0:0:0:0:0:0:0:1"), so that received=, connection keys and trunk source checks agree.
   */
  public static Destination remote(Protocol protocol, String ip, int port) {
    return new Destination(protocol, canonicalIp(ip), port);
  }

  static String canonicalIp(String ip) {
    if (ip.indexOf(':') < 0) {
      return ip;
    }
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(ip);
    if (bytes == null) {
      return ip;
    }
    try {
      // getByAddress turns an IPv4-mapped address into an Inet4Address
      return NetUtil.toAddressString(InetAddress.getByAddress(bytes));
    } catch (UnknownHostException e) {
      return ip;
    }
  }

  public Destination with(Protocol p) {
    return new Destination(p, host, port);
  }

  /** "ip:port" ("[ipv6]:port"). */
  public String address() {
    return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
  }

  @Override
  public String toString() {
    return protocol + ":" + address();
  }
}
