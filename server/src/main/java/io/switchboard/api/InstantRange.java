package io.switchboard.api;

import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * A report's {@code from}/{@code to} query parameters as [from, to): both required ISO-8601 instants, {@code to}
 * after {@code from} and at most {@value #MAX_DAYS} days after it; a bad one is a 400 naming it.
 */
record InstantRange(Instant from, Instant to) {
  static final int MAX_DAYS = 400;

  static InstantRange of(RoutingContext rc) {
    Instant from = instant(rc, "from");
    Instant to = instant(rc, "to");
    if (!from.isBefore(to)) {
      throw Problem.invalidField("to", "must be after from");
    }
    if (Duration.between(from, to).toDays() > MAX_DAYS) {
      throw Problem.invalidField("to", "must be at most " + MAX_DAYS + " days after from");
    }
    return new InstantRange(from, to);
  }

  private static Instant instant(RoutingContext rc, String name) {
    String v = QueryParams.param(rc, name);
    if (v == null) {
      throw Problem.invalidField(name, "is required (an ISO-8601 instant such as 2026-01-31T00:00:00Z)");
    }
    try {
      return Instant.parse(v);
    } catch (DateTimeParseException e) {
      throw Problem.invalidField(name, "must be an ISO-8601 instant such as 2026-01-31T00:00:00Z");
    }
  }
}
