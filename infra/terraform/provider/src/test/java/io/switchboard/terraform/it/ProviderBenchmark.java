package io.switchboard.terraform.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Plan and apply time for 100 resources with the real terraform CLI against a live node (docs/benchmarks.md,
 * "Terraform provider"). Run: {@code mvn -B -pl infra/terraform/provider -am package -DskipTests -Pbenchmark}.
 * Wall-clock times include every provider launch (Terraform starts it 3 times per plan, 4 per apply) and the
 * AppCDS archive is recorded by the warm-up plan, as it would be on an admin's first run.
 */
public final class ProviderBenchmark {
  private ProviderBenchmark() {}

  /** 50 skills and 50 queues, each queue requiring one skill. */
  static String config(int priority) {
    return Terraform.PROVIDER + """
        resource "switchboard_skill" "s" {
          count = 50
          id    = "skill-${count.index}"
          name  = "Skill ${count.index}"
        }

        resource "switchboard_queue" "q" {
          count           = 50
          id              = "queue-${count.index}"
          name            = "Queue ${count.index}"
          priority        = %d
          service_level   = { percent = 80, seconds = 20 }
          required_skills = { (switchboard_skill.s[count.index].id) = 2 }
        }
        """.formatted(priority);
  }

  public static void main(String[] args) throws Exception {
    Path work = Files.createTempDirectory("tf-bench");
    try (LiveNode node = LiveNode.start()) {
      Terraform tf = new Terraform(work, node.endpoint(), node.serviceToken());
      tf.writeConfig(config(10));
      tf.ok("init");
      tf.ok("validate"); // warm-up: records the AppCDS archive on the first launch of this copy
      double apply = time(tf, "apply", "-auto-approve");
      double plan = time(tf, "plan", "-detailed-exitcode");
      double plan2 = time(tf, "plan", "-detailed-exitcode");
      tf.writeConfig(config(20));
      double update = time(tf, "apply", "-auto-approve");
      double destroy = time(tf, "destroy", "-auto-approve");
      System.out.println();
      System.out.println("| Step (100 resources: 50 skills, 50 queues) | Wall time |");
      System.out.println("|---|---|");
      row("apply, create all", apply);
      row("plan, nothing changed (1st)", plan);
      row("plan, nothing changed (2nd)", plan2);
      row("apply, update all 50 queues", update);
      row("destroy all", destroy);
      System.out.printf(Locale.ROOT, "%nTarget: plan of 100 unchanged resources < 10 s: %s%n",
          Math.max(plan, plan2) < 10 ? "met" : "NOT met");
    } finally {
      try (var files = Files.walk(work)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static double time(Terraform tf, String... args) throws Exception {
    long t0 = System.nanoTime();
    Terraform.Result r = tf.run(args);
    double s = (System.nanoTime() - t0) / 1e9;
    if (r.exitCode() != 0) { // also for plan -detailed-exitcode: 2 would mean the provider saw changes
      throw new AssertionError("terraform " + String.join(" ", args) + " exited " + r.exitCode() + "\n" + r.output());
    }
    System.out.printf(Locale.ROOT, "terraform %s: %.1f s%n", String.join(" ", args), s);
    return s;
  }

  private static void row(String step, double seconds) {
    System.out.printf(Locale.ROOT, "| %s | %.1f s |%n", step, seconds);
  }
}
