package io.switchboard.config;

/**
 * Callbacks that keep the caller's place ({@code callbacks.*}; docs/callbacks.md): what a queue's {@code callback}
 * setting leaves out. Defaults and meaning in {@code switchboard-reference.conf}.
 *
 * @param attempts how many times in all the number is dialed before the call ends callback-failed
 * @param retryDelaySeconds how long a failed attempt keeps the call out of routing before it is offered again
 * @param inputTimeoutSeconds how long the callback dialog waits for a key before it prompts again
 */
public record CallbackConfig(int attempts, int retryDelaySeconds, int inputTimeoutSeconds) {

  static CallbackConfig from(Settings s) {
    return new CallbackConfig(s.integer("callbacks.attempts", 1, 10),
        s.integer("callbacks.retry-delay-seconds", 1, 86_400), s.integer("callbacks.input-timeout-seconds", 2, 120));
  }
}
