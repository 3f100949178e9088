package io.switchboard.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Scores: weighted sections and questions, N/A left out of the denominator, scales, critical failures, bad answers. */
class ScoringTest {
  /** Greeting (30%): greet (yes/no, weight 1), name (yes/no, 1, N/A allowed); Resolution (70%): fixed (scale 1..5,
   *  weight 3), compliance (yes/no, critical, 1). */
  static final JsonObject CARD = new JsonObject("""
      {"id":"std","sections":[
        {"title":"Greeting","weight":30,"questions":[
          {"id":"greet","type":"yes-no","weight":1,"critical":false,"allowNa":false},
          {"id":"name","type":"yes-no","weight":1,"critical":false,"allowNa":true}]},
        {"title":"Resolution","weight":70,"questions":[
          {"id":"fixed","type":"scale","scaleMax":5,"weight":3,"critical":false,"allowNa":false},
          {"id":"compliance","type":"yes-no","weight":1,"critical":true,"allowNa":true}]}]}
      """);

  private static Scoring.Result score(String answers) {
    return Scoring.score(CARD, new JsonObject(answers));
  }

  private static Map<String, String> errors(String answers) {
    return score(answers).violations().stream()
        .collect(Collectors.toMap(Scoring.Violation::field, Scoring.Violation::message));
  }

  @Test
  void allBestIsOneHundred() {
    Scoring.Result r = score("{\"greet\":\"yes\",\"name\":\"yes\",\"fixed\":5,\"compliance\":\"yes\"}");
    assertThat(r.valid()).isTrue();
    assertThat(r.score()).isEqualByComparingTo("100");
    assertThat(r.failed()).isFalse();
  }

  @Test
  void sectionsAndQuestionsAreWeighted() {
    // Greeting: (1*1 + 1*0)/2 = 0.5 → 15; Resolution: (3*0.75 + 1*1)/4 = 0.8125 → 56.875; total 71.875 → 71.88
    Scoring.Result r = score("{\"greet\":\"yes\",\"name\":\"no\",\"fixed\":4,\"compliance\":\"yes\"}");
    assertThat(r.score()).isEqualByComparingTo("71.88");
    assertThat(r.rawScore()).isEqualByComparingTo("71.88");
  }

  @Test
  void naIsLeftOutOfTheDenominator() {
    // Greeting: greet yes only → 1.0 → 30; Resolution: fixed 3 → 0.5 (compliance N/A) → 35; total 65
    Scoring.Result r = score("{\"greet\":\"yes\",\"name\":\"na\",\"fixed\":3,\"compliance\":\"na\"}");
    assertThat(r.score()).isEqualByComparingTo("65");
  }

  @Test
  void aSectionAllNaIsLeftOutWithItsWeight() {
    JsonObject card = CARD.copy();
    card.getJsonArray("sections").getJsonObject(0).getJsonArray("questions").getJsonObject(0).put("allowNa", true);
    Scoring.Result r = Scoring.score(card, new JsonObject(
        "{\"greet\":\"na\",\"name\":\"na\",\"fixed\":2,\"compliance\":\"yes\"}"));
    // only Resolution counts: (3*0.25 + 1)/4 = 0.4375 → 43.75 of 100
    assertThat(r.score()).isEqualByComparingTo("43.75");
  }

  @Test
  void aCriticalNoFailsTheEvaluationAndKeepsTheRawScore() {
    Scoring.Result r = score("{\"greet\":\"yes\",\"name\":\"yes\",\"fixed\":5,\"compliance\":\"no\"}");
    assertThat(r.failed()).isTrue();
    assertThat(r.score()).isEqualByComparingTo("0");
    // Resolution: 3/4 → 52.5; + 30
    assertThat(r.rawScore()).isEqualByComparingTo("82.5");
  }

  @Test
  void theLowestPointOfACriticalScaleFailsToo() {
    JsonObject card = CARD.copy();
    card.getJsonArray("sections").getJsonObject(1).getJsonArray("questions").getJsonObject(0).put("critical", true);
    assertThat(Scoring.score(card, new JsonObject(
        "{\"greet\":\"yes\",\"name\":\"yes\",\"fixed\":1,\"compliance\":\"yes\"}")).failed()).isTrue();
    assertThat(Scoring.score(card, new JsonObject(
        "{\"greet\":\"yes\",\"name\":\"yes\",\"fixed\":2,\"compliance\":\"yes\"}")).failed()).isFalse();
  }

  @Test
  void badAnswersAreNamedByQuestion() {
    assertThat(errors("{\"greet\":\"na\",\"name\":\"maybe\",\"fixed\":6,\"extra\":\"yes\"}"))
        .containsOnlyKeys("answers.greet", "answers.name", "answers.fixed", "answers.compliance", "answers.extra");
    assertThat(errors("{\"greet\":\"yes\",\"name\":\"yes\",\"fixed\":4.5,\"compliance\":\"yes\"}"))
        .containsOnlyKeys("answers.fixed");
    assertThat(errors("{\"greet\":\"yes\",\"name\":\"yes\",\"fixed\":\"5\",\"compliance\":\"yes\"}").get("answers.fixed"))
        .contains("integer from 1 to 5");
  }

  @Test
  void everythingNaIsRefused() {
    JsonObject card = new JsonObject("""
        {"sections":[{"title":"A","weight":100,"questions":[
          {"id":"q","type":"yes-no","weight":1,"critical":false,"allowNa":true}]}]}""");
    assertThat(Scoring.score(card, new JsonObject("{\"q\":\"na\"}")).violations())
        .extracting(Scoring.Violation::field).containsExactly("answers");
  }
}
