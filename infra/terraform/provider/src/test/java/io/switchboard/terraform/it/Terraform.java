package io.switchboard.terraform.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real terraform CLI in a working directory, with the provider installed from this module's
 * filesystem mirror (target/mirror, built by `package`) through a CLI configuration file: no network.
 */
public final class Terraform {
  /** Where `mvn package` puts the filesystem mirror (system property provider.mirror when run from elsewhere). */
  public static final Path MIRROR = Path.of(System.getProperty("provider.mirror", "target/mirror")).toAbsolutePath();

  /** The launcher's AppCDS archives for test runs: under target/, not the user's ~/.cache. */
  public static final Path CDS_CACHE = MIRROR.getParent().resolve("provider-cds");

  public record Result(int exitCode, String output) {}

  /** Asserts that a plan finds nothing to change (exit code 0 of {@code plan -detailed-exitcode}). */
  public void assertNoChanges() throws IOException, InterruptedException {
    Result plan = run("plan", "-detailed-exitcode");
    if (plan.exitCode() != 0) {
      throw new AssertionError("a plan with changes, or failing (exit code " + plan.exitCode() + "):\n" + plan.output());
    }
  }

  /** The head of every configuration under test: this provider, from the mirror, with its default settings. */
  public static final String PROVIDER = """
      terraform {
        required_providers {
          switchboard = { source = "switchboard/switchboard", version = "0.1.0" }
        }
      }

      provider "switchboard" {}

      """;

  private final Path binary;
  private final Path dir;
  private final Map<String, String> env = new HashMap<>();

  public Terraform(Path dir, String endpoint, String token) throws IOException {
    this.binary = Tools.require("terraform");
    if (!Files.isDirectory(MIRROR.resolve("registry.terraform.io/switchboard/switchboard"))) {
      throw new IllegalStateException("no provider mirror at " + MIRROR + ": run mvn package first");
    }
    this.dir = Files.createDirectories(dir);
    Path cliConfig = dir.resolve("terraform.rc");
    Files.writeString(cliConfig, """
        provider_installation {
          filesystem_mirror {
            path    = "%s"
            include = ["registry.terraform.io/switchboard/switchboard"]
          }
          direct {
            exclude = ["registry.terraform.io/switchboard/switchboard"]
          }
        }
        """.formatted(MIRROR));
    env.put("TF_CLI_CONFIG_FILE", cliConfig.toString());
    env.put("TF_IN_AUTOMATION", "1");
    env.put("CHECKPOINT_DISABLE", "1");
    env.put("SWITCHBOARD_ENDPOINT", endpoint);
    env.put("SWITCHBOARD_TOKEN", token);
    env.put("SWITCHBOARD_PROVIDER_CACHE", CDS_CACHE.toString());
  }

  public Path dir() {
    return dir;
  }

  public void writeConfig(String mainTf) throws IOException {
    Files.writeString(dir.resolve("main.tf"), mainTf);
  }

  /** Runs {@code terraform <command> -no-color [-input=false] <rest>}; returns the exit code and combined output. */
  public Result run(String... args) throws IOException, InterruptedException {
    // Options go right after the (sub)command: terraform stops reading flags at the first positional argument.
    List<String> cmd = new ArrayList<>();
    cmd.add(binary.toString());
    int sub = args[0].equals("state") ? 2 : 1;
    cmd.addAll(List.of(args).subList(0, sub));
    if (!args[0].equals("fmt")) {
      cmd.add("-no-color");
    }
    if (List.of("init", "plan", "apply", "destroy", "import").contains(args[0])) {
      cmd.add("-input=false");
    }
    cmd.addAll(List.of(args).subList(sub, args.length));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("terraform " + String.join(" ", args) + " timed out");
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  /** Runs and fails with terraform's output unless it exits 0. */
  public String ok(String... args) throws IOException, InterruptedException {
    Result r = run(args);
    if (r.exitCode() != 0) {
      throw new AssertionError("terraform " + String.join(" ", args) + " exited " + r.exitCode() + ":\n" + r.output());
    }
    return r.output();
  }
}
