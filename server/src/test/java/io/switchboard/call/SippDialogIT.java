package io.switchboard.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.Node;
import io.switchboard.acd.TenantStats;
import io.switchboard.sip.SipResponse;
import io.switchboard.sip.dialog.DialogId;
import io.switchboard.support.SippPorts;
import io.switchboard.support.TestNodes;
import io.switchboard.support.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dialogs as RFC 3261 §12 matches them, and the answers to what the node does not support, driven by sipp from
 * outside: a BYE with a made-up tag, or from an address outside the call's trunk, leaves the call up; a request for
 * no dialog gets 481; unsupported methods, schemes, extensions, bodies and Accept get their RFC answers.
 */
class SippDialogIT {
  static Node node;

  @BeforeAll
  static void start() {
    node = TestNodes.loopback("sipp-dialog-it", TestNodes.randomRtpPorts(100));
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.stop();
    }
  }

  @AfterEach
  void nothingLeaks() {
    TestNodes.awaitNothingLeaks(node, Duration.ofSeconds(5));
  }

  @Test
  void aByeWithAMadeUpTagGets481AndTheCallGoesOnUntilTheRealBye() throws Exception {
    long abandonedBefore = abandoned();
    Sipp sipp = Sipp.run("/sipp/hijack-bye.xml", "127.0.0.1");
    sipp.assertSucceeded(30);
    // the real BYE ended it, once: the forged ones did not count it abandoned before
    await().atMost(Duration.ofSeconds(5)).until(() -> abandoned() == abandonedBefore + 1);
    Thread.sleep(500);
    assertThat(abandoned()).as("counted once").isEqualTo(abandonedBefore + 1);
  }

  @Test
  void aByeFromOutsideTheTrunksSourcesIsRefusedEvenWithTheRightTags() throws Exception {
    try (SipCaller caller = new SipCaller(node.vertx(), "127.0.0.1", node.sipPort())) {
      SipResponse ok = caller.invite("+15550100");
      assertThat(ok.status()).isEqualTo(200);
      caller.ack(ok);
      assertThat(node.calls().activeCalls()).isEqualTo(1);
      DialogId id = caller.dialog.id();
      // 127.0.0.2 is loopback but not in the demo trunk's allowedSources (127.0.0.1/32)
      Sipp hijack = Sipp.run("/sipp/bye-with-keys.xml", "127.0.0.2", "-cid_str", id.callId().replace("%", "%%"),
          "-key", "fromtag", id.localTag(), "-key", "totag", id.remoteTag(), "-key", "cseq", "2");
      hijack.assertSucceeded(15);
      assertThat(node.calls().activeCalls()).as("the call is still up").isEqualTo(1);
      assertThat(caller.nextRequest(1)).as("no BYE to the caller").isNull();
      assertThat(caller.bye().status()).as("the caller's own BYE").isEqualTo(200);
    }
  }

  @Test
  void unsupportedMethodsSchemesExtensionsBodiesAndAcceptGetTheirRfcAnswers() throws Exception {
    Sipp.run("/sipp/policy-answers.xml", "127.0.0.1").assertSucceeded(30);
    assertThat(node.calls().activeCalls()).as("no call was set up").isZero();
  }

  private static long abandoned() {
    return node.acd().stats("demo").await().queues().stream().filter(s -> s.queue().equals("support"))
        .mapToLong(TenantStats.QueueStats::abandoned).sum();
  }

  /** One sipp UAC run of a scenario against the node, from {@code bindIp}. */
  record Sipp(Process process, Path log) {
    static Sipp run(String scenario, String bindIp, String... extra) throws Exception {
      Path sipp = Tools.require("sipp");
      Path sf = Path.of(SippDialogIT.class.getResource(scenario).toURI());
      Path log = Files.createTempFile("sipp-dialog", ".log");
      List<String> cmd = new ArrayList<>(List.of(sipp.toString(), "-sf", sf.toString(), "-s", "+15550100",
          "-i", bindIp, "-p", String.valueOf(SippPorts.freeSignalingPort()), "-mp", String.valueOf(SippPorts.freeMediaPort()),
          "-m", "1", "-l", "1", "-nostdin", "-recv_timeout", "5000", "-timeout", "25s", "-timeout_error"));
      cmd.addAll(List.of(extra));
      cmd.add("127.0.0.1:" + node.sipPort());
      return new Sipp(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start(), log);
    }

    void assertSucceeded(long seconds) throws Exception {
      try {
        assertThat(process.waitFor(seconds, TimeUnit.SECONDS)).as("sipp finished").isTrue();
        assertThat(process.exitValue()).as(Files.readString(log)).isZero();
      } finally {
        process.destroyForcibly();
        Files.deleteIfExists(log);
      }
    }
  }
}
