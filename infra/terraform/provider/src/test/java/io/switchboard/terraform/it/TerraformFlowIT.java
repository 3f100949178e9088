package io.switchboard.terraform.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * {@code switchboard_flow} with the real terraform CLI against a live node: a flow with a webhook, a menu, a language
 * node, a transfer to a number and two queues, run by a phone number, applies; a second plan is empty; a flow whose menu points at a node that does
 * not exist fails at apply with the server's error naming the node; a number with both a queue and a flow fails at
 * plan; destroy removes everything. Steps run in order and share the node and the working directory.
 */
class TerraformFlowIT extends NodeUnderTerraform {
  TerraformFlowIT() {
    super("flow");
  }

  /** The configuration; {@code spanishTarget} is where the menu's key 2 goes, {@code numberExtra} more attributes. */
  private static String config(String spanishTarget, String numberExtra) {
    return Terraform.PROVIDER + """
        resource "switchboard_queue" "sales" {
          id   = "sales"
          name = "Sales"
        }

        resource "switchboard_queue" "ventas" {
          id       = "ventas"
          name     = "Ventas"
          language = "es"
        }

        resource "switchboard_flow" "main" {
          id    = "main-line"
          name  = "Main line"
          start = "lookup"
          nodes = [
            { id = "menu", type = "menu", prompt = "welcome",
              options = { "1" = "sales", "2" = "%s", "3" = "xfer" }, retries = 1, fallback = "sales" },
            { id = "spanish", type = "language", language = "es", next = "vip" },
            { id = "vip", type = "set", priority = 40, next = "ventas" },
            { id = "sales", type = "queue", queue = switchboard_queue.sales.id },
            { id = "ventas", type = "queue", queue = switchboard_queue.ventas.id },
            { id = "lookup", type = "webhook", url = "https://crm.example.com/ivr",
              branches = { vip = "ventas", other = "menu" }, fallback = "menu" },
            { id = "xfer", type = "transfer", number = "+14155550142", timeout_seconds = 20, failed = "sales" },
          ]
        }

        resource "switchboard_phone_number" "main" {
          number = "+15550123"
          flow   = switchboard_flow.main.id
          %s
        }
        """.formatted(spanishTarget, numberExtra);
  }

  @Test
  @Order(1)
  void applyCreatesTheFlowAndTheNumberThatRunsIt() throws Exception {
    tf.writeConfig(config("spanish", ""));
    tf.ok("init");
    String out = tf.ok("apply", "-auto-approve");
    assertThat(out).contains("Apply complete! Resources: 4 added, 0 changed, 0 destroyed.");
    JsonNode flow = node.get("/api/v1/flows/main-line");
    assertThat(flow.path("start").asText()).isEqualTo("lookup");
    assertThat(flow.path("nodes")).hasSize(7);
    JsonNode lookup = flow.path("nodes").get(5);
    assertThat(lookup.path("branches").toString()).isEqualTo("{\"other\":\"menu\",\"vip\":\"ventas\"}");
    assertThat(lookup.path("timeoutMs").asInt()).as("the server's default").isEqualTo(3000);
    JsonNode menu = flow.path("nodes").get(0);
    assertThat(menu.path("options").toString())
        .isEqualTo("{\"1\":\"sales\",\"2\":\"spanish\",\"3\":\"xfer\"}");
    assertThat(menu.path("timeoutSeconds").asInt()).as("the server's default").isEqualTo(5);
    assertThat(menu.path("retries").asInt()).isEqualTo(1);
    assertThat(flow.path("nodes").get(2).path("priority").asInt()).isEqualTo(40);
    JsonNode xfer = flow.path("nodes").get(6);
    assertThat(xfer.path("type").asText()).isEqualTo("transfer");
    assertThat(xfer.path("number").asText()).isEqualTo("+14155550142");
    assertThat(xfer.path("timeoutSeconds").asInt()).isEqualTo(20);
    assertThat(xfer.path("failed").asText()).isEqualTo("sales");
    assertThat(xfer.has("trunk")).as("the dial policy's trunk").isFalse();
    JsonNode number = node.get("/api/v1/phone-numbers/15550123");
    assertThat(number.path("flow").asText()).isEqualTo("main-line");
    assertThat(number.path("queue").isNull()).isTrue();
  }

  @Test
  @Order(2)
  void secondPlanIsEmpty() throws Exception {
    tf.assertNoChanges();
  }

  @Test
  @Order(3)
  void aMenuPointingNowhereFailsAtApplyNamingTheNode() throws Exception {
    tf.writeConfig(config("spanihs", ""));
    Terraform.Result apply = tf.run("apply", "-auto-approve");
    assertThat(apply.exitCode()).isNotZero();
    assertThat(apply.output().replaceAll("\\s+", " ")).contains("node 'menu' goes to 'spanihs'")
        .contains("which is not a node of this flow");
    assertThat(node.get("/api/v1/flows/main-line").path("nodes").get(0).path("options").path("2").asText())
        .as("nothing half-changed").isEqualTo("spanish");
  }

  @Test
  @Order(4)
  void aNumberWithAQueueAndAFlowFailsAtPlan() throws Exception {
    tf.writeConfig(config("spanish", "queue = switchboard_queue.sales.id"));
    Terraform.Result plan = tf.run("plan");
    assertThat(plan.exitCode()).isNotZero();
    assertThat(plan.output().replaceAll("\\s+", " "))
        .contains("set exactly one of queue and flow");
  }

  @Test
  @Order(5)
  void destroyRemovesEverything() throws Exception {
    tf.writeConfig(config("spanish", ""));
    String out = tf.ok("destroy", "-auto-approve");
    assertThat(out).contains("Destroy complete! Resources: 4 destroyed.");
    assertThat(node.get("/api/v1/flows/main-line")).isNull();
    assertThat(node.get("/api/v1/phone-numbers/15550123")).isNull();
  }
}
