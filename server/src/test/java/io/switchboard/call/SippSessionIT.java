package io.switchboard.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.micrometer.core.instrument.Metrics;
import io.switchboard.Node;
import io.switchboard.acd.TenantStats;
import io.switchboard.config.Settings;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.directory.Kind;
import io.switchboard.media.audio.G711;
import io.switchboard.media.audio.Goertzel;
import io.switchboard.media.session.SessionListener;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.switchboard.redis.EmbeddedRedis;
import io.switchboard.redis.RedisConnections;
import io.switchboard.sip.session.SessionTimerPolicy;
import io.switchboard.support.SippPorts;
import io.switchboard.support.TestNodes;
import io.switchboard.support.Tools;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Within-dialog SIP from a real sipp caller ({@code sipp/*.xml}): hold and resume by re-INVITE (checked on the
 * audio the caller's RTP socket receives), session timers (RFC 4028) refreshed, missing, too short and glare, a late
 * offer, and DTMF by SIP INFO. The node accepts session intervals down to 5 s (sip.min-se-seconds) so that
 * expiry and refreshes happen within seconds.
 */
class SippSessionIT {
  static Node node;
  static RedisConnections redis;
  static final Map<Process, Path> LOGS = new java.util.concurrent.ConcurrentHashMap<>();

  /** One RTP packet received from the node: when, and whether it was audible PCMU. */
  record Heard(long nanos, boolean marker, boolean audible) {}

  @BeforeAll
  static void start() {
    int redisPort = EmbeddedRedis.freePort();
    Map<String, String> settings = new HashMap<>(TestNodes.randomRtpPorts(200));
    settings.put("redis.embedded.port", String.valueOf(redisPort));
    settings.put("sip.min-se-seconds", "5");
    node = TestNodes.loopback("sipp-session-it", settings);
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
    TestNodes.awaitNothingLeaks(node, Duration.ofSeconds(5));
  }

  @Test
  void holdStopsTheMusicAndResumeRestartsIt() throws Exception {
    try (DatagramSocket rtp = socket()) {
      Process p = sipp("hold-resume.xml", rtp.getLocalPort());
      List<Heard> heard = listen(rtp, p, 20);
      finished(p);
      long start = heard.get(0).nanos();
      // sipp: 3 s of music, re-INVITE sendonly, 3 s held, re-INVITE sendrecv, 3 s of music, BYE
      List<Heard> before = window(heard, start, 500, 2500);
      List<Heard> held = window(heard, start, 3600, 5400);
      List<Heard> after = window(heard, start, 6600, 8400);
      assertThat(before.stream().filter(Heard::audible).count()).as("music before the hold").isGreaterThan(60);
      assertThat(held).as("nothing sent while held").isEmpty();
      assertThat(after.stream().filter(Heard::audible).count()).as("music after resuming").isGreaterThan(60);
      long gapStart = heard.stream().filter(h -> h.nanos() - start < 4_000_000_000L).mapToLong(Heard::nanos).max()
          .orElseThrow();
      Heard firstAfter = heard.stream().filter(h -> h.nanos() > gapStart).findFirst().orElseThrow();
      assertThat(firstAfter.marker()).as("the stream restarts with the marker bit").isTrue();
    }
  }

  @Test
  void holdAndResumeByReInvitesWithoutSdpTakeTheAnswersInTheAcks() throws Exception {
    try (DatagramSocket rtp = socket()) {
      Process p = sipp("reinvite-no-sdp.xml", rtp.getLocalPort());
      List<Heard> heard = listen(rtp, p, 20);
      finished(p); // both 200s carried the node's offer: all its codecs, sendrecv
      long start = heard.get(0).nanos();
      // sipp: 3 s of music, re-INVITE + ACK answering sendonly, 3 s held, re-INVITE + ACK sendrecv, 3 s, BYE
      List<Heard> before = window(heard, start, 500, 2500);
      List<Heard> held = window(heard, start, 3600, 5400);
      List<Heard> after = window(heard, start, 6600, 8400);
      assertThat(before.stream().filter(Heard::audible).count()).as("music before the hold").isGreaterThan(60);
      assertThat(held).as("nothing sent while held by the ACK's answer").isEmpty();
      assertThat(after.stream().filter(Heard::audible).count()).as("music after resuming").isGreaterThan(60);
    }
  }

  @Test
  void anAckWithoutTheAnswerToOurOfferEndsTheCallWithByeAndIsCounted() throws Exception {
    long abandoned = queue().abandoned();
    double unusable = counter("switchboard.calls.unusable-answer");
    try (DatagramSocket rtp = socket()) {
      Process p = sipp("reinvite-no-answer.xml", rtp.getLocalPort());
      listen(rtp, p, 15);
      finished(p); // sipp got the node's BYE after its bare ACK, and answered it
    }
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      assertThat(queue().abandoned()).as("the ACD was told the caller left").isEqualTo(abandoned + 1);
      assertThat(counter("switchboard.calls.unusable-answer")).isEqualTo(unusable + 1);
    });
  }

  @Test
  void theAnswerToAnOutboundRefreshReInviteMovesTheMediaToItsNewPort() throws Exception {
    node.outbound().sessionTimers(new SessionTimerPolicy(10, 5));
    int port;
    try (DatagramSocket free = socket()) {
      port = free.getLocalPort();
    }
    try (DatagramSocket rtp = socket(); DatagramSocket moved = socket()) {
      Path xml = Path.of(SippSessionIT.class.getResource("/sipp/uas-reinvite-refresh.xml").toURI());
      Path log = Files.createTempFile("sipp-uas", ".log");
      log.toFile().deleteOnExit();
      Process p = new ProcessBuilder(Tools.require("sipp").toString(), "-sf", xml.toString(), "-i", "127.0.0.1",
          "-p", Integer.toString(port), "-key", "rtpport", Integer.toString(rtp.getLocalPort()),
          "-key", "rtpport2", Integer.toString(moved.getLocalPort()), "-m", "1",
          "-timeout", "30s", "-timeout_error", "-nostdin").redirectErrorStream(true).redirectOutput(log.toFile())
          .start();
      logged(log, p);
      await().atMost(Duration.ofSeconds(5)).until(() -> bound(port));
      node.directory().create("demo", Kind.TRUNK, "moving", new JsonObject().put("name", "moving")
          .put("addresses", new JsonArray().add(new JsonObject().put("host", "127.0.0.1").put("port", port)))
          .put("allowedSources", new JsonArray().add("127.0.0.1"))).await();
      OutboundCall call = node.outbound().originate("demo", "moving", "+15550199", "+15550100",
          new SessionListener() {}).await();
      call.answered().await();
      call.media().await().session().output().switchTo(node.media().prompts().musicLoop());
      long t0 = System.nanoTime();
      assertThat(countUntil(rtp, t0 + 2_000_000_000L)).as("RTP to the port of the first answer").isGreaterThan(50);
      // the trunk allows no UPDATE: the refresh at 5 s is a re-INVITE, answered with the other port
      long firstOnMoved = System.nanoTime();
      while (countUntil(moved, System.nanoTime() + 200_000_000L) == 0) {
        assertThat(System.nanoTime() - t0).as("RTP on the new port within 8 s").isLessThan(8_000_000_000L);
        firstOnMoved = System.nanoTime();
      }
      assertThat(countUntil(moved, System.nanoTime() + 1_000_000_000L)).as("the stream goes on at the new port")
          .isGreaterThan(40);
      rtp.setSoTimeout(50);
      drain(rtp, System.nanoTime() + 2_000_000_000L); // what was sent there before the move
      assertThat(countUntil(rtp, System.nanoTime() + 500_000_000L)).as("nothing to the old port any more").isZero();
      assertThat(firstOnMoved - t0).as("moved by the refresh, not before").isGreaterThan(3_500_000_000L);
      call.hangup().await();
      assertThat(call.ended().await()).isEqualTo("local-bye");
      finished(p); // sipp got the refresh re-INVITE (Session-Expires 10;refresher=uac, our offer), its ACK, the BYE
    } finally {
      node.outbound().sessionTimers(SwitchboardConfig.from(Settings.of(Map.of())).sessionTimers());
      node.directory().delete("demo", Kind.TRUNK, "moving", io.switchboard.directory.IfMatch.ANY).await();
    }
  }

  @Test
  void refreshesEveryFewSecondsKeepALongCallUp() throws Exception {
    long abandoned = queue().abandoned();
    double expired = expiredCount();
    try (DatagramSocket rtp = socket()) {
      Process p = sipp("refresh-uac.xml", rtp.getLocalPort());
      List<Heard> heard = listen(rtp, p, 30);
      finished(p); // every refresh got 200 with Session-Expires 10;refresher=uac, and the caller's BYE got 200
      assertThat(heard.get(heard.size() - 1).nanos() - heard.get(0).nanos()).as("music for the whole 15 s call")
          .isGreaterThan(14_000_000_000L);
    }
    assertThat(expiredCount()).as("no session expired").isEqualTo(expired);
    await().atMost(Duration.ofSeconds(5)).until(() -> queue().abandoned() == abandoned + 1); // its own BYE
  }

  @Test
  void aSessionWhoseRefreshNeverComesEndsWithByeAndIsCounted() throws Exception {
    long abandoned = queue().abandoned();
    double expired = expiredCount();
    try (DatagramSocket rtp = socket()) {
      long t0 = System.nanoTime();
      Process p = sipp("no-refresh.xml", rtp.getLocalPort());
      listen(rtp, p, 20);
      finished(p); // sipp got the node's BYE and answered it
      long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
      assertThat(seconds).as("BYE 10 - min(32, 10/3) = 7 s after the 200, not before").isBetween(6L, 10L);
    }
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      assertThat(queue().abandoned()).as("the ACD was told the caller left").isEqualTo(abandoned + 1);
      assertThat(expiredCount()).isEqualTo(expired + 1);
    });
  }

  @Test
  void aTooShortSessionIntervalGets422WithMinSe() throws Exception {
    Process p = sipp("too-small.xml", 9);
    long abandoned = queue().abandoned();
    finished(p); // the 422 carried Min-SE: 5
    await().atMost(Duration.ofSeconds(5)).until(() -> node.calls().activeCalls() == 0);
    assertThat(queue().abandoned()).as("refused before the queue: nothing counted").isEqualTo(abandoned);
  }

  @Test
  void reInvitesThatCrossGet491AndOursIsRetried() throws Exception {
    try (DatagramSocket rtp = socket()) {
      Process p = sipp("glare.xml", rtp.getLocalPort());
      listen(rtp, p, 25);
      finished(p); // 491 to the caller's crossing re-INVITE; ours retried after its 491 and answered 200
    }
  }

  @Test
  void aLateOfferIsAnsweredInTheAckAndTheCallerHearsMusic() throws Exception {
    try (DatagramSocket rtp = socket()) {
      Process p = sipp("late-offer.xml", rtp.getLocalPort());
      List<Heard> heard = listen(rtp, p, 15);
      finished(p);
      assertThat(heard.stream().filter(Heard::audible).count()).as("music to the address in the ACK's answer")
          .isGreaterThan(80);
    }
  }

  @Test
  void infoDigitsReachTheAcdLikeRtpOnes() throws Exception {
    try (DatagramSocket rtp = socket()) {
      Process p = sipp("info-dtmf.xml", rtp.getLocalPort());
      await().atMost(Duration.ofSeconds(5)).until(() -> node.calls().activeCallIds().size() == 1);
      String callId = node.calls().activeCallIds().iterator().next();
      listen(rtp, p, 15);
      finished(p); // 200, 200, then 415 for text/plain
      List<Map<String, String>> events = redis.commands().xrange("sb:{demo}:events", Range.create("-", "+")).get()
          .stream().map(StreamMessage::getBody)
          .filter(b -> "call.dtmf".equals(b.get("type")) && callId.equals(b.get("callId"))).toList();
      assertThat(events).hasSize(2);
      assertThat(events.get(0)).containsEntry("digit", "5").containsEntry("durationMs", "160")
          .containsEntry("queue", "support");
      assertThat(events.get(1)).containsEntry("digit", "7");
    }
  }

  @Test
  void anOutboundCallRefreshesItsSessionByUpdateWhileTheTrunkAllowsIt() throws Exception {
    node.outbound().sessionTimers(new SessionTimerPolicy(6, 5));
    int port;
    try (DatagramSocket free = socket()) {
      port = free.getLocalPort();
    }
    try (DatagramSocket rtp = socket()) {
      Path xml = Path.of(SippSessionIT.class.getResource("/sipp/uas-refresh.xml").toURI());
      Path log = Files.createTempFile("sipp-uas", ".log");
      log.toFile().deleteOnExit();
      Process p = new ProcessBuilder(Tools.require("sipp").toString(), "-sf", xml.toString(), "-i", "127.0.0.1",
          "-p", Integer.toString(port), "-key", "rtpport", Integer.toString(rtp.getLocalPort()), "-m", "1",
          "-timeout", "30s", "-timeout_error", "-nostdin").redirectErrorStream(true).redirectOutput(log.toFile())
          .start();
      logged(log, p);
      await().atMost(Duration.ofSeconds(5)).until(() -> bound(port));
      node.directory().create("demo", Kind.TRUNK, "refreshing", new JsonObject().put("name", "refreshing")
          .put("addresses", new JsonArray().add(new JsonObject().put("host", "127.0.0.1").put("port", port)))
          .put("allowedSources", new JsonArray().add("127.0.0.1"))).await();
      OutboundCall call = node.outbound().originate("demo", "refreshing", "+15550199", "+15550100",
          new SessionListener() {}).await();
      call.answered().await(); // sipp checked our INVITE offered Session-Expires
      Thread.sleep(7_500); // the 2xx said 6 s, refresher=uac (us): UPDATE at 3 s and 6 s, both answered 200
      assertThat(call.state()).as("still up after more than the session interval").isEqualTo(OutboundCall.State.CONNECTED);
      call.hangup().await();
      assertThat(call.ended().await()).isEqualTo("local-bye");
      finished(p); // sipp got both UPDATEs (Session-Expires 6;refresher=uac) and the BYE
    } finally {
      node.outbound().sessionTimers(SwitchboardConfig.from(Settings.of(Map.of())).sessionTimers());
    }
  }

  // ------------------------------------------------------------------ support

  private static String read(Path log) {
    try {
      return log == null ? "" : Files.readString(log);
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }

  private static boolean bound(int port) {
    try (DatagramSocket s = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
      return false;
    } catch (Exception e) {
      return true;
    }
  }

  private static DatagramSocket socket() throws Exception {
    DatagramSocket s = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"));
    s.setSoTimeout(200);
    return s;
  }

  private static Process sipp(String scenario, int rtpPort) throws Exception {
    Path sipp = Tools.require("sipp");
    Path xml = Path.of(SippSessionIT.class.getResource("/sipp/" + scenario).toURI());
    Path log = Files.createTempFile("sipp-session", ".log");
    log.toFile().deleteOnExit();
    return logged(log, new ProcessBuilder(sipp.toString(), "-sf", xml.toString(), "-s", "+15550100",
        "-key", "rtpport", String.valueOf(rtpPort), "-i", "127.0.0.1", "-p", String.valueOf(SippPorts.freeSignalingPort()),
        "-mp", String.valueOf(SippPorts.freeMediaPort()), "-m", "1", "-l", "1", "-nostdin", "-recv_timeout", "15000",
        "-timeout", "40s", "-timeout_error", "127.0.0.1:" + node.sipPort())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start());
  }

  private static Process logged(Path log, Process p) {
    LOGS.put(p, log);
    return p;
  }

  /** Waits for sipp; asserts it passed (its log otherwise). */
  private static void finished(Process p) throws Exception {
    try {
      assertThat(p.waitFor(40, TimeUnit.SECONDS)).as("sipp finished").isTrue();
      Path log = LOGS.remove(p);
      assertThat(p.exitValue()).as(() -> "sipp exit code\n" + read(log)).isZero();
    } finally {
      p.destroyForcibly();
    }
  }

  /** What arrives on {@code rtp} until sipp exits (or {@code maxSeconds}). */
  private static List<Heard> listen(DatagramSocket rtp, Process sipp, int maxSeconds) throws Exception {
    List<Heard> out = new ArrayList<>();
    short[] pcm = new short[2048];
    byte[] buf = new byte[2048];
    long end = System.nanoTime() + maxSeconds * 1_000_000_000L;
    while (System.nanoTime() < end && (sipp.isAlive() || out.isEmpty() && System.nanoTime() < end)) {
      DatagramPacket d = new DatagramPacket(buf, buf.length);
      try {
        rtp.receive(d);
      } catch (SocketTimeoutException e) {
        if (!sipp.isAlive()) {
          break;
        }
        continue;
      }
      int off = 12 + 4 * (buf[0] & 0x0f);
      if ((buf[1] & 0x7f) != 0 || d.getLength() <= off) {
        continue;
      }
      int len = d.getLength() - off;
      byte[] payload = new byte[len];
      System.arraycopy(buf, off, payload, 0, len);
      G711.decodeUlaw(payload, 0, len, pcm);
      out.add(new Heard(System.nanoTime(), (buf[1] & 0x80) != 0, Goertzel.rms(pcm, 0, len) > Goertzel.SILENCE_RMS));
    }
    assertThat(out).as("RTP received").isNotEmpty();
    return out;
  }

  private static List<Heard> window(List<Heard> heard, long start, long fromMs, long toMs) {
    return heard.stream().filter(h -> h.nanos() - start >= fromMs * 1_000_000L && h.nanos() - start < toMs * 1_000_000L)
        .toList();
  }

  /** RTP packets arriving on {@code s} until {@code endNanos} (the old ones drained first are counted too). */
  private static int countUntil(DatagramSocket s, long endNanos) throws Exception {
    int n = 0;
    byte[] buf = new byte[2048];
    while (System.nanoTime() < endNanos) {
      try {
        s.receive(new DatagramPacket(buf, buf.length));
        n++;
      } catch (SocketTimeoutException e) {
        // nothing in this slice
      }
    }
    return n;
  }

  /** Reads {@code s} until a receive times out or {@code endNanos}. */
  private static void drain(DatagramSocket s, long endNanos) throws Exception {
    byte[] buf = new byte[2048];
    try {
      while (System.nanoTime() < endNanos) {
        s.receive(new DatagramPacket(buf, buf.length));
      }
    } catch (SocketTimeoutException e) {
      // drained
    }
  }

  private static double counter(String name) {
    var c = Metrics.globalRegistry.find(name).counter();
    return c == null ? 0 : c.count();
  }

  private static double expiredCount() {
    var c = Metrics.globalRegistry.find("switchboard.calls.session-expired").counter();
    return c == null ? 0 : c.count();
  }

  /** The support queue's statistics (zeros before its first call: the ACD lists a queue from then on). */
  private static TenantStats.QueueStats queue() {
    return node.acd().stats("demo").await().queues().stream().filter(s -> s.queue().equals("support")).findFirst()
        .orElseGet(() -> new TenantStats.QueueStats("support", 0, 0, 0, 0, 0, 0, 0, null));
  }
}
