package io.switchboard.call;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Whether a request's source address lies inside an enabled trunk's {@code allowedSources} (CIDRs or
 * bare addresses). Pure; only IP literals are parsed (never a DNS lookup).
 */
final class TrunkSources {
  /** Dotted IPv4, or anything with a ':' (InetAddress parses those as IPv6 literals, never via DNS). */
  private static final Pattern LITERAL = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  private TrunkSources() {}

  /** True if {@code ip} is allowed by one of the enabled {@code trunks}. */
  static boolean allowed(List<JsonObject> trunks, String ip) {
    return trunkFor(trunks, ip) != null;
  }

  /** The first enabled trunk of {@code trunks} (in the given order) that allows {@code ip}, or null. */
  static JsonObject trunkFor(List<JsonObject> trunks, String ip) {
    byte[] addr = literal(ip);
    if (addr == null) {
      return null;
    }
    for (JsonObject t : trunks) {
      if (!t.getBoolean("enabled", true)) {
        continue;
      }
      JsonArray sources = t.getJsonArray("allowedSources", new JsonArray());
      for (Object s : sources) {
        if (s instanceof String cidr && contains(cidr, addr)) {
          return t;
        }
      }
    }
    return null;
  }

  /** The trunk document's {@code allowedSources} (CIDRs or addresses), as strings. */
  static List<String> sources(JsonObject trunk) {
    List<String> out = new java.util.ArrayList<>();
    for (Object s : trunk.getJsonArray("allowedSources", new JsonArray())) {
      if (s instanceof String cidr) {
        out.add(cidr);
      }
    }
    return List.copyOf(out);
  }

  /** True if {@code ip} (a literal) lies in one of {@code cidrs}. */
  static boolean allows(List<String> cidrs, String ip) {
    byte[] addr = literal(ip);
    return addr != null && cidrs.stream().anyMatch(c -> contains(c, addr));
  }

  static boolean contains(String cidr, byte[] addr) {
    int slash = cidr.indexOf('/');
    byte[] net = literal(slash < 0 ? cidr : cidr.substring(0, slash));
    if (net == null || net.length != addr.length) {
      return false;
    }
    int prefix = slash < 0 ? net.length * 8 : Integer.parseInt(cidr.substring(slash + 1));
    for (int bit = 0; bit < prefix; bit++) {
      int mask = 0x80 >>> (bit % 8);
      if ((net[bit / 8] & mask) != (addr[bit / 8] & mask)) {
        return false;
      }
    }
    return true;
  }

  private static byte[] literal(String ip) {
    if (ip == null) {
      return null;
    }
    String s = ip.startsWith("[") && ip.endsWith("]") ? ip.substring(1, ip.length() - 1) : ip;
    if (!LITERAL.matcher(s).matches()) {
      return null; // a host name: never resolved here
    }
    try {
      return InetAddress.getByName(s).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
