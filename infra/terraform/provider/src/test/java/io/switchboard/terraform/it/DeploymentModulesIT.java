package io.switchboard.terraform.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AWS deployment modules, through the two-region example that calls all of them: `terraform validate` (needs
 * the hashicorp/aws provider from a local plugin directory — nothing is downloaded — so the test is skipped where
 * there is none), and variable validation rejecting bad values with the variable's message.
 */
class DeploymentModulesIT {
  /** Where a hashicorp/aws provider package is (filesystem mirror layout); SWITCHBOARD_TF_PLUGIN_DIR overrides. */
  static final Path PLUGIN_DIR = Path.of(System.getenv().getOrDefault("SWITCHBOARD_TF_PLUGIN_DIR", "/opt/tf-plugins"));

  @Test
  void twoRegionExampleAndEveryModuleValidate(@TempDir Path tmp) throws Exception {
    Path terraform = Tools.require("terraform");
    Assumptions.assumeTrue(Files.isDirectory(PLUGIN_DIR.resolve("registry.terraform.io/hashicorp/aws")),
        "no hashicorp/aws provider in " + PLUGIN_DIR + " (terraform validate needs it; set SWITCHBOARD_TF_PLUGIN_DIR)");
    Path root = tmp.resolve("terraform");
    copy(Path.of("..").toAbsolutePath().normalize(), root); // infra/terraform, without build output
    Path example = root.resolve("examples/two-region");

    assertThat(run(terraform, example, "init", "-backend=false", "-input=false", "-no-color",
        "-plugin-dir=" + PLUGIN_DIR).exit).isZero();
    Run validate = run(terraform, example, "validate", "-no-color");
    assertThat(validate.exit).as(validate.out).isZero();
    assertThat(validate.out).contains("Success! The configuration is valid.");

    Files.copy(example.resolve("terraform.tfvars.example"), example.resolve("test.tfvars"));
    Run bad = run(terraform, example, "plan", "-input=false", "-no-color", "-refresh=false",
        "-var-file=test.tfvars", "-var", "name=X", "-var", "redis_auth_token=short",
        "-var", "turn_shared_secret=0123456789abcdef0123456789abcdef01");
    assertThat(bad.exit).isNotZero();
    assertThat(bad.out).contains("name must be 2-12 lower-case letters")
        .contains("redis_auth_token must be 16 to 128 characters.");
  }

  private record Run(int exit, String out) {}

  private static Run run(Path terraform, Path dir, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(terraform.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().put("TF_CLI_CONFIG_FILE", "/dev/null");
    pb.environment().put("CHECKPOINT_DISABLE", "1");
    pb.environment().put("AWS_EC2_METADATA_DISABLED", "true");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(3, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("terraform " + String.join(" ", args) + " timed out");
    }
    return new Run(p.exitValue(), out);
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path rel = from.relativize(f);
        if (rel.startsWith("provider") || rel.toString().contains(".terraform")) {
          continue;
        }
        Path target = to.resolve(rel.toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }
}
