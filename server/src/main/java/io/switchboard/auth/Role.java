package io.switchboard.auth;

import java.util.Locale;
import java.util.Optional;

/** What a principal may do. Roles do not imply one another: give a supervisor who takes calls both roles. */
public enum Role {
  /** Takes calls: may change its own state and touch only the calls offered to it. */
  AGENT,
  /** Watches wallboards and agents of its tenant; listens, whispers and barges. */
  SUPERVISOR,
  /** Provisions the tenant's directory (queues, agents, numbers, ...) and service tokens. */
  ADMIN;

  /** The lower-case name used in tokens, JSON and the API. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Role> fromWire(String s) {
    for (Role r : values()) {
      if (r.wire().equals(s)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
