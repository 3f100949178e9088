package io.switchboard.auth;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * The "source" the login throttle counts per: the client's IPv4 address, or its IPv6 /64 prefix (one customer
 * line usually gets a whole /64, so counting single IPv6 addresses would let one client rotate freely).
 */
public final class LoginSource {
  // Dotted IPv4, or IPv6 (a host name never contains ':'), optionally bracketed or with a zone.
  private static final Pattern NUMERIC =
      Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}|\\[?[0-9A-Fa-f]*:[0-9A-Fa-f:.]*(%[\\w.]+)?]?");

  private LoginSource() {}

  /** @param address a numeric address as the socket reports it (no DNS lookup happens); null → "unknown" */
  public static String of(String address) {
    if (address == null || !NUMERIC.matcher(address).matches()) { // literals only: getByName must never resolve
      return "unknown";
    }
    try {
      InetAddress a = InetAddress.getByName(address.startsWith("[") ? address.substring(1, address.length() - 1)
          : address);
      if (a instanceof Inet6Address) {
        byte[] b = a.getAddress();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i += 2) {
          sb.append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff))).append(':');
        }
        return sb.append(":/64").toString();
      }
      return a.getHostAddress();
    } catch (UnknownHostException e) {
      return "unknown";
    }
  }
}
