package io.switchboard.call;

import static io.switchboard.call.RtpProbe.bound;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.support.SippPorts;
import io.switchboard.support.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The sipp processes a test starts as called parties: each has a name, plays a scenario of {@code resources/sipp}
 * on 127.0.0.1 and writes its output to {@code <dir>/<name>.out}, so a failed assertion can show it. {@link #close}
 * kills those still running.
 */
final class SippPeers implements AutoCloseable {
  private final Path dir;
  private final Map<String, Process> byName = new HashMap<>();

  SippPeers(Path dir) {
    this.dir = dir;
  }

  /** Starts sipp on {@code port} (giving up after {@code timeoutSeconds}); returns the port once it listens. */
  int start(String name, int port, String scenario, int timeoutSeconds, String... extra) throws Exception {
    Path file = Path.of(SippPeers.class.getResource("/sipp/" + scenario).toURI());
    List<String> cmd = new ArrayList<>(List.of(Tools.require("sipp").toString(), "-sf", file.toString(),
        "-i", "127.0.0.1", "-p", String.valueOf(port), "-mp", String.valueOf(SippPorts.freeMediaPort()),
        "-timeout", timeoutSeconds + "s", "-timeout_error", "-nostdin"));
    cmd.addAll(List.of(extra));
    byName.put(name, new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve(name + ".out").toFile()).start());
    await().atMost(Duration.ofSeconds(5)).until(() -> bound(port));
    return port;
  }

  /** Waits for sipp {@code name} to end its scenario and asserts it succeeded, showing its output if not. */
  void assertPassed(String name) throws Exception {
    Process p = byName.get(name);
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("sipp " + name + " finished\n" + out(name)).isTrue();
    assertThat(p.exitValue()).as("sipp " + name + " exit code\n" + out(name)).isZero();
  }

  /** What sipp {@code name} printed. */
  String out(String name) {
    try {
      return Files.readString(dir.resolve(name + ".out"));
    } catch (IOException e) {
      return e.toString();
    }
  }

  @Override
  public void close() {
    byName.values().forEach(Process::destroyForcibly);
  }
}
