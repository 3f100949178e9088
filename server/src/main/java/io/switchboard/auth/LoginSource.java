package io.switchboard.auth;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The "source" the login throttle counts per: the client's IPv4 address, or its IPv6 /64 prefix (one customer
 * line usually gets a whole /64, so counting single IPv6 addresses would let one client rotate freely).
 */
public final class LoginSource {
  private LoginSource() {}

  /** @param address a numeric address as the socket reports it (no DNS lookup happens); null → "unknown" */
  public static String of(String address) {
    if (address == null || !address.matches("[0-9A-Fa-f:.%\\[\\]]{1,64}")) { // numeric only: never a DNS lookup
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
