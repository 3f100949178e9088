package io.switchboard.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.Node;
import io.switchboard.config.Settings;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.sip.SipResponse;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Inbound calls on a node with a 1 s answer delay (sip.answer-delay-ms): CANCEL between 180 and 200 OK. */
class InboundCallsTimingIT {
  static Node node;

  @BeforeAll
  static void start() {
    node = Node.start(SwitchboardConfig.from(Settings.of(Map.of(
        "http.host", "127.0.0.1", "http.port", "0",
        "sip.host", "127.0.0.1", "sip.port", "0", "sip.answer-delay-ms", "1000",
        "media.bind-host", "127.0.0.1",
        "node.id", "call-timing-it", "auth.bcrypt.cost", "4"))), new PrintStream(new ByteArrayOutputStream()));
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.stop();
    }
  }

  @AfterEach
  void nothingLeaks() {
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      assertThat(node.calls().activeCalls()).as("active calls").isZero();
      assertThat(node.media().activeSessions()).as("media sessions").isZero();
      assertThat(node.media().portsInUse()).as("RTP ports").isZero();
    });
  }

  @Test
  void aCancelAfterRingingGets487AndNothingIsEnqueued() throws Exception {
    long offeredBefore = offered();
    try (SipCaller caller = new SipCaller(node.vertx(), "127.0.0.1", node.sipPort())) {
      SipResponse[] r = caller.inviteThenCancelAfter("+15550100", 180);
      assertThat(r[0].status()).as("INVITE final response").isEqualTo(487);
      assertThat(r[1].status()).as("CANCEL response").isEqualTo(200);
    }
    Thread.sleep(1200); // past the answer delay: no late 200 OK, no enqueue
    assertThat(offered()).as("calls offered to queues").isEqualTo(offeredBefore);
    assertThat(node.acd().stats("demo").await().queues()).allSatisfy(q ->
        assertThat(q.waiting()).as("waiting in " + q.queue()).isZero());
  }

  private static long offered() {
    return node.acd().stats("demo").await().queues().stream().mapToLong(q -> q.offered()).sum();
  }

  @Test
  void withoutCancelThe200ComesAfterTheDelay() throws Exception {
    try (SipCaller caller = new SipCaller(node.vertx(), "127.0.0.1", node.sipPort())) {
      long start = System.nanoTime();
      SipResponse ok = caller.invite("+15550100");
      long tookMs = (System.nanoTime() - start) / 1_000_000;
      assertThat(ok.status()).isEqualTo(200);
      assertThat(tookMs).as("ms until 200 OK").isGreaterThanOrEqualTo(1000);
      caller.ack(ok);
      assertThat(caller.bye().status()).isEqualTo(200);
    }
  }
}
