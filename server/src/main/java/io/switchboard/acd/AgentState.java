package io.switchboard.acd;

import java.util.Locale;
import java.util.Optional;

/**
 * An agent's state in the ACD, kept in Redis and changed only by the ACD's Lua scripts.
 *
 * <pre>
 *            state.set available                 route (one atomic script)
 *  OFFLINE ───────────────────────► AVAILABLE ───────────────────────► RESERVED
 *     ▲  ◄─────── state.set offline ──┘ ▲ ▲                              │  │
 *     │                                 │ │ state.set available   accept │  │ reject / no answer by the deadline
 *     │  state.set offline             │ │                              ▼  ▼
 *     └──────────────────────────── AWAY ◄──────────────────────────  ON_CALL   AWAY (reason "no-answer"/"rejected")
 *                                       ▲                                │
 *                  state.set away       │                     hang-up    │
 *                  (from AVAILABLE)     │                                ▼
 *                                       └── (away requested) ──────  WRAP_UP ── wrapup.done / timer ──► AVAILABLE
 * </pre>
 * Click-to-dial ({@code acd-dial.lua}): AVAILABLE or AWAY ── call.dial ──► ON_CALL (no offers meanwhile); unanswered
 * (busy, no answer, ..., or the agent's hang-up before the answer) ──► back to the state it dialed from; answered,
 * then hung up by either side ──► WRAP_UP as above, then AVAILABLE, or AWAY (same reason) when it dialed from away.
 */
public enum AgentState {
  /** Not logged in to the ACD; never offered a call. */
  OFFLINE,
  /** Idle and waiting for a call; listed in the idle set of each of its queues. */
  AVAILABLE,
  /** A call has been offered and is held for this agent until it answers or the deadline passes. */
  RESERVED,
  /** Talking to a caller. */
  ON_CALL,
  /** The call has ended; the agent writes notes until wrap-up is done or the queue's wrap-up time runs out. */
  WRAP_UP,
  /** Logged in but not taking calls, with a reason code (break, lunch, no-answer, ...). */
  AWAY;

  public String wire() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static Optional<AgentState> fromWire(String s) {
    for (AgentState st : values()) {
      if (st.wire().equals(s)) {
        return Optional.of(st);
      }
    }
    return Optional.empty();
  }
}
