package io.switchboard.directory;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Dial policy documents and the queue's outboundCallerId: stored shape, references, every bad field named. */
class DialPolicySchemaTest {

  private static Schema.Normalized normalize(Kind kind, String id, String json, Map<String, String> errors) {
    Fields in = Fields.root(new JsonObject(json));
    Schema.Normalized n = Schema.of(kind).normalize(id, in);
    in.finish();
    errors.putAll(in.errors().stream()
        .collect(Collectors.toMap(Violation::field, Violation::message, (a, b) -> a + "; " + b)));
    return n;
  }

  private static Map<String, String> errors(Kind kind, String id, String json) {
    Map<String, String> errors = new java.util.HashMap<>();
    normalize(kind, id, json, errors);
    return errors;
  }

  @Test
  void aPolicyIsStoredInAFixedOrderWithItsReferences() {
    Map<String, String> errors = new java.util.HashMap<>();
    Schema.Normalized n = normalize(Kind.DIAL_POLICY, "default", "{\"trunk\":\"carrier\",\"defaultCallerId\":"
        + "\"+15550100\",\"allowedPrefixes\":[\"+1\",\"+44\"],\"defaultCountry\":\"US\"}", errors);
    assertThat(errors).isEmpty();
    assertThat(n.doc().encode()).isEqualTo("{\"id\":\"default\",\"defaultCountry\":\"US\",\"allowedPrefixes\":"
        + "[\"+1\",\"+44\"],\"blockedPrefixes\":null,\"defaultCallerId\":\"+15550100\",\"trunk\":\"carrier\"}");
    assertThat(n.refs()).containsExactly(new Schema.Ref(Kind.PHONE_NUMBER, "15550100", "defaultCallerId"),
        new Schema.Ref(Kind.TRUNK, "carrier", "trunk"));
    Schema.Normalized empty = normalize(Kind.DIAL_POLICY, "default", "{\"blockedPrefixes\":[]}", errors);
    assertThat(errors).isEmpty();
    assertThat(empty.doc().getJsonArray("blockedPrefixes")).isEmpty();
    assertThat(empty.refs()).isEmpty();
  }

  @Test
  void badPoliciesNameEveryField() {
    assertThat(errors(Kind.DIAL_POLICY, "other", "{}")).containsOnlyKeys("id");
    assertThat(errors(Kind.DIAL_POLICY, "default", "{\"defaultCountry\":\"gb\",\"allowedPrefixes\":[\"44\"],"
        + "\"blockedPrefixes\":[\"+1900\",\"+1900\",\"+0\"],\"defaultCallerId\":\"555\",\"trunk\":\"A B\","
        + "\"extra\":1}"))
        .containsOnlyKeys("defaultCountry", "allowedPrefixes.0", "blockedPrefixes.1", "blockedPrefixes.2",
            "defaultCallerId", "trunk", "extra");
    assertThat(errors(Kind.DIAL_POLICY, "default", "{\"defaultCountry\":\"XX\"}").get("defaultCountry"))
        .contains("not a country");
  }

  @Test
  void aQueuesOutboundCallerIdMustBeOneOfTheTenantsNumbers() {
    Map<String, String> errors = new java.util.HashMap<>();
    Schema.Normalized q = normalize(Kind.QUEUE, "sales", "{\"name\":\"Sales\",\"outboundCallerId\":\"+15550101\"}",
        errors);
    assertThat(errors).isEmpty();
    assertThat(q.doc().getString("outboundCallerId")).isEqualTo("+15550101");
    assertThat(q.doc().fieldNames()).last().isEqualTo("goals");
    assertThat(q.refs()).contains(new Schema.Ref(Kind.PHONE_NUMBER, "15550101", "outboundCallerId"));
    assertThat(errors(Kind.QUEUE, "sales", "{\"name\":\"Sales\",\"outboundCallerId\":\"0207\"}"))
        .containsOnlyKeys("outboundCallerId");
    Schema.Normalized none = normalize(Kind.QUEUE, "sales", "{\"name\":\"Sales\"}", errors);
    assertThat(none.doc().containsKey("outboundCallerId")).isTrue();
    assertThat(none.doc().getString("outboundCallerId")).isNull();
    assertThat(none.refs()).isEqualTo(List.of());
  }
}
