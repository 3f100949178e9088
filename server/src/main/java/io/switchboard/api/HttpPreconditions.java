package io.switchboard.api;

import io.switchboard.directory.IfMatch;
import io.vertx.ext.web.RoutingContext;

/**
 * Entity tags of directory objects: the ETag is the object's version in quotes ({@code "3"}), so If-Match
 * and If-None-Match carry versions.
 */
final class HttpPreconditions {
  private HttpPreconditions() {}

  static String etag(long version) {
    return "\"" + version + "\"";
  }

  /** The If-Match precondition, or null when the header is absent; 400 problem when malformed. */
  static IfMatch ifMatch(RoutingContext rc) {
    String h = rc.request().getHeader("If-Match");
    if (h == null) {
      return null;
    }
    h = h.trim();
    if (h.equals("*")) {
      return IfMatch.ANY;
    }
    Long v = version(h);
    if (v == null) {
      throw Problem.invalidField("If-Match", "must be \"*\" or one quoted version such as \"3\"");
    }
    return IfMatch.version(v);
  }

  /** True when If-None-Match names {@code version} (or is "*"); weak tags compare weakly, as RFC 9110 says. */
  static boolean noneMatchHits(RoutingContext rc, long version) {
    String h = rc.request().getHeader("If-None-Match");
    if (h == null) {
      return false;
    }
    for (String tag : h.split(",")) {
      String t = tag.trim();
      if (t.equals("*")) {
        return true;
      }
      if (t.startsWith("W/")) {
        t = t.substring(2);
      }
      Long v = version(t);
      if (v != null && v == version) {
        return true;
      }
    }
    return false;
  }

  private static Long version(String quoted) {
    if (quoted.length() < 3 || quoted.charAt(0) != '"' || quoted.charAt(quoted.length() - 1) != '"') {
      return null;
    }
    String digits = quoted.substring(1, quoted.length() - 1);
    if (!digits.matches("[0-9]{1,18}")) {
      return null;
    }
    return Long.parseLong(digits);
  }
}
