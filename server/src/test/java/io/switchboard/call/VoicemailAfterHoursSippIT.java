package io.switchboard.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.Node;
import io.switchboard.acd.CallStatus;
import io.switchboard.acd.TenantStats;
import io.switchboard.directory.Kind;
import io.switchboard.media.audio.Goertzel;
import io.switchboard.support.SippPorts;
import io.switchboard.support.TestClock;
import io.switchboard.support.TestNodes;
import io.switchboard.support.TonePcap;
import io.switchboard.support.Tools;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A queue's after-hours rule {@code voicemail} with real SIP callers (sipp speaking a {@value #TONE_HZ} Hz tone from
 * an RTP pcap, then # as RFC 4733) and the hours judged by a {@link TestClock}: a caller arriving while the queue is
 * closed leaves a message instead of hearing the closed prompt, and a caller waiting when the queue closes is closed
 * out, then leaves one; either way the stored WAV holds the tone and the message waits in the queue as a virtual call
 * (no node) with the caller's number; the one that waited keeps its place (its enqueue time). A caller who falls
 * silent is cut off after the silence timeout, its message kept.
 */
class VoicemailAfterHoursSippIT {
  static final String T = "demo";
  static final String QUEUE = "vm-after-hours";
  static final String NUMBER = "+15550178";
  static final double TONE_HZ = 700;
  /** Mon-Fri 09:00-17:00 UTC; 2026-12-07 is a Monday. */
  static final Instant MONDAY_NIGHT = Instant.parse("2026-12-07T20:00:00Z");
  static final Instant MONDAY_BEFORE_CLOSE = Instant.parse("2026-12-07T16:59:00Z");
  static final Instant MONDAY_CLOSED = Instant.parse("2026-12-07T17:00:01Z");
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static Node node;
  static TestClock clock;
  @TempDir
  Path tmp;

  @BeforeAll
  static void start() {
    node = TestNodes.loopback("vm-hours-sipp-it", Map.of());
    clock = new TestClock(MONDAY_NIGHT.toEpochMilli());
    node.calls().clock(clock);
    JsonArray weekly = new JsonArray();
    for (String d : List.of("mon", "tue", "wed", "thu", "fri")) {
      weekly.add(new JsonObject().put("day", d).put("open", "09:00").put("close", "17:00"));
    }
    put(Kind.BUSINESS_HOURS, "vm-hours", new JsonObject().put("name", "IT hours").put("timezone", "UTC")
        .put("weekly", weekly));
    put(Kind.QUEUE, QUEUE, new JsonObject().put("name", "Messages after hours").put("businessHours", "vm-hours")
        .put("afterHours", "voicemail"));
    put(Kind.PHONE_NUMBER, NUMBER.substring(1), new JsonObject().put("number", NUMBER).put("queue", QUEUE));
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.stop();
    }
  }

  @Test
  void aCallerArrivingWhileClosedLeavesAMessageThatWaitsInTheQueue() throws Exception {
    clock.setMillis(MONDAY_NIGHT.toEpochMilli());
    Instant started = Instant.now().minusMillis(500);
    long before = waiting();
    // the greeting and the beep start at the answer: speak after them
    Process caller = caller(greetingAndBeepMs() - 1500 + 700);
    assertThat(caller.waitFor(40, TimeUnit.SECONDS)).isTrue();
    assertThat(caller.exitValue()).as("the node hung up after #\n" + Files.readString(tmp.resolve("caller.out")))
        .isZero();
    await().atMost(Duration.ofSeconds(10)).until(() -> waiting() == before + 1);
    String[] rec = lastVoicemail(started);
    CallStatus st = node.acd().call(T, rec[1]).await();
    assertThat(st.state()).isEqualTo("waiting");
    assertThat(st.voicemail()).isEqualTo(rec[0]);
    assertThat(st.node()).as("owned by the queue").isNull();
    assertThat(st.caller()).isEqualTo("+15557650000");
    assertTone(rec[0]);
    node.acd().callerHangup(T, rec[1]).await(); // out of the queue for the next test
  }

  @Test
  void aCallerWaitingWhenTheQueueClosesIsClosedOutThenLeavesAMessageThatKeepsItsPlace() throws Exception {
    clock.setMillis(MONDAY_BEFORE_CLOSE.toEpochMilli());
    Instant started = Instant.now().minusMillis(500);
    long before = waiting();
    // it waits; the test closes the queue at once; the closing (≤ 1 s), then the greeting and the beep
    Process caller = caller(greetingAndBeepMs() + 1500);
    await().atMost(Duration.ofSeconds(5)).until(() -> waiting() == before + 1);
    String callId = node.calls().activeCallIds().iterator().next();
    long enqueuedAt = node.acd().call(T, callId).await().enqueuedEpochMs();
    clock.setMillis(MONDAY_CLOSED.toEpochMilli());
    await().atMost(Duration.ofSeconds(5)).until(() -> "closed".equals(node.acd().call(T, callId).await().state()));
    assertThat(caller.waitFor(40, TimeUnit.SECONDS)).isTrue();
    assertThat(caller.exitValue()).as(Files.readString(tmp.resolve("caller.out"))).isZero();
    await().atMost(Duration.ofSeconds(10)).until(() -> "waiting".equals(node.acd().call(T, callId).await().state()));
    String[] rec = lastVoicemail(started);
    assertThat(rec[1]).as("the same call: one interaction").isEqualTo(callId);
    CallStatus st = node.acd().call(T, callId).await();
    assertThat(st.voicemail()).isEqualTo(rec[0]);
    assertThat(st.enqueuedEpochMs()).as("its place").isEqualTo(enqueuedAt);
    assertThat(st.node()).isNull();
    assertTone(rec[0]);
    node.acd().callerHangup(T, callId).await();
  }

  @Test
  void aCallerWhoFallsSilentIsCutOffAfterTheSilenceTimeoutAndTheMessageIsKept() throws Exception {
    clock.setMillis(MONDAY_NIGHT.toEpochMilli());
    Instant started = Instant.now().minusMillis(500);
    long before = waiting();
    // 2 s of tone, then silence and no #: the node ends the message after voicemail.silence-timeout-seconds (10)
    Process caller = caller(greetingAndBeepMs() - 1500 + 700, 2, false, 16_000);
    assertThat(caller.waitFor(40, TimeUnit.SECONDS)).isTrue();
    assertThat(caller.exitValue()).as("the node's BYE came\n" + Files.readString(tmp.resolve("caller.out")))
        .isZero();
    await().atMost(Duration.ofSeconds(10)).until(() -> waiting() == before + 1);
    String[] rec = lastVoicemail(started);
    long ms = lengthMs(rec[0]);
    assertThat(ms).as("0.7 s, the tone, then 10 s of silence").isBetween(12_000L, 14_000L);
    assertTone(rec[0]);
    node.acd().callerHangup(T, rec[1]).await();
  }

  /** The stored message's length, in ms. */
  private static long lengthMs(String recordingId) throws Exception {
    try (Connection c = node.database().dataSource().getConnection();
         PreparedStatement st = c.prepareStatement("SELECT duration_ms FROM recordings WHERE id = ?")) {
      st.setString(1, recordingId);
      try (ResultSet rs = st.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return rs.getLong(1);
      }
    }
  }

  /** From the answer to the end of the beep (Voicemails: 200 ms, the greeting, 300 ms, the beep). */
  private static long greetingAndBeepMs() throws Exception {
    try (var in = VoicemailAfterHoursSippIT.class.getResourceAsStream("/audio/prompts/en/voicemail-greeting.ul")) {
      return 200 + in.readAllBytes().length / 8 + 300 + 400;
    }
  }

  /** sipp calling {@link #NUMBER}: 1.5 s after the answer and {@code pauseMs} more, 3 s of tone, then #. */
  private Process caller(long pauseMs) throws Exception {
    return caller(pauseMs, 3, true, 8000);
  }

  /**
   * sipp calling {@link #NUMBER}: 1.5 s after the answer and {@code pauseMs} more, {@code toneSeconds} of tone, then
   * # when {@code pound}; then it waits {@code waitMs} for the node's BYE (none in time fails it).
   */
  private Process caller(long pauseMs, int toneSeconds, boolean pound, long waitMs) throws Exception {
    Path sipp = Tools.require("sipp");
    Path tone = TonePcap.write(tmp.resolve("tone.pcap"), TONE_HZ, 8000, toneSeconds);
    String template = Files.readString(Path.of(VoicemailAfterHoursSippIT.class.getResource("/sipp/press-digit.xml")
        .toURI()));
    String presses = "<pause milliseconds=\"" + pauseMs + "\"/>\n"
        + "<nop><action><exec play_pcap_audio=\"" + tone + "\"/></action></nop>\n"
        + "<pause milliseconds=\"" + (toneSeconds * 1000 + 400) + "\"/>\n"
        + (pound ? "<nop><action><exec play_pcap_audio=\"/usr/share/sip-tester/dtmf_2833_pound.pcap\"/></action></nop>\n"
            : "");
    Path scenario = tmp.resolve("caller.xml");
    Files.writeString(scenario, template.replace("@PRESSES@", presses).replace("@WAIT@", String.valueOf(waitMs))
        .replace("@ONTIMEOUT@", ""));
    return new ProcessBuilder(sipp.toString(), "-sf", scenario.toString(), "-s", NUMBER,
        "-i", "127.0.0.1", "-p", String.valueOf(SippPorts.freeSignalingPort()),
        "-mp", String.valueOf(SippPorts.freeMediaPort()), "-m", "1", "-l", "1", "-nostdin",
        "-timeout", "40s", "-timeout_error", "127.0.0.1:" + node.sipPort())
        .directory(tmp.toFile()).redirectErrorStream(true).redirectOutput(tmp.resolve("caller.out").toFile())
        .start();
  }

  /** The message's WAV, fetched by a supervisor, is mono 8 kHz and carries the tone for half a second at least. */
  private static void assertTone(String recordingId) throws Exception {
    HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort()
            + "/api/v1/recordings/" + recordingId + "/audio"))
        .header("Authorization", "Bearer " + TestNodes.login(node.httpPort(), "sam")).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(r.body()))) {
      assertThat(in.getFormat().getChannels()).isEqualTo(1);
      assertThat(in.getFormat().getSampleRate()).isEqualTo(8000f);
      byte[] pcm = in.readAllBytes();
      short[] s = new short[pcm.length / 2];
      ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(s);
      assertThat(s.length).as("a message from the beep to #").isGreaterThan(8 * 2600);
      double best = 0; // the tone fills some half second of it (where depends on when the greeting ended)
      for (int from = 0; from + 4000 <= s.length; from += 400) {
        best = Math.max(best, Goertzel.relativePower(s, from, 4000, TONE_HZ, 8000));
      }
      // half a second, not a whole one: on a loaded machine the greeting may end late, so less of the caller's 2 s
      // falls after the beep, and late packets are stored as silence whose edges spread energy (whole seconds
      // scored 0.69 and 0.79 in CI); the greeting, the beep or silence score far below 0.8
      assertThat(best).as("the caller's tone").isGreaterThan(0.8);
    }
  }

  /** {recording id, call id} of the newest voicemail since {@code since}, once in the catalogue. */
  private static String[] lastVoicemail(Instant since) throws Exception {
    String[] out = new String[2];
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      try (Connection c = node.database().dataSource().getConnection();
           PreparedStatement st = c.prepareStatement("SELECT id, call_id FROM recordings WHERE tenant = ? "
               + "AND id LIKE 'vm-%' AND queue = ? AND started_at >= ? ORDER BY started_at DESC LIMIT 1")) {
        st.setString(1, T);
        st.setString(2, QUEUE);
        st.setObject(3, java.time.OffsetDateTime.ofInstant(since, java.time.ZoneOffset.UTC));
        try (ResultSet rs = st.executeQuery()) {
          assertThat(rs.next()).as("a voicemail in the catalogue").isTrue();
          out[0] = rs.getString(1);
          out[1] = rs.getString(2);
        }
      }
    });
    return out;
  }

  private static long waiting() {
    return node.acd().stats(T).await().queues().stream().filter(s -> s.queue().equals(QUEUE))
        .mapToLong(TenantStats.QueueStats::waiting).sum();
  }

  private static void put(Kind kind, String id, JsonObject body) {
    node.directory().put(T, kind, id, body, null).await();
  }
}
