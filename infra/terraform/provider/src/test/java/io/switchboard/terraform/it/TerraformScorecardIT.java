package io.switchboard.terraform.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * {@code switchboard_scorecard} with the real terraform CLI against a live node: a scorecard of two sections applies;
 * a second plan is empty; section weights that do not sum to 100 fail at apply with the server's error naming the
 * field, nothing changed; destroy removes it. Steps run in order and share the node and the working directory.
 */
class TerraformScorecardIT extends NodeUnderTerraform {
  TerraformScorecardIT() {
    super("scorecard");
  }

  /** The configuration; {@code resolutionWeight} the second section's weight. */
  private static String config(int resolutionWeight) {
    return Terraform.PROVIDER + """
        resource "switchboard_scorecard" "std" {
          id   = "standard"
          name = "Standard call review"
          sections = [
            { title = "Greeting", weight = 30, questions = [
                { id = "greet", text = "Greeted the caller?", type = "yes-no", weight = 1 },
            ] },
            { title = "Resolution", weight = %d, questions = [
                { id = "fixed", text = "How well was it fixed?", type = "scale", scale_max = 5, weight = 3 },
                { id = "compliance", text = "Verified identity?", type = "yes-no", weight = 1, critical = true,
                  allow_na = true },
            ] },
          ]
        }
        """.formatted(resolutionWeight);
  }

  @Test
  @Order(1)
  void applyCreatesTheScorecard() throws Exception {
    tf.writeConfig(config(70));
    tf.ok("init");
    String out = tf.ok("apply", "-auto-approve");
    assertThat(out).contains("Apply complete! Resources: 1 added, 0 changed, 0 destroyed.");
    JsonNode card = node.get("/api/v1/scorecards/standard");
    assertThat(card.path("sections")).hasSize(2);
    JsonNode greet = card.path("sections").get(0).path("questions").get(0);
    assertThat(greet.path("critical").asBoolean()).as("the server's default").isFalse();
    JsonNode compliance = card.path("sections").get(1).path("questions").get(1);
    assertThat(compliance.path("critical").asBoolean()).isTrue();
    assertThat(compliance.path("allowNa").asBoolean()).isTrue();
    assertThat(card.path("sections").get(1).path("questions").get(0).path("scaleMax").asInt()).isEqualTo(5);
  }

  @Test
  @Order(2)
  void secondPlanIsEmpty() throws Exception {
    tf.assertNoChanges();
  }

  @Test
  @Order(3)
  void weightsNotSummingTo100FailAtApplyNamingTheField() throws Exception {
    tf.writeConfig(config(60));
    Terraform.Result apply = tf.run("apply", "-auto-approve");
    assertThat(apply.exitCode()).isNotZero();
    assertThat(apply.output().replaceAll("\\s+", " ")).contains("sections").contains("must sum to 100, not 90");
    assertThat(node.get("/api/v1/scorecards/standard").path("sections").get(1).path("weight").asInt())
        .as("nothing half-changed").isEqualTo(70);
  }

  @Test
  @Order(4)
  void destroyRemovesIt() throws Exception {
    tf.writeConfig(config(70));
    String out = tf.ok("destroy", "-auto-approve");
    assertThat(out).contains("Destroy complete! Resources: 1 destroyed.");
    assertThat(node.get("/api/v1/scorecards/standard")).isNull();
  }
}
