package io.switchboard.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Metrics;
import io.switchboard.Node;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.support.TestNodes;
import io.switchboard.media.rtp.RtpPacket;
import io.switchboard.sip.SipRequest;
import io.switchboard.sip.SipResponse;
import io.switchboard.support.TestNodes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * media.inactivity-timeout-seconds=1: a caller whose RTP stops (its BYE lost, or it vanished) is ended by the node —
 * BYE to the caller, the ACD told (abandoned, nothing waiting), counted — and nothing is left behind. A caller that
 * keeps sending stays up past the timeout.
 */
class InboundCallsMediaTimeoutIT {
  static Node node;

  @BeforeAll
  static void start() {
    int rtpBase = 10_000 + 2 * java.util.concurrent.ThreadLocalRandom.current().nextInt(4500);
    node = Node.start(SwitchboardConfig.from(TestNodes.settings(Map.of(
        "http.host", "127.0.0.1", "http.port", "0",
        "sip.host", "127.0.0.1", "sip.port", "0",
        "media.bind-host", "127.0.0.1", "media.inactivity-timeout-seconds", "1",
        "media.rtp-port-min", String.valueOf(rtpBase), "media.rtp-port-max", String.valueOf(rtpBase + 399),
        "node.id", "media-timeout-it", "auth.bcrypt.cost", "4"))), new PrintStream(new ByteArrayOutputStream()));
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.stop();
    }
  }

  @Test
  void aCallerWhoseRtpStopsIsEndedAndNothingLeaks() throws Exception {
    double timeoutsBefore = mediaTimeouts();
    long abandonedBefore = abandoned();
    try (SipCaller caller = new SipCaller(node.vertx(), "127.0.0.1", node.sipPort())) {
      SipResponse ok = caller.invite("+15550100");
      assertThat(ok.status()).isEqualTo(200);
      caller.ack(ok);
      long start = System.nanoTime();
      int seq = 1;
      while (System.nanoTime() - start < 2_000_000_000L) { // 2 s of RTP: twice the timeout, the call stays up
        caller.sendRtp(ok, RtpPacket.of(seq == 1, 0, seq, 160L * seq, 0x1234, new byte[160]));
        seq++;
        Thread.sleep(20);
      }
      assertThat(node.calls().activeCalls()).as("calls while RTP flows").isEqualTo(1);
      assertThat(caller.nextRequest(0)).as("no BYE while RTP flows").isNull();

      long silentFrom = System.nanoTime();
      SipRequest bye = caller.nextRequest(5);
      long afterMs = (System.nanoTime() - silentFrom) / 1_000_000;
      assertThat(bye).as("BYE from the node after the RTP stopped").isNotNull();
      assertThat(bye.method()).isEqualTo("BYE");
      assertThat(afterMs).as("ms from the last packet to the BYE").isBetween(700L, 2500L);
    }
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      assertThat(node.calls().activeCalls()).as("active calls").isZero();
      assertThat(node.media().activeSessions()).as("media sessions").isZero();
      assertThat(node.media().portsInUse()).as("RTP ports").isZero();
      assertThat(abandoned()).as("abandoned calls").isEqualTo(abandonedBefore + 1);
      assertThat(node.acd().stats("demo").await().queues()).allSatisfy(q ->
          assertThat(q.waiting()).as("waiting in " + q.queue()).isZero());
    });
    assertThat(mediaTimeouts()).isEqualTo(timeoutsBefore + 1);
  }

  private static long abandoned() {
    return node.acd().stats("demo").await().queues().stream().mapToLong(q -> q.abandoned()).sum();
  }

  private static double mediaTimeouts() {
    var c = Metrics.globalRegistry.find("switchboard.calls.media-timeout").counter();
    return c == null ? 0 : c.count();
  }
}
