package io.switchboard.terraform.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Outside programs the integration tests need (terraform). Missing means skipped on a developer's machine, but a
 * failure when SWITCHBOARD_REQUIRE_TOOLS=1 (CI), so a test never passes by silently not running. Same contract
 * as the server's support/Tools.
 */
public final class Tools {
  private Tools() {}

  public static Path require(String program) {
    Path found = find(program);
    if (found == null) {
      String msg = program + " is not installed (see .ci/run)";
      if ("1".equals(System.getenv("SWITCHBOARD_REQUIRE_TOOLS"))) {
        fail(msg + " and SWITCHBOARD_REQUIRE_TOOLS=1");
      }
      Assumptions.abort(msg + "; skipping");
    }
    return found;
  }

  static Path find(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path p = Path.of(dir, program);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }
}
