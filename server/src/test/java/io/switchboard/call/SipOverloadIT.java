package io.switchboard.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.Node;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.support.TestNodes;
import io.switchboard.redis.EmbeddedRedis;
import io.switchboard.sip.SipResponse;
import io.switchboard.support.TestNodes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node whose SIP loop fell behind refuses new calls with 503 + Retry-After and keeps serving the calls it has,
 * then takes new calls again once the loop has kept time for Retry-After seconds (sip.overload.*, OverloadGuard).
 */
class SipOverloadIT {
  static Node node;

  @BeforeAll
  static void start() {
    int rtpBase = 10_000 + 2 * java.util.concurrent.ThreadLocalRandom.current().nextInt(4500);
    node = Node.start(SwitchboardConfig.from(TestNodes.settings(Map.ofEntries(
        Map.entry("http.host", "127.0.0.1"), Map.entry("http.port", "0"),
        Map.entry("sip.host", "127.0.0.1"), Map.entry("sip.port", "0"),
        Map.entry("media.bind-host", "127.0.0.1"),
        Map.entry("redis.embedded.port", String.valueOf(EmbeddedRedis.freePort())),
        Map.entry("media.rtp-port-min", String.valueOf(rtpBase)),
        Map.entry("media.rtp-port-max", String.valueOf(rtpBase + 99)),
        Map.entry("node.id", "overload-it"), Map.entry("auth.bcrypt.cost", "4"),
        Map.entry("sip.overload.max-wait-ms", "1000"), Map.entry("sip.overload.retry-after-seconds", "2")))),
        new PrintStream(new ByteArrayOutputStream()));
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.stop();
    }
  }

  @Test
  void aStalledLoopShedsNewCallsButNotTheSignalingOfCallsAlreadyUp() throws Exception {
    try (SipCaller up = new SipCaller(node.vertx(), "127.0.0.1", node.sipPort());
         SipCaller again = new SipCaller(node.vertx(), "127.0.0.1", node.sipPort())) {
      SipResponse ok = up.invite("+15550100");
      assertThat(ok.status()).as("a call before any stall").isEqualTo(200);
      up.ack(ok);

      stallSipLoop(2_000); // a burst of work, a GC, a starved CPU: the loop's timer fires 2 s late

      SipResponse refused = refusedNewCall();
      assertThat(refused).as("a new call refused while the loop ran late").isNotNull();
      assertThat(refused.headers().first("Retry-After")).hasValue("2");
      assertThat(up.bye().status()).as("the call already up still hangs up").isEqualTo(200);

      Thread.sleep(2_300); // Retry-After, with the loop on time
      SipResponse taken = again.invite("+15550100");
      assertThat(taken.status()).as("new calls are taken again").isEqualTo(200);
      again.ack(taken);
      assertThat(again.bye().status()).isEqualTo(200);
    }
  }

  /**
   * A new call's 503, trying a few times: on a busy machine the first INVITE may be read before the loop's next
   * tick has noted the stall (the loop handles ready sockets before due timers). A call taken meanwhile is hung up.
   */
  private static SipResponse refusedNewCall() throws Exception {
    for (int i = 0; i < 10; i++) {
      try (SipCaller late = new SipCaller(node.vertx(), "127.0.0.1", node.sipPort())) {
        SipResponse r = late.invite("+15550100");
        if (r.status() == 503) {
          return r;
        }
        late.ack(r);
        late.bye();
      }
      Thread.sleep(50);
    }
    return null;
  }

  private static void stallSipLoop(long ms) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    node.calls().context().runOnContext(v -> {
      try {
        Thread.sleep(ms);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      done.countDown();
    });
    assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
    Thread.sleep(150); // the next tick (every 100 ms) notes the lag
  }
}
