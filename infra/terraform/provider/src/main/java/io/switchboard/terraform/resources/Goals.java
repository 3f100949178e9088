package io.switchboard.terraform.resources;

import io.switchboard.terraform.schema.Attr;
import io.switchboard.terraform.schema.Block;
import io.switchboard.terraform.schema.Check;

/**
 * The {@code goals} attribute of queues, teams and agents: targets the wallboard and reports compare figures with
 * (they never change routing). Optional, and so is every goal in it: the server stores exactly what was sent (an
 * unset goal is null, no {@code goals} is null), so an unconfigured goal reads back null and shows no drift, and
 * removing one from the configuration removes it on the server. A queue's service-level goal is its
 * {@code service_level}.
 */
final class Goals {
  private Goals() {}

  static Attr queue() {
    return Attr.object("goals", Block.of(
            Attr.number("asa_seconds").optional().check(Check.range(1, 3600))
                .describe("Average speed of answer, in seconds (1-3600)."),
            Attr.number("abandon_percent").optional().check(Check.range(0, 100))
                .describe("Highest acceptable abandon rate (abandoned / offered), in percent (0-100)."),
            Attr.number("aht_seconds").optional().check(Check.range(1, 86_400))
                .describe("Average handle time (talk + hold + wrap-up), in seconds (1-86400).")))
        .optional().describe("Goals besides the service level (which is service_level); each optional.");
  }

  static Attr people(String whose) {
    return Attr.object("goals", Block.of(
            Attr.number("calls_per_day").optional().check(Check.range(1, 10_000))
                .describe("Calls an agent answers in a day (1-10000)."),
            Attr.number("aht_seconds").optional().check(Check.range(1, 86_400))
                .describe("Average handle time (talk + hold + wrap-up), in seconds (1-86400).")))
        .optional().describe(whose + " Each goal is optional.");
  }
}
