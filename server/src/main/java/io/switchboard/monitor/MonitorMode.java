package io.switchboard.monitor;

import java.util.Locale;
import java.util.Optional;

/**
 * How a supervisor takes part in an agent's call, and therefore who hears whom in the call's mix:
 *
 * <pre>
 *   listener \ speaker   caller   agent   supervisor
 *   caller                 -       yes     barge
 *   agent                 yes       -      whisper, barge
 *   supervisor            yes      yes       -
 * </pre>
 *
 * {@code listen}: hears both, heard by nobody; {@code whisper}: heard by the agent only; {@code barge}: all three
 * hear each other.
 */
public enum MonitorMode {
  LISTEN, WHISPER, BARGE;

  /** The parties of a monitored call, in the order of the mix's frames. */
  public enum Party { CALLER, AGENT, SUPERVISOR }

  /** Whether {@code listener} hears {@code speaker} in this mode (never itself). */
  public boolean hears(Party listener, Party speaker) {
    if (listener == speaker) {
      return false;
    }
    if (speaker != Party.SUPERVISOR) {
      return true;
    }
    return switch (listener) {
      case AGENT -> this != LISTEN;
      case CALLER -> this == BARGE;
      default -> false;
    };
  }

  /** The whole matrix, {@code [listener.ordinal()][speaker.ordinal()]}, as {@code media.audio.Mixer} takes it. */
  public boolean[][] matrix() {
    Party[] p = Party.values();
    boolean[][] m = new boolean[p.length][p.length];
    for (Party l : p) {
      for (Party s : p) {
        m[l.ordinal()][s.ordinal()] = hears(l, s);
      }
    }
    return m;
  }

  /** Whether the agent hears the supervisor, so it must be told (a silent listen only by the tenant's choice). */
  public boolean audibleToAgent() {
    return this != LISTEN;
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<MonitorMode> fromWire(String s) {
    for (MonitorMode m : values()) {
      if (m.wire().equals(s)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }
}
