package io.switchboard.directory;

import io.vertx.core.json.JsonObject;

/**
 * The {@code goals} object of queues, teams and agents: targets supervisors measure the floor against. Goals
 * never change routing; the wallboard and the reports compare today's figures with them.
 *
 * <p>A queue's service-level goal is its existing {@code serviceLevel {percent, seconds}} (the ACD counts
 * "answered in target" against those seconds), so {@code goals} holds only the queue's other targets:
 * {@code asaSeconds} (average speed of answer), {@code abandonPercent} (abandoned / offered) and
 * {@code ahtSeconds} (average handle time: talk + hold + wrap-up). Teams and agents have {@code callsPerDay}
 * (calls an agent answers in a day; on a team, per agent of the team) and {@code ahtSeconds}; an agent's own
 * goal takes precedence over its team's.
 *
 * <p>Stored shape: {@code goals} is null when the body had none; otherwise an object with every goal of the kind
 * in a fixed order, null for the ones not set (so what was sent reads back the same, and a client that sent
 * {@code {}} sees an object, not null). Every goal is optional; a set one must be an integer in its range.
 */
final class Goals {
  private Goals() {}

  static final int MAX_SECONDS = 86_400;
  static final int MAX_CALLS_PER_DAY = 10_000;

  /** A queue's goals, or null when {@code goals} is absent. */
  static JsonObject queue(Fields in) {
    Fields g = in.object("goals");
    if (g == null) {
      return null;
    }
    return new JsonObject()
        .put("asaSeconds", g.optionalInteger("asaSeconds", 1, 3600))
        .put("abandonPercent", g.optionalInteger("abandonPercent", 0, 100))
        .put("ahtSeconds", g.optionalInteger("ahtSeconds", 1, MAX_SECONDS));
  }

  /** A team's or an agent's goals, or null when {@code goals} is absent. */
  static JsonObject people(Fields in) {
    Fields g = in.object("goals");
    if (g == null) {
      return null;
    }
    return new JsonObject()
        .put("callsPerDay", g.optionalInteger("callsPerDay", 1, MAX_CALLS_PER_DAY))
        .put("ahtSeconds", g.optionalInteger("ahtSeconds", 1, MAX_SECONDS));
  }
}
