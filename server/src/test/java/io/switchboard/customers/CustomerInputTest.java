package io.switchboard.customers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A customer's JSON: normalised when good, every bad field named when not. */
class CustomerInputTest {
  static CustomerException refused(String json) {
    return catchThrowableOfType(CustomerException.class, () -> CustomerInput.fromJson(new JsonObject(json), "ES"));
  }

  static Map<String, String> fields(CustomerException e) {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    e.violations().forEach(v -> m.put(v.field(), v.message()));
    return m;
  }

  @Test
  void aGoodCustomerIsNormalised() {
    CustomerFields f = CustomerInput.fromJson(new JsonObject("""
        {"givenName":" Ana ","familyName":"Pérez","phones":["911 23 45 67","+34911234567","+1 202 555 0143"],
         "emails":["ana@example.es","ANA@EXAMPLE.ES"],"company":"Acme","language":"es-es",
         "timeZone":"Europe/Madrid","attributes":{"tier":"gold"},"id":"ignored","version":3}"""), "ES");
    assertThat(f.displayName()).isEqualTo("Ana Pérez"); // from the given and family names when absent
    assertThat(f.givenName()).isEqualTo("Ana");
    assertThat(f.phones()).containsExactly("+34911234567", "+12025550143");
    assertThat(f.emails()).containsExactly("ana@example.es");
    assertThat(f.language()).isEqualTo("es-ES");
    assertThat(f.attributes()).containsEntry("tier", "gold");
  }

  @Test
  void everyBadFieldIsNamed() {
    CustomerException e = refused("""
        {"displayName":"X","phones":["12","+34911234567",5],"emails":["nope"],"timeZone":"Europe/Atlantis",
         "language":"english","attributes":{"tier":1,"ok":"yes","bad key":"x"},"nickname":"x","company":7}""");
    assertThat(e.reason()).isEqualTo(CustomerException.Reason.INVALID);
    assertThat(fields(e)).containsOnlyKeys("nickname", "phones.0", "phones.2", "emails.0", "timeZone", "language",
        "attributes.tier", "attributes.bad key", "company");
    assertThat(fields(e).get("attributes.tier")).isEqualTo("must be a string");
    assertThat(fields(e).get("timeZone")).contains("not an IANA time zone");
    assertThat(fields(e).get("emails.0")).contains("not an e-mail address");
    assertThat(fields(e).get("nickname")).startsWith("is not a customer field");
  }

  @Test
  void aNameAndANumberAreRequired() {
    assertThat(fields(refused("{}"))).containsOnlyKeys("displayName", "phones");
    assertThat(fields(refused("{\"displayName\":\"  \",\"phones\":[]}"))).containsOnlyKeys("displayName", "phones");
    assertThat(fields(refused("{\"displayName\":\"A\",\"phones\":\"+34911234567\"}")))
        .containsEntry("phones", "must be an array of strings");
    assertThat(fields(refused("{\"displayName\":\"A\",\"phones\":[\"1\"],\"attributes\":[\"x\"]}")))
        .containsEntry("attributes", "must be an object of strings");
  }
}
