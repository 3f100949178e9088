package io.switchboard.webhooks;

import java.time.Duration;

/**
 * When a failed delivery is tried again: {@code base} after the first failed attempt, three times longer after each
 * next one, never longer than {@code max}; after {@code maxAttempts} attempts in all it is dead. Pure; immutable.
 */
record RetrySchedule(int maxAttempts, Duration base, Duration max) {

  /** Whether a delivery whose {@code attempts}-th attempt just failed gets another. */
  boolean another(int attempts) {
    return attempts < maxAttempts;
  }

  /** The wait after the {@code attempts}-th failed attempt (1-based). */
  Duration delayAfter(int attempts) {
    long seconds = base.toSeconds();
    for (int i = 1; i < attempts && seconds < max.toSeconds(); i++) {
      seconds *= 3;
    }
    return Duration.ofSeconds(Math.min(seconds, max.toSeconds()));
  }
}
