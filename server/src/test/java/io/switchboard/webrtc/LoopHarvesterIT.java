package io.switchboard.webrtc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.media.session.MediaLoop;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What {@code webrtc.harvester=loops} is for: the port is read by the media loop given to the node (no ice4j
 * receive thread), and a leg whose listener runs on that loop gets its SRTP there, without a hand-off.
 */
class LoopHarvesterIT {

  /** ice4j's per-socket STUN threads alive now, less those in {@code before} (other tests' legs in this JVM). */
  private static java.util.List<Thread> connectors(Set<Thread> before) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("IceConnector@") && t.isAlive() && !before.contains(t)).toList();
  }

  @Test
  void mediaOfALegOnTheReadingLoopStaysOnItAndStrangersAreIgnored() throws Exception {
    MediaLoop loop = new MediaLoop("harvester-it-io", 1_000_000, 50_000_000, System::nanoTime);
    loop.start();
    WebRtcNode node = new WebRtcNode(WebRtcOptions.loopback().withHarvester(WebRtcOptions.Harvester.LOOPS),
        Clock.systemUTC(), new SimpleMeterRegistry(), loop);
    node.start();
    try (WebRtcTestPeer peer = new WebRtcTestPeer(); DatagramSocket stranger = new DatagramSocket()) {
      assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
          .noneMatch(n -> n.contains("AbstractUdpListener") && n.contains(":" + node.port()));

      // not STUN from an unknown address, a check for an unknown ufrag, an empty datagram: all dropped quietly
      InetSocketAddress to = new InetSocketAddress("127.0.0.1", node.port());
      for (byte[] junk : new byte[][] {new byte[] {(byte) 0x80, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0},
          Stun.request(new byte[12], "nobody:x", "pwd-pwd-pwd-pwd-pwd-pw", 1, 1), new byte[0]}) {
        stranger.send(new DatagramPacket(junk, junk.length, to));
      }

      Set<Thread> before = Set.copyOf(connectors(Set.of()));
      Set<String> threads = ConcurrentHashMap.newKeySet();
      WebRtcNodeIT.Events events = new WebRtcNodeIT.Events() {
        @Override
        public Executor rtpExecutor() {
          return loop.deferred();
        }

        @Override
        public void onRtp(byte[] data, int off, int len) {
          boolean inline = StackWalker.getInstance().walk(f -> f.anyMatch(
              x -> x.getClassName().equals(LoopHarvester.class.getName()))); // read and delivered in one go
          threads.add(Thread.currentThread().getName() + (inline ? " inline" : " handed-off"));
          super.onRtp(data, off, len);
        }
      };
      WebRtcLeg leg = node.answer(peer.offer(), events).toCompletionStage().toCompletableFuture()
          .get(5, TimeUnit.SECONDS);
      peer.accept(leg.answerSdp());
      peer.connected().get(10, TimeUnit.SECONDS);
      assertThat(events.connected.await(10, TimeUnit.SECONDS)).isTrue();
      for (byte[] p : TestRtp.tone(1000, 20, 0x4242)) {
        peer.sendRtp(p, 0, p.length);
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> events.rtp.size() >= 20);
      assertThat(threads).containsExactly("harvester-it-io inline");

      // ice4j's connector thread for this leg exists (its only STUN send path) but waits in our socket, unwoken
      assertThat(connectors(before)).isNotEmpty().allSatisfy(t -> assertThat(t.getStackTrace())
          .anyMatch(f -> f.getClassName().equals(LoopSocket.class.getName()) && f.getMethodName().equals("receive")));

      byte[] out = TestRtp.tone(440, 1, 0x77).get(0);
      leg.sendRtp(out, 0, out.length);
      assertThat(peer.received().poll(5, TimeUnit.SECONDS)).isNotNull();
      leg.close();
      assertThat(events.awaitClosed()).isEqualTo("closed");
      await().atMost(Duration.ofSeconds(3)).until(() -> connectors(before).isEmpty()); // freed with the agent
    } finally {
      node.close();
      loop.close();
    }
  }
}
