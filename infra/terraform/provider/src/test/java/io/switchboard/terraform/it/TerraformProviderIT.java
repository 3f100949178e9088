package io.switchboard.terraform.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The provider end to end: the real terraform CLI, the provider installed offline from this module's filesystem
 * mirror, and a live Switchboard node. One configuration goes through its life: apply, an empty second plan, an
 * in-place update, goals changed, removed and refused, drift made through the API, import, a bad value refused at plan, an API error at apply, destroy.
 * Steps run in order and share the node and the working directory.
 */
class TerraformProviderIT extends NodeUnderTerraform {
  TerraformProviderIT() {
    super("tenant");
  }

  static final String QUEUE_GOALS = "{ asa_seconds = 30, abandon_percent = 5 }";
  static final String TEAM_GOALS = "{ calls_per_day = 60 }";
  static final String WEBHOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  private static String config(int priority, String extra) {
    return config(priority, extra, "goals = " + QUEUE_GOALS, "goals = " + TEAM_GOALS);
  }

  /**
   * The configuration under test; {@code priority} (also the trunk's max_concurrent_calls, doubled) and
   * {@code extra} vary between steps, and the goals lines of the queue and the team (empty for none).
   */
  private static String config(int priority, String extra, String queueGoals, String teamGoals) {
    return Terraform.PROVIDER + """
        resource "switchboard_skill" "billing" {
          id   = "billing"
          name = "Billing"
        }

        resource "switchboard_team" "tier1" {
          id          = "tier1"
          name        = "Tier 1"
          description = "First line"
          %s
        }

        resource "switchboard_business_hours" "office" {
          id       = "office"
          name     = "Office"
          timezone = "Europe/London"
          weekly   = [{ day = "mon", open = "08:00", close = "17:00" }, { day = "tue", open = "08:00", close = "17:00" }]
          holidays = ["2026-12-25"]
          special_days = [{ date = "2026-12-24", open = "08:00", close = "12:00" }]
        }

        resource "switchboard_queue" "support" {
          id             = "support"
          name           = "Support"
          priority       = %d
          business_hours = switchboard_business_hours.office.id
          after_hours    = "goodbye"
          service_level  = { percent = 90, seconds = 30 }
          region_widening_seconds = 0
          recording      = "all"
          case_offer_order = "due"
          required_skills = {
            (switchboard_skill.billing.id) = 2
          }
          %s
        }

        resource "switchboard_agent" "alice" {
          username     = "alice"
          display_name = "Alice"
          password     = "correct-horse-battery"
          roles        = ["agent", "supervisor"]
          team         = switchboard_team.tier1.id
          skills       = { (switchboard_skill.billing.id) = 4 }
          languages    = ["en"]
          queues       = [switchboard_queue.support.id]
          email_capacity = 1
        }

        resource "switchboard_phone_number" "main" {
          number      = "+15550100"
          queue       = switchboard_queue.support.id
          description = "Main line"
        }

        resource "switchboard_trunk" "carrier" {
          id              = "carrier"
          name            = "Carrier"
          transport       = "tcp"
          addresses       = [{ host = "sip.carrier.example", port = 5080 }, { host = "192.0.2.10" }]
          allowed_sources = ["192.0.2.0/24", "2001:db8::/32"]
          digest          = { username = "acme", password = "trunk-secret-1", realm = "sip.carrier.example" }
          numbers         = [switchboard_phone_number.main.number]
          max_concurrent_calls = %d
        }

        resource "switchboard_webhook" "crm" {
          id     = "crm"
          name   = "CRM"
          url    = "https://crm.example/hooks/switchboard"
          events = ["call.ended", "interaction.completed", "wrapup.done"]
          secret = "%s"
        }

        data "switchboard_queue" "support" {
          id = switchboard_queue.support.id
        }

        data "switchboard_trunk" "carrier" {
          id = switchboard_trunk.carrier.id
        }

        output "carrier_backup_port" {
          value = data.switchboard_trunk.carrier.addresses[1].port
        }

        output "support_service_level_seconds" {
          value = data.switchboard_queue.support.service_level.seconds
        }

        output "alice_id" {
          value = switchboard_agent.alice.id
        }
        %s
        """.formatted(teamGoals, priority, queueGoals, priority * 2, WEBHOOK_SECRET, extra);
  }

  @Test
  @Order(1)
  void applyCreatesEveryObject() throws Exception {
    tf.writeConfig(config(10, ""));
    tf.ok("init");
    String out = tf.ok("apply", "-auto-approve");
    assertThat(out).contains("Apply complete! Resources: 8 added, 0 changed, 0 destroyed.");
    assertThat(out).contains("support_service_level_seconds = 30");
    assertThat(out).contains("carrier_backup_port = 5060").doesNotContain("trunk-secret-1");

    JsonNode queue = node.get("/api/v1/queues/support");
    assertThat(queue.path("name").asText()).isEqualTo("Support");
    assertThat(queue.path("priority").asInt()).isEqualTo(10);
    assertThat(queue.path("serviceLevel").path("percent").asInt()).isEqualTo(90);
    assertThat(queue.path("requiredSkills").path("billing").asInt()).isEqualTo(2);
    assertThat(queue.path("businessHours").asText()).isEqualTo("office");
    assertThat(queue.path("regionWideningSeconds").isInt()).isTrue();
    assertThat(queue.path("regionWideningSeconds").asInt()).isZero();
    assertThat(queue.path("recording").asText()).isEqualTo("all");
    assertThat(queue.path("caseOfferOrder").asText()).isEqualTo("due");
    assertThat(node.get("/api/v1/skills/billing").path("name").asText()).isEqualTo("Billing");
    assertThat(queue.path("goals").toString()).isEqualTo("{\"asaSeconds\":30,\"abandonPercent\":5,\"ahtSeconds\":null}");
    assertThat(node.get("/api/v1/teams/tier1").path("description").asText()).isEqualTo("First line");
    assertThat(node.get("/api/v1/teams/tier1").path("goals").toString())
        .isEqualTo("{\"callsPerDay\":60,\"ahtSeconds\":null}");
    assertThat(node.get("/api/v1/business-hours/office").path("weekly")).hasSize(2);
    assertThat(node.get("/api/v1/business-hours/office").path("specialDays").toString())
        .isEqualTo("[{\"date\":\"2026-12-24\",\"open\":\"08:00\",\"close\":\"12:00\"}]");
    assertThat(queue.path("afterHours").asText()).isEqualTo("goodbye");
    assertThat(node.get("/api/v1/phone-numbers/15550100").path("queue").asText()).isEqualTo("support");
    String aliceId = tf.ok("output", "-raw", "alice_id").trim();
    JsonNode alice = node.get("/api/v1/agents/" + aliceId);
    assertThat(alice.path("username").asText()).isEqualTo("alice");
    assertThat(alice.path("skills").path("billing").asInt()).isEqualTo(4);
    assertThat(alice.has("password")).isFalse();
    assertThat(alice.path("emailCapacity").asInt()).isEqualTo(1);
    assertThat(alice.path("emailsDuringCall").isNull()).as("unset: the team's, else the node's").isTrue();
    JsonNode trunk = node.get("/api/v1/trunks/carrier");
    assertThat(trunk.path("transport").asText()).isEqualTo("tcp");
    assertThat(trunk.path("addresses").toString())
        .isEqualTo("[{\"host\":\"sip.carrier.example\",\"port\":5080},{\"host\":\"192.0.2.10\",\"port\":5060}]");
    assertThat(trunk.path("numbers").toString()).isEqualTo("[\"+15550100\"]");
    assertThat(trunk.path("maxConcurrentCalls").asInt()).isEqualTo(20);
    assertThat(trunk.path("digest").toString()).isEqualTo("{\"username\":\"acme\",\"realm\":\"sip.carrier.example\"}");
    assertThat(trunk.toString()).doesNotContain("trunk-secret-1");
    JsonNode webhook = node.get("/api/v1/webhooks/crm");
    assertThat(webhook.path("url").asText()).isEqualTo("https://crm.example/hooks/switchboard");
    assertThat(webhook.path("events").toString()).isEqualTo("[\"call.ended\",\"interaction.completed\",\"wrapup.done\"]");
    assertThat(webhook.path("enabled").asBoolean()).isTrue();
    assertThat(webhook.toString()).doesNotContain("whsec_");
    assertThat(out).doesNotContain(WEBHOOK_SECRET);
  }

  @Test
  @Order(2)
  void secondPlanIsEmpty() throws Exception {
    tf.assertNoChanges();
  }

  @Test
  @Order(3)
  void changedAttributeUpdatesInPlace() throws Exception {
    long before = node.get("/api/v1/queues/support").path("version").asLong();
    tf.writeConfig(config(55, ""));
    String out = tf.ok("apply", "-auto-approve");
    assertThat(out).contains("switchboard_queue.support will be updated in-place")
        .contains("switchboard_trunk.carrier will be updated in-place")
        .contains("Resources: 0 added, 2 changed, 0 destroyed.");
    assertThat(node.get("/api/v1/trunks/carrier").path("maxConcurrentCalls").asInt()).isEqualTo(110);
    JsonNode queue = node.get("/api/v1/queues/support");
    assertThat(queue.path("priority").asInt()).isEqualTo(55);
    assertThat(queue.path("version").asLong()).isGreaterThan(before);
  }

  @Test
  @Order(4)
  void goalsChangeInPlaceAndReadBackWithoutDrift() throws Exception {
    tf.writeConfig(config(55, "", "goals = { asa_seconds = 20, aht_seconds = 300 }",
        "goals = { calls_per_day = 80, aht_seconds = 240 }\n  chat_capacity = 2\n  chats_during_call = 1"
            + "\n  email_capacity = 4\n  emails_during_call = 0"));
    String out = tf.ok("apply", "-auto-approve");
    assertThat(out).contains("switchboard_queue.support will be updated in-place")
        .contains("switchboard_team.tier1 will be updated in-place").contains("chat_capacity")
        .contains("Resources: 0 added, 2 changed, 0 destroyed.");
    assertThat(node.get("/api/v1/queues/support").path("goals").toString())
        .isEqualTo("{\"asaSeconds\":20,\"abandonPercent\":null,\"ahtSeconds\":300}"); // abandon goal removed
    assertThat(node.get("/api/v1/teams/tier1").path("goals").toString())
        .isEqualTo("{\"callsPerDay\":80,\"ahtSeconds\":240}");
    assertThat(node.get("/api/v1/teams/tier1").path("chatCapacity").asInt()).isEqualTo(2);
    assertThat(node.get("/api/v1/teams/tier1").path("chatsDuringCall").asInt()).isEqualTo(1);
    assertThat(node.get("/api/v1/teams/tier1").path("emailCapacity").asInt()).isEqualTo(4);
    assertThat(node.get("/api/v1/teams/tier1").path("emailsDuringCall").asInt()).isEqualTo(0);
    tf.assertNoChanges();
    assertThat(tf.ok("state", "show", "switchboard_queue.support")).contains("aht_seconds = 300");

    tf.writeConfig(config(55, "", "goals = { asa_seconds = 20, aht_seconds = 300 }", "")); // team goals dropped
    assertThat(tf.ok("apply", "-auto-approve")).contains("Resources: 0 added, 1 changed, 0 destroyed.");
    assertThat(node.get("/api/v1/teams/tier1").path("goals").isNull()).isTrue();
    assertThat(node.get("/api/v1/teams/tier1").path("chatCapacity").isNull()).isTrue();  // unset: the node's
    assertThat(node.get("/api/v1/teams/tier1").path("emailCapacity").isNull()).isTrue();
    tf.assertNoChanges();

    long version = node.get("/api/v1/queues/support").path("version").asLong();
    tf.writeConfig(config(55, "", "goals = { abandon_percent = 101, asa_seconds = 0 }", ""));
    Terraform.Result plan = tf.run("plan");
    assertThat(plan.exitCode()).isEqualTo(1);
    assertThat(plan.output()).contains("Error: Invalid value for goals.abandon_percent")
        .contains("goals.abandon_percent must be between 0 and 100, got 101")
        .contains("goals.asa_seconds must be between 1 and 3600, got 0");
    assertThat(node.get("/api/v1/queues/support").path("version").asLong()).isEqualTo(version);

    tf.writeConfig(config(55, "")); // back to the goals the later steps expect
    assertThat(tf.ok("apply", "-auto-approve")).contains("Resources: 0 added, 2 changed, 0 destroyed.");
  }

  @Test
  @Order(5)
  void changeMadeThroughTheApiShowsInTheNextPlan() throws Exception {
    JsonNode queue = node.get("/api/v1/queues/support");
    ((com.fasterxml.jackson.databind.node.ObjectNode) queue).put("name", "Renamed by hand");
    ((com.fasterxml.jackson.databind.node.ObjectNode) queue).remove("version");
    assertThat(node.api("PUT", "/api/v1/queues/support", queue.toString()).status()).isEqualTo(200);
    assertThat(node.api("DELETE", "/api/v1/phone-numbers/15550100", null).status()).isBetween(200, 204);

    Terraform.Result plan = tf.run("plan", "-detailed-exitcode");
    assertThat(plan.exitCode()).as(plan.output()).isEqualTo(2);
    assertThat(plan.output())
        .contains("~ name ", "\"Renamed by hand\" -> \"Support\"")
        .contains("switchboard_phone_number.main will be created")
        .contains("Plan: 1 to add, 1 to change, 0 to destroy.");
    tf.ok("apply", "-auto-approve");
    assertThat(node.get("/api/v1/queues/support").path("name").asText()).isEqualTo("Support");
  }

  @Test
  @Order(6)
  void importBringsAnExistingObjectUnderManagement() throws Exception {
    assertThat(node.api("POST", "/api/v1/skills", "{\"id\":\"spanish\",\"name\":\"Spanish\"}").status())
        .isEqualTo(201);
    tf.writeConfig(config(55, """
        resource "switchboard_skill" "spanish" {
          id   = "spanish"
          name = "Spanish"
        }
        """));
    String out = tf.ok("import", "switchboard_skill.spanish", "spanish");
    assertThat(out).contains("Import successful!");
    tf.assertNoChanges();
    assertThat(tf.ok("state", "show", "switchboard_skill.spanish")).contains("name    = \"Spanish\"");
  }

  @Test
  @Order(7)
  void importBringsAnExistingTrunkUnderManagement() throws Exception {
    assertThat(node.api("PUT", "/api/v1/trunks/backup", "{\"name\":\"Backup\",\"addresses\":[{\"host\":\"::1\"}],"
        + "\"allowedSources\":[\"::1/128\"],\"enabled\":false}").status()).isEqualTo(201);
    tf.writeConfig(config(55, SPANISH + BACKUP));
    assertThat(tf.ok("import", "switchboard_trunk.backup", "backup")).contains("Import successful!");
    tf.assertNoChanges();
    assertThat(tf.ok("state", "show", "switchboard_trunk.backup")).contains("max_concurrent_calls = 100");
  }

  static final String SPANISH = """
      resource "switchboard_skill" "spanish" {
        id   = "spanish"
        name = "Spanish"
      }
      """;

  static final String BACKUP = """
      resource "switchboard_trunk" "backup" {
        id              = "backup"
        name            = "Backup"
        addresses       = [{ host = "::1" }]
        allowed_sources = ["::1/128"]
        enabled         = false
      }
      """;

  @Test
  @Order(8)
  void badValueFailsAtPlanNamingTheAttribute() throws Exception {
    long version = node.get("/api/v1/queues/support").path("version").asLong();
    tf.writeConfig(config(101, SPANISH + BACKUP.replace("\"::1/128\"", "\"::1/129\"")));
    Terraform.Result plan = tf.run("plan");
    assertThat(plan.exitCode()).isEqualTo(1);
    assertThat(plan.output()).contains("Error: Invalid value for priority")
        .contains("priority must be between 0 and 100, got 101")
        .containsPattern("on main.tf line \\d+, in resource \"switchboard_queue\" \"support\"")
        .contains("priority       = 101")
        .contains("Error: Invalid value for allowed_sources")
        .contains("prefix must be from 0 to 128");
    assertThat(node.get("/api/v1/queues/support").path("version").asLong()).isEqualTo(version);
  }

  @Test
  @Order(9)
  void apiErrorAtApplyNamesTheAttribute() throws Exception {
    tf.writeConfig(config(55, """
        resource "switchboard_queue" "orphan" {
          id              = "orphan"
          name            = "Orphan"
          required_skills = { "no-such-skill" = 3 }
        }
        """ + SPANISH + BACKUP));
    Terraform.Result apply = tf.run("apply", "-auto-approve");
    assertThat(apply.exitCode()).as(apply.output()).isEqualTo(1);
    assertThat(apply.output()).contains("Error: Invalid value for required_skills[\"no-such-skill\"]")
        .contains("with switchboard_queue.orphan");
    assertThat(node.get("/api/v1/queues/orphan")).isNull();
  }

  @Test
  @Order(10)
  void destroyRemovesEverything() throws Exception {
    tf.writeConfig(config(55, SPANISH + BACKUP));
    String aliceId = tf.ok("output", "-raw", "alice_id").trim();
    String out = tf.ok("destroy", "-auto-approve");
    assertThat(out).contains("Destroy complete! Resources: 10 destroyed.");
    for (String path : new String[] {"/api/v1/queues/support", "/api/v1/skills/billing", "/api/v1/skills/spanish",
        "/api/v1/teams/tier1", "/api/v1/business-hours/office", "/api/v1/phone-numbers/15550100",
        "/api/v1/trunks/carrier", "/api/v1/trunks/backup", "/api/v1/webhooks/crm",
        "/api/v1/agents/" + aliceId}) {
      assertThat(node.get(path)).as(path).isNull();
    }
  }

  /** The admin guide's complete example applies as written, plans clean afterwards, and destroys. */
  @Test
  @Order(11)
  void contactCenterExampleApplies() throws Exception {
    Terraform example = new Terraform(work.resolve("example"), node.endpoint(), node.serviceToken());
    example.writeConfig(java.nio.file.Files.readString(Path.of("../examples/contact-center/main.tf")));
    example.ok("init");
    String[] vars = {"-var", "agent_password=example-password-1", "-var", "trunk_password=carrier-pass-1"};
    String out = example.ok(with(new String[] {"apply", "-auto-approve"}, vars));
    assertThat(out).contains("Apply complete! Resources: 19 added");
    assertThat(node.get("/api/v1/away-reasons/coaching").path("label").asText()).isEqualTo("Coaching");
    assertThat(node.get("/api/v1/queues/billing").path("overflowQueue").asText()).isEqualTo("technical");
    assertThat(node.get("/api/v1/queues/billing").path("goals").toString())
        .isEqualTo("{\"asaSeconds\":30,\"abandonPercent\":5,\"ahtSeconds\":420}");
    assertThat(node.get("/api/v1/teams/tier1").path("goals").path("callsPerDay").asInt()).isEqualTo(60);
    assertThat(node.get("/api/v1/phone-numbers/15550101").path("queue").asText()).isEqualTo("spanish");
    JsonNode trunk = node.get("/api/v1/trunks/carrier");
    assertThat(trunk.path("numbers").toString()).isEqualTo("[\"+15550100\",\"+15550101\"]");
    assertThat(trunk.path("digest").path("username").asText()).isEqualTo("acme-contact-center");
    assertThat(trunk.toString()).doesNotContain("carrier-pass-1");
    Terraform.Result plan = example.run(with(new String[] {"plan", "-detailed-exitcode"}, vars));
    assertThat(plan.exitCode()).as(plan.output()).isZero();
    example.ok(with(new String[] {"destroy", "-auto-approve"}, vars));
    assertThat(node.get("/api/v1/trunks/carrier")).isNull();
    assertThat(node.get("/api/v1/queues/billing")).isNull();
  }

  private static String[] with(String[] command, String[] vars) {
    String[] all = java.util.Arrays.copyOf(command, command.length + vars.length);
    System.arraycopy(vars, 0, all, command.length, vars.length);
    return all;
  }
}
