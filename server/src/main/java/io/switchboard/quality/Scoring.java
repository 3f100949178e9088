package io.switchboard.quality;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The score of one evaluation: answers checked against a scorecard document (directory kind {@code scorecard}, as
 * ScorecardSchema stores it) and weighed. Pure and thread-safe.
 *
 * <p>A yes/no question scores 1 for "yes" and 0 for "no"; a scale question answered v of 1..N scores (v-1)/(N-1).
 * A section's score is its answered questions' weighted mean; N/A answers are left out of the numerator and the
 * denominator alike, and a section whose every question is N/A is left out of the total, its weight with it. The
 * total is the sections' weighted mean in percent, rounded half-up to 2 decimals ({@code rawScore}). A critical
 * question answered "no" or 1 fails the evaluation: {@code failed} true and {@code score} 0 ({@code rawScore}
 * keeps what the answers were worth). Every question must be answered, N/A only where {@code allowNa}, and at least
 * one not N/A.
 */
public final class Scoring {
  public static final String NA = "na";

  private Scoring() {}

  /** One bad answer: {@code field} is {@code answers.<questionId>} (or {@code answers}). */
  public record Violation(String field, String message) {}

  /** The outcome: {@code score} and {@code rawScore} in percent (null when there are violations). */
  public record Result(BigDecimal score, BigDecimal rawScore, boolean failed, List<Violation> violations) {
    public boolean valid() {
      return violations.isEmpty();
    }
  }

  public static Result score(JsonObject scorecard, JsonObject answers) {
    List<Violation> bad = new ArrayList<>();
    List<String> known = new ArrayList<>();
    double weighted = 0;
    double weights = 0;
    boolean failed = false;
    for (Object o : scorecard.getJsonArray("sections", new JsonArray())) {
      JsonObject section = (JsonObject) o;
      double sum = 0;
      double qWeights = 0;
      for (Object q : section.getJsonArray("questions", new JsonArray())) {
        JsonObject question = (JsonObject) q;
        String id = question.getString("id");
        known.add(id);
        Double value = value(question, answers.getValue(id), bad);
        if (value == null) {
          continue; // N/A or bad
        }
        if (question.getBoolean("critical", false) && value == 0) {
          failed = true;
        }
        double w = question.getInteger("weight");
        sum += w * value;
        qWeights += w;
      }
      if (qWeights > 0) {
        weighted += section.getInteger("weight") * (sum / qWeights);
        weights += section.getInteger("weight");
      }
    }
    for (String id : answers.fieldNames()) {
      if (!known.contains(id)) {
        bad.add(new Violation("answers." + id, "the scorecard has no such question"));
      }
    }
    if (bad.isEmpty() && weights == 0) {
      bad.add(new Violation("answers", "at least one question must be answered other than N/A"));
    }
    if (!bad.isEmpty()) {
      return new Result(null, null, false, bad);
    }
    BigDecimal raw = BigDecimal.valueOf(100 * weighted / weights).setScale(2, RoundingMode.HALF_UP);
    return new Result(failed ? BigDecimal.ZERO.setScale(2) : raw, raw, failed, List.of());
  }

  /** The answer's worth in [0, 1]; null for N/A or a bad answer (then a violation is added). */
  private static Double value(JsonObject question, Object answer, List<Violation> bad) {
    String field = "answers." + question.getString("id");
    if (answer == null) {
      bad.add(new Violation(field, "is required (" + hint(question) + ")"));
      return null;
    }
    if (NA.equals(answer)) {
      if (!question.getBoolean("allowNa", false)) {
        bad.add(new Violation(field, "may not be N/A"));
      }
      return null;
    }
    if ("scale".equals(question.getString("type"))) {
      int max = question.getInteger("scaleMax");
      if (answer instanceof Integer || answer instanceof Long) {
        long v = ((Number) answer).longValue();
        if (v >= 1 && v <= max) {
          return (v - 1) / (double) (max - 1);
        }
      }
      bad.add(new Violation(field, "must be " + hint(question)));
      return null;
    }
    if ("yes".equals(answer) || "no".equals(answer)) {
      return "yes".equals(answer) ? 1.0 : 0.0;
    }
    bad.add(new Violation(field, "must be " + hint(question)));
    return null;
  }

  private static String hint(JsonObject question) {
    String na = question.getBoolean("allowNa", false) ? " or \"na\"" : "";
    return "scale".equals(question.getString("type"))
        ? "an integer from 1 to " + question.getInteger("scaleMax") + na
        : "\"yes\" or \"no\"" + na;
  }
}
