package io.switchboard.terraform.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.switchboard.terraform.protocol.Tf6;
import io.switchboard.terraform.resources.Resources;
import io.switchboard.terraform.schema.JsonMapping;
import io.switchboard.terraform.value.Msgpack;
import io.switchboard.terraform.value.Unknown;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tfplugin6 RPCs that need no API: values in and out as Terraform sends them (msgpack, state JSON). */
class ProviderServiceTest {
  private final ProviderService service = new ProviderService(Resources.all(), Map.of());

  private static Tf6.DynamicValue msgpack(Object v) {
    return Tf6.DynamicValue.newBuilder().setMsgpack(ByteString.copyFrom(Msgpack.encode(v))).build();
  }

  @Test
  void badValueIsReportedOnItsAttributeAndUnknownValuesAreLeftForLater() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("name", "Support");
    config.put("priority", 101L);
    config.put("overflow_queue", Unknown.VALUE);
    Tf6.ValidateResourceConfig.Response r = service.validateResourceConfig(Tf6.ValidateResourceConfig.Request
        .newBuilder().setTypeName("switchboard_queue").setConfig(msgpack(config)).build());

    assertThat(r.getDiagnosticsList()).hasSize(1);
    Tf6.Diagnostic d = r.getDiagnostics(0);
    assertThat(d.getSeverity()).isEqualTo(Tf6.Diagnostic.Severity.ERROR);
    assertThat(d.getSummary()).isEqualTo("Invalid value for priority");
    assertThat(d.getDetail()).isEqualTo("priority must be between 0 and 100, got 101");
    assertThat(d.getAttribute().getSteps(0).getAttributeName()).isEqualTo("priority");
  }

  @Test
  void weakPasswordIsRefusedWithoutEchoingIt() {
    Tf6.ValidateResourceConfig.Response r = service.validateResourceConfig(Tf6.ValidateResourceConfig.Request
        .newBuilder().setTypeName("switchboard_agent")
        .setConfig(msgpack(Map.of("username", "alice", "password", "abc"))).build());
    assertThat(r.getDiagnosticsList()).extracting(Tf6.Diagnostic::getDetail)
        .containsExactly("password must be at least 8 characters");
  }

  @Test
  void storedStateIsUpgradedToTheCurrentSchema() {
    String json = "{\"id\":\"billing\",\"name\":\"Billing\",\"dropped_long_ago\":true,\"version\":4}";
    Tf6.UpgradeResourceState.Response r = service.upgradeResourceState(Tf6.UpgradeResourceState.Request.newBuilder()
        .setTypeName("switchboard_skill")
        .setRawState(Tf6.RawState.newBuilder().setJson(ByteString.copyFromUtf8(json))).build());
    assertThat(r.getDiagnosticsList()).isEmpty();
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("id", "billing");
    expected.put("name", "Billing");
    expected.put("description", null);
    expected.put("version", 4L);
    assertThat(Msgpack.decode(r.getUpgradedState().getMsgpack().toByteArray())).isEqualTo(expected);
  }

  @Test
  void endpointAndTokenComeFromConfigurationOrEnvironment() {
    Map<String, Object> none = new LinkedHashMap<>();
    none.put("endpoint", null);
    none.put("token", null);
    Tf6.ConfigureProvider.Response missing = service.configureProvider(
        Tf6.ConfigureProvider.Request.newBuilder().setConfig(msgpack(none)).build());
    assertThat(missing.getDiagnosticsList()).extracting(Tf6.Diagnostic::getSummary)
        .containsExactly("Missing Switchboard endpoint", "Missing Switchboard service token");

    ProviderService fromEnv = new ProviderService(Resources.all(),
        Map.of("SWITCHBOARD_ENDPOINT", "https://sb.example.com", "SWITCHBOARD_TOKEN", "sbk_demo_1_secret"));
    assertThat(fromEnv.configureProvider(Tf6.ConfigureProvider.Request.newBuilder().setConfig(msgpack(none)).build())
        .getDiagnosticsList()).isEmpty();

    Map<String, Object> bad = new LinkedHashMap<>(none);
    bad.put("endpoint", "sb.example.com");
    assertThat(fromEnv.configureProvider(Tf6.ConfigureProvider.Request.newBuilder().setConfig(msgpack(bad)).build())
        .getDiagnosticsList()).extracting(Tf6.Diagnostic::getDetail)
        .containsExactly("endpoint must be an http(s) URL such as https://sb.example.com, got \"sb.example.com\"");
  }

  @Test
  void resourceCallsBeforeConfigurationFailCleanly() {
    Tf6.ReadResource.Response r = service.readResource(Tf6.ReadResource.Request.newBuilder()
        .setTypeName("switchboard_skill").setCurrentState(msgpack(Map.of("id", "x"))).build());
    assertThat(r.getDiagnosticsList()).extracting(Tf6.Diagnostic::getSummary).containsExactly("Provider not configured");
  }

  @Test
  void schemaMarksSecretsAndDataSourcesLookUpById() {
    Tf6.GetProviderSchema.Response s = service.getProviderSchema(Tf6.GetProviderSchema.Request.getDefaultInstance());
    assertThat(attr(s.getProviderOrBuilder().getBlock().getAttributesList(), "token").getSensitive()).isTrue();
    List<Tf6.Schema.Attribute> agent = s.getResourceSchemasOrThrow("switchboard_agent").getBlock().getAttributesList();
    assertThat(attr(agent, "password").getSensitive()).isTrue();
    List<Tf6.Schema.Attribute> data = s.getDataSourceSchemasOrThrow("switchboard_agent").getBlock().getAttributesList();
    assertThat(attr(data, "id").getRequired()).isTrue();
    assertThat(data).extracting(Tf6.Schema.Attribute::getName).doesNotContain("password");
    assertThat(data).filteredOn(a -> !a.getName().equals("id")).allMatch(a -> a.getComputed() && !a.getOptional());
  }

  @Test
  void trunkValuesAreCheckedAtPlanWithTheServersRules() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("name", "Carrier");
    config.put("transport", "sctp");
    config.put("media_encryption", "zrtp");
    config.put("addresses", List.of(Map.of("host", "sip.example.com", "port", 5061L),
        Map.of("host", "bad host"), Map.of("host", "2001:db8::1", "port", 70_000L)));
    config.put("allowed_sources", List.of("10.0.0.1/8"));
    config.put("digest", Map.of("username", "a\"b", "password", "secret-1"));
    config.put("numbers", List.of("0800"));
    config.put("max_concurrent_calls", 0L);
    Tf6.ValidateResourceConfig.Response r = service.validateResourceConfig(Tf6.ValidateResourceConfig.Request
        .newBuilder().setTypeName("switchboard_trunk").setConfig(msgpack(config)).build());
    assertThat(r.getDiagnosticsList()).extracting(Tf6.Diagnostic::getSummary).containsExactlyInAnyOrder(
        "Invalid value for transport", "Invalid value for media_encryption", "Invalid value for addresses[1].host",
        "Invalid value for addresses[2].port",
        "Invalid value for allowed_sources", "Invalid value for digest.username", "Invalid value for numbers",
        "Invalid value for max_concurrent_calls");
    assertThat(r.getDiagnosticsList()).extracting(Tf6.Diagnostic::getDetail).noneMatch(d -> d.contains("secret-1"));

    config.put("transport", "tls");
    config.put("media_encryption", "sdes");
    config.put("addresses", List.of(Map.of("host", "::1")));
    config.put("allowed_sources", List.of("10.0.0.0/8", "2001:db8::/32", "192.0.2.7"));
    config.put("digest", Map.of("username", "acme", "password", "secret-1"));
    config.put("numbers", List.of("+15550100"));
    config.put("max_concurrent_calls", 100_000L);
    assertThat(service.validateResourceConfig(Tf6.ValidateResourceConfig.Request.newBuilder()
        .setTypeName("switchboard_trunk").setConfig(msgpack(config)).build()).getDiagnosticsList()).isEmpty();
  }

  @Test
  void awayReasonsAreCheckedAtPlan() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("id", "Coffee Break");
    config.put("label", " ");
    Tf6.ValidateResourceConfig.Response r = service.validateResourceConfig(Tf6.ValidateResourceConfig.Request
        .newBuilder().setTypeName("switchboard_away_reason").setConfig(msgpack(config)).build());
    assertThat(r.getDiagnosticsList()).extracting(Tf6.Diagnostic::getSummary)
        .containsExactlyInAnyOrder("Invalid value for id", "Invalid value for label");
    config.put("id", "coffee");
    config.put("label", "Coffee");
    assertThat(service.validateResourceConfig(Tf6.ValidateResourceConfig.Request.newBuilder()
        .setTypeName("switchboard_away_reason").setConfig(msgpack(config)).build()).getDiagnosticsList()).isEmpty();
  }

  @Test
  void trunkDigestPasswordIsSensitiveAndNotInTheDataSource() {
    Tf6.GetProviderSchema.Response s = service.getProviderSchema(Tf6.GetProviderSchema.Request.getDefaultInstance());
    Tf6.Schema.Attribute digest = attr(s.getResourceSchemasOrThrow("switchboard_trunk").getBlock()
        .getAttributesList(), "digest");
    assertThat(attr(digest.getNestedType().getAttributesList(), "password").getSensitive()).isTrue();
    Tf6.Schema.Attribute dataDigest = attr(s.getDataSourceSchemasOrThrow("switchboard_trunk").getBlock()
        .getAttributesList(), "digest");
    assertThat(dataDigest.getNestedType().getAttributesList()).extracting(Tf6.Schema.Attribute::getName)
        .containsExactly("username", "realm");
  }

  @Test
  void goalsAreOptionalNestedAttributesCheckedAtPlan() {
    Tf6.GetProviderSchema.Response s = service.getProviderSchema(Tf6.GetProviderSchema.Request.getDefaultInstance());
    Tf6.Schema.Attribute queueGoals = attr(s.getResourceSchemasOrThrow("switchboard_queue").getBlock()
        .getAttributesList(), "goals");
    assertThat(queueGoals.getOptional()).isTrue();
    assertThat(queueGoals.getComputed()).isFalse(); // left out of the configuration = no goals, not "keep"
    assertThat(queueGoals.getNestedType().getAttributesList()).extracting(Tf6.Schema.Attribute::getName)
        .containsExactly("asa_seconds", "abandon_percent", "aht_seconds");
    assertThat(queueGoals.getNestedType().getAttributesList())
        .allMatch(a -> a.getOptional() && !a.getComputed() && !a.getRequired());
    for (String people : List.of("switchboard_team", "switchboard_agent")) {
      assertThat(attr(s.getResourceSchemasOrThrow(people).getBlock().getAttributesList(), "goals")
          .getNestedType().getAttributesList()).extracting(Tf6.Schema.Attribute::getName)
          .containsExactly("calls_per_day", "aht_seconds");
    }

    Map<String, Object> goals = new LinkedHashMap<>();
    goals.put("asa_seconds", 0L);
    goals.put("abandon_percent", 101L);
    goals.put("aht_seconds", 12.5);
    Tf6.ValidateResourceConfig.Response r = service.validateResourceConfig(Tf6.ValidateResourceConfig.Request
        .newBuilder().setTypeName("switchboard_queue")
        .setConfig(msgpack(Map.of("name", "Support", "goals", goals))).build());
    assertThat(r.getDiagnosticsList()).extracting(Tf6.Diagnostic::getDetail).containsExactlyInAnyOrder(
        "goals.asa_seconds must be between 1 and 3600, got 0",
        "goals.abandon_percent must be between 0 and 100, got 101",
        "goals.aht_seconds must be a whole number, got 12.5");
    // Terraform points at the goals line; the detail names the goal
    assertThat(r.getDiagnosticsList().get(0).getAttribute().getStepsList())
        .extracting(Tf6.AttributePath.Step::getAttributeName).containsExactly("goals");

    Tf6.ValidateResourceConfig.Response team = service.validateResourceConfig(Tf6.ValidateResourceConfig.Request
        .newBuilder().setTypeName("switchboard_team")
        .setConfig(msgpack(Map.of("name", "Tier 1", "goals", Map.of("calls_per_day", 10_001L)))).build());
    assertThat(team.getDiagnosticsList()).extracting(Tf6.Diagnostic::getDetail)
        .containsExactly("goals.calls_per_day must be between 1 and 10000, got 10001");
  }

  @Test
  void goalsLeaveUnsetOnesOutOfTheRequestAndReadBackAsConfigured() throws Exception {
    ResourceType queue = Resources.all().stream().filter(t -> t.typeName().equals("switchboard_queue"))
        .findFirst().orElseThrow();
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("name", "Support");
    config.put("goals", Map.of("asa_seconds", 30L));
    Map<String, Object> normalized = queue.schema().normalizeObject(config);
    assertThat(JsonMapping.toJson(queue.schema(), normalized).path("goals").toString())
        .isEqualTo("{\"asaSeconds\":30}");

    // what the server stores and returns for it: unset goals as null
    var server = new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"id\":\"support\",\"name\":\"Support\","
        + "\"goals\":{\"asaSeconds\":30,\"abandonPercent\":null,\"ahtSeconds\":null},\"version\":1}");
    assertThat(JsonMapping.fromJson(queue.schema(), server).get("goals")).isEqualTo(normalized.get("goals"));
    var none = new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"id\":\"support\",\"goals\":null}");
    assertThat(JsonMapping.fromJson(queue.schema(), none).get("goals")).isNull();
  }

  private static Tf6.Schema.Attribute attr(List<Tf6.Schema.Attribute> attrs, String name) {
    return attrs.stream().filter(a -> a.getName().equals(name)).findFirst().orElseThrow();
  }
}
