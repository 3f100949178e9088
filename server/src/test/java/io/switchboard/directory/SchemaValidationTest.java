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
    assertThat(q.encode()).isEqualTo("{\"id\":\"support\",\"name\":\"Support\",\"channel\":\"voice\",\"widgetOrigins\":[],\"closedMessage\":null,"
        + "\"priority\":0,"
        + "\"strategy\":\"longest-idle\",\"serviceLevel\":{\"percent\":80,\"seconds\":20},\"maxWaitSeconds\":600,"
        + "\"overflowQueue\":null,\"wrapUpSeconds\":30,\"noAnswerSeconds\":20,\"requiredSkills\":{},"
        + "\"language\":null,\"businessHours\":null,\"afterHours\":\"goodbye\",\"regionWideningSeconds\":5,"
        + "\"recording\":\"none\",\"outboundCallerId\":null,\"callback\":null,\"dispositions\":null,"
        + "\"caseOfferOrder\":null,\"goals\":null}");
  }

  @Test
  void aQueuesCaseOfferOrderIsOneOfTheNodesOrNull() {
    for (String order : new String[] {"priority", "due", "off"}) {
      assertThat(doc(Kind.QUEUE, "q", "{\"name\":\"Q\",\"caseOfferOrder\":\"" + order + "\"}")
          .getString("caseOfferOrder")).isEqualTo(order);
    }
    assertThat(doc(Kind.QUEUE, "q", "{\"name\":\"Q\",\"caseOfferOrder\":null}").getValue("caseOfferOrder"))
        .isNull();
    for (String bad : new String[] {"\"fifo\"", "1", "\"\""}) {
      Fields in = Fields.root(new JsonObject("{\"name\":\"Q\",\"caseOfferOrder\":" + bad + "}"));
      Schema.of(Kind.QUEUE).normalize("q", in);
      in.finish();
      assertThat(in.errors()).as(bad).extracting(Violation::field).containsExactly("caseOfferOrder");
    }
  }

  @Test
  void queueCallbackNeedsOneDigitAndKeepsOnlyWhatIsGiven() {
    assertThat(doc(Kind.QUEUE, "q", "{\"name\":\"Q\",\"callback\":{\"key\":\"1\"}}").getJsonObject("callback")
        .encode()).as("attempts and the retry delay: the node's callbacks.* settings").isEqualTo("{\"key\":\"1\"}");
    assertThat(doc(Kind.QUEUE, "q", "{\"name\":\"Q\",\"callback\":{\"key\":\"9\",\"attempts\":2,"
        + "\"retryDelaySeconds\":30}}").getJsonObject("callback").encode())
        .isEqualTo("{\"key\":\"9\",\"attempts\":2,\"retryDelaySeconds\":30}");
    for (String bad : new String[] {"{}", "{\"key\":\"#\"}", "{\"key\":\"12\"}", "{\"key\":\"1\",\"attempts\":0}",
        "{\"key\":\"1\",\"attempts\":11}", "{\"key\":\"1\",\"retryDelaySeconds\":0}", "{\"key\":\"1\",\"when\":1}",
        "\"1\""}) {
      Fields in = Fields.root(new JsonObject("{\"name\":\"Q\",\"callback\":" + bad + "}"));
      Schema.of(Kind.QUEUE).normalize("q", in);
      in.finish();
      assertThat(in.errors()).as(bad).isNotEmpty();
      assertThat(in.errors().get(0).toString()).as(bad).contains("callback");
    }
  }

  @Test
  void queueRecordingPolicyIsOneOfThreeAndABadOneNamesTheField() {
    assertThat(doc(Kind.QUEUE, "q", "{\"name\":\"Q\",\"recording\":\"all\"}").getString("recording")).isEqualTo("all");
    assertThat(doc(Kind.QUEUE, "q", "{\"name\":\"Q\",\"recording\":\"on-demand\"}").getString("recording"))
        .isEqualTo("on-demand");
    assertThat(errors(Kind.QUEUE, "q", "{\"name\":\"Q\",\"recording\":\"sometimes\"}"))
        .containsOnlyKeys("recording").containsValue("must be one of none, all, on-demand");
    assertThat(errors(Kind.QUEUE, "q", "{\"name\":\"Q\",\"recording\":true}")).containsOnlyKeys("recording");
  }

  @Test
  void afterHoursIsGoodbyeVoicemailOrCallback() {
    assertThat(errors(Kind.QUEUE, "q", "{\"name\":\"Q\",\"afterHours\":\"call-back\"}"))
        .containsOnly(Map.entry("afterHours", "must be one of goodbye, voicemail, callback"));
    assertThat(doc(Kind.QUEUE, "q", "{\"name\":\"Q\",\"afterHours\":\"callback\",\"businessHours\":\"office\"}")
        .getString("afterHours")).as("offered a callback while closed").isEqualTo("callback");
    assertThat(doc(Kind.QUEUE, "q", "{\"name\":\"Q\"}").getString("afterHours")).isEqualTo("goodbye");
    assertThat(doc(Kind.QUEUE, "q", "{\"name\":\"Q\",\"afterHours\":\"voicemail\"}").getString("afterHours"))
        .isEqualTo("voicemail");
    assertThat(errors(Kind.QUEUE, "q", "{\"name\":\"Q\",\"afterHours\":1}")).containsOnlyKeys("afterHours");
    assertThat(doc(Kind.QUEUE, "q", "{\"name\":\"Q\",\"afterHours\":\"goodbye\",\"businessHours\":\"office\"}")
        .getString("afterHours")).isEqualTo("goodbye");
  }

  @Test
  void specialDaysAreCheckedLikeWeeklySlots() {
    Map<String, String> e = errors(Kind.BUSINESS_HOURS, "h", "{\"name\":\"H\",\"timezone\":\"UTC\","
        + "\"holidays\":[\"2026-12-25\"],\"specialDays\":["
        + "{\"date\":\"2026-12-24\",\"open\":\"09:00\",\"close\":\"12:00\"},"
        + "{\"date\":\"2026-12-24\",\"open\":\"11:00\",\"close\":\"13:00\"},"
        + "{\"date\":\"2026-12-25\",\"open\":\"10:00\",\"close\":\"11:00\"},"
        + "{\"date\":\"2026-02-30\",\"open\":\"10:00\",\"close\":\"09:00\"},"
        + "{\"open\":\"10:00\",\"close\":\"11:00\",\"extra\":1}]}");
    assertThat(e).containsOnlyKeys("specialDays.1.open", "specialDays.2.date", "specialDays.3.date",
        "specialDays.3.close", "specialDays.4.date", "specialDays.4.extra");
    assertThat(e.get("specialDays.1.open")).contains("overlaps");
    assertThat(e.get("specialDays.2.date")).contains("holiday");
    JsonObject ok = doc(Kind.BUSINESS_HOURS, "h", "{\"name\":\"H\",\"timezone\":\"UTC\",\"specialDays\":["
        + "{\"date\":\"2026-12-24\",\"open\":\"09:00\",\"close\":\"12:00\"},"
        + "{\"date\":\"2026-12-31\",\"open\":\"09:00\",\"close\":\"12:00\"}]}");
    assertThat(ok.getJsonArray("specialDays")).hasSize(2);
    assertThat(doc(Kind.BUSINESS_HOURS, "h", "{\"name\":\"H\",\"timezone\":\"UTC\"}").getJsonArray("specialDays"))
        .isEmpty();
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
        + "\"noAnswerSeconds\":\"20\",\"overflowQueue\":\"q1\",\"requiredSkills\":{\"sales\":6},\"language\":\"EN\","
        + "\"regionWideningSeconds\":3601}");
    assertThat(e).containsOnlyKeys("priority", "strategy", "serviceLevel.percent", "serviceLevel.seconds",
        "serviceLevel.extra", "wrapUpSeconds", "noAnswerSeconds", "overflowQueue", "requiredSkills.sales", "language",
        "regionWideningSeconds");
    assertThat(e.get("regionWideningSeconds")).contains("0 to 3600");
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
  void agentTakesEveryRoleAndNamesThemWhenOneIsUnknown() {
    JsonObject d = doc(Kind.AGENT, "a1", "{\"username\":\"a\",\"roles\":[\"agent\",\"supervisor\","
        + "\"team-leader\",\"manager\",\"admin\"]}");
    assertThat(d.getJsonArray("roles").getList()).containsExactly("agent", "supervisor", "team-leader", "manager",
        "admin");
    Map<String, String> e = errors(Kind.AGENT, "a1", "{\"username\":\"a\",\"roles\":[\"team_leader\"]}");
    assertThat(e).containsOnlyKeys("roles.0");
    assertThat(e.get("roles.0")).isEqualTo("must be one of agent, supervisor, team-leader, manager, admin");
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
  void trunkDefaultsAreAppliedAndThePasswordStaysOutOfTheDocument() {
    Fields in = Fields.root(new JsonObject("{\"name\":\"Carrier\",\"addresses\":[{\"host\":\"SIP.Example.com\"}],"
        + "\"allowedSources\":[\"192.0.2.0/24\",\"2001:db8::1\"],"
        + "\"digest\":{\"username\":\"acme\",\"password\":\"s3cret!\"}}"));
    Schema.Normalized n = Schema.of(Kind.TRUNK).normalize("carrier", in);
    in.finish();
    assertThat(in.errors()).isEmpty();
    assertThat(n.doc().encode()).isEqualTo("{\"id\":\"carrier\",\"name\":\"Carrier\",\"description\":null,"
        + "\"transport\":\"udp\",\"mediaEncryption\":\"none\","
        + "\"addresses\":[{\"host\":\"sip.example.com\",\"port\":5060}],"
        + "\"allowedSources\":[\"192.0.2.0/24\",\"2001:db8::1\"],\"digest\":{\"username\":\"acme\",\"realm\":null},"
        + "\"numbers\":[],\"maxConcurrentCalls\":100,\"enabled\":true,\"region\":null}");
    assertThat(n.secret()).isEqualTo(Schema.Secret.set("s3cret!"));
    assertThat(n.secret().toString()).doesNotContain("s3cret");
    assertThat(Schema.of(Kind.TRUNK).normalize("c", Fields.root(new JsonObject(
        "{\"name\":\"C\",\"addresses\":[{\"host\":\"::1\",\"port\":5080}],\"allowedSources\":[\"::1\"],"
        + "\"digest\":{\"username\":\"u\"}}"))).secret()).isEqualTo(Schema.Secret.KEEP);
    assertThat(Schema.of(Kind.TRUNK).normalize("c", Fields.root(new JsonObject(
        "{\"name\":\"C\",\"addresses\":[{\"host\":\"::1\"}],\"allowedSources\":[\"::1\"],\"digest\":null}")))
        .secret()).isEqualTo(Schema.Secret.CLEAR);
  }

  @Test
  void trunkErrorsNameEachBadField() {
    Map<String, String> e = errors(Kind.TRUNK, "t", "{\"name\":\"T\",\"transport\":\"sctp\","
        + "\"mediaEncryption\":\"zrtp\","
        + "\"addresses\":[{\"host\":\"ok.example\",\"port\":0},{\"host\":\"bad host\"},{\"host\":\"300.1.1.1\"},"
        + "{\"host\":\"::g\"},{\"host\":\"h\",\"extra\":1},\"x\"],"
        + "\"allowedSources\":[\"10.0.0.0/8\",\"10.0.0.1/8\",\"::1/129\",\"1.2.3.4/33\"],"
        + "\"digest\":{\"password\":\"\",\"realm\":\"a\\\"b\"},\"numbers\":[\"+15550100\",\"5550100\"],"
        + "\"maxConcurrentCalls\":100001,\"enabled\":1,\"region\":\"eu west\"}");
    assertThat(e).containsOnlyKeys("transport", "mediaEncryption", "addresses.0.port", "addresses.1.host",
        "addresses.2.host", "addresses.3.host", "addresses.4.extra", "addresses.5", "allowedSources.1", "allowedSources.2",
        "allowedSources.3", "digest.username", "digest.password", "digest.realm", "numbers.1",
        "maxConcurrentCalls", "enabled", "region");
    assertThat(e.get("allowedSources.1")).contains("did you mean 10.0.0.0/8?");
    assertThat(e.get("allowedSources.2")).contains("0 to 128");
    assertThat(e.get("addresses.0.port")).contains("1 to 65535");
    assertThat(errors(Kind.TRUNK, "t", "{\"name\":\"T\"}")).containsOnlyKeys("addresses", "allowedSources");
    assertThat(errors(Kind.TRUNK, "t", "{\"name\":\"T\",\"addresses\":[],\"allowedSources\":[]}"))
        .containsOnlyKeys("addresses", "allowedSources");
    assertThat(errors(Kind.TRUNK, "t", "{\"name\":\"T\",\"addresses\":[{\"host\":\"h\"}],"
        + "\"allowedSources\":[\"host.example\",\"0.0.0.0/0\"]}")).containsOnlyKeys("allowedSources.0");
  }

  @Test
  void hostsAndCidrsAreParsedWithoutLookups() {
    for (String ok : List.of("127.0.0.1", "sip.example.com", "a", "::1", "2001:db8::5060", "carrier-1.example")) {
      assertThat(Hosts.validHost(ok)).as(ok).isTrue();
    }
    for (String bad : List.of("1.2.3", "256.0.0.1", "-a.example", "a..b", "[::1]", "::1%eth0", "a_b", ".:")) {
      assertThat(Hosts.validHost(bad)).as(bad).isFalse();
    }
    assertThat(Hosts.cidrProblem("192.0.2.0/24")).isNull();
    assertThat(Hosts.cidrProblem("2001:db8::/32")).isNull();
    assertThat(Hosts.cidrProblem("::1/128")).isNull();
    assertThat(Hosts.cidrProblem("2001:db8::1/32")).contains("2001:db8:0:0:0:0:0:0/32");
    assertThat(Hosts.cidrProblem("192.0.2.0/-1")).isNotNull();
  }

  @Test
  void aTeamsChatCountsAreOptionalAndBounded() {
    JsonObject t = doc(Kind.TEAM, "t", "{\"name\":\"T\",\"chatCapacity\":2,\"chatsDuringCall\":0}");
    assertThat(t.getInteger("chatCapacity")).isEqualTo(2);
    assertThat(t.getInteger("chatsDuringCall")).isZero();
    assertThat(doc(Kind.TEAM, "t", "{\"name\":\"T\"}").containsKey("chatCapacity")).as("null: unset").isTrue();
    assertThat(errors(Kind.TEAM, "t", "{\"name\":\"T\",\"chatCapacity\":21,\"chatsDuringCall\":-1}"))
        .containsOnlyKeys("chatCapacity", "chatsDuringCall");
  }

  @Test
  void emailCountsOfAgentsAndTeamsAreOptionalAndBounded() {
    JsonObject t = doc(Kind.TEAM, "t", "{\"name\":\"T\",\"emailCapacity\":5,\"emailsDuringCall\":0}");
    assertThat(t.getInteger("emailCapacity")).isEqualTo(5);
    assertThat(t.getInteger("emailsDuringCall")).isZero();
    JsonObject a = doc(Kind.AGENT, "a", "{\"username\":\"ann\",\"emailCapacity\":2}");
    assertThat(a.getInteger("emailCapacity")).isEqualTo(2);
    assertThat(a.containsKey("emailsDuringCall")).as("null: unset").isTrue();
    assertThat(a.getValue("emailsDuringCall")).isNull();
    assertThat(errors(Kind.TEAM, "t", "{\"name\":\"T\",\"emailCapacity\":21,\"emailsDuringCall\":-1}"))
        .containsOnlyKeys("emailCapacity", "emailsDuringCall");
    assertThat(errors(Kind.AGENT, "a", "{\"username\":\"ann\",\"emailCapacity\":\"3\"}"))
        .containsOnlyKeys("emailCapacity");
  }

  @Test
  void onlyAChatQueueHasAClosedMessage() {
    assertThat(doc(Kind.QUEUE, "web", "{\"name\":\"W\",\"channel\":\"chat\",\"closedMessage\":\"Closed\"}")
        .getString("closedMessage")).isEqualTo("Closed");
    assertThat(errors(Kind.QUEUE, "q", "{\"name\":\"Q\",\"closedMessage\":\"Closed\"}"))
        .containsOnlyKeys("closedMessage");
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
