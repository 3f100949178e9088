package io.switchboard.cases;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Where a case is in its life. Allowed changes (any other is refused, naming {@code status}):
 * <pre>
 *   new ───► open ◄───► pending         (new → pending too)
 *    │ ╲      │            │
 *    │  ╲     ▼            │
 *    │   ──► resolved ◄────┘
 *    │        │     └── reopen ──► open
 *    ▼        ▼
 *   closed ◄──┴── (from any status but closed)
 *   closed ────── reopen ──► open       (never closed → pending or resolved)
 * </pre>
 */
public enum CaseStatus {
  /** Just created; nobody has worked on it yet. */
  NEW,
  /** Being worked on. */
  OPEN,
  /** Waiting for someone outside (the customer, another company); still counts against its due time. */
  PENDING,
  /** The agent believes it done; the customer may still come back (reopen). */
  RESOLVED,
  /** Done for good; only a reopen (to open) changes it again. */
  CLOSED;

  /** The statuses a case in this one may take next. */
  public Set<CaseStatus> next() {
    return switch (this) {
      case NEW -> EnumSet.of(OPEN, PENDING, RESOLVED, CLOSED);
      case OPEN -> EnumSet.of(PENDING, RESOLVED, CLOSED);
      case PENDING -> EnumSet.of(OPEN, RESOLVED, CLOSED);
      case RESOLVED -> EnumSet.of(OPEN, CLOSED);
      case CLOSED -> EnumSet.of(OPEN);
    };
  }

  /** Whether the case still waits for work (it has a due time that can pass). */
  public boolean active() {
    return this == NEW || this == OPEN || this == PENDING;
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<CaseStatus> fromWire(String s) {
    for (CaseStatus v : values()) {
      if (v.wire().equals(s)) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }
}
