package io.switchboard.call;

import java.util.function.Function;

/**
 * The keys of a waiting caller who asked to be called back, as a pure state machine (no media, no timers: the driver,
 * {@link CallbackOffers}, plays what each {@link Step} says and reports the input timeout as {@link #timeout()}).
 *
 * <pre>
 *   (waiting) ──the queue's key──► start: its own number valid? CONFIRM ("we will call you back at 1 5 5 5 ...,
 *                                          press # to confirm or enter another number followed by #")
 *                                        : ENTER ("please enter the number ... followed by #")
 *   CONFIRM ──#──────────────► DONE(its own number)         CONFIRM ──digit──► ENTER (collecting, the digit kept)
 *   ENTER   ──digit──────────► ENTER (at most MAX_DIGITS)   ENTER ──#──► valid? DONE(number) : refused
 *   CONFIRM / ENTER ──*──────► BACK (to waiting)
 *   refused (# with nothing typed and no own number, a number the dial policy refuses, too many digits) or timeout:
 *       the first time → "that number cannot be used" (refused only), then CONFIRM / ENTER again (digits cleared);
 *       the second time → BACK (to waiting, with music; never a callback without a valid number)
 * </pre>
 *
 * <p>Not thread-safe: one call's event loop.
 */
final class CallbackDialog {
  /** Longest number a caller may type (E.164 has at most 15 digits; a national prefix may add a few). */
  static final int MAX_DIGITS = 18;
  /** Refusals and timeouts before the caller goes back to waiting. */
  static final int MAX_FAILURES = 2;

  enum State {
    /** Its own number was said back: # confirms it, a digit starts another. */
    CONFIRM,
    /** Another number is being typed, # ends it. */
    ENTER,
    /** A valid number was chosen: the driver confirms it and the call becomes a virtual call. */
    DONE,
    /** Given up: the caller waits on the line as before. */
    BACK
  }

  /** What the driver does next. */
  sealed interface Step {}

  /**
   * Prompt: {@code refused} first says the number cannot be used; then {@code number} (E.164) is read out with the
   * confirm question, or, null, the caller is asked to enter one.
   */
  record Prompt(String number, boolean refused) implements Step {}

  /** A digit was taken; nothing to say (the prompt stops). */
  record Collecting() implements Step {}

  /** The number to call back (E.164): say the confirmation, then make the call virtual. */
  record Confirmed(String number) implements Step {}

  /** Back to waiting on the line; {@code refused}: say the number cannot be used first. */
  record Back(boolean refused) implements Step {}

  private final String ownNumber;
  private final Function<String, String> validate;
  private final StringBuilder typed = new StringBuilder();
  private State state;
  private int failures;

  /**
   * @param callerNumber what the caller's From said (its user part), may be null
   * @param validate typed digits (or the caller's number) → E.164 when the tenant's dial policy allows calling it,
   *     else null
   */
  CallbackDialog(String callerNumber, Function<String, String> validate) {
    this.validate = validate;
    this.ownNumber = callerNumber == null || callerNumber.isBlank() ? null : validate.apply(callerNumber);
  }

  State state() {
    return state;
  }

  /** The caller pressed the queue's key: its own number is said back, or it is asked for one. */
  Step start() {
    typed.setLength(0);
    state = ownNumber != null ? State.CONFIRM : State.ENTER;
    return new Prompt(ownNumber, false);
  }

  /** A key ({@code 0-9 * #}) while the dialog runs; anything after DONE or BACK is ignored (null). */
  Step key(char k) {
    if (state == State.DONE || state == State.BACK || state == null) {
      return null;
    }
    if (k == '*') {
      state = State.BACK;
      return new Back(false);
    }
    if (k >= '0' && k <= '9') {
      state = State.ENTER;
      if (typed.length() >= MAX_DIGITS) {
        return refused();
      }
      typed.append(k);
      return new Collecting();
    }
    if (k != '#') {
      return null; // A-D: not on a phone's keypad
    }
    String number = state == State.CONFIRM ? ownNumber : typed.length() == 0 ? null : validate.apply(typed.toString());
    if (number == null) {
      return refused();
    }
    state = State.DONE;
    return new Confirmed(number);
  }

  /** No key for the input timeout: asked again once, then back to waiting. */
  Step timeout() {
    if (state == State.DONE || state == State.BACK || state == null) {
      return null;
    }
    return fail(false);
  }

  private Step refused() {
    return fail(true);
  }

  private Step fail(boolean refused) {
    if (++failures >= MAX_FAILURES) {
      state = State.BACK;
      return new Back(refused);
    }
    typed.setLength(0);
    state = ownNumber != null ? State.CONFIRM : State.ENTER;
    return new Prompt(ownNumber, refused);
  }
}
