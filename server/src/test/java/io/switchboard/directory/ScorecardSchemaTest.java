package io.switchboard.directory;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Scorecard documents: defaults filled in, and each bad weight, scale, type or duplicate id named by its path. */
class ScorecardSchemaTest {
  static final String GOOD = """
      {"name":"Standard","sections":[
        {"title":"Greeting","weight":40,"questions":[{"id":"greet","text":"Greeted?","type":"yes-no","weight":1}]},
        {"title":"Resolution","weight":60,"questions":[
          {"id":"fixed","text":"Fixed?","type":"scale","scaleMax":5,"weight":2,"critical":true,"allowNa":true}]}]}""";

  private static Map<String, String> errors(String json, JsonObject[] stored) {
    Fields in = Fields.root(new JsonObject(json));
    Schema.Normalized n = Schema.of(Kind.SCORECARD).normalize("std", in);
    in.finish();
    stored[0] = n.doc();
    return in.errors().stream()
        .collect(Collectors.toMap(Violation::field, Violation::message, (a, b) -> a + "; " + b));
  }

  @Test
  void aGoodScorecardIsStoredWithItsDefaults() {
    JsonObject[] doc = new JsonObject[1];
    assertThat(errors(GOOD, doc)).isEmpty();
    JsonObject greet = doc[0].getJsonArray("sections").getJsonObject(0).getJsonArray("questions").getJsonObject(0);
    assertThat(greet.encode()).isEqualTo("{\"id\":\"greet\",\"text\":\"Greeted?\",\"type\":\"yes-no\","
        + "\"scaleMax\":null,\"weight\":1,\"critical\":false,\"allowNa\":false}");
  }

  @Test
  void badWeightsAndQuestionsAreNamedByPath() {
    JsonObject[] doc = new JsonObject[1];
    String zeroWeight = GOOD.replace("\"weight\":2", "\"weight\":0");
    assertThat(errors(zeroWeight, doc)).containsOnlyKeys("sections.1.questions.0.weight");
    assertThat(errors(GOOD.replace("\"weight\":60", "\"weight\":50"), doc).get("sections"))
        .contains("must sum to 100, not 90");
    assertThat(errors(GOOD.replace("\"scaleMax\":5", "\"scaleMax\":11"), doc))
        .containsOnlyKeys("sections.1.questions.0.scaleMax");
    assertThat(errors(GOOD.replace("\"scaleMax\":5,", ""), doc))
        .containsOnlyKeys("sections.1.questions.0.scaleMax");
    assertThat(errors(GOOD.replace("\"id\":\"fixed\"", "\"id\":\"greet\""), doc).get("sections.1.questions.0.id"))
        .contains("names another question");
    assertThat(errors(GOOD.replace("\"type\":\"yes-no\"", "\"type\":\"stars\""), doc))
        .containsOnlyKeys("sections.0.questions.0.type");
    assertThat(errors(GOOD.replace("\"type\":\"yes-no\"", "\"type\":\"yes-no\",\"scaleMax\":3"), doc))
        .containsOnlyKeys("sections.0.questions.0.scaleMax");
    assertThat(errors(GOOD.replace("\"critical\":true", "\"critical\":true,\"colour\":1"), doc))
        .containsOnlyKeys("sections.1.questions.0.colour");
    assertThat(errors("{\"name\":\"Empty\",\"sections\":[]}", doc)).containsOnlyKeys("sections");
  }
}
