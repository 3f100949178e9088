package io.switchboard.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Outside programs a test needs (chromium, sipp, terraform, ...). Missing means skipped on a developer's
 * machine, but a failure when SWITCHBOARD_REQUIRE_TOOLS=1 (set by .ci/run after installing them), so a
 * test can never pass in CI by silently not running.
 */
public final class Tools {
  private Tools() {}

  /** The program's path, found on PATH or as an absolute path. */
  public static Path require(String program) {
    Path found = find(program);
    if (found == null) {
      String msg = program + " is not installed (see .ci/run for the Debian package)";
      if ("1".equals(System.getenv("SWITCHBOARD_REQUIRE_TOOLS"))) {
        fail(msg + " and SWITCHBOARD_REQUIRE_TOOLS=1");
      }
      Assumptions.abort(msg + "; skipping");
    }
    return found;
  }

  static Path find(String program) {
    if (program.startsWith("/")) {
      Path p = Path.of(program);
      return Files.isExecutable(p) ? p : null;
    }
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(":")) {
      Path p = Path.of(dir, program);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }
}
