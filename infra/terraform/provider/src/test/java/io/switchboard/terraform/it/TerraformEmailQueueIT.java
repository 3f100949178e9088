package io.switchboard.terraform.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * An e-mail queue ({@code switchboard_queue} with {@code channel = "email"} and a {@code mailbox}) with the real
 * terraform CLI against a live node: it applies with the server's defaults filled in, the password reaches the node
 * but is never read back nor printed (sensitive, write-only); a second plan is empty; an unknown channel fails at
 * plan naming the attribute; destroy removes the queue.
 */
class TerraformEmailQueueIT extends NodeUnderTerraform {
  static final String PASSWORD = "tf-Mailbox-Pass-3390";

  TerraformEmailQueueIT() {
    super("email-queue");
  }

  private static String config(String channel) {
    return Terraform.PROVIDER + """
        resource "switchboard_queue" "mail" {
          id      = "mail"
          name    = "Mail"
          channel = "%s"
          mailbox = {
            imap_host    = "imap.example.com"
            user         = "support"
            password     = "%s"
            smtp_host    = "smtp.example.com"
            from_address = "support@example.com"
          }
        }
        """.formatted(channel, PASSWORD);
  }

  @Test
  @Order(1)
  void applyCreatesTheQueueWithItsMailboxAndNeverShowsThePassword() throws Exception {
    tf.writeConfig(config("email"));
    tf.ok("init");
    String out = tf.ok("apply", "-auto-approve");
    assertThat(out).contains("Apply complete! Resources: 1 added, 0 changed, 0 destroyed.").doesNotContain(PASSWORD);
    JsonNode q = node.get("/api/v1/queues/mail");
    assertThat(q.path("channel").asText()).isEqualTo("email");
    assertThat(q.path("mailbox").path("imapPort").asInt()).as("the server's default").isEqualTo(993);
    assertThat(q.path("mailbox").path("smtpSecurity").asText()).isEqualTo("starttls");
    assertThat(q.toString()).doesNotContain(PASSWORD).doesNotContain("password");
  }

  @Test
  @Order(2)
  void secondPlanIsEmpty() throws Exception {
    tf.assertNoChanges();
  }

  @Test
  @Order(3)
  void anUnknownChannelFailsNamingIt() throws Exception {
    tf.writeConfig(config("fax"));
    Terraform.Result plan = tf.run("plan");
    assertThat(plan.exitCode()).isNotZero();
    assertThat(plan.output().replaceAll("\\s+", " ")).contains("channel");
  }

  @Test
  @Order(4)
  void destroyRemovesIt() throws Exception {
    tf.writeConfig(config("email"));
    String out = tf.ok("destroy", "-auto-approve");
    assertThat(out).contains("Destroy complete! Resources: 1 destroyed.");
    assertThat(node.get("/api/v1/queues/mail")).isNull();
  }
}
