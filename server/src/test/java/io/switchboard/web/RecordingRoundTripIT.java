package io.switchboard.web;

import io.switchboard.support.StereoWav;
import static io.switchboard.web.SoftphoneFixture.expect;
import static io.switchboard.web.SoftphoneFixture.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.switchboard.directory.Kind;
import io.switchboard.media.audio.Goertzel;
import io.switchboard.support.BaresipCaller;
import io.switchboard.support.TestNodes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Call recording end to end: a baresip SIP caller playing {@value #CALLER_HZ} Hz, Debian Chromium as the agent
 * (its fake microphone {@value #AGENT_HZ} Hz) answering through the node's WebRTC leg. With the queue's default
 * policy ({@code none}) nothing is recorded. With {@code all} (set through the admin API, which refuses a bad value
 * naming the field) the softphone shows the recording indicator, the agent pauses and resumes; after the call the
 * API lists the recording and serves a WAV whose channel 1 carries the caller's tone and channel 2 the agent's at the
 * right seconds, silent in both during the paused span, as long as the call's talk time (within 0.2 s); a Range
 * request gets 206 and exactly those bytes, a bad one 416; another tenant's admin gets 404, the agent 403; every
 * listen is logged.
 */
class RecordingRoundTripIT {
  static final double AGENT_HZ = 1000;
  static final double CALLER_HZ = 440;
  static final String ADMIN_PASSWORD = "recording-admin-pass-1";
  @RegisterExtension
  static final SoftphoneFixture fx = new SoftphoneFixture("recording-it",
      Map.of("bootstrap.admin.password", ADMIN_PASSWORD), AGENT_HZ);
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void aRecordedCallPlaysBackWithTheCallerAndWhatTheCallerHeardInTwoChannels() throws Exception {
    int port = fx.web().node.httpPort();
    String admin = TestNodes.login(port, "demo", "admin", ADMIN_PASSWORD);
    Page agent = fx.page();
    List<String> agentErrors = Browsers.errors(agent);
    signIn(agent, "/", "alice");
    expect(agent.locator("#conn")).hasText("Connected");

    // policy none (the demo queue's default): a call records nothing
    String unrecorded = call(agent, c -> {
      expect(agent.locator("#rec-indicator")).isHidden();
      agent.waitForTimeout(1000);
    });
    assertThat(list(admin, unrecorded).getJsonArray("items")).as("policy none records nothing").isEmpty();

    // policy all, through the admin API (a bad value names the field)
    HttpResponse<String> bad = send(admin, "PUT", "/api/v1/queues/support", queueWith("sometimes", admin));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(new JsonObject(bad.body()).getJsonArray("errors").getJsonObject(0).getString("field"))
        .isEqualTo("recording");
    HttpResponse<String> ok = send(admin, "PUT", "/api/v1/queues/support", queueWith("all", admin));
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    assertThat(new JsonObject(ok.body()).getString("recording")).isEqualTo("all");

    long[] marks = new long[3]; // test's clock: answered, paused, resumed (ms)
    String callId = call(agent, c -> {
      marks[0] = c;
      expect(agent.locator("#rec-indicator")).hasAttribute("data-state", "recording");
      expect(agent.locator("#rec-indicator")).isVisible();
      agent.waitForTimeout(2500); // talking, recorded
      agent.click("#rec-pause");
      expect(agent.locator("#rec-indicator")).hasAttribute("data-state", "paused");
      marks[1] = System.currentTimeMillis();
      agent.waitForTimeout(2000); // "my card number is ..."
      agent.click("#rec-pause");
      expect(agent.locator("#rec-indicator")).hasAttribute("data-state", "recording");
      marks[2] = System.currentTimeMillis();
      agent.waitForTimeout(2500);
    });

    // the API lists it, complete
    JsonObject rec = await().atMost(Duration.ofSeconds(10)).until(() -> {
      JsonArray items = list(admin, callId).getJsonArray("items");
      return items.size() == 1 && "complete".equals(items.getJsonObject(0).getString("status"))
          ? items.getJsonObject(0) : null;
    }, r -> r != null);
    assertThat(rec.getString("agentId")).isEqualTo("alice");
    assertThat(rec.getString("queue")).isEqualTo("support");
    assertThat(rec.getInteger("channels")).isEqualTo(2);
    JsonArray spans = rec.getJsonArray("pausedSpans");
    assertThat(spans).hasSize(1);
    long pausedFrom = spans.getJsonObject(0).getLong("fromMs");
    long pausedTo = spans.getJsonObject(0).getLong("toMs");
    System.out.println("recording " + rec.encode() + " test marks: paused after " + (marks[1] - marks[0])
        + " ms, resumed after " + (marks[2] - marks[0]) + " ms");
    assertThat(pausedFrom).as("paused at the right second").isCloseTo(marks[1] - marks[0],
        org.assertj.core.data.Offset.offset(1000L));
    assertThat(pausedTo - pausedFrom).as("paused as long as the agent paused").isCloseTo(marks[2] - marks[1],
        org.assertj.core.data.Offset.offset(500L));

    // length = the call's talk time (the ACD's answer to its end), within 0.2 s
    JsonObject interaction = await().atMost(Duration.ofSeconds(15)).until(() -> {
      HttpResponse<String> r = send(admin, "GET", "/api/v1/interactions/" + callId, null);
      JsonObject j = r.statusCode() == 200 ? new JsonObject(r.body()) : null;
      return j != null && j.getString("endedAt") != null ? j : null;
    }, j -> j != null);
    long talkMs = Instant.parse(interaction.getString("endedAt")).toEpochMilli()
        - Instant.parse(interaction.getString("answeredAt")).toEpochMilli();
    assertThat(rec.getLong("durationMs")).as("recording length vs talk time %d ms", talkMs)
        .isCloseTo(talkMs, org.assertj.core.data.Offset.offset(200L));

    // the audio: 200 with the whole WAV, the right tone in the right channel at the right seconds
    String audio = "/api/v1/recordings/" + rec.getString("id") + "/audio";
    HttpResponse<byte[]> whole = bytes(admin, audio, null);
    assertThat(whole.statusCode()).isEqualTo(200);
    assertThat(whole.headers().firstValue("Content-Type")).hasValue("audio/wav");
    assertThat(whole.headers().firstValue("Accept-Ranges")).hasValue("bytes");
    byte[] wav = whole.body();
    assertThat(wav.length).isEqualTo(rec.getLong("bytes").intValue());
    short[][] ch = channels(wav);
    assertThat((long) ch[0].length).as("frames = duration").isCloseTo(rec.getLong("durationMs") * 8,
        org.assertj.core.data.Offset.offset(8L));
    assertTone(ch, pausedFrom - 1700, pausedFrom - 200, "before the pause");
    assertThat(Goertzel.rms(ch[0], ms(pausedFrom + 50), ms(pausedTo - pausedFrom - 100))).as("paused, channel 1")
        .isZero();
    assertThat(Goertzel.rms(ch[1], ms(pausedFrom + 50), ms(pausedTo - pausedFrom - 100))).as("paused, channel 2")
        .isZero();
    assertTone(ch, pausedTo + 300, pausedTo + 1800, "after the resume");

    // a range: 206 and exactly those bytes; a range past the end: 416
    HttpResponse<byte[]> part = bytes(admin, audio, "bytes=44-1043");
    assertThat(part.statusCode()).isEqualTo(206);
    assertThat(part.headers().firstValue("Content-Range")).hasValue("bytes 44-1043/" + wav.length);
    assertThat(part.body()).isEqualTo(Arrays.copyOfRange(wav, 44, 1044));
    HttpResponse<byte[]> past = bytes(admin, audio, "bytes=" + wav.length + "-");
    assertThat(past.statusCode()).isEqualTo(416);
    assertThat(past.headers().firstValue("Content-Range")).hasValue("bytes */" + wav.length);

    // supervisors may too; the agent may not (the tenant does not allow it); another tenant: 404
    assertThat(bytes(TestNodes.login(port, "sam"), audio, "bytes=0-43").statusCode()).isEqualTo(206);
    assertThat(bytes(TestNodes.login(port, "alice"), audio, null).statusCode()).isEqualTo(403);
    String other = otherTenantAdmin(port);
    assertThat(bytes(other, audio, null).statusCode()).isEqualTo(404);
    assertThat(list(other, callId).getJsonArray("items")).isEmpty();

    // every listen is logged: who, which range
    assertThat(listens(rec.getString("id"))).containsExactly("admin null", "admin bytes=44-1043",
        "sam bytes=0-43");
    assertThat(agentErrors).isEmpty();
  }

  @FunctionalInterface
  interface Talk {
    void during(long answeredAtMs) throws Exception;
  }

  /** One call from baresip answered by the agent page: {@code talk} runs while connected; returns its call id. */
  static String call(Page agent, Talk talk) throws Exception {
    agent.selectOption("#status-select", "available");
    expect(agent.locator("#state")).hasText("Available");
    String callId;
    try (BaresipCaller caller = BaresipCaller.dial("+15550100", fx.sipPort(), CALLER_HZ, 40)) {
      expect(agent.locator("#offer")).isVisible();
      agent.click("#accept");
      long answered = System.currentTimeMillis();
      expect(agent.locator("#state")).hasText("On call");
      expect(agent.locator("#media-status")).hasAttribute("data-state", "connected",
          new LocatorAssertions.HasAttributeOptions().setTimeout(15_000));
      Set<String> ids = fx.web().node.calls().activeCallIds();
      assertThat(ids).hasSize(1);
      callId = ids.iterator().next();
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() ->
          Browsers.remoteSpectrum(agent, CALLER_HZ, 300).dominantAt(CALLER_HZ));
      talk.during(answered);
      agent.click("#hangup");
      expect(agent.locator("#wrapup")).isVisible();
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
          assertThat(caller.log()).containsIgnoringCase("terminated"));
    }
    agent.click("#wrapup button[type=submit]");
    expect(agent.locator("#state")).hasText("Available");
    return callId;
  }

  /** The demo queue as stored, with {@code recording} set (id and version left out of the body). */
  static String queueWith(String policy, String admin) throws Exception {
    JsonObject q = new JsonObject(send(admin, "GET", "/api/v1/queues/support", null).body());
    q.remove("id");
    q.remove("version");
    return q.put("recording", policy).encode();
  }

  static void assertTone(short[][] ch, long fromMs, long toMs, String when) {
    int off = ms(fromMs);
    int len = ms(toMs - fromMs);
    assertThat(Goertzel.relativePower(ch[0], off, len, CALLER_HZ, 8000)).as("caller's tone in channel 1, " + when)
        .isGreaterThan(0.5);
    assertThat(Goertzel.relativePower(ch[1], off, len, AGENT_HZ, 8000)).as("agent's tone in channel 2, " + when)
        .isGreaterThan(0.5);
    assertThat(Goertzel.relativePower(ch[0], off, len, AGENT_HZ, 8000)).as("no agent in channel 1, " + when)
        .isLessThan(0.1);
  }

  static int ms(long ms) {
    return (int) ms * 8;
  }

  /** The two channels of a 16-bit stereo WAV, read by the JDK. */
  static short[][] channels(byte[] wav) throws Exception {
    StereoWav w = StereoWav.read(wav);
    assertThat(w.format().getChannels()).isEqualTo(2);
    assertThat(w.format().getSampleRate()).isEqualTo(8000f);
    assertThat(w.format().getSampleSizeInBits()).isEqualTo(16);
    return w.channels();
  }


  static JsonObject list(String token, String callId) throws Exception {
    HttpResponse<String> r = send(token, "GET", "/api/v1/recordings?callId=" + callId, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body());
  }

  static HttpResponse<String> send(String token, String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fx.web().baseUrl() + path))
        .header("Authorization", "Bearer " + token);
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    return HTTP.send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<byte[]> bytes(String token, String path, String range) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fx.web().baseUrl() + path))
        .header("Authorization", "Bearer " + token);
    if (range != null) {
      b.header("Range", range);
    }
    return HTTP.send(b.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** An admin of a second tenant on the same node. */
  static String otherTenantAdmin(int port) throws Exception {
    var dir = fx.web().node.directory();
    dir.createTenant("globex").await();
    dir.put("globex", Kind.AGENT, "olga", new JsonObject().put("username", "olga")
        .put("roles", new JsonArray().add("admin").add("supervisor")).put("password", ADMIN_PASSWORD), null).await();
    return TestNodes.login(port, "globex", "olga", ADMIN_PASSWORD);
  }

  /** "user range" of every listen of {@code id}, in order. */
  static List<String> listens(String id) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = fx.web().node.database().dataSource().getConnection();
        PreparedStatement q = c.prepareStatement(
            "SELECT user_id, byte_range FROM recording_listens WHERE recording_id = ? ORDER BY id")) {
      q.setString(1, id);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1) + " " + rs.getString(2));
        }
      }
    }
    return out;
  }
}
