package io.switchboard.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.switchboard.Node;
import io.switchboard.directory.IfMatch;
import io.switchboard.directory.Kind;
import io.switchboard.media.MediaNode.CallMedia;
import io.switchboard.media.audio.G711;
import io.switchboard.media.audio.Goertzel;
import io.switchboard.media.audio.ToneGenerator;
import io.switchboard.media.rtp.RtpPacket;
import io.switchboard.media.session.SessionListener;
import io.switchboard.redis.EmbeddedRedis;
import io.switchboard.redis.RedisConnections;
import io.switchboard.sip.SipResponse;
import io.switchboard.support.BaresipCaller;
import io.switchboard.support.TestNodes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SRTP with SDES keys (RFC 4568) against a real peer: baresip with its srtp module and {@code mediaenc=srtp-mand},
 * which refuses a call without SRTP and decrypts with the keys from our SDP. Audio is checked on the far side of
 * each direction: what baresip recorded (decrypted by baresip), and what the node's session received (decrypted by
 * the node) or the digits it recorded.
 */
class SrtpBaresipIT {
  static final double BARESIP_HZ = 440;
  static final double NODE_HZ = 1000;
  static Node node;
  static RedisConnections redis;

  @BeforeAll
  static void start() {
    int redisPort = EmbeddedRedis.freePort();
    Map<String, String> settings = new HashMap<>(TestNodes.randomRtpPorts(40));
    settings.put("redis.embedded.port", String.valueOf(redisPort));
    node = TestNodes.loopback("srtp-it", settings);
    redis = RedisConnections.connect("redis://127.0.0.1:" + redisPort, Duration.ofSeconds(5));
  }

  @AfterAll
  static void stop() {
    if (redis != null) {
      redis.close();
    }
    if (node != null) {
      node.stop();
    }
  }

  @AfterEach
  void nothingLeaks() {
    TestNodes.awaitNothingLeaks(node, Duration.ofSeconds(10));
  }

  @Test
  void baresipCallsWithSrtpMandatoryHearsTheMusicAndItsDigitReachesTheNode() throws Exception {
    long authFailures = node.media().counters().rejectedCount("srtp-auth");
    try (BaresipCaller caller = BaresipCaller.dialSrtp("+15550100", node.sipPort(), BARESIP_HZ, 8)) {
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
        assertThat(node.calls().activeCalls()).as(caller.log()).isEqualTo(1);
        assertThat(caller.log()).contains("Call established");
      });
      assertThat(caller.log()).as("baresip negotiated SRTP")
          .containsPattern("SRTP is Enabled \\(cryptosuite=AES_CM_128");
      String callId = await().atMost(Duration.ofSeconds(5)).until(() -> waitingCalls(), l -> l.size() == 1).get(0);
      Thread.sleep(1000); // a second of audio both ways before the digit
      assertThat(caller.command("sndcode", "5")).contains("true");
      // the telephone-event payload is encrypted: the digit can only be read after decryption
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(dtmfDigits(callId)).containsExactly("5"));
      assertThat(caller.waitFor(15)).as("baresip quit").isTrue();
      assertThat(caller.log()).doesNotContain("failed to decrypt");

      short[] heard = caller.received().samples();
      int audible = 0;
      for (int off = 0; off + 800 <= heard.length; off += 800) {
        audible += Goertzel.rms(heard, off, 800) >= Goertzel.SILENCE_RMS ? 1 : 0;
      }
      assertThat(audible).as("100 ms windows of music baresip decrypted, of %d", heard.length / 800)
          .isGreaterThan(30);
    }
    assertThat(node.media().counters().rejectedCount("srtp-auth")).as("SRTP packets failing authentication")
        .isEqualTo(authFailures);
  }

  /**
   * baresip holds its SRTP call by re-INVITE (sendonly, over SRTP), then resumes it: the node stops sending while
   * held and starts again on the resume, with our key kept (baresip keeps its own) and no packet failing
   * authentication. (baresip 1.0 writes its decode dump only until its first hold, with plain RTP too, so what it
   * decrypts after the resume is checked in the other direction, {@link
   * #anSrtpCarrierHoldsAndResumesAndDecryptsWhatTheNodeSendsAfterTheResume}.)
   */
  @Test
  void baresipHoldsAndResumesItsSrtpCallAndTheNodeStopsAndRestartsSending() throws Exception {
    long authFailures = node.media().counters().rejectedCount("srtp-auth");
    try (BaresipCaller caller = BaresipCaller.dialSrtp("+15550100", node.sipPort(), BARESIP_HZ, 16)) {
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
        assertThat(node.calls().activeCalls()).as(caller.log()).isEqualTo(1);
        assertThat(caller.log()).contains("Call established");
      });
      await().atMost(Duration.ofSeconds(5)).until(() -> waitingCalls(), l -> l.size() == 1);
      Thread.sleep(2000); // music before the hold
      assertThat(caller.command("hold", "")).as(caller.log()).contains("\"ok\":true");
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
          assertThat(sentIn(500)).as("the node stops sending RTP while held").isZero());
      assertThat(sentIn(2000)).as("still nothing 2 s later").isZero();
      assertThat(caller.command("resume", "")).as(caller.log()).contains("\"ok\":true");
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
          assertThat(sentIn(500)).as("the node sends again after the resume").isGreaterThan(10));
      Thread.sleep(1000);
      caller.command("hangup", "");
      assertThat(caller.waitFor(15)).as("baresip quit").isTrue();
      assertThat(caller.log()).as("re-INVITEs over SRTP, baresip's key kept")
          .containsPattern("(?s)a=sendonly.*a=recvonly.*a=sendrecv").doesNotContain("failed to decrypt");
      short[] heard = caller.received().samples();
      int audible = 0;
      for (int off = 0; off + 800 <= heard.length; off += 800) {
        audible += Goertzel.rms(heard, off, 800) >= Goertzel.SILENCE_RMS ? 1 : 0;
      }
      assertThat(audible).as("100 ms windows of music baresip decrypted before the hold").isGreaterThan(10);
    }
    assertThat(node.media().counters().rejectedCount("srtp-auth")).as("SRTP packets failing authentication")
        .isEqualTo(authFailures);
  }

  /**
   * The node's SRTP call to a carrier that holds and resumes it: nothing sent while held; after the resume the
   * node's digit (an encrypted telephone-event) is read by the carrier and the carrier's tone decrypted by the node,
   * with no packet failing authentication.
   */
  @Test
  void anSrtpCarrierHoldsAndResumesAndDecryptsWhatTheNodeSendsAfterTheResume() throws Exception {
    long authFailures = node.media().counters().rejectedCount("srtp-auth");
    try (BaresipCaller carrier = BaresipCaller.answerSrtp("+15550123", BARESIP_HZ, 30)) {
      JsonObject trunk = new JsonObject().put("name", "SRTP carrier").put("mediaEncryption", "sdes")
          .put("addresses", new JsonArray().add(new JsonObject().put("host", "127.0.0.1")
              .put("port", carrier.sipPort())))
          .put("allowedSources", new JsonArray().add("127.0.0.2"));
      node.directory().create("demo", Kind.TRUNK, "srtp-holder", trunk).await();
      java.util.concurrent.atomic.AtomicLong toneFrames = new java.util.concurrent.atomic.AtomicLong();
      SessionListener listener = new SessionListener() {
        @Override
        public void onRtpPacket(RtpPacket p) {
          if (p.payloadType() == 0) {
            short[] pcm = new short[p.payload().length];
            G711.decodeUlaw(p.payload(), 0, pcm.length, pcm);
            if (Goertzel.relativePower(pcm, 0, pcm.length, BARESIP_HZ, 8000) > 0.5) {
              toneFrames.incrementAndGet();
            }
          }
        }
      };
      Thread.sleep(500); // baresip listening
      OutboundCall call = node.outbound().originate("demo", "srtp-holder", "+15550123", "+15550100", listener)
          .await();
      try {
        call.answered().toCompletionStage().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
        CallMedia media = call.media().toCompletionStage().toCompletableFuture().get(5,
            java.util.concurrent.TimeUnit.SECONDS);
        media.session().output().switchTo(ToneGenerator.sine(NODE_HZ, 8000));
        Thread.sleep(1500);
        assertThat(carrier.command("hold", "")).as(carrier.log()).contains("\"ok\":true");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
            assertThat(sentIn(500)).as("the node stops sending RTP while held").isZero());
        assertThat(carrier.log()).doesNotContain("received event");
        assertThat(carrier.command("resume", "")).as(carrier.log()).contains("\"ok\":true");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
            assertThat(sentIn(500)).as("the node sends again after the resume").isGreaterThan(10));
        long toneBefore = toneFrames.get();
        media.session().output().sendDigit('7', 100);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
            assertThat(carrier.log()).as("decrypted by the carrier after the resume")
                .contains("received event: '7' (end=1)"));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(toneFrames.get() - toneBefore)
            .as("the carrier's tone decrypted by the node after the resume").isGreaterThan(25));
      } finally {
        call.hangup().toCompletionStage().toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS);
        node.directory().delete("demo", Kind.TRUNK, "srtp-holder", IfMatch.ANY).await();
      }
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
          assertThat(carrier.log()).containsIgnoringCase("terminated"));
      assertThat(carrier.log()).containsPattern("(?s)a=sendonly.*a=sendrecv").doesNotContain("failed to decrypt");
    }
    assertThat(node.media().counters().rejectedCount("srtp-auth")).as("SRTP packets failing authentication")
        .isEqualTo(authFailures);
  }

  /** RTP packets the node sent (all its sessions: this class runs one call at a time) in the next {@code ms}. */
  private static long sentIn(long ms) throws InterruptedException {
    long before = node.media().counters().rtpOutCount();
    Thread.sleep(ms);
    return node.media().counters().rtpOutCount() - before;
  }

  @Test
  void aTrunkThatAsksForSrtpRefusesAPlainOfferWith488() throws Exception {
    setLoopbackTrunk("sdes");
    try (SipCaller caller = new SipCaller(node.vertx(), "127.0.0.1", node.sipPort())) {
      SipResponse r = caller.invite("+15550100");
      assertThat(r.status()).isEqualTo(488);
      assertThat(r.reason()).contains("SRTP is required on this trunk");
    } finally {
      setLoopbackTrunk("none");
    }
  }

  @Test
  void theNodeCallsAnSrtpTrunkAndAudioAndDigitsFlowBothWays() throws Exception {
    try (BaresipCaller carrier = BaresipCaller.answerSrtp("+15550123", BARESIP_HZ, 20)) {
      JsonObject trunk = new JsonObject().put("name", "SRTP carrier").put("mediaEncryption", "sdes")
          .put("addresses", new JsonArray().add(new JsonObject().put("host", "127.0.0.1")
              .put("port", carrier.sipPort())))
          .put("allowedSources", new JsonArray().add("127.0.0.2"));
      node.directory().create("demo", Kind.TRUNK, "srtp-carrier", trunk).await();
      ConcurrentLinkedQueue<short[]> received = new ConcurrentLinkedQueue<>();
      SessionListener listener = new SessionListener() {
        @Override
        public void onRtpPacket(RtpPacket p) {
          if (p.payloadType() == 0) {
            short[] pcm = new short[p.payload().length];
            G711.decodeUlaw(p.payload(), 0, pcm.length, pcm);
            received.add(pcm);
          }
        }
      };
      Thread.sleep(500); // baresip listening
      OutboundCall call = node.outbound().originate("demo", "srtp-carrier", "+15550123", "+15550100", listener)
          .await();
      try {
        String answer = call.answered().toCompletionStage().toCompletableFuture().get(10,
            java.util.concurrent.TimeUnit.SECONDS);
        assertThat(answer).as(carrier.log()).contains("RTP/SAVP").contains("a=crypto:1 AES_CM_128_HMAC_SHA1_80");
        CallMedia media = call.media().toCompletionStage().toCompletableFuture().get(5,
            java.util.concurrent.TimeUnit.SECONDS);
        assertThat(media.negotiated().srtp()).isNotNull();
        media.session().output().switchTo(ToneGenerator.sine(NODE_HZ, 8000));

        // baresip → node: its tone, decrypted by the node
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
          assertThat(received).as(carrier.log()).hasSizeGreaterThan(50);
          short[] last = received.stream().skip(received.size() - 10).reduce(new short[0], SrtpBaresipIT::concat);
          assertThat(Goertzel.relativePower(last, 0, last.length, BARESIP_HZ, 8000)).isGreaterThan(0.5);
        });
        // node → baresip: a digit, read by baresip after decryption
        Thread.sleep(1500);
        media.session().output().sendDigit('7', 100);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
            assertThat(carrier.log()).contains("received event: '7' (end=1)"));
        Thread.sleep(500);
      } finally {
        call.hangup().toCompletionStage().toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS);
        node.directory().delete("demo", Kind.TRUNK, "srtp-carrier", IfMatch.ANY).await();
      }
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
          assertThat(carrier.log()).containsIgnoringCase("terminated"));
      assertThat(carrier.log()).containsPattern("SRTP is Enabled").doesNotContain("failed to decrypt");
      // node → baresip: our tone in what baresip decrypted and recorded
      short[] heard = carrier.received().samples();
      int tone = 0;
      for (int off = 0; off + 800 <= heard.length; off += 800) {
        tone += Goertzel.rms(heard, off, 800) >= Goertzel.SILENCE_RMS
            && Goertzel.relativePower(heard, off, 800, NODE_HZ, 8000) >= 0.5 ? 1 : 0;
      }
      assertThat(tone).as("100 ms windows of the node's tone baresip decrypted, of %d", heard.length / 800)
          .isGreaterThan(15);
    }
    assertThat(node.outbound().activeCalls()).isZero();
  }

  private static short[] concat(short[] a, short[] b) {
    short[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static void setLoopbackTrunk(String mediaEncryption) {
    JsonObject t = node.directory().get("demo", Kind.TRUNK, "loopback").await().orElseThrow();
    t.put("mediaEncryption", mediaEncryption);
    t.remove("version");
    t.remove("id");
    node.directory().put("demo", Kind.TRUNK, "loopback", t, IfMatch.ANY).await();
  }

  private static List<String> waitingCalls() throws Exception {
    return redis.commands().zrange("sb:{demo}:acd:q:support:waiting", 0, -1).get();
  }

  private static List<String> dtmfDigits(String callId) throws Exception {
    return redis.commands().xrange("sb:{demo}:events", Range.create("-", "+")).get().stream()
        .map(StreamMessage::getBody)
        .filter(b -> "call.dtmf".equals(b.get("type")) && callId.equals(b.get("callId")))
        .map(b -> b.get("digit"))
        .toList();
  }
}
