package io.switchboard.api;

import io.vertx.ext.web.RoutingContext;

/** Query parameters every list route reads the same way. */
final class QueryParams {
  /** Items per page when a request gives no {@code limit}. */
  static final int DEFAULT_LIMIT = 50;

  private QueryParams() {}

  /** The trimmed value of {@code name}, or null when absent or blank. */
  static String param(RoutingContext rc, String name) {
    String v = rc.queryParams().get(name);
    return v == null || v.isBlank() ? null : v.trim();
  }

  /** {@code limit}: 1 to {@code max}, {@link #DEFAULT_LIMIT} when absent; else a problem naming the field. */
  static int limit(RoutingContext rc, int max) {
    String raw = param(rc, "limit");
    if (raw == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(raw);
      if (limit >= 1 && limit <= max) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // the problem below says what is accepted
    }
    throw Problem.invalidField("limit", "must be an integer from 1 to " + max);
  }
}
