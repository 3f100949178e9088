package io.switchboard.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StrictJsonTest {
  record Sample(String name, int count, boolean on) {}

  @Test
  void aWellFormedObjectBinds() {
    assertThat(StrictJson.parse("{\"name\":\"a\",\"count\":2,\"on\":true}", Sample.class))
        .isEqualTo(new Sample("a", 2, true));
  }

  @Test
  void duplicateKeysAreRefusedByName() {
    assertThatThrownBy(() -> StrictJson.parseObject("{\"name\":\"a\",\"name\":\"b\"}"))
        .isInstanceOfSatisfying(StrictJson.JsonError.class, e -> assertThat(e.field()).isEqualTo("name"))
        .hasMessageContaining("duplicate field 'name'");
  }

  @Test
  void unknownFieldsAreNamed() {
    assertThatThrownBy(() -> StrictJson.parse("{\"name\":\"a\",\"count\":1,\"on\":true,\"extra\":1}", Sample.class))
        .isInstanceOfSatisfying(StrictJson.JsonError.class, e -> assertThat(e.field()).isEqualTo("extra"));
  }

  @Test
  void scalarsAreNotCoercedEitherWay() {
    assertThatThrownBy(() -> StrictJson.parse("{\"name\":5,\"count\":1,\"on\":true}", Sample.class))
        .isInstanceOfSatisfying(StrictJson.JsonError.class, e -> assertThat(e.field()).isEqualTo("name"));
    assertThatThrownBy(() -> StrictJson.parse("{\"name\":\"a\",\"count\":\"1\",\"on\":true}", Sample.class))
        .isInstanceOfSatisfying(StrictJson.JsonError.class, e -> assertThat(e.field()).isEqualTo("count"));
    assertThatThrownBy(() -> StrictJson.parse("{\"name\":\"a\",\"count\":1.5,\"on\":true}", Sample.class))
        .isInstanceOfSatisfying(StrictJson.JsonError.class, e -> assertThat(e.field()).isEqualTo("count"));
  }

  @Test
  void malformedAndNonObjectBodiesSayWhatIsWrong() {
    assertThatThrownBy(() -> StrictJson.parseObject("{\"name\":")).hasMessageContaining("malformed JSON");
    assertThatThrownBy(() -> StrictJson.parseObject("[1]")).hasMessageContaining("must be a JSON object");
    assertThatThrownBy(() -> StrictJson.parseObject("{} {}")).isInstanceOf(StrictJson.JsonError.class);
  }
}
