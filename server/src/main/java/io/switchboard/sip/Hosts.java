package io.switchboard.sip;

/**
 * host = hostname / IPv4address / IPv6reference (RFC 3261 §25.1). Syntax only: nothing here resolves a
 * name. Stricter than the ABNF where the ABNF is loose on purpose: IPv4 octets must be 0..255.
 */
final class Hosts {
  private Hosts() {}

  /** hostname, IPv4address or "[" IPv6address "]". */
  static boolean isHost(String h) {
    if (h.startsWith("[")) {
      return h.endsWith("]") && isIpv6(h.substring(1, h.length() - 1));
    }
    return isIpv4(h) || isHostname(h);
  }

  /**
   * hostname = *( domainlabel "." ) toplabel [ "." ]; domainlabel = alphanum / alphanum *( alphanum / "-" )
   * alphanum; toplabel = ALPHA / ALPHA *( alphanum / "-" ) alphanum.
   */
  static boolean isHostname(String h) {
    if (h.isEmpty() || h.length() > 255) {
      return false;
    }
    String name = h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    if (name.isEmpty()) {
      return false;
    }
    String[] labels = name.split("\\.", -1);
    for (int i = 0; i < labels.length; i++) {
      String label = labels[i];
      if (label.isEmpty() || !Chars.alphanum(label.charAt(0)) || !Chars.alphanum(label.charAt(label.length() - 1))) {
        return false;
      }
      for (int j = 0; j < label.length(); j++) {
        char c = label.charAt(j);
        if (!Chars.alphanum(c) && c != '-') {
          return false;
        }
      }
    }
    return Chars.alpha(labels[labels.length - 1].charAt(0));
  }

  /** IPv4address = 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT, each at most 255. */
  static boolean isIpv4(String h) {
    String[] parts = h.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || Chars.boundedNumber(p, 255) < 0) {
        return false;
      }
    }
    return true;
  }

  /** IPv6address (RFC 3261 §25.1, same as RFC 4291 §2.2 text forms), without brackets. */
  static boolean isIpv6(String h) {
    if (h.isEmpty()) {
      return false;
    }
    int gap = h.indexOf("::");
    if (gap >= 0 && h.indexOf("::", gap + 1) >= 0) {
      return false;
    }
    int groups;
    if (gap >= 0) {
      String head = h.substring(0, gap);
      String tail = h.substring(gap + 2);
      int a = head.isEmpty() ? 0 : countGroups(head, false);
      int b = tail.isEmpty() ? 0 : countGroups(tail, true);
      if (a < 0 || b < 0) {
        return false;
      }
      groups = a + b;
      return groups <= 7;
    }
    groups = countGroups(h, true);
    return groups == 8;
  }

  /** Number of 16-bit groups in "h16 *(: h16)" (an IPv4 tail counts as two), or -1 if malformed. */
  private static int countGroups(String part, boolean ipv4TailAllowed) {
    String[] groups = part.split(":", -1);
    int count = 0;
    for (int i = 0; i < groups.length; i++) {
      String g = groups[i];
      if (i == groups.length - 1 && ipv4TailAllowed && g.indexOf('.') >= 0) {
        if (!isIpv4(g)) {
          return -1;
        }
        count += 2;
        continue;
      }
      if (g.isEmpty() || g.length() > 4) {
        return -1;
      }
      for (int j = 0; j < g.length(); j++) {
        if (!Chars.hex(g.charAt(j))) {
          return -1;
        }
      }
      count++;
    }
    return count;
  }
}
