package io.switchboard.sip.session;

import io.switchboard.sip.session.SessionTimerPolicy.Negotiated;
import io.switchboard.sip.transaction.Timers;

/**
 * The session timer of one dialog (RFC 4028 §10): when we are the refresher it asks for a refresh at half the
 * interval; whoever refreshes, a session not refreshed by {@code interval - min(32 s, interval / 3)} after the last
 * refresh has expired and the dialog is to be ended (BYE).
 *
 * <pre>
 *             refreshed(n), n.weRefresh                    due: listener.refreshDue()
 *   IDLE ──┬──────────────────────────────► REFRESHER ────────────────────────────────► REFRESHING
 *          │                                    ▲  ◄──── retryIn(ms) (e.g. our refresh got 491) ───┘ │
 *          │ refreshed(n), peer refreshes       └──────── refreshed(n): 2xx to a refresh ─────────────┘
 *          └──────────────────────────────► WATCHING ◄─ refreshed(n): the peer's refresh answered 2xx
 *   REFRESHER / REFRESHING / WATCHING ──expiry due──► EXPIRED (listener.expired(), once)
 *   any ──stop()──► STOPPED          refreshed(null) (the refresh dropped the timer) ──► IDLE
 * </pre>
 *
 * <p>Threading: not thread-safe; every method and every listener call runs on the thread of {@code timers} (the
 * SIP event loop), as {@link Timers} promises.
 */
public final class SessionTimer {
  /** See the diagram. */
  public enum State {
    /** No session timer agreed (yet): nothing scheduled. */
    IDLE,
    /** We refresh: a refresh is scheduled at half the interval, and the expiry guard runs. */
    REFRESHER,
    /** Our refresh is on its way (or being retried): only the expiry guard runs. */
    REFRESHING,
    /** The peer refreshes: only the expiry guard runs. */
    WATCHING,
    /** No refresh came in time: the dialog is being ended. */
    EXPIRED,
    /** The dialog ended; nothing will run again. */
    STOPPED
  }

  /** Called on the timers' thread. */
  public interface Listener {
    /** Send a refresh (re-INVITE or UPDATE) now, then report its outcome with {@link #refreshed} or {@link #retryIn}. */
    void refreshDue();

    /** The session expired (§10): end the dialog. Called once. */
    void expired();
  }

  private final Timers timers;
  private final Listener listener;
  private State state = State.IDLE;
  private Negotiated current;
  private long refreshTimer = -1;
  private long expiryTimer = -1;

  public SessionTimer(Timers timers, Listener listener) {
    this.timers = timers;
    this.listener = listener;
  }

  public State state() {
    return state;
  }

  /** The agreement in force, or null. */
  public Negotiated current() {
    return current;
  }

  /**
   * A refresh succeeded (the initial 2xx, a 2xx to our refresh, or our 2xx to the peer's re-INVITE or UPDATE):
   * both clocks restart from now with {@code n} (null: no session timer any more).
   */
  public void refreshed(Negotiated n) {
    if (state == State.EXPIRED || state == State.STOPPED) {
      return;
    }
    cancelAll();
    current = n;
    if (n == null) {
      state = State.IDLE;
      return;
    }
    expiryTimer = timers.schedule(n.expiresAfterMs(), this::expire);
    if (n.weRefresh()) {
      state = State.REFRESHER;
      refreshTimer = timers.schedule(n.refreshAfterMs(), this::due);
    } else {
      state = State.WATCHING;
    }
  }

  /**
   * Our refresh did not go through but may be tried again (a 491 on glare, RFC 3261 §14.1): a new
   * {@link Listener#refreshDue} after {@code delayMs}; the expiry guard keeps running from the last success.
   */
  public void retryIn(long delayMs) {
    if (state != State.REFRESHING && state != State.REFRESHER) {
      return;
    }
    cancel(refreshTimer);
    state = State.REFRESHER;
    refreshTimer = timers.schedule(delayMs, this::due);
  }

  /** The dialog ended: nothing runs any more. Idempotent. */
  public void stop() {
    cancelAll();
    state = State.STOPPED;
  }

  private void due() {
    refreshTimer = -1;
    if (state != State.REFRESHER) {
      return;
    }
    state = State.REFRESHING;
    listener.refreshDue();
  }

  private void expire() {
    expiryTimer = -1;
    if (state != State.REFRESHER && state != State.REFRESHING && state != State.WATCHING) {
      return;
    }
    cancelAll();
    state = State.EXPIRED;
    listener.expired();
  }

  private void cancelAll() {
    cancel(refreshTimer);
    cancel(expiryTimer);
    refreshTimer = -1;
    expiryTimer = -1;
  }

  private void cancel(long id) {
    if (id >= 0) {
      timers.cancel(id);
    }
  }
}
