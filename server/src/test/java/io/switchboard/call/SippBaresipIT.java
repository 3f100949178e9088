package io.switchboard.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.Node;
import io.switchboard.acd.TenantStats;
import io.switchboard.support.BaresipCaller;
import io.switchboard.support.TestNodes;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * baresip (Debian {@code baresip}) as a second, independent SIP client: run headless with a generated config (no
 * audio device: a tone WAV file as source, no player), it dials the demo number, waits in queue, and hangs up when
 * it quits ({@code -t}), which the node must count as an abandon.
 */
class SippBaresipIT {
  static Node node;

  @BeforeAll
  static void start() {
    node = TestNodes.loopback("baresip-it", Map.of());
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.stop();
    }
  }

  @Test
  void baresipCallsWaitsInQueueAndItsHangupIsCountedAbandoned() throws Exception {
    long abandonedBefore = queue().abandoned();
    try (BaresipCaller caller = BaresipCaller.dial("+15550100", node.sipPort(), 440, 6)) {
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
        assertThat(node.calls().activeCalls()).as(caller.log()).isEqualTo(1);
        assertThat(queue().waiting()).as("baresip's call waiting in support").isEqualTo(1);
      });
      assertThat(node.media().activeSessions()).isEqualTo(1);
      assertThat(caller.waitFor(15)).as("baresip quit").isTrue();
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
        assertThat(queue().abandoned()).as(caller.log()).isEqualTo(abandonedBefore + 1);
        assertThat(node.calls().activeCalls()).isZero();
        assertThat(node.media().activeSessions()).isZero();
      });
      assertThat(caller.log()).contains("Call established");
    }
  }

  private static TenantStats.QueueStats queue() {
    return node.acd().stats("demo").await().queues().stream().filter(s -> s.queue().equals("support")).findFirst()
        .orElseThrow();
  }
}
