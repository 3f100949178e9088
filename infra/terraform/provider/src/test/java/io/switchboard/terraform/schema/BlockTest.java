package io.switchboard.terraform.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.terraform.protocol.Tf6;
import io.switchboard.terraform.resources.AgentResource;
import io.switchboard.terraform.resources.BusinessHoursResource;
import io.switchboard.terraform.resources.QueueResource;
import io.switchboard.terraform.value.Unknown;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BlockTest {
  private final Block queue = new QueueResource().schema();
  private final Block agent = new AgentResource().schema();

  @Test
  void normalizeGivesEveryAttributeAndDropsUnknownOnes() {
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("name", "Support");
    in.put("bogus", 1L);
    in.put("service_level", Map.of("percent", "90"));
    Map<String, Object> out = queue.normalizeObject(in);

    assertThat(out.keySet()).containsExactly("id", "name", "channel", "mailbox", "widget_origins", "closed_message",
        "priority", "strategy", "service_level",
        "max_wait_seconds", "overflow_queue", "wrap_up_seconds", "no_answer_seconds", "required_skills", "language",
        "business_hours", "after_hours", "region_widening_seconds", "recording", "callback", "dispositions",
        "outbound_caller_id", "case_offer_order", "goals",
        "version");
    assertThat(out.get("priority")).isNull();
    @SuppressWarnings("unchecked")
    Map<String, Object> sl = (Map<String, Object>) out.get("service_level");
    assertThat(sl).containsEntry("percent", new BigDecimal("90")).containsEntry("seconds", null);
  }

  @Test
  void validationNamesTheAttributeAndKeepsTheApisRanges() {
    Map<String, Object> config = queue.normalizeObject(Map.of(
        "name", "Support",
        "priority", 101L,
        "strategy", "random",
        "service_level", Map.of("percent", 80L, "seconds", 0L),
        "required_skills", Map.of("billing", 6L, "Bad Id", 3L),
        "no_answer_seconds", Unknown.VALUE,
        "region_widening_seconds", 3601L,
        "recording", "sometimes",
        "case_offer_order", "fifo"));
    Diags d = new Diags();
    queue.validate(config, AttrPath.ROOT, d);

    assertThat(d.all()).extracting(Tf6.Diagnostic::getDetail).containsExactlyInAnyOrder(
        "priority must be between 0 and 100, got 101",
        "strategy must be one of longest-idle, round-robin, fewest-calls, least-talk-time, got \"random\"",
        "service_level.seconds must be between 1 and 3600, got 0",
        "required_skills[\"billing\"] must be between 1 and 5, got 6",
        "required_skills[\"Bad Id\"] must match [a-z0-9][a-z0-9._-]{0,63}, got \"Bad Id\"",
        "region_widening_seconds must be between 0 and 3600, got 3601",
        "recording must be one of none, all, on-demand, got \"sometimes\"",
        "case_offer_order must be one of priority, due, off, got \"fifo\"");
    Tf6.Diagnostic sl = d.all().stream().filter(x -> x.getSummary().contains("service_level")).findFirst().orElseThrow();
    // Terraform can only point at top-level attributes (plus an element key): the path stops at service_level
    assertThat(sl.getAttribute().getStepsList()).extracting(Tf6.AttributePath.Step::getAttributeName)
        .containsExactly("service_level");
    Tf6.Diagnostic skill = d.all().stream().filter(x -> x.getDetail().contains("billing")).findFirst().orElseThrow();
    assertThat(skill.getAttribute().getSteps(1).getElementKeyString()).isEqualTo("billing");
  }

  @Test
  void validValuesPass() {
    Diags d = new Diags();
    queue.validate(queue.normalizeObject(Map.of("name", "Q", "priority", 100L, "strategy", "round-robin",
        "service_level", Map.of("percent", 1L, "seconds", 3600L), "required_skills", Map.of("billing", 5L),
        "region_widening_seconds", 0L, "recording", "on-demand", "case_offer_order", "due")),
        AttrPath.ROOT, d);
    assertThat(d.all()).isEmpty();
  }

  @Test
  void afterHoursIsGoodbyeVoicemailOrCallback() {
    for (String rule : List.of("goodbye", "voicemail", "callback")) {
      Diags d = new Diags();
      queue.validate(queue.normalizeObject(Map.of("name", "Q", "business_hours", "office", "after_hours", rule)),
          AttrPath.ROOT, d);
      assertThat(d.all()).as(rule).isEmpty();
    }
    Diags bad = new Diags();
    queue.validate(queue.normalizeObject(Map.of("name", "Q", "after_hours", "call-back")), AttrPath.ROOT, bad);
    assertThat(bad.all()).extracting(Tf6.Diagnostic::getDetail)
        .containsExactly("after_hours must be one of goodbye, voicemail, callback, got \"call-back\"");
  }

  @Test
  void anAgentTakesEveryRoleOfTheApiAndNoOther() {
    Diags ok = new Diags();
    agent.validate(agent.normalizeObject(Map.of("username", "tina",
        "roles", List.of("agent", "supervisor", "team-leader", "manager", "admin"))), AttrPath.ROOT, ok);
    assertThat(ok.all()).isEmpty();

    Diags bad = new Diags();
    agent.validate(agent.normalizeObject(Map.of("username", "tina", "roles", List.of("team_leader"))),
        AttrPath.ROOT, bad);
    assertThat(bad.all()).extracting(Tf6.Diagnostic::getDetail).containsExactly(
        "roles must be one of agent, supervisor, team-leader, manager, admin, got \"team_leader\"");
  }

  @Test
  void aQueuesCallbackMapsToTheApisObjectAndNeedsOneDigit() {
    Map<String, Object> state = queue.normalizeObject(Map.of("name", "Support",
        "callback", Map.of("key", "1", "retry_delay_seconds", 30L)));
    com.fasterxml.jackson.databind.JsonNode cb = JsonMapping.toJson(queue, state).get("callback");
    assertThat(cb.get("key").asText()).isEqualTo("1");
    assertThat(cb.get("retryDelaySeconds").asInt()).isEqualTo(30);
    assertThat(cb.path("attempts").isMissingNode() || cb.get("attempts").isNull()).as(cb.toString()).isTrue();

    Diags d = new Diags();
    queue.validate(queue.normalizeObject(Map.of("name", "Q", "callback", Map.of("key", "#", "attempts", 11L))),
        AttrPath.ROOT, d);
    assertThat(d.all()).extracting(Tf6.Diagnostic::getDetail).containsExactlyInAnyOrder(
        "callback.key must be one digit, 0 to 9, got \"#\"", "callback.attempts must be between 1 and 10, got 11");
  }

  @Test
  void apiFieldsMapToConfigurationPaths() {
    assertThat(queue.pathOf("serviceLevel.seconds")).hasToString("service_level.seconds");
    assertThat(queue.pathOf("requiredSkills.billing")).hasToString("required_skills[\"billing\"]");
    assertThat(queue.pathOf("noAnswerSeconds")).hasToString("no_answer_seconds");
    assertThat(queue.pathOf("nonsense.x")).isEqualTo(AttrPath.ROOT);
    assertThat(agent.pathOf("languages.1")).hasToString("languages[1]");
    assertThat(agent.pathOf("queues.0")).hasToString("queues"); // a set has no addressable index
    Block hours = new BusinessHoursResource().schema();
    assertThat(hours.pathOf("weekly.2.open")).hasToString("weekly[2].open");
    assertThat(hours.pathOf("weekly[2].open")).hasToString("weekly[2].open");
  }

  @Test
  void jsonMappingUsesApiNamesSkipsServerOnlyAndNeverReadsWriteOnly() throws Exception {
    Map<String, Object> state = agent.normalizeObject(Map.of("id", "alice", "username", "alice",
        "display_name", "Alice", "password", "s3cret-pass", "roles", List.of("agent"), "version", 3L,
        "skills", Map.of("billing", 4L)));
    String json = JsonMapping.toJson(agent, state).toString();
    assertThat(json).isEqualTo("{\"id\":\"alice\",\"username\":\"alice\",\"displayName\":\"Alice\","
        + "\"password\":\"s3cret-pass\",\"roles\":[\"agent\"],\"skills\":{\"billing\":4}}");

    String server = "{\"id\":\"alice\",\"username\":\"alice\",\"displayName\":\"Alice\",\"email\":null,"
        + "\"roles\":[\"agent\"],\"skills\":{\"billing\":4},\"languages\":[],\"team\":null,\"region\":null,"
        + "\"queues\":[],\"enabled\":true,\"version\":3,\"password\":\"never-trusted\"}";
    Map<String, Object> back = JsonMapping.fromJson(agent, new ObjectMapper().readTree(server));
    assertThat(back).containsEntry("display_name", "Alice").containsEntry("version", 3L)
        .containsEntry("password", null).containsEntry("languages", List.of()).containsEntry("enabled", true);
    assertThat(back.keySet()).containsExactlyElementsOf(agent.normalizeObject(Map.of()).keySet());
  }

  @Test
  void schemaProtoMarksModesSensitivityAndNestedTypes() {
    Tf6.Schema s = agent.toProto(0, "agents");
    Tf6.Schema.Attribute password = s.getBlock().getAttributesList().stream()
        .filter(a -> a.getName().equals("password")).findFirst().orElseThrow();
    assertThat(password.getSensitive()).isTrue();
    assertThat(password.getOptional()).isTrue();
    assertThat(password.getType().toStringUtf8()).isEqualTo("\"string\"");
    Tf6.Schema.Attribute roles = s.getBlock().getAttributesList().stream()
        .filter(a -> a.getName().equals("roles")).findFirst().orElseThrow();
    assertThat(roles.getType().toStringUtf8()).isEqualTo("[\"set\",\"string\"]");
    assertThat(roles.getOptional() && roles.getComputed()).isTrue();
    Tf6.Schema.Attribute sl = queue.toProto(0, "q").getBlock().getAttributesList().stream()
        .filter(a -> a.getName().equals("service_level")).findFirst().orElseThrow();
    assertThat(sl.getType().isEmpty()).isTrue();
    assertThat(sl.getNestedType().getNesting()).isEqualTo(Tf6.Schema.Object.NestingMode.SINGLE);
    assertThat(sl.getNestedType().getAttributesCount()).isEqualTo(2);
  }
}
