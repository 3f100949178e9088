package io.switchboard.directory;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Shapes of host names, IP literals and CIDRs as trunks accept them. Pure and thread-safe; never resolves a
 * name (IP literals are parsed, and {@link InetAddress#getByName} does no lookup for them).
 */
final class Hosts {
  private Hosts() {}

  static final Pattern CIDR_CHARS = Pattern.compile("[0-9A-Fa-f:.]+(/[0-9]{1,3})?");
  static final String CIDR_RULE = "must be an IPv4 or IPv6 address, optionally with /prefix (e.g. 192.0.2.0/24)";

  private static final Pattern IPV4 = Pattern.compile(
      "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
  private static final Pattern NUMERIC = Pattern.compile("[0-9.]+");

  /** True for a DNS host name (RFC 1123 labels, not all digits), an IPv4 literal or an IPv6 literal. */
  static boolean validHost(String s) {
    if (s.isEmpty() || s.length() > 253) {
      return false;
    }
    if (s.indexOf(':') >= 0) {
      return ipv6(s) != null;
    }
    if (NUMERIC.matcher(s).matches()) {
      return IPV4.matcher(s).matches();
    }
    for (String label : s.split("\\.", -1)) {
      if (!LABEL.matcher(label).matches()) {
        return false;
      }
    }
    return true;
  }

  /** Null when {@code s} is an IP or CIDR with no bits set after its prefix; otherwise what is wrong. */
  static String cidrProblem(String s) {
    int slash = s.indexOf('/');
    String ip = slash < 0 ? s : s.substring(0, slash);
    byte[] bytes = ip.indexOf(':') >= 0 ? ipv6(ip) : IPV4.matcher(ip).matches() ? ipv4(ip) : null;
    if (bytes == null) {
      return CIDR_RULE;
    }
    int bits = bytes.length * 8;
    if (slash < 0) {
      return null;
    }
    int prefix;
    try {
      prefix = Integer.parseInt(s.substring(slash + 1));
    } catch (NumberFormatException e) {
      return CIDR_RULE;
    }
    if (prefix < 0 || prefix > bits) {
      return "prefix must be from 0 to " + bits;
    }
    BigInteger value = new BigInteger(1, bytes);
    BigInteger hostMask = BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE);
    if (!value.and(hostMask).equals(BigInteger.ZERO)) {
      return "has bits set after the /" + prefix + " prefix (did you mean " + network(bytes, prefix) + "?)";
    }
    return null;
  }

  private static String network(byte[] bytes, int prefix) {
    byte[] net = bytes.clone();
    for (int i = 0; i < net.length * 8; i++) {
      if (i >= prefix) {
        net[i / 8] &= (byte) ~(0x80 >>> (i % 8));
      }
    }
    try {
      return InetAddress.getByAddress(net).getHostAddress() + "/" + prefix;
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] ipv4(String s) {
    String[] parts = s.split("\\.");
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      out[i] = (byte) Integer.parseInt(parts[i]);
    }
    return out;
  }

  /** The 16 bytes of an IPv6 literal (no brackets, no zone), or null. */
  private static byte[] ipv6(String s) {
    if (!IPV6_CHARS.matcher(s).matches() || s.length() > 45) {
      return null;
    }
    try {
      // starts with a hex digit or ':' and contains ':', so the JDK parses it as a literal, never a name
      byte[] b = InetAddress.getByName(s).getAddress();
      if (b.length == 16) {
        return b;
      }
      return null; // an IPv4-mapped literal (::ffff:a.b.c.d) the JDK turned into IPv4: write it as IPv4
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
