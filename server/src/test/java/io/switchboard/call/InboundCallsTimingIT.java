package io.switchboard.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.Node;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.support.TestNodes;
import io.switchboard.sip.SipResponse;
import io.switchboard.support.TestNodes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import io.switchboard.media.audio.G711;
import io.switchboard.media.audio.Goertzel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Inbound calls on a node with a 1 s answer delay (sip.answer-delay-ms: CANCEL between 180 and 200 OK) and an
 * announcement every 2 s (media.announcement-interval-seconds).
 */
class InboundCallsTimingIT {
  static Node node;

  @BeforeAll
  static void start() {
    // RTP ports apart from the default range other test JVMs on this machine may be using at the same time
    int rtpBase = 10_000 + 2 * java.util.concurrent.ThreadLocalRandom.current().nextInt(4500);
    node = Node.start(SwitchboardConfig.from(TestNodes.settings(Map.of(
        "http.host", "127.0.0.1", "http.port", "0",
        "sip.host", "127.0.0.1", "sip.port", "0", "sip.answer-delay-ms", "1000",
        "media.bind-host", "127.0.0.1", "media.announcement-interval-seconds", "2",
        "media.rtp-port-min", String.valueOf(rtpBase), "media.rtp-port-max", String.valueOf(rtpBase + 399),
        "auth.bcrypt.cost", "4"))), new PrintStream(new ByteArrayOutputStream()));
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

  /** A CANCEL copied by someone outside the caller's trunk sources gets 403 and the call goes on to be answered. */
  @Test
  void aStrangersCancelDoesNotEndTheCall() throws Exception {
    try (SipCaller caller = new SipCaller(node.vertx(), "127.0.0.1", node.sipPort())) {
      SipResponse ok = caller.inviteWithStrangersCancel("+15550100", 180, "127.0.0.2");
      assertThat(ok.status()).as("the INVITE is answered, not cancelled").isEqualTo(200);
      caller.ack(ok);
      assertThat(node.calls().activeCalls()).isEqualTo(1);
      assertThat(caller.bye().status()).isEqualTo(200);
    }
  }

  /**
   * RFC 3261 §15: the caller ends the early dialog of our 180 with BYE. It gets 200, the INVITE 487, and the call is
   * never answered or enqueued (it used to get 481, and the call was answered and enqueued for a caller who had gone,
   * until Timer L ended it 32 s later).
   */
  @Test
  void aByeAfterRingingEndsTheCallBeforeItIsAnswered() throws Exception {
    long offeredBefore = offered();
    try (SipCaller caller = new SipCaller(node.vertx(), "127.0.0.1", node.sipPort())) {
      SipResponse[] r = caller.inviteThenByeAfter("+15550100", 180);
      assertThat(r[1].status()).as("BYE response").isEqualTo(200);
      assertThat(r[0].status()).as("INVITE final response").isEqualTo(487);
    }
    assertThat(node.calls().activeCalls()).as("calls right after the BYE").isZero();
    Thread.sleep(1200); // past the answer delay: no late 200 OK, no enqueue
    assertThat(offered()).as("calls offered to queues").isEqualTo(offeredBefore);
  }

  private static long offered() {
    return node.acd().stats("demo").await().queues().stream().mapToLong(q -> q.offered()).sum();
  }

  /**
   * The caller hears the music loop, then (after 2 s of music) the spoken announcement, then the music again.
   * A frame is "music" when its bytes occur in the shipped loop (hold.ul), "silent" below the silence RMS,
   * "speech" otherwise.
   */
  @Test
  void musicGivesWayToTheAnnouncementAndComesBack() throws Exception {
    byte[] music = normalise(InboundCallsTimingIT.class.getResourceAsStream("/audio/music/hold.ul").readAllBytes());
    Map<Long, List<Integer>> index = new HashMap<>();
    for (int i = 0; i + 8 <= music.length; i++) {
      index.computeIfAbsent(key(music, i), k -> new ArrayList<>()).add(i);
    }
    try (SipCaller caller = new SipCaller(node.vertx(), "127.0.0.1", node.sipPort())) {
      SipResponse ok = caller.invite("+15550100");
      assertThat(ok.status()).isEqualTo(200);
      caller.ack(ok);
      StringBuilder labels = new StringBuilder();
      for (int i = 0; i < 500 && !labels.toString().matches("(?s).*M{25}.*S{25}.*M{25}.*"); i++) {
        labels.append(label(caller.nextRtpPayload(), music, index));
      }
      String heard = labels.toString();
      assertThat(heard).as("frames heard (M music, S speech, _ silence, x none)")
          .matches("(?s)[_x]*M{25}[M_x]*S[S_x]*S{10}[S_x]*M{25}.*");
      assertThat(caller.bye().status()).isEqualTo(200);
    }
  }

  private static char label(byte[] payload, byte[] music, Map<Long, List<Integer>> index) {
    if (payload == null || payload.length < 8) {
      return 'x';
    }
    byte[] p = normalise(payload.clone());
    for (int start : index.getOrDefault(key(p, 0), List.of())) {
      boolean same = true;
      for (int j = 0; j < p.length && same; j++) {
        same = p[j] == music[(start + j) % music.length];
      }
      if (same) {
        return 'M';
      }
    }
    short[] pcm = new short[p.length];
    G711.decodeUlaw(p, 0, p.length, pcm);
    return Goertzel.rms(pcm, 0, p.length) > Goertzel.SILENCE_RMS ? 'S' : '_';
  }

  /** µ-law 0x7F (-0) and 0xFF (+0) both decode to 0, which encodes back as 0xFF. */
  private static byte[] normalise(byte[] ulaw) {
    for (int i = 0; i < ulaw.length; i++) {
      if (ulaw[i] == 0x7F) {
        ulaw[i] = (byte) 0xFF;
      }
    }
    return ulaw;
  }

  private static long key(byte[] b, int off) {
    long k = 0;
    for (int i = 0; i < 8; i++) {
      k = (k << 8) | (b[off + i] & 0xFF);
    }
    return k;
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
