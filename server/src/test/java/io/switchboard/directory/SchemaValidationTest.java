package io.switchboard.directory;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Validation and normalisation of each kind, without Redis: every bad field is named, nested ones too. */
class SchemaValidationTest {

  /** field -> message for the body, as the directory would report it. */
  private static Map<String, String> errors(Kind kind, String id, String json) {
    Fields in = Fields.root(new JsonObject(json));
    in.string("id", false, 64, Rules.ID, Rules.ID_RULE);
    in.version("version");
    Schema.of(kind).normalize(id, in);
    in.finish();
    return in.errors().stream().collect(Collectors.toMap(Violation::field, Violation::message, (a, b) -> a + "; " + b));
  }

  private static JsonObject doc(Kind kind, String id, String json) {
    Fields in = Fields.root(new JsonObject(json));
    Schema.Normalized n = Schema.of(kind).normalize(id, in);
    in.finish();
    assertThat(in.errors()).isEmpty();
    return n.doc();
  }

  @Test
  void queueDefaultsAreAppliedInAFixedOrder() {
    JsonObject q = doc(Kind.QUEUE, "support", "{\"name\":\"Support\"}");
    assertThat(q.encode()).isEqualTo("{\"id\":\"support\",\"name\":\"Support\",\"priority\":0,"
        + "\"strategy\":\"longest-idle\",\"serviceLevel\":{\"percent\":80,\"seconds\":20},\"maxWaitSeconds\":600,"
        + "\"overflowQueue\":null,\"wrapUpSeconds\":30,\"noAnswerSeconds\":20,\"requiredSkills\":{},"
        + "\"language\":null,\"businessHours\":null}");
  }

  @Test
  void equalBodiesEncodeEquallyWhateverTheKeyOrder() {
    JsonObject a = doc(Kind.AGENT, "a", "{\"username\":\"a\",\"skills\":{\"x\":1,\"b\":2},\"enabled\":true}");
    JsonObject b = doc(Kind.AGENT, "a", "{\"enabled\":true,\"skills\":{\"b\":2,\"x\":1},\"username\":\"a\"}");
    assertThat(a.encode()).isEqualTo(b.encode());
  }

  @Test
  void queueErrorsNameNestedFields() {
    Map<String, String> e = errors(Kind.QUEUE, "q1", "{\"name\":\"Q\",\"priority\":101,\"strategy\":\"random\","
        + "\"serviceLevel\":{\"percent\":0,\"seconds\":3601,\"extra\":1},\"wrapUpSeconds\":1.5,"
        + "\"noAnswerSeconds\":\"20\",\"overflowQueue\":\"q1\",\"requiredSkills\":{\"sales\":6},\"language\":\"EN\"}");
    assertThat(e).containsOnlyKeys("priority", "strategy", "serviceLevel.percent", "serviceLevel.seconds",
        "serviceLevel.extra", "wrapUpSeconds", "noAnswerSeconds", "overflowQueue", "requiredSkills.sales", "language");
    assertThat(e.get("serviceLevel.seconds")).contains("1 to 3600");
    assertThat(e.get("serviceLevel.extra")).isEqualTo("unknown field");
    assertThat(e.get("overflowQueue")).contains("itself");
  }

  @Test
  void agentErrorsNameEachBadField() {
    Map<String, String> e = errors(Kind.AGENT, "a1", "{\"username\":\"Bad Name\",\"roles\":[\"agent\",\"boss\"],"
        + "\"skills\":{\"sales\":0,\"Bad\":3},\"languages\":[\"en\",\"english\",\"en\"],\"team\":\"-x\","
        + "\"queues\":\"support\",\"enabled\":\"yes\",\"password\":\"short\",\"email\":\"nope\",\"colour\":\"red\"}");
    assertThat(e).containsOnlyKeys("username", "roles.1", "skills.sales", "skills.Bad", "languages.1", "languages.2",
        "team", "queues", "enabled", "password", "email", "colour");
    assertThat(e.get("password")).isEqualTo("must be at least 8 characters");
    assertThat(e.get("languages.2")).contains("twice");
  }

  @Test
  void agentNeedsAtLeastOneRoleAndDefaultsToAgent() {
    assertThat(errors(Kind.AGENT, "a1", "{\"username\":\"a\",\"roles\":[]}")).containsOnlyKeys("roles");
    JsonObject d = doc(Kind.AGENT, "a1", "{\"username\":\"a\"}");
    assertThat(d.getJsonArray("roles").getList()).containsExactly("agent");
    assertThat(d.getString("displayName")).isEqualTo("a");
    assertThat(d.containsKey("password")).isFalse();
  }

  @Test
  void agentReferencesNameTheirFields() {
    Fields in = Fields.root(new JsonObject(
        "{\"username\":\"a\",\"skills\":{\"sales\":2},\"team\":\"t\",\"queues\":[\"q1\",\"q2\"]}"));
    Schema.Normalized n = Schema.of(Kind.AGENT).normalize("a", in);
    assertThat(n.refs()).containsExactly(new Schema.Ref(Kind.SKILL, "sales", "skills.sales"),
        new Schema.Ref(Kind.TEAM, "t", "team"), new Schema.Ref(Kind.QUEUE, "q1", "queues.0"),
        new Schema.Ref(Kind.QUEUE, "q2", "queues.1"));
  }

  @Test
  void businessHoursChecksTimesZonesAndDates() {
    Map<String, String> e = errors(Kind.BUSINESS_HOURS, "h", "{\"name\":\"H\",\"timezone\":\"Mars/Olympus\","
        + "\"weekly\":[{\"day\":\"mon\",\"open\":\"18:00\",\"close\":\"08:00\"},{\"day\":\"funday\",\"open\":\"9\","
        + "\"close\":\"10:00\"},{\"day\":\"tue\",\"open\":\"08:00\",\"close\":\"12:00\"},"
        + "{\"day\":\"tue\",\"open\":\"11:00\",\"close\":\"13:00\"}],\"holidays\":[\"2026-02-30\",\"tomorrow\"]}");
    assertThat(e).containsOnlyKeys("timezone", "weekly.0.close", "weekly.1.day", "weekly.1.open", "weekly.3.open",
        "holidays.0", "holidays.1");
    assertThat(e.get("weekly.3.open")).contains("overlaps");
    JsonObject ok = doc(Kind.BUSINESS_HOURS, "h", "{\"name\":\"H\",\"timezone\":\"Europe/London\","
        + "\"weekly\":[{\"day\":\"sun\",\"open\":\"00:00\",\"close\":\"24:00\"}],\"holidays\":[\"2026-12-25\"]}");
    assertThat(ok.getJsonArray("weekly").getJsonObject(0).getString("close")).isEqualTo("24:00");
  }

  @Test
  void phoneNumberIdIsTheNumberWithoutPlus() {
    Fields in = Fields.root(new JsonObject("{\"number\":\"+15550100\",\"queue\":\"support\"}"));
    Schema.Normalized n = Schema.of(Kind.PHONE_NUMBER).normalize(null, in);
    assertThat(n.id()).isEqualTo("15550100");
    assertThat(errors(Kind.PHONE_NUMBER, "15550199", "{\"number\":\"+15550100\",\"queue\":\"support\"}"))
        .containsOnlyKeys("number");
    assertThat(errors(Kind.PHONE_NUMBER, null, "{\"number\":\"5550100\",\"queue\":\"support\"}"))
        .containsOnlyKeys("number");
  }

  @Test
  void namedKindsNeedANameAndRejectWrongTypes() {
    assertThat(errors(Kind.TEAM, "t", "{\"description\":5}")).containsOnlyKeys("name", "description");
    assertThat(errors(Kind.SKILL, "s", "{\"name\":\"S\",\"version\":-1}")).containsOnlyKeys("version");
    assertThat(errors(Kind.SKILL, "s", "{\"name\":\"S\",\"id\":\"Not Valid\"}")).containsOnlyKeys("id");
  }

  @Test
  void cursorsRoundTripAndForgedOnesAreRefused() {
    assertThat(Directory.decodeCursor(Directory.encodeCursor("alice"))).isEqualTo("alice");
    for (String bad : List.of("!!!", Directory.encodeCursor("Has Space"), "")) {
      try {
        Directory.decodeCursor(bad);
        throw new AssertionError("accepted " + bad);
      } catch (DirectoryException e) {
        assertThat(e.violations()).extracting(Violation::field).containsExactly("cursor");
      }
    }
  }
}
