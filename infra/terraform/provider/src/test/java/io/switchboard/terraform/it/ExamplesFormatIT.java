package io.switchboard.terraform.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Every .tf file under infra/terraform (examples, modules) is in canonical `terraform fmt` form and parses. */
class ExamplesFormatIT {
  @Test
  void everyTerraformFileIsFormatted() throws Exception {
    Path terraform = Tools.require("terraform");
    Path root = Path.of("..").toAbsolutePath().normalize(); // infra/terraform
    Process p = new ProcessBuilder(terraform.toString(), "fmt", "-check", "-recursive", "-diff", root.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("terraform fmt -check -recursive %s:%n%s", root, out).isZero();
  }
}
