package io.switchboard.call;

import io.switchboard.monitor.MonitorMode.Party;

/**
 * Who hears whom while an agent consults a colleague on its call (issue 15, point 3), in the parties of a
 * {@link CallMix}: the colleague takes the third party's place (the slot a monitoring supervisor has otherwise).
 *
 * <pre>
 *   listener \ speaker   caller   agent   colleague
 *   CONSULT:
 *   caller                 -        -        -        (hears music on hold instead)
 *   agent                  -        -       yes
 *   colleague              -       yes       -
 *   CONFERENCE:
 *   caller                 -       yes      yes
 *   agent                 yes       -       yes
 *   colleague             yes      yes       -
 * </pre>
 *
 * After a warm transfer the colleague is the call's only agent: the call is a plain two-party relay again and needs
 * no stage.
 */
enum ConsultStage {
  /** The caller is on hold (music); the two agents talk. */
  CONSULT,
  /** All three hear each other. */
  CONFERENCE;

  /** Whether {@code listener} hears {@code speaker} (never itself). */
  boolean hears(Party listener, Party speaker) {
    if (listener == speaker) {
      return false;
    }
    return this == CONFERENCE || listener != Party.CALLER && speaker != Party.CALLER;
  }

  /** Whether the caller hears music on hold rather than the mix. */
  boolean callerHearsMusic() {
    return this == CONSULT;
  }

  /** The whole matrix, {@code [listener.ordinal()][speaker.ordinal()]}, as {@code media.audio.Mixer} takes it. */
  boolean[][] matrix() {
    Party[] p = Party.values();
    boolean[][] m = new boolean[p.length][p.length];
    for (Party l : p) {
      for (Party s : p) {
        m[l.ordinal()][s.ordinal()] = hears(l, s);
      }
    }
    return m;
  }
}
