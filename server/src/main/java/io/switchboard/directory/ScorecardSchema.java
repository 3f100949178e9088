package io.switchboard.directory;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Quality scorecards (docs/quality.md). Stored document, in this order: {@code id, name, description, sections};
 * each section {@code {title, weight, questions}}, each question {@code {id, text, type, scaleMax, weight, critical,
 * allowNa}}.
 *
 * <p>Rules: section weights are integers from 1 to 100 that sum to exactly 100 (each section's share of the score, in
 * percent); question weights are integers from 1 to 100, relative within their section; question ids are unique in
 * the whole scorecard (answers name them); {@code type} is {@code yes-no} or {@code scale}, and a scale question
 * has {@code scaleMax} from 2 to 10 (answers 1..scaleMax), a yes/no question none. {@code critical} (default false):
 * answered "no", or the lowest point of its scale, fails the whole evaluation. {@code allowNa} (default false):
 * the question may be answered N/A. Errors name the field by its path, e.g. {@code sections.1.questions.0.weight}.
 */
final class ScorecardSchema implements Schema {
  static final int MAX_SECTIONS = 20;
  static final int MAX_QUESTIONS = 50;
  static final int TEXT_MAX = 500;
  static final int WEIGHT_TOTAL = 100;
  static final List<String> TYPES = List.of("yes-no", "scale");

  @Override
  public Normalized normalize(String id, Fields in) {
    String name = in.string("name", true, Rules.NAME_MAX, null, null);
    String description = in.string("description", false, Rules.DESCRIPTION_MAX, null, null);
    List<Fields> sections = in.objects("sections", MAX_SECTIONS);
    if (sections.isEmpty() && in.noErrorUnder("sections")) {
      in.error("sections", "must list at least one section");
    }
    JsonArray out = new JsonArray();
    Set<String> ids = new HashSet<>();
    int total = 0;
    boolean weightsOk = true;
    for (Fields section : sections) {
      String title = section.string("title", true, Rules.NAME_MAX, null, null);
      Integer weight = section.integer("weight", 1, WEIGHT_TOTAL, null);
      weightsOk &= weight != null;
      total += weight == null ? 0 : weight;
      out.add(new JsonObject().put("title", title).put("weight", weight).put("questions", questions(section, ids)));
    }
    if (weightsOk && !sections.isEmpty() && total != WEIGHT_TOTAL) {
      in.error("sections", "the sections' weights must sum to " + WEIGHT_TOTAL + ", not " + total);
    }
    JsonObject doc = new JsonObject().put("id", id).put("name", name).put("description", description)
        .put("sections", out);
    return new Normalized(id, doc, List.of(), null, null);
  }

  private static JsonArray questions(Fields section, Set<String> ids) {
    List<Fields> questions = section.objects("questions", MAX_QUESTIONS);
    if (questions.isEmpty() && section.noErrorUnder("questions")) {
      section.error("questions", "must list at least one question");
    }
    JsonArray out = new JsonArray();
    for (Fields q : questions) {
      String qid = q.string("id", true, 64, Rules.ID, Rules.ID_RULE);
      if (qid != null && !ids.add(qid)) {
        q.error("id", "'" + qid + "' names another question of the scorecard too");
      }
      String text = q.string("text", true, TEXT_MAX, null, null);
      String type = q.string("type", true, 10, null, null);
      if (type != null && !TYPES.contains(type)) {
        q.error("type", "must be one of " + String.join(", ", TYPES));
      }
      Integer scaleMax = q.optionalInteger("scaleMax", 2, 10);
      if ("scale".equals(type) && scaleMax == null && q.noErrorUnder("scaleMax")) {
        q.error("scaleMax", "is required for a scale question (2 to 10)");
      } else if ("yes-no".equals(type) && q.raw("scaleMax") != null) {
        q.error("scaleMax", "is only for scale questions");
      }
      Integer weight = q.integer("weight", 1, 100, null);
      boolean critical = q.bool("critical", false);
      boolean allowNa = q.bool("allowNa", false);
      out.add(new JsonObject().put("id", qid).put("text", text).put("type", type)
          .put("scaleMax", "scale".equals(type) ? scaleMax : null).put("weight", weight)
          .put("critical", critical).put("allowNa", allowNa));
    }
    return out;
  }
}
