package io.switchboard.monitor;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How a supervisor takes part in an agent's call, and therefore who hears whom in the call's mix. With one
 * supervisor:
 *
 * <pre>
 *   listener \ speaker   caller   agent   supervisor
 *   caller                 -       yes     barge
 *   agent                 yes       -      whisper, barge
 *   supervisor            yes      yes       -
 * </pre>
 *
 * {@code listen}: hears both, heard by nobody; {@code whisper}: heard by the agent only; {@code barge}: all three
 * hear each other. With several supervisors on one call ({@link #matrix(List)}) each is heard as its own mode says,
 * and another supervisor counts as a party of the call's conversation: it hears a barging supervisor (whom the
 * caller and the agent hear) and never a whisperer (heard by the agent only) or a listener (heard by nobody):
 *
 * <pre>
 *   listener \ speaker   caller   agent   supervisor in listen   in whisper   in barge
 *   caller                 -       yes            -                  -           yes
 *   agent                 yes       -             -                 yes          yes
 *   other supervisor      yes      yes            -                  -           yes
 * </pre>
 */
public enum MonitorMode {
  LISTEN, WHISPER, BARGE;

  /** The parties of a monitored call, in the order of the mix's frames (every supervisor from SUPERVISOR on). */
  public enum Party { CALLER, AGENT, SUPERVISOR }

  /** Whether {@code listener} hears {@code speaker} in this mode (never itself). */
  public boolean hears(Party listener, Party speaker) {
    if (listener == speaker) {
      return false;
    }
    return speaker != Party.SUPERVISOR || heardBy(listener);
  }

  /**
   * Whether a supervisor speaking in this mode is heard by {@code listener}: the caller, the agent, or (for
   * {@link Party#SUPERVISOR}) another supervisor on the same call.
   */
  public boolean heardBy(Party listener) {
    return switch (listener) {
      case AGENT -> this != LISTEN;
      case CALLER, SUPERVISOR -> this == BARGE;
    };
  }

  /** The whole matrix with this one supervisor, {@code [listener.ordinal()][speaker.ordinal()]}. */
  public boolean[][] matrix() {
    return matrix(List.of(this));
  }

  /**
   * Who hears whom with the supervisors {@code modes} on one call, as {@code media.audio.Mixer} takes it:
   * {@code [listener][speaker]}, index 0 the caller, 1 the agent, {@code 2 + i} the supervisor in {@code modes[i]}.
   */
  public static boolean[][] matrix(List<MonitorMode> modes) {
    int n = 2 + modes.size();
    boolean[][] m = new boolean[n][n];
    for (int l = 0; l < n; l++) {
      for (int s = 0; s < n; s++) {
        m[l][s] = l != s && (s < 2 || modes.get(s - 2).heardBy(party(l)));
      }
    }
    return m;
  }

  /** The kind of party at index {@code i} of {@link #matrix(List)}. */
  private static Party party(int i) {
    return i == 0 ? Party.CALLER : i == 1 ? Party.AGENT : Party.SUPERVISOR;
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
