package io.switchboard.terraform.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * What outbound calling is provisioned with, through the real terraform CLI against a live node: the dial policy,
 * a queue's outbound caller ID, {@code switchboard_contact_list}, {@code switchboard_do_not_call} and
 * {@code switchboard_campaign}: a list imported from a CSV with one bad row (a warning naming the line, the rest
 * imported), a do-not-call number and a campaign with disposition rules apply; a second plan is empty; a changed CSV
 * and calling hours update in place; a bad number, a disposition code ruled twice and a bad abandon prompt name fail
 * at plan; destroy removes everything. The campaign's abandon prompt is one the tenant uploaded (the shipped goodbye,
 * read back as a WAV and uploaded as its own) before the apply. Steps run in order and share the node.
 */
class TerraformOutboundIT extends NodeUnderTerraform {
  TerraformOutboundIT() {
    super("campaign");
  }

  private static String config(String csv, String callingTo) {
    return Terraform.PROVIDER + """
        resource "switchboard_queue" "outbound" {
          id                 = "outbound"
          name               = "Outbound"
          outbound_caller_id = switchboard_phone_number.sales.number
        }

        resource "switchboard_queue" "inbound" {
          id   = "inbound"
          name = "Inbound"
        }

        resource "switchboard_dial_policy" "policy" {
          default_country   = "US"
          allowed_prefixes  = ["+1"]
          default_caller_id = switchboard_phone_number.sales.number
        }

        resource "switchboard_contact_list" "leads" {
          name = "Leads"
          csv  = "%s"
        }

        resource "switchboard_do_not_call" "own_line" {
          phone  = "+14155550199"
          reason = "our own line"
        }

        resource "switchboard_campaign" "renewals" {
          name          = "Renewals"
          queue         = switchboard_queue.outbound.id
          list_ids      = [switchboard_contact_list.leads.id]
          time_zone     = "America/New_York"
          calling_hours = { from = "09:00", to = "%s" }
          retry = {
            busy         = { delay_seconds = 120, max_attempts = 4 }
            dispositions = [
              { code = "call-back", delay_seconds = 86400, max_attempts = 3 },
              { code = "busy-later", delay_seconds = 3600, max_attempts = 2 },
            ]
          }
          do_not_call = ["+14155550177"]
          caller_id   = switchboard_phone_number.sales.number
          mode                = "preview"
          preview             = { timeout_seconds = 45, on_timeout = "call" }
          abandon_cap_percent = 2.5
          abandon_prompt      = "sorry"
          schedule    = { days = ["mon", "tue", "wed", "thu", "fri"], from = "09:00", to = "17:30" }
        }

        resource "switchboard_phone_number" "sales" {
          number = "+15550101"
          queue  = switchboard_queue.inbound.id
        }
        """.formatted(csv, callingTo);
  }

  private static final String CSV = "name,phone\\nAnn,+14155550101\\nBob,+14155550102\\nNobody,12\\n";

  private String campaignPath() throws Exception {
    JsonNode items = node.get("/api/v1/campaigns").path("items");
    assertThat(items).hasSize(1);
    return "/api/v1/campaigns/" + items.get(0).path("id").asText();
  }

  @Test
  @Order(1)
  void applyImportsTheListWarnsOfTheBadRowAndCreatesTheCampaign() throws Exception {
    node.bytes("PUT", "/api/v1/prompts/en/sorry", "audio/wav",
        node.bytes("GET", "/api/v1/prompts/en/goodbye/audio", null, null));
    tf.writeConfig(config(CSV, "20:00"));
    tf.ok("init");
    String out = tf.ok("apply", "-auto-approve");
    assertThat(out).contains("Apply complete! Resources: 7 added, 0 changed, 0 destroyed.");
    assertThat(out.replaceAll("\\s+", " ")).contains("CSV row not imported").contains("line 4");
    JsonNode campaign = node.get(campaignPath());
    JsonNode lists = node.get("/api/v1/contact-lists").path("items");
    assertThat(lists).hasSize(1);
    assertThat(lists.get(0).path("contacts").asInt()).as("the two good rows").isEqualTo(2);
    assertThat(campaign.path("listIds").get(0).asText()).isEqualTo(lists.get(0).path("id").asText());
    assertThat(campaign.path("status").asText()).isEqualTo("ready");
    assertThat(campaign.path("callingHours").toString()).isEqualTo("{\"from\":\"09:00\",\"to\":\"20:00\"}");
    JsonNode retry = campaign.path("retry");
    assertThat(retry.path("busy").toString()).isEqualTo("{\"delaySeconds\":120,\"maxAttempts\":4}");
    assertThat(retry.path("noAnswer").path("delaySeconds").asInt()).as("the server's default").isEqualTo(3600);
    assertThat(retry.path("dispositions").path("call-back").toString())
        .isEqualTo("{\"delaySeconds\":86400,\"maxAttempts\":3}");
    assertThat(retry.path("dispositions").path("busy-later").path("maxAttempts").asInt()).isEqualTo(2);
    assertThat(campaign.path("doNotCall").toString()).isEqualTo("[\"+14155550177\"]");
    assertThat(campaign.path("callerId").asText()).isEqualTo("+15550101");
    assertThat(campaign.path("mode").asText()).isEqualTo("preview");
    assertThat(campaign.path("preview").toString()).as("skip delay: the server's default")
        .isEqualTo("{\"timeoutSeconds\":45,\"onTimeout\":\"call\",\"skipDelaySeconds\":3600}");
    assertThat(campaign.path("abandonCapPercent").asDouble()).isEqualTo(2.5);
    assertThat(campaign.path("abandonPrompt").asText()).isEqualTo("sorry");
    assertThat(campaign.path("schedule").toString()).isEqualTo("{\"days\":[\"mon\",\"tue\",\"wed\",\"thu\","
        + "\"fri\"],\"from\":\"09:00\",\"to\":\"17:30\",\"startAt\":null,\"endAt\":null}");
    assertThat(node.get("/api/v1/queues/outbound").path("outboundCallerId").asText()).isEqualTo("+15550101");
    JsonNode policy = node.get("/api/v1/dial-policies/default");
    assertThat(policy.path("defaultCountry").asText()).isEqualTo("US");
    assertThat(policy.path("allowedPrefixes").toString()).isEqualTo("[\"+1\"]");
    assertThat(policy.path("defaultCallerId").asText()).isEqualTo("+15550101");
    assertThat(node.get("/api/v1/do-not-call/%2B14155550199").path("reason").asText()).isEqualTo("our own line");
  }

  @Test
  @Order(2)
  void secondPlanIsEmpty() throws Exception {
    tf.assertNoChanges();
  }

  @Test
  @Order(3)
  void aChangedCsvAndCallingHoursUpdateInPlace() throws Exception {
    long version = node.get(campaignPath()).path("version").asLong();
    tf.writeConfig(config(CSV + "Cy,+14155550103\\n", "18:30"));
    String out = tf.ok("apply", "-auto-approve");
    assertThat(out).contains("Apply complete! Resources: 0 added, 2 changed, 0 destroyed.");
    JsonNode campaign = node.get(campaignPath());
    assertThat(campaign.path("callingHours").path("to").asText()).isEqualTo("18:30");
    assertThat(campaign.path("version").asLong()).isGreaterThan(version);
    assertThat(node.get("/api/v1/contact-lists").path("items").get(0).path("contacts").asInt())
        .as("Cy added, Ann and Bob kept").isEqualTo(3);
    tf.assertNoChanges();
  }

  @Test
  @Order(4)
  void aBadDoNotCallNumberAndTwoRulesForOneCodeFailAtPlan() throws Exception {
    tf.writeConfig(config(CSV, "18:30").replace("+14155550199", "4155550199").replace("busy-later", "call-back")
        .replace("mode                = \"preview\"", "mode                = \"previewing\"")
        .replace("abandon_prompt      = \"sorry\"", "abandon_prompt      = \"Sorry!\""));
    Terraform.Result plan = tf.run("plan");
    assertThat(plan.exitCode()).isNotZero();
    assertThat(plan.output().replaceAll("\\s+", " ")).contains("must be an E.164 number")
        .contains("each disposition code may have one rule only")
        .contains("Invalid value for mode").contains("must be one of progressive, predictive, preview")
        .contains("Invalid value for abandon_prompt").contains("must name a prompt of the tenant's own");
  }

  @Test
  @Order(5)
  void destroyRemovesEverything() throws Exception {
    tf.writeConfig(config(CSV + "Cy,+14155550103\\n", "18:30"));
    String out = tf.ok("destroy", "-auto-approve");
    assertThat(out).contains("Destroy complete! Resources: 7 destroyed.");
    assertThat(node.get("/api/v1/campaigns").path("items")).isEmpty();
    assertThat(node.get("/api/v1/contact-lists").path("items")).isEmpty();
    assertThat(node.get("/api/v1/do-not-call/%2B14155550199")).isNull();
    assertThat(node.get("/api/v1/dial-policies/default")).isNull();
  }
}
