package io.switchboard.terraform.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * {@code switchboard_canned_response} with the real terraform CLI against a live node: a response for a chat queue,
 * in Spanish, applies; a second plan is empty; an unknown placeholder fails at apply with the server's error naming
 * {@code text}, nothing changed; destroy removes the response and then its queue. Steps run in order and share the
 * node and the working directory.
 */
class TerraformCannedResponseIT extends NodeUnderTerraform {
  TerraformCannedResponseIT() {
    super("canned-response");
  }

  /** The configuration with the response's {@code text}. */
  private static String config(String text) {
    return Terraform.PROVIDER + """
        resource "switchboard_queue" "web" {
          id   = "web-chat"
          name = "Web chat"
        }

        resource "switchboard_canned_response" "greet" {
          id       = "saludo"
          title    = "Saludo"
          text     = "%s"
          language = "es"
          queues   = [switchboard_queue.web.id]
        }

        resource "switchboard_canned_response" "bye" {
          id    = "bye"
          title = "Goodbye"
          text  = "Thanks for chatting, {customer.name}!"
        }
        """.formatted(text);
  }

  static final String TEXT = "Hola {customer.name}, soy {agent.name} de {queue.name}.";

  @Test
  @Order(1)
  void applyCreatesTheResponses() throws Exception {
    tf.writeConfig(config(TEXT));
    tf.ok("init");
    String out = tf.ok("apply", "-auto-approve");
    assertThat(out).contains("Apply complete! Resources: 3 added, 0 changed, 0 destroyed.");
    JsonNode greet = node.get("/api/v1/canned-responses/saludo");
    assertThat(greet.path("text").asText()).isEqualTo(TEXT);
    assertThat(greet.path("language").asText()).isEqualTo("es");
    assertThat(greet.path("queues").toString()).isEqualTo("[\"web-chat\"]");
    JsonNode bye = node.get("/api/v1/canned-responses/bye");
    assertThat(bye.path("queues").toString()).as("every chat queue").isEqualTo("[]");
    assertThat(bye.path("language").isNull()).isTrue();
  }

  @Test
  @Order(2)
  void secondPlanIsEmpty() throws Exception {
    tf.assertNoChanges();
  }

  @Test
  @Order(3)
  void anUnknownPlaceholderFailsAtApplyNamingText() throws Exception {
    tf.writeConfig(config("Su pedido {order.id} sale hoy."));
    Terraform.Result apply = tf.run("apply", "-auto-approve");
    assertThat(apply.exitCode()).isNotZero();
    assertThat(apply.output().replaceAll("\\s+", " ")).contains("Invalid value for text")
        .contains("{order.id}");
    assertThat(node.get("/api/v1/canned-responses/saludo").path("text").asText()).as("nothing changed")
        .isEqualTo(TEXT);
  }

  @Test
  @Order(4)
  void destroyRemovesEverything() throws Exception {
    tf.writeConfig(config(TEXT));
    String out = tf.ok("destroy", "-auto-approve");
    assertThat(out).contains("Destroy complete! Resources: 3 destroyed.");
    assertThat(node.get("/api/v1/canned-responses/saludo")).isNull();
    assertThat(node.get("/api/v1/queues/web-chat")).isNull();
  }
}
