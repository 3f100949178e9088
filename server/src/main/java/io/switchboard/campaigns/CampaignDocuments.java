package io.switchboard.campaigns;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A campaign's settings as JSON documents: what the admin API shows and what the {@code schedule}, {@code preview}
 * and {@code retry} columns of {@code campaigns} hold (one shape for both), written and read back here.
 */
public final class CampaignDocuments {
  private CampaignDocuments() {}

  /** A schedule as the API and the {@code schedule} column have it; {@link #schedule} reads it back. */
  public static JsonObject scheduleJson(CampaignSchedule s) {
    JsonArray days = new JsonArray();
    s.days().stream().sorted().forEach(d -> days.add(d.name().substring(0, 3).toLowerCase(java.util.Locale.ROOT)));
    return new JsonObject().put("days", days)
        .put("from", s.from() == null ? null : s.from().toString()).put("to", s.to() == null ? null : s.to().toString())
        .put("startAt", s.startAt() == null ? null : s.startAt().toString())
        .put("endAt", s.endAt() == null ? null : s.endAt().toString());
  }

  static CampaignSchedule schedule(JsonObject o) {
    java.util.Set<java.time.DayOfWeek> days = java.util.EnumSet.noneOf(java.time.DayOfWeek.class);
    o.getJsonArray("days").forEach(d -> days.add(dayOf((String) d)));
    return new CampaignSchedule(days, time(o.getString("from")), time(o.getString("to")),
        o.getString("startAt") == null ? null : Instant.parse(o.getString("startAt")),
        o.getString("endAt") == null ? null : Instant.parse(o.getString("endAt")));
  }

  /** {@code mon} .. {@code sun}; IllegalArgumentException for anything else. */
  public static java.time.DayOfWeek dayOf(String threeLetters) {
    for (java.time.DayOfWeek d : java.time.DayOfWeek.values()) {
      if (d.name().substring(0, 3).equalsIgnoreCase(threeLetters) && threeLetters.equals(
          threeLetters.toLowerCase(java.util.Locale.ROOT))) {
        return d;
      }
    }
    throw new IllegalArgumentException("'" + threeLetters + "' is not a day (mon, tue, wed, thu, fri, sat, sun)");
  }

  private static LocalTime time(String hhmm) {
    return hhmm == null ? null : LocalTime.parse(hhmm);
  }

  /** Preview settings as the API and the {@code preview} column have them; {@link #preview} reads them back. */
  public static JsonObject previewJson(PreviewSettings p) {
    return new JsonObject().put("timeoutSeconds", p.timeoutSeconds()).put("onTimeout", p.onTimeout())
        .put("skipDelaySeconds", p.skipDelaySeconds());
  }

  static PreviewSettings preview(JsonObject o) {
    return new PreviewSettings(o.getInteger("timeoutSeconds"), o.getString("onTimeout"),
        o.getInteger("skipDelaySeconds"));
  }

  /**
   * Retry rules as the API and the {@code retry} column have them: {@code {"busy": {"delaySeconds", "maxAttempts"},
   * "noAnswer": .., "failed": .., "dispositions": {"<code>": ..}}}; {@link #retryRules} reads them back.
   */
  public static JsonObject retryJson(RetryRules r) {
    JsonObject dispositions = new JsonObject();
    new java.util.TreeMap<>(r.dispositions()).forEach((code, rule) -> dispositions.put(code, ruleJson(rule)));
    return new JsonObject().put("busy", ruleJson(r.busy())).put("noAnswer", ruleJson(r.noAnswer()))
        .put("failed", ruleJson(r.failed())).put("dispositions", dispositions);
  }

  private static JsonObject ruleJson(RetryRules.Rule r) {
    return new JsonObject().put("delaySeconds", r.delaySeconds()).put("maxAttempts", r.maxAttempts());
  }

  static RetryRules retryRules(JsonObject o) {
    Map<String, RetryRules.Rule> dispositions = new LinkedHashMap<>();
    JsonObject d = o.getJsonObject("dispositions", new JsonObject());
    d.fieldNames().forEach(code -> dispositions.put(code, rule(d.getJsonObject(code))));
    return new RetryRules(rule(o.getJsonObject("busy")), rule(o.getJsonObject("noAnswer")),
        rule(o.getJsonObject("failed")), dispositions);
  }

  private static RetryRules.Rule rule(JsonObject o) {
    return new RetryRules.Rule(o.getInteger("delaySeconds"), o.getInteger("maxAttempts"));
  }
}
