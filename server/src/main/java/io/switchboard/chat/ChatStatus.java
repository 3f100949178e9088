package io.switchboard.chat;

import java.util.Locale;

/**
 * Where a chat is:
 *
 * <pre>
 *   BOT ──handover / not fronted──► QUEUED ──accept──► CONNECTED
 *    │                                 ▲                  │
 *    │                                 └────transfer──────┤
 *    └──close (contained)──► ENDED ◄──── end (any state) ─┘
 * </pre>
 *
 * A chat that no bot fronts starts QUEUED at its first message; ENDED is final.
 */
public enum ChatStatus {
  BOT, QUEUED, CONNECTED, ENDED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ChatStatus of(String wire) {
    return valueOf(wire.toUpperCase(Locale.ROOT));
  }
}
