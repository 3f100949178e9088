package io.switchboard.auth;

import java.util.regex.Pattern;

/** Tenant ids as {@code SwitchboardConfig} and {@code redis.Keys} expect them; checked before any id reaches a key. */
final class Tenants {
  private static final Pattern TENANT = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  private Tenants() {}

  static boolean valid(String tenant) {
    return tenant != null && TENANT.matcher(tenant).matches();
  }
}
