package io.switchboard.cases;

import java.util.Locale;
import java.util.Optional;

/** How urgent a case is; each has its own time to be done by ({@code cases.due-hours.*}). */
public enum CasePriority {
  LOW, NORMAL, HIGH, URGENT;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<CasePriority> fromWire(String s) {
    for (CasePriority v : values()) {
      if (v.wire().equals(s)) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }
}
