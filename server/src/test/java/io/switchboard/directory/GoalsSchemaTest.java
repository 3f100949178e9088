package io.switchboard.directory;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The goals of queues, teams and agents: stored as sent (unset goals null), every bad goal named by its path. */
class GoalsSchemaTest {

  private static Map<String, String> errors(Kind kind, String json) {
    Fields in = Fields.root(new JsonObject(json));
    Schema.of(kind).normalize("x1", in);
    in.finish();
    return in.errors().stream().collect(Collectors.toMap(Violation::field, Violation::message, (a, b) -> a + "; " + b));
  }

  private static JsonObject doc(Kind kind, String json) {
    Fields in = Fields.root(new JsonObject(json));
    Schema.Normalized n = Schema.of(kind).normalize("x1", in);
    in.finish();
    assertThat(in.errors()).isEmpty();
    return n.doc();
  }

  @Test
  void queueGoalsAreStoredInAFixedOrderWithUnsetOnesNull() {
    JsonObject q = doc(Kind.QUEUE, "{\"name\":\"Q\",\"goals\":{\"ahtSeconds\":300,\"asaSeconds\":30}}");
    assertThat(q.getJsonObject("goals").encode())
        .isEqualTo("{\"asaSeconds\":30,\"abandonPercent\":null,\"ahtSeconds\":300}");
    assertThat(q.fieldNames()).last().isEqualTo("goals");

    JsonObject all = doc(Kind.QUEUE, "{\"name\":\"Q\",\"goals\":{\"asaSeconds\":1,\"abandonPercent\":0,"
        + "\"ahtSeconds\":86400}}");
    assertThat(all.getJsonObject("goals").encode())
        .isEqualTo("{\"asaSeconds\":1,\"abandonPercent\":0,\"ahtSeconds\":86400}");
    assertThat(doc(Kind.QUEUE, "{\"name\":\"Q\",\"goals\":{}}").getJsonObject("goals").encode())
        .isEqualTo("{\"asaSeconds\":null,\"abandonPercent\":null,\"ahtSeconds\":null}");
    assertThat(doc(Kind.QUEUE, "{\"name\":\"Q\",\"goals\":null}").getValue("goals")).isNull();
  }

  @Test
  void theServiceLevelGoalIsTheQueuesServiceLevelNotAGoalsField() {
    assertThat(errors(Kind.QUEUE, "{\"name\":\"Q\",\"goals\":{\"serviceLevel\":{\"percent\":80}}}"))
        .containsOnlyKeys("goals.serviceLevel");
  }

  @Test
  void badQueueGoalsAreNamedByTheirPath() {
    Map<String, String> e = errors(Kind.QUEUE, "{\"name\":\"Q\",\"goals\":{\"asaSeconds\":0,"
        + "\"abandonPercent\":101,\"ahtSeconds\":\"300\",\"callsPerDay\":5}}");
    assertThat(e).containsOnlyKeys("goals.asaSeconds", "goals.abandonPercent", "goals.ahtSeconds", "goals.callsPerDay");
    assertThat(e.get("goals.asaSeconds")).isEqualTo("must be an integer from 1 to 3600");
    assertThat(e.get("goals.abandonPercent")).isEqualTo("must be an integer from 0 to 100");
    assertThat(e.get("goals.ahtSeconds")).isEqualTo("must be an integer from 1 to 86400");
    assertThat(e.get("goals.callsPerDay")).isEqualTo("unknown field");

    assertThat(errors(Kind.QUEUE, "{\"name\":\"Q\",\"goals\":{\"abandonPercent\":2.5}}"))
        .containsOnlyKeys("goals.abandonPercent");
    assertThat(errors(Kind.QUEUE, "{\"name\":\"Q\",\"goals\":[30]}")).containsExactly(
        Map.entry("goals", "must be an object"));
  }

  @Test
  void teamGoalsAreCallsPerDayAndHandleTime() {
    JsonObject t = doc(Kind.TEAM, "{\"name\":\"Sales\",\"goals\":{\"callsPerDay\":60}}");
    assertThat(t.encode()).isEqualTo("{\"id\":\"x1\",\"name\":\"Sales\",\"description\":null,"
        + "\"leader\":null,\"manager\":null,\"chatCapacity\":null,\"chatsDuringCall\":null,"
        + "\"emailCapacity\":null,\"emailsDuringCall\":null,\"goals\":{\"callsPerDay\":60,\"ahtSeconds\":null}}");
    assertThat(doc(Kind.TEAM, "{\"name\":\"Sales\"}").encode())
        .isEqualTo("{\"id\":\"x1\",\"name\":\"Sales\",\"description\":null,\"leader\":null,\"manager\":null,"
            + "\"chatCapacity\":null,\"chatsDuringCall\":null,\"emailCapacity\":null,\"emailsDuringCall\":null,"
            + "\"goals\":null}");

    Map<String, String> e = errors(Kind.TEAM, "{\"name\":\"S\",\"goals\":{\"callsPerDay\":0,\"ahtSeconds\":86401,"
        + "\"asaSeconds\":20}}");
    assertThat(e).containsOnlyKeys("goals.callsPerDay", "goals.ahtSeconds", "goals.asaSeconds");
    assertThat(e.get("goals.callsPerDay")).isEqualTo("must be an integer from 1 to 10000");
    assertThat(e.get("goals.asaSeconds")).isEqualTo("unknown field");
  }

  @Test
  void skillsHaveNoGoals() {
    assertThat(errors(Kind.SKILL, "{\"name\":\"S\",\"goals\":{}}")).containsOnlyKeys("goals");
  }

  @Test
  void agentGoalsComeLast() {
    JsonObject a = doc(Kind.AGENT, "{\"username\":\"a\",\"goals\":{\"ahtSeconds\":240,\"callsPerDay\":80}}");
    assertThat(a.fieldNames()).last().isEqualTo("goals");
    assertThat(a.getJsonObject("goals").encode()).isEqualTo("{\"callsPerDay\":80,\"ahtSeconds\":240}");
    assertThat(errors(Kind.AGENT, "{\"username\":\"a\",\"goals\":{\"callsPerDay\":10001}}"))
        .containsOnlyKeys("goals.callsPerDay");
  }
}
