package io.switchboard.auth;

import java.util.Set;

/**
 * Who is calling, as proven by a verified token.
 *
 * @param tenant  the only tenant this principal may see or change
 * @param subject the agent id for a user, the token id for a service token
 * @param roles   what it may do
 * @param kind    how it authenticated
 */
public record Principal(String tenant, String subject, Set<Role> roles, Kind kind) {
  public enum Kind { USER, SERVICE }

  public Principal {
    roles = Set.copyOf(roles);
  }

  public boolean has(Role role) {
    return roles.contains(role);
  }

  /** True when one of its roles sees the whole tenant ({@link Role#TENANT_WIDE}), not only some teams. */
  public boolean tenantWide() {
    return hasAny(Role.TENANT_WIDE);
  }

  public boolean hasAny(Set<Role> wanted) {
    for (Role r : wanted) {
      if (roles.contains(r)) {
        return true;
      }
    }
    return false;
  }
}
