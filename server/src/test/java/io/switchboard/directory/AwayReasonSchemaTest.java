package io.switchboard.directory;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Away reason documents: {id, label}, a label required, the ACD's own reasons refused as ids, unknown fields named. */
class AwayReasonSchemaTest {

  private static Map<String, String> errors(String id, String json, JsonObject[] stored) {
    Fields in = Fields.root(new JsonObject(json));
    Schema.Normalized n = Schema.of(Kind.AWAY_REASON).normalize(id, in);
    in.finish();
    stored[0] = n.doc();
    return in.errors().stream()
        .collect(Collectors.toMap(Violation::field, Violation::message, (a, b) -> a + "; " + b));
  }

  @Test
  void aReasonIsItsIdAndLabel() {
    JsonObject[] doc = new JsonObject[1];
    assertThat(errors("coaching", "{\"label\":\"Coaching (1:1)\"}", doc)).isEmpty();
    assertThat(doc[0].encode()).isEqualTo("{\"id\":\"coaching\",\"label\":\"Coaching (1:1)\"}");
  }

  @Test
  void badReasonsAreRefusedByField() {
    JsonObject[] doc = new JsonObject[1];
    assertThat(errors("coaching", "{}", doc)).containsOnlyKeys("label");
    assertThat(errors("coaching", "{\"label\":\"" + "x".repeat(101) + "\"}", doc)).containsOnlyKeys("label");
    assertThat(errors("coaching", "{\"label\":\"Coaching\",\"colour\":\"red\"}", doc)).containsOnlyKeys("colour");
    for (String acds : new String[] {"rejected", "no-answer", "disconnected"}) {
      assertThat(errors(acds, "{\"label\":\"Mine\"}", doc).get("id")).as(acds).contains("the ACD gives by itself");
    }
  }
}
