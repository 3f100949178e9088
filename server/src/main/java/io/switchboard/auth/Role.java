package io.switchboard.auth;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a principal may do. Roles do not imply one another: give a supervisor who takes calls both roles. What each
 * role may do, route by route and verb by verb, is docs/roles.md.
 */
public enum Role {
  /** Takes calls: may change its own state and touch only the calls offered to it. */
  AGENT,
  /** Watches wallboards and agents of its tenant; listens, whispers and barges; runs campaigns and lists. */
  SUPERVISOR,
  /**
   * Supervises the teams it leads (the teams whose {@code leader} it is): their agents on the wallboard, listens,
   * whispers and barges on their calls, their reports, and the cases escalated to it or owned by its agents.
   */
  TEAM_LEADER,
  /** Oversees every team of its tenant: wallboard, monitoring, reports, goals (read), cases; changes nothing else. */
  MANAGER,
  /** Provisions the tenant's directory (queues, agents, numbers, ...) and service tokens. */
  ADMIN;

  /** The roles that see the whole tenant wherever they may look (a team leader sees only its teams). */
  public static final Set<Role> TENANT_WIDE = Set.of(SUPERVISOR, MANAGER, ADMIN);

  /** The lower-case name used in tokens, JSON and the API ({@code team-leader}). */
  public String wire() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static Optional<Role> fromWire(String s) {
    for (Role r : values()) {
      if (r.wire().equals(s)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  /** Every role's wire name, comma separated in declaration order (for error messages). */
  public static String wireList() {
    return Arrays.stream(values()).map(Role::wire).collect(Collectors.joining(", "));
  }
}
