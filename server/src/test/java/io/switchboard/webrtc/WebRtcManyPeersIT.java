package io.switchboard.webrtc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Many concurrent legs on one node and one shared peer network: all connect, carry audio, and clean up. */
class WebRtcManyPeersIT {
  static final int LEGS = Integer.getInteger("webrtc.it.legs", 50);

  @Test
  void manyLegsAtOnce() throws Exception {
    WebRtcNode node = new WebRtcNode(WebRtcOptions.loopback(), Clock.systemUTC(), new SimpleMeterRegistry());
    node.start();
    List<WebRtcTestPeer> peers = new ArrayList<>();
    List<WebRtcNodeIT.Events> events = new ArrayList<>();
    List<WebRtcLeg> legs = new ArrayList<>();
    try {
      long t0 = System.nanoTime();
      for (int i = 0; i < LEGS; i++) {
        WebRtcTestPeer peer = new WebRtcTestPeer();
        WebRtcNodeIT.Events ev = new WebRtcNodeIT.Events();
        WebRtcLeg leg = node.answer(peer.offer(), ev).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        peer.accept(leg.answerSdp());
        peers.add(peer);
        events.add(ev);
        legs.add(leg);
      }
      CompletableFuture.allOf(peers.stream().map(WebRtcTestPeer::connected).toArray(CompletableFuture[]::new))
          .get(30, TimeUnit.SECONDS);
      for (WebRtcNodeIT.Events ev : events) {
        assertThat(ev.connected.await(10, TimeUnit.SECONDS)).isTrue();
      }
      System.out.printf("webrtc many legs=%d connectedMs=%d threads=%d%n", LEGS,
          (System.nanoTime() - t0) / 1_000_000, Thread.activeCount());
      System.out.println("webrtc many threads by name: " + Thread.getAllStackTraces().keySet().stream()
          .collect(java.util.stream.Collectors.groupingBy(t -> t.getName().replaceAll("[0-9]+", "#"),
              java.util.TreeMap::new, java.util.stream.Collectors.counting())));
      List<byte[]> tone = TestRtp.tone(1000, 5, 7);
      for (int round = 0; round < 5; round++) {
        for (int i = 0; i < LEGS; i++) {
          byte[] p = tone.get(round);
          peers.get(i).sendRtp(p, 0, p.length);
          legs.get(i).sendRtp(p, 0, p.length);
        }
        Thread.sleep(20);
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> events.stream().allMatch(e -> e.rtp.size() == 5)
          && peers.stream().allMatch(p -> p.received().size() == 5));
      assertThat(node.counters().authFailures()).isZero();
      legs.forEach(WebRtcLeg::close);
      assertThat(node.activeLegs()).isZero();
    } finally {
      peers.forEach(WebRtcTestPeer::close);
      node.close();
    }
  }
}
