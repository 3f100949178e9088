package io.switchboard.webrtc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.media.audio.Goertzel;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A real WebRtcNode on an ephemeral loopback port against {@link WebRtcTestPeer}s: ICE, DTLS-SRTP, audio, deadlines. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // so that a subclass can choose the harvester
class WebRtcNodeIT {
  private static WebRtcNode node;
  /** Short deadlines, for the failure paths. */
  private static WebRtcNode quick;
  /** Who reads the port in this run ({@link WebRtcNodeLoopsIT} runs every test here with the media loops). */
  static WebRtcOptions.Harvester mode = WebRtcOptions.Harvester.ICE4J;

  /** Who reads the shared port; {@link WebRtcNodeLoopsIT} overrides it. */
  WebRtcOptions.Harvester harvester() {
    return WebRtcOptions.Harvester.ICE4J;
  }

  @BeforeAll
  void start() {
    mode = harvester();
    node = new WebRtcNode(WebRtcOptions.loopback().withHarvester(mode), Clock.systemUTC(), new SimpleMeterRegistry());
    node.start();
    quick = new WebRtcNode(WebRtcOptions.loopback().withTimeouts(Duration.ofMillis(1500), Duration.ofMillis(800))
        .withHarvester(mode), Clock.systemUTC(), new SimpleMeterRegistry());
    quick.start();
  }

  @AfterAll
  void stop() {
    node.close();
    quick.close();
  }

  /** Records a leg's events. */
  static class Events implements WebRtcLeg.Listener {
    final List<byte[]> rtp = new CopyOnWriteArrayList<>();
    final CountDownLatch connected = new CountDownLatch(1);
    final LinkedBlockingQueue<String> closed = new LinkedBlockingQueue<>();

    @Override
    public void onRtp(byte[] data, int off, int len) {
      byte[] copy = new byte[len];
      System.arraycopy(data, off, copy, 0, len);
      rtp.add(copy);
    }

    @Override
    public void onConnected() {
      connected.countDown();
    }

    @Override
    public void onClosed(String reason) {
      closed.add(reason);
    }

    String awaitClosed() throws InterruptedException {
      String r = closed.poll(10, TimeUnit.SECONDS);
      assertThat(r).as("onClosed called").isNotNull();
      return r;
    }
  }

  private static WebRtcLeg connect(WebRtcNode n, WebRtcTestPeer peer, Events events) throws Exception {
    WebRtcLeg leg = n.answer(peer.offer(), events).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertThat(leg.state()).isEqualTo(WebRtcLeg.State.CONNECTING);
    peer.accept(leg.answerSdp());
    peer.connected().get(10, TimeUnit.SECONDS);
    assertThat(events.connected.await(10, TimeUnit.SECONDS)).as("leg onConnected").isTrue();
    assertThat(leg.state()).isEqualTo(WebRtcLeg.State.CONNECTED);
    return leg;
  }

  /**
   * The browser's packets are received into recycled buffers (ice4j's listener; {@link IceBuffers}), whether the
   * leg reads them on the receive thread or hands them to an executor: a hundred packets need a handful of
   * buffers, and the audio in them arrives intact although the buffers are reused.
   */
  @Test
  void receiveBuffersAreReusedOnBothPathsAndTheAudioSurvivesIt() throws Exception {
    java.util.concurrent.ExecutorService handOver = java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      for (boolean handedOver : new boolean[] {false, true}) {
        try (WebRtcTestPeer peer = new WebRtcTestPeer()) {
          Events events = new Events() {
            @Override
            public java.util.concurrent.Executor rtpExecutor() {
              return handedOver ? handOver : null;
            }
          };
          WebRtcLeg leg = connect(node, peer, events);
          long before = IceBuffers.allocated();
          for (byte[] p : TestRtp.tone(1000, 100, 0x2468)) {
            peer.sendRtp(p, 0, p.length);
            Thread.sleep(1);
          }
          await().atMost(Duration.ofSeconds(5)).until(() -> events.rtp.size() >= 100);
          long allocated = IceBuffers.allocated() - before;
          if (mode == WebRtcOptions.Harvester.ICE4J) {
            assertThat(allocated).as("buffers allocated for 100 packets, handed over: " + handedOver).isLessThan(20);
          } else {
            assertThat(allocated).as("the loops harvester does not use ice4j's listener").isZero();
          }
          short[] atLeg = TestRtp.decode(events.rtp);
          assertThat(Goertzel.relativePower(atLeg, 0, atLeg.length, 1000, 8000)).isGreaterThan(0.8);
          leg.close();
          events.awaitClosed();
        }
      }
    } finally {
      handOver.shutdownNow();
    }
  }

  /** A packet given away with room after it is protected in place; one without that room is copied first. */
  @Test
  void ownedPacketsAreProtectedInPlaceOrCopiedWhenTheyHaveNoRoom() throws Exception {
    try (WebRtcTestPeer peer = new WebRtcTestPeer()) {
      Events events = new Events();
      WebRtcLeg leg = connect(node, peer, events);
      List<byte[]> tone = TestRtp.tone(440, 50, 0x1357);
      for (int i = 0; i < tone.size(); i++) {
        byte[] p = tone.get(i);
        int room = i % 2 == 0 ? WebRtcLeg.SRTP_TRAILER : 3;
        leg.sendOwnedRtp(java.util.Arrays.copyOf(p, p.length + room), p.length);
        Thread.sleep(2);
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> peer.received().size() >= 50);
      short[] atPeer = TestRtp.decode(List.copyOf(peer.received()));
      assertThat(Goertzel.relativePower(atPeer, 0, atPeer.length, 440, 8000)).isGreaterThan(0.8);
      assertThat(node.counters().authFailures()).isZero();
      leg.close();
      events.awaitClosed();
    }
  }

  @Test
  void toneBothWaysThenCloseNotify() throws Exception {
    try (WebRtcTestPeer peer = new WebRtcTestPeer()) {
      Events events = new Events();
      WebRtcLeg leg = connect(node, peer, events);
      assertThat(leg.telephoneEventPayloadType()).isEqualTo(126);
      assertThat(leg.answerSdp()).contains("a=setup:passive", "a=rtpmap:0 PCMU/8000", "a=end-of-candidates",
          "127.0.0.1 " + node.port() + " typ host");

      for (byte[] p : TestRtp.tone(1000, 50, 0x1234)) {
        peer.sendRtp(p, 0, p.length);
        Thread.sleep(2);
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> events.rtp.size() >= 50);
      short[] atLeg = TestRtp.decode(events.rtp);
      assertThat(Goertzel.relativePower(atLeg, 0, atLeg.length, 1000, 8000)).isGreaterThan(0.8);
      assertThat(Goertzel.relativePower(atLeg, 0, atLeg.length, 440, 8000)).isLessThan(0.05);

      for (byte[] p : TestRtp.tone(440, 50, 0x5678)) {
        leg.sendRtp(p, 0, p.length);
        Thread.sleep(2);
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> peer.received().size() >= 50);
      short[] atPeer = TestRtp.decode(List.copyOf(peer.received()));
      assertThat(Goertzel.relativePower(atPeer, 0, atPeer.length, 440, 8000)).isGreaterThan(0.8);
      assertThat(Goertzel.relativePower(atPeer, 0, atPeer.length, 1000, 8000)).isLessThan(0.05);
      assertThat(node.counters().authFailures()).isZero();

      leg.close();
      assertThat(events.awaitClosed()).isEqualTo("closed");
      assertThat(leg.state()).isEqualTo(WebRtcLeg.State.CLOSED);
      await().atMost(Duration.ofSeconds(3)).until(peer::closeNotifyReceived);
      leg.close(); // idempotent: no second onClosed
      assertThat(events.closed.poll(200, TimeUnit.MILLISECONDS)).isNull();
    }
    await().atMost(Duration.ofSeconds(2)).until(() -> node.activeLegs() == 0);
  }

  @Test
  void gcmProfileWorksToo() throws Exception {
    try (WebRtcTestPeer peer = new WebRtcTestPeer().withSrtpProfiles(
        org.bouncycastle.tls.SRTPProtectionProfile.SRTP_AEAD_AES_128_GCM)) {
      Events events = new Events();
      WebRtcLeg leg = connect(node, peer, events);
      assertThat(peer.srtpProfile()).isEqualTo(org.bouncycastle.tls.SRTPProtectionProfile.SRTP_AEAD_AES_128_GCM);
      for (byte[] p : TestRtp.tone(1000, 10, 0x99)) {
        peer.sendRtp(p, 0, p.length);
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> events.rtp.size() >= 10);
      leg.close();
    }
  }

  @Test
  void peerCloseNotifyClosesTheLeg() throws Exception {
    Events events = new Events();
    WebRtcTestPeer peer = new WebRtcTestPeer();
    connect(node, peer, events);
    peer.close();
    assertThat(events.awaitClosed()).isEqualTo("remote-closed");
  }

  @Test
  void wrongFingerprintFailsDtls() throws Exception {
    try (WebRtcTestPeer peer = new WebRtcTestPeer().withWrongFingerprint()) {
      Events events = new Events();
      WebRtcLeg leg = node.answer(peer.offer(), events).toCompletionStage().toCompletableFuture().get();
      peer.accept(leg.answerSdp());
      assertThat(events.awaitClosed()).isEqualTo("dtls-failed");
      assertThat(events.connected.getCount()).isEqualTo(1);
      assertThatThrownBy(() -> peer.connected().get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
      assertThat(leg.state()).isEqualTo(WebRtcLeg.State.CLOSED);
    }
  }

  @Test
  void silentPeerExpiresConsent() throws Exception {
    try (WebRtcTestPeer peer = new WebRtcTestPeer()) {
      Events events = new Events();
      long t0 = System.nanoTime();
      connect(quick, peer, events);
      peer.goSilent();
      assertThat(events.awaitClosed()).isEqualTo("consent-expired");
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(800));
    }
    await().atMost(Duration.ofSeconds(2)).until(() -> quick.activeLegs() == 0);
  }

  @Test
  void noIceFromTheBrowserTimesOut() throws Exception {
    Events events = new Events();
    WebRtcLeg leg = quick.answer(new WebRtcTestPeer().offer(), events)
        .toCompletionStage().toCompletableFuture().get();
    assertThat(events.awaitClosed()).isEqualTo("ice-timeout");
    assertThat(leg.state()).isEqualTo(WebRtcLeg.State.CLOSED);
  }

  /** A clock the test moves by hand. */
  static final class ManualClock extends Clock {
    final java.util.concurrent.atomic.AtomicLong millis = new java.util.concurrent.atomic.AtomicLong(1_000_000);

    @Override
    public java.time.ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public java.time.Instant instant() {
      return java.time.Instant.ofEpochMilli(millis.get());
    }
  }

  @Test
  void deadlinesFollowTheInjectedClock() throws Exception {
    ManualClock clock = new ManualClock();
    WebRtcNode manual = new WebRtcNode(WebRtcOptions.loopback().withHarvester(mode), clock, new SimpleMeterRegistry());
    manual.start();
    try {
      Events events = new Events();
      manual.answer(new WebRtcTestPeer().offer(), events).toCompletionStage().toCompletableFuture().get();
      clock.millis.addAndGet(9_000);
      assertThat(events.closed.poll(700, TimeUnit.MILLISECONDS)).as("before the 10 s connect timeout").isNull();
      clock.millis.addAndGet(1_000);
      assertThat(events.awaitClosed()).isEqualTo("ice-timeout");
      assertThat(manual.activeLegs()).isZero();
    } finally {
      manual.close();
    }
  }

  @Test
  void badOfferIsRefusedBeforeAnyLeg() {
    int before = node.activeLegs();
    String offer = new WebRtcTestPeer().offer().replace("a=rtcp-mux\r\n", "");
    assertThatThrownBy(() -> node.answer(offer, new Events()).toCompletionStage().toCompletableFuture().get())
        .hasCauseInstanceOf(io.switchboard.media.sdp.SdpException.class).hasMessageContaining("a=rtcp-mux");
    assertThat(node.activeLegs()).isEqualTo(before);
  }
}
