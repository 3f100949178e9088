package io.switchboard.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * One sipp caller ("Dana Caller", +15557650042) that dials a number on the node and stays until the node
 * hangs up (resources/web/caller-waits-for-bye.xml). Sipp is required via {@link Tools}.
 */
public final class SippCaller implements AutoCloseable {
  public static final String CALLER = "+15557650042";
  public static final String CALLER_NAME = "Dana Caller";

  private final Process process;
  private final Path log;

  private SippCaller(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts the call to {@code number} at the node's SIP port; returns at once (the call is set up meanwhile). */
  public static SippCaller dial(String number, int sipPort) throws Exception {
    return dial(number, sipPort, 60);
  }

  /** As {@link #dial(String, int)}; sipp gives up after {@code timeoutSeconds} in all. */
  public static SippCaller dial(String number, int sipPort, int timeoutSeconds) throws Exception {
    Path sipp = Tools.require("sipp");
    Path scenario = Path.of(SippCaller.class.getResource("/web/caller-waits-for-bye.xml").toURI());
    Path log = Files.createTempFile("sipp-web", ".log");
    Process p = new ProcessBuilder(sipp.toString(), "-sf", scenario.toString(), "-s", number,
        "-i", "127.0.0.1", "-p", String.valueOf(SippPorts.freeSignalingPort()),
        "-mp", String.valueOf(SippPorts.freeMediaPort()), "-m", "1", "-l", "1", "-nostdin",
        "-timeout", timeoutSeconds + "s", "-timeout_error", "127.0.0.1:" + sipPort)
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new SippCaller(p, log);
  }

  /** Waits for sipp to finish its scenario (it got the node's BYE and answered it) and asserts it succeeded. */
  public void assertHungUpByNode(long seconds) throws Exception {
    assertThat(process.waitFor(seconds, TimeUnit.SECONDS)).as("sipp got BYE and finished").isTrue();
    assertThat(process.exitValue()).as(Files.readString(log)).isZero();
  }

  /** Waits up to {@code seconds} for sipp to end; true when its call was answered and hung up by the node. */
  public boolean awaitEnd(long seconds) throws InterruptedException {
    return process.waitFor(seconds, TimeUnit.SECONDS) && process.exitValue() == 0;
  }

  /** After it ended: whether the node refused the call (a final 5xx to the INVITE, e.g. 503 while Redis had no master). */
  public boolean refused() throws java.io.IOException {
    return Files.readString(log).contains("received 'SIP/2.0 5");
  }

  /**
   * Whether sipp ended without sending its INVITE (it could not bind the free port it was given: another process
   * took it meanwhile). A harness failure, not a call.
   */
  public boolean neverDialed() throws java.io.IOException {
    return !process.isAlive() && java.util.regex.Pattern.compile("INVITE ---------->\\s+0\\s").matcher(Files.readString(log)).find();
  }

  /** The last {@code chars} characters of sipp's log (diagnostics). */
  public String logTail(int chars) throws java.io.IOException {
    String s = Files.readString(log);
    return s.substring(Math.max(0, s.length() - chars));
  }

  /** Whether sipp has ended (the call was refused, failed or ended). */
  public boolean finished() {
    return !process.isAlive();
  }

  @Override
  public void close() throws Exception {
    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    Files.deleteIfExists(log);
  }
}
