package io.switchboard.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.Node;
import io.switchboard.acd.AgentState;
import io.switchboard.acd.TenantStats;
import io.switchboard.redis.EmbeddedRedis;
import io.switchboard.support.SippPorts;
import io.switchboard.support.TestNodes;
import io.switchboard.support.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The wait estimate as three real SIP callers (sipp) waiting in the demo's support queue are told it, and as the
 * stats push carries it, while agents log in: it follows each caller's place and the number of staffed agents
 * (no wrap-up has ended yet, so the default handle time, 180 s, stands in).
 */
class EstimateSippIT {
  static final String T = "demo";
  static final String NODE = "estimate-sipp-it";
  static Node node;

  @BeforeAll
  static void start() {
    node = TestNodes.loopback(NODE, Map.of("media.announcement-interval-seconds", "1"));
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.stop();
    }
  }

  @Test
  void theAnnouncedAndPushedEstimateFollowPositionAndStaffing() throws Exception {
    Path sipp = Tools.require("sipp");
    Path scenario = Path.of(EstimateSippIT.class.getResource("/sipp/wait-for-bye.xml").toURI());
    Path log = Files.createTempFile("sipp-estimate", ".log");
    Process p = new ProcessBuilder(sipp.toString(), "-sf", scenario.toString(), "-s", "+15550100",
        "-i", "127.0.0.1", "-p", String.valueOf(EmbeddedRedis.freePort()),
        "-mp", String.valueOf(SippPorts.freeMediaPort()), "-m", "3", "-l", "3", "-r", "2", "-nostdin",
        "-timeout", "60s", "127.0.0.1:" + node.sipPort())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(support().waiting()).isEqualTo(3));
      List<String> calls = node.acd().stats(T).await().callList().stream()
          .filter(c -> c.queue().equals("support")).map(TenantStats.CallEntry::callId).toList();
      assertThat(calls).hasSize(3);  // best first: calls.get(0) is first in line
      String last = calls.get(2);
      // nobody staffed: one agent is assumed, 180 s a call
      told(last, 3, 540);
      assertThat(support().estimatedWaitSeconds()).as("a caller arriving now, 4th").isEqualTo(720);

      node.acd().setState(T, "bob", AgentState.AVAILABLE, null, NODE).await();  // takes the first caller
      told(last, 2, 360);
      assertThat(support().estimatedWaitSeconds()).isEqualTo(540);

      node.acd().setState(T, "alice", AgentState.AVAILABLE, null, NODE).await();  // takes the second
      told(last, 1, 90);  // first in line, two agents staffed
      assertThat(support().estimatedWaitSeconds()).isEqualTo(180);
      assertThat(support().staffed()).isEqualTo(2);
    } finally {
      p.destroyForcibly();
      Files.deleteIfExists(log);
    }
  }

  /** The node tells {@code callId} this place and estimate (refreshed every second here). */
  private static void told(String callId, int position, long seconds) {
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(node.calls().announced(callId)).containsExactly(position, seconds));
  }

  private static TenantStats.QueueStats support() {
    return node.acd().stats(T).await().queues().stream().filter(s -> s.queue().equals("support")).findFirst()
        .orElseThrow();
  }
}
