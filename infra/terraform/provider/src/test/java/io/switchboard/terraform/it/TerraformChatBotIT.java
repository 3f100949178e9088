package io.switchboard.terraform.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * {@code switchboard_chat_bot} with the real terraform CLI against a live node: a bot fronting a queue, with an answer
 * intent and a webhook intent, applies; a second plan is empty; an intent with both an answer and a webhook fails at
 * apply with the server's error naming it, nothing changed; destroy removes the bot and then its queue. Steps run in
 * order and share the node and the working directory.
 */
class TerraformChatBotIT extends NodeUnderTerraform {
  TerraformChatBotIT() {
    super("chat-bot");
  }

  /** The configuration; {@code extra} more attributes of the hours intent. */
  private static String config(String extra) {
    return Terraform.PROVIDER + """
        resource "switchboard_queue" "web" {
          id   = "web-chat"
          name = "Web chat"
        }

        resource "switchboard_chat_bot" "helper" {
          id        = "helper"
          name      = "Helper"
          queues    = [switchboard_queue.web.id]
          greeting  = "Hi, I am the Acme bot."
          threshold = 60
          handover_phrases = ["escalate please"]
          secret    = "whsec_MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="
          intents = [
            { name = "hours", phrases = ["what are your opening hours", "when do you open"],
              answer = "We are open 9 to 5." %s },
            { name = "order", phrases = ["where is my order"],
              webhook = { url = "https://crm.example.com/bot" } },
          ]
        }
        """.formatted(extra);
  }

  @Test
  @Order(1)
  void applyCreatesTheBotFrontingTheQueue() throws Exception {
    tf.writeConfig(config(""));
    tf.ok("init");
    String out = tf.ok("apply", "-auto-approve");
    assertThat(out).contains("Apply complete! Resources: 2 added, 0 changed, 0 destroyed.");
    JsonNode bot = node.get("/api/v1/chat-bots/helper");
    assertThat(bot.path("queues").toString()).isEqualTo("[\"web-chat\"]");
    assertThat(bot.path("language").asText()).as("the server's default").isEqualTo("en");
    assertThat(bot.path("threshold").asInt()).isEqualTo(60);
    assertThat(bot.path("handoverPhrases").toString()).isEqualTo("[\"escalate please\"]");
    assertThat(bot.path("intents")).hasSize(2);
    assertThat(bot.path("intents").get(0).path("phrases")).hasSize(2);
    assertThat(bot.path("intents").get(1).path("webhook").path("timeoutMs").asInt()).as("the server's default")
        .isEqualTo(3000);
    assertThat(bot.has("secret")).isFalse();
  }

  @Test
  @Order(2)
  void secondPlanIsEmpty() throws Exception {
    tf.assertNoChanges();
  }

  @Test
  @Order(3)
  void anIntentWithAnAnswerAndAWebhookFailsAtApplyNamingIt() throws Exception {
    tf.writeConfig(config(", webhook = { url = \"https://crm.example.com/hours\" }"));
    Terraform.Result apply = tf.run("apply", "-auto-approve");
    assertThat(apply.exitCode()).isNotZero();
    assertThat(apply.output().replaceAll("\\s+", " ")).contains("Invalid value for intents[0].answer")
        .contains("give exactly one of answer");
    assertThat(node.get("/api/v1/chat-bots/helper").path("intents").get(0).path("webhook").isNull())
        .as("nothing half-changed").isTrue();
  }

  @Test
  @Order(4)
  void destroyRemovesEverything() throws Exception {
    tf.writeConfig(config(""));
    String out = tf.ok("destroy", "-auto-approve");
    assertThat(out).contains("Destroy complete! Resources: 2 destroyed.");
    assertThat(node.get("/api/v1/chat-bots/helper")).isNull();
    assertThat(node.get("/api/v1/queues/web-chat")).isNull();
  }
}
