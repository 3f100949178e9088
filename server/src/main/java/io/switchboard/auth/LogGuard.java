package io.switchboard.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps libraries that print credentials at DEBUG from doing so, whatever the log configuration says:
 * <ul>
 *   <li>{@code io.micronaut.security} logs the whole token when a signature check fails
 *       ("JWT Signature verification failed: eyJ...");</li>
 *   <li>{@code io.lettuce.core.protocol} logs every Redis reply, including the shared JWT secret.</li>
 * </ul>
 * Both are raised to INFO when they are more verbose. Only acts when Logback is the SLF4J binding.
 */
public final class LogGuard {
  private static final String[] LEAKY = {"io.micronaut.security", "io.lettuce.core.protocol"};

  private LogGuard() {}

  public static void apply() {
    for (String name : LEAKY) {
      Logger logger = LoggerFactory.getLogger(name);
      if (logger instanceof ch.qos.logback.classic.Logger lb
          && !lb.getEffectiveLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.INFO)) {
        lb.setLevel(ch.qos.logback.classic.Level.INFO);
        LoggerFactory.getLogger(LogGuard.class).info("log level raised logger={} level=INFO reason=prints-credentials", name);
      }
    }
  }
}
