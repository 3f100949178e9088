package io.switchboard.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.function.Supplier;

/**
 * The address a node writes where peers must reach it (SIP Via and Contact, SDP {@code c=}, ICE host candidates),
 * chosen in this order:
 * <ol>
 *   <li>the configured address, when one is set (a node behind 1:1 NAT, such as an EC2 instance, sets its public
 *       address: no interface of the host carries it);
 *   <li>the bind host, when it is a concrete address (the node listens on that one address only);
 *   <li>for a wildcard bind, the first address of the first interface that is up and not loopback (interfaces in
 *       the given order): for {@code 0.0.0.0} its first IPv4 address; for {@code ::} its first global IPv6 address,
 *       else its first IPv4 address (a {@code ::} socket is dual-stack). Link-local addresses are skipped: a
 *       carrier cannot route to them;
 *   <li>loopback of the bind's family only when no interface qualifies (a host with nothing but loopback, e.g. a
 *       container without a network): right for a single-host demo, and reported as {@link Source#LOOPBACK} so the
 *       node can warn.
 * </ol>
 * Pure: the interfaces are passed in and read only when the wildcard rule needs them.
 */
public final class AdvertisedAddress {
  /** Where the chosen address came from (logged at start-up). */
  public enum Source { CONFIGURED, BIND_HOST, INTERFACE, LOOPBACK }

  /**
   * @param address an IP literal (or the configured host as written), never a wildcard
   * @param from the interface's name for {@link Source#INTERFACE}, else null
   */
  public record Choice(String address, Source source, String from) {}

  private AdvertisedAddress() {}

  /**
   * @param configured the configured address (null or blank: none)
   * @param bindHost the address the sockets bind to, as configured
   * @param interfaces this host's interfaces ({@link HostInterface#system()}), asked only for a wildcard bind
   */
  public static Choice choose(String configured, String bindHost, Supplier<List<HostInterface>> interfaces) {
    if (configured != null && !configured.isBlank()) {
      return new Choice(configured.trim(), Source.CONFIGURED, null);
    }
    if (!BindHosts.isWildcard(bindHost)) {
      return new Choice(bindHost, Source.BIND_HOST, null);
    }
    boolean v6 = "::".equals(bindHost);
    List<HostInterface> all = interfaces.get();
    for (HostInterface i : all) {
      if (!i.up() || i.loopback()) {
        continue;
      }
      InetAddress a = v6 ? first(i, true) : null;
      if (a == null) {
        a = first(i, false);
      }
      if (a != null) {
        return new Choice(literal(a), Source.INTERFACE, i.name());
      }
    }
    return new Choice(BindHosts.concrete(bindHost), Source.LOOPBACK, null);
  }

  /** The address as written in SDP and SIP: dotted IPv4, or IPv6 compressed as RFC 5952 says (no zone). */
  static String literal(InetAddress a) {
    if (!(a instanceof Inet6Address)) {
      return a.getHostAddress();
    }
    byte[] b = a.getAddress();
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
    int bestAt = -1;
    int bestLen = 1; // a single 0 group is not compressed (RFC 5952 4.2.2)
    for (int i = 0; i < 8; i++) {
      int j = i;
      while (j < 8 && g[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestAt = i;
        bestLen = j - i;
      }
      i = Math.max(i, j);
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestAt) {
        out.append("::");
        i += bestLen - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(g[i]));
    }
    return out.toString();
  }

  /** The interface's first routable address of the family (IPv6 when {@code v6}), or null. */
  private static InetAddress first(HostInterface i, boolean v6) {
    for (InetAddress a : i.addresses()) {
      boolean family = v6 ? a instanceof Inet6Address : a instanceof Inet4Address;
      if (family && !a.isLoopbackAddress() && !a.isLinkLocalAddress() && !a.isAnyLocalAddress()
          && !a.isMulticastAddress()) {
        return a;
      }
    }
    return null;
  }
}
