package io.switchboard.web;

import static io.switchboard.web.SoftphoneFixture.expect;
import static io.switchboard.web.SoftphoneFixture.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Page;
import io.switchboard.acd.AgentState;
import io.switchboard.acd.CallStatus;
import io.switchboard.acd.TenantStats;
import io.switchboard.directory.Kind;
import io.switchboard.media.audio.Goertzel;
import io.switchboard.support.SippPorts;
import io.switchboard.support.TestNodes;
import io.switchboard.support.TonePcap;
import io.switchboard.support.Tools;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.net.DatagramSocket;
import java.net.InetAddress;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The issue's check of voicemail, end to end: a sipp caller reaches a flow's voicemail node, hears the greeting and
 * the beep, speaks a {@value #TONE_HZ} Hz tone (an RTP pcap) and presses # (sipp's RFC 4733 recording); the node hangs
 * up, the stored WAV holds the tone, and a virtual call (no node) waits in the queue. A real Chromium agent is offered
 * it marked as a voicemail (no audio leg), answers, and its page fetches the message with the agent's token and plays
 * it (the audio element plays, and the bytes it fetched hold the tone); another agent's token gets 403. "Call back"
 * dials the caller on the tenant's trunk: a sipp UAS gets the INVITE, and the voicemail has ended. The interactions API
 * shows one interaction from the message (with its recording) to its end. A caller who hangs up before the beep leaves
 * no recording and no virtual call.
 */
class VoicemailSoftphoneIT {
  static final double TONE_HZ = 700;
  static final String QUEUE = "billing"; // carol's (and dave's, who never signs in)
  static final String NUMBER = "+15550177";
  static final String CALLER = "+14155550123"; // a number the dial policy lets the call-back dial
  static final String FLOW = """
      {"name": "Messages", "start": "vm", "nodes": [
        {"id": "vm", "type": "voicemail", "queue": "billing", "maxSeconds": 30}
      ]}""";
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @RegisterExtension
  static final SoftphoneFixture fx = new SoftphoneFixture("voicemail-it", Map.of(), 1000);
  @TempDir
  Path tmp;
  Page page;
  final List<Process> processes = new ArrayList<>();

  @BeforeAll
  static void flow() {
    put(Kind.FLOW, "vm-line", new JsonObject(FLOW));
    put(Kind.PHONE_NUMBER, NUMBER.substring(1), new JsonObject().put("number", NUMBER).put("flow", "vm-line"));
  }

  @AfterEach
  void close() {
    if (page != null) {
      fx.browsers().closePage(page);
    }
    processes.forEach(Process::destroyForcibly);
  }

  @Test
  void aMessageIsRecordedRoutedToAChromiumAgentWhoPlaysItAndCallsBack() throws Exception {
    Instant started = Instant.now().minusMillis(500);
    Process caller = caller(true);
    assertThat(caller.waitFor(40, TimeUnit.SECONDS)).as("sipp ended").isTrue();
    assertThat(caller.exitValue()).as("the node hung up after # and sipp answered its BYE\n" + log("caller"))
        .isZero();

    // the message: a mono WAV holding the tone, and a virtual call waiting for it in the queue, owned by no node
    await().atMost(Duration.ofSeconds(10)).until(() -> waiting() == 1);
    String[] rec = lastVoicemail(started);
    String recordingId = rec[0];
    String callId = rec[1];
    CallStatus waiting = fx.web().node.acd().call(WebNode.TENANT, callId).await();
    assertThat(waiting.state()).isEqualTo("waiting");
    assertThat(waiting.voicemail()).isEqualTo(recordingId);
    assertThat(waiting.node()).as("owned by the queue").isNull();
    assertThat(waiting.caller()).isEqualTo(CALLER);
    int port = fx.web().node.httpPort();
    String audio = "/api/v1/recordings/" + recordingId + "/audio";
    HttpResponse<byte[]> bySupervisor = get(TestNodes.login(port, "sam"), audio);
    assertThat(bySupervisor.statusCode()).isEqualTo(200);
    short[] stored = mono(bySupervisor.body());
    assertThat(stored.length / 8).as("ms from the beep to #").isBetween(2_500, 8_000);
    assertTone(stored, "the stored message");
    String bob = TestNodes.login(port, "bob");
    assertThat(get(bob, audio).statusCode()).as("an agent it is not offered to").isEqualTo(403);

    // the trunk the call-back goes to: a sipp UAS
    try (DatagramSocket calleeMedia = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      Process uas = uas(calleeMedia.getLocalPort());

      page = fx.page();
      List<String> errors = Browsers.errors(page);
      signIn(page, "/", "carol");
      expect(page.locator("#conn")).hasText("Connected");
      page.selectOption("#status-select", "available");
      expect(page.locator("#offer")).isVisible();
      expect(page.locator("#offer-caller")).hasText(
          java.util.regex.Pattern.compile("^Voicemail from \\+14155550123 \\(\\d+ s\\)$"));
      expect(page.locator("#offer-queue")).hasText(QUEUE);
      page.waitForTimeout(1000);
      assertThat(fx.web().node.webrtc().activeLegs()).as("no audio leg: nobody is on the line").isZero();
      page.selectOption("#lang", "es");
      expect(page.locator("#offer-caller")).hasText(java.util.regex.Pattern.compile("^Mensaje de voz de "));
      page.selectOption("#lang", "en");

      // the page fetches the message with carol's token as it answers: those bytes (passed through) are what it plays
      java.util.concurrent.atomic.AtomicReference<byte[]> fetched = new java.util.concurrent.atomic.AtomicReference<>();
      java.util.concurrent.atomic.AtomicInteger status = new java.util.concurrent.atomic.AtomicInteger();
      page.route("**/api/v1/recordings/" + recordingId + "/audio", route -> {
        com.microsoft.playwright.APIResponse r = route.fetch();
        status.set(r.status());
        fetched.set(r.body());
        route.fulfill(new com.microsoft.playwright.Route.FulfillOptions().setResponse(r));
      });
      page.click("#accept");
      expect(page.locator("#state")).hasText("On call");
      expect(page.locator("#voicemail")).isVisible();
      expect(page.locator("#hold")).isHidden();
      assertThat(fx.web().node.acd().call(WebNode.TENANT, callId).await().state()).isEqualTo("connected");
      assertThat(get(bob, audio).statusCode()).as("still not bob's").isEqualTo(403);
      assertThat(get(TestNodes.login(port, "carol"), audio).statusCode()).as("carol's now").isEqualTo(200);

      // the page's player: loaded from those bytes, it plays
      page.waitForFunction("() => { const a = document.getElementById('vm-audio');"
          + " return a.src.startsWith('blob:') && a.readyState >= 2; }");
      assertThat(status.get()).as("the page's fetch").isEqualTo(200);
      assertTone(mono(fetched.get()), "the bytes the page fetched");
      @SuppressWarnings("unchecked")
      Map<String, Object> played = (Map<String, Object>) page.evaluate("""
          async () => {
            const a = document.getElementById('vm-audio');
            await a.play();
            await new Promise((r) => setTimeout(r, 1500));
            return { at: a.currentTime, duration: a.duration };
          }""");
      assertThat(((Number) played.get("at")).doubleValue()).as("the player played").isGreaterThan(0.5);
      assertThat(((Number) played.get("duration")).doubleValue()).as("the whole message")
          .isCloseTo(stored.length / 8000.0, org.assertj.core.data.Offset.offset(0.1));

      // Call back: click-to-dial of the caller; the voicemail ends there
      page.click("#vm-callback");
      expect(page.locator("#call-caller")).hasText(CALLER);
      expect(page.locator("#voicemail")).isHidden();
      await().atMost(Duration.ofSeconds(10)).until(() ->
          "ended".equals(fx.web().node.acd().call(WebNode.TENANT, callId).await().state()));
      String dialed = fx.web().node.acd().agent(WebNode.TENANT, "carol").await().callId();
      assertThat(dialed).as("carol is on the call-back").isNotNull().isNotEqualTo(callId);
      await("the UAS got the INVITE and answered").atMost(Duration.ofSeconds(10)).until(() ->
          fx.web().node.acd().call(WebNode.TENANT, dialed).await().answeredEpochMs() > 0);
      assertThat(fx.web().node.acd().call(WebNode.TENANT, dialed).await().caller()).isEqualTo(CALLER);
      page.click("#hangup");
      expect(page.locator("#wrapup")).isVisible();
      assertThat(uas.waitFor(15, TimeUnit.SECONDS)).as("the UAS got the INVITE, then the BYE").isTrue();
      assertThat(uas.exitValue()).as("sipp UAS\n" + log("uas")).isZero();
      assertThat(fx.web().node.acd().agent(WebNode.TENANT, "carol").await().state())
          .isEqualTo(AgentState.WRAP_UP);
      assertThat(errors).isEmpty();
    }

    // one interaction from the flow to the call-back: the message (with its recording), the offer, the answer, the end
    String sam = TestNodes.login(port, "sam");
    JsonObject interaction = await().atMost(Duration.ofSeconds(15)).until(() -> {
      HttpResponse<byte[]> r = get(sam, "/api/v1/interactions/" + callId);
      JsonObject j = r.statusCode() == 200 ? new JsonObject(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8))
          : null;
      return j != null && j.getString("endedAt") != null ? j : null;
    }, j -> j != null);
    assertThat(interaction.getString("outcome")).isEqualTo("answered");
    assertThat(interaction.getString("caller")).isEqualTo(CALLER);
    assertThat(interaction.getString("agent")).isEqualTo("carol");
    List<String> kinds = new ArrayList<>();
    JsonObject message = null;
    for (Object o : interaction.getJsonArray("timeline")) {
      JsonObject step = (JsonObject) o;
      kinds.add(step.getString("kind"));
      if ("voicemail".equals(step.getString("kind"))) {
        message = step;
      }
    }
    assertThat(kinds).containsSubsequence("voicemail", "offered", "answered", "ended");
    assertThat(message.getString("recordingId")).isEqualTo(recordingId);
    assertThat(message.getString("flow")).isEqualTo("vm");
  }

  @Test
  void aCallerWhoHangsUpBeforeTheBeepLeavesNothing() throws Exception {
    Instant started = Instant.now().minusMillis(500);
    long before = waiting();
    Process caller = caller(false);
    assertThat(caller.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(caller.exitValue()).as(log("caller")).isZero();
    TestNodes.awaitNothingLeaks(fx.web().node, Duration.ofSeconds(10));
    Thread.sleep(1500); // a message kept would be routed within this
    assertThat(waiting()).as("no virtual call").isEqualTo(before);
    assertThat(voicemailsSince(started)).as("no recording").isZero();
  }

  /**
   * A sipp caller of {@link #NUMBER}. Speaking: it waits for the greeting and the beep, plays the tone for 3 s, then
   * presses # and waits for the node's BYE. Not speaking: it hangs up 3 s after the answer, before the beep.
   */
  private Process caller(boolean speaks) throws Exception {
    Path sipp = Tools.require("sipp");
    String template = Files.readString(Path.of(VoicemailSoftphoneIT.class.getResource("/sipp/press-digit.xml")
        .toURI()));
    String presses = "";
    String wait = "1500";
    String onTimeout = "ontimeout=\"hangup\"";
    if (speaks) {
      Path tone = TonePcap.write(tmp.resolve("tone.pcap"), TONE_HZ, 8000, 3);
      // the greeting and the beep (Voicemails: 200 ms, the prompt, 300 ms, the beep), after the template's 1.5 s
      long greetingMs;
      try (var in = VoicemailSoftphoneIT.class.getResourceAsStream("/audio/prompts/en/voicemail-greeting.ul")) {
        greetingMs = in.readAllBytes().length / 8;
      }
      long beepEnds = 200 + greetingMs + 300 + 400;
      presses = "<pause milliseconds=\"" + (beepEnds - 1500 + 700) + "\"/>\n"
          + "<nop><action><exec play_pcap_audio=\"" + tone + "\"/></action></nop>\n"
          + "<pause milliseconds=\"3400\"/>\n"
          + "<nop><action><exec play_pcap_audio=\"/usr/share/sip-tester/dtmf_2833_pound.pcap\"/></action></nop>\n";
      wait = "8000";
      onTimeout = "";
    }
    Path scenario = tmp.resolve("caller.xml");
    Files.writeString(scenario, template.replace("+15557650000", CALLER).replace("@PRESSES@", presses)
        .replace("@WAIT@", wait).replace("@ONTIMEOUT@", onTimeout));
    Process p = new ProcessBuilder(sipp.toString(), "-sf", scenario.toString(), "-s", NUMBER,
        "-i", "127.0.0.1", "-p", String.valueOf(SippPorts.freeSignalingPort()),
        "-mp", String.valueOf(SippPorts.freeMediaPort()), "-m", "1", "-l", "1", "-nostdin",
        "-timeout", "40s", "-timeout_error", "127.0.0.1:" + fx.sipPort())
        .directory(tmp.toFile()).redirectErrorStream(true).redirectOutput(tmp.resolve("caller.out").toFile())
        .start();
    processes.add(p);
    return p;
  }

  /** A sipp UAS answering the call-back, and the tenant's dial policy sending calls to it. */
  private Process uas(int mediaPort) throws Exception {
    int port = SippPorts.freeSignalingPort();
    Path scenario = Path.of(VoicemailSoftphoneIT.class.getResource("/sipp/uas-answer-to-port.xml").toURI());
    Process p = new ProcessBuilder(Tools.require("sipp").toString(), "-sf", scenario.toString(), "-i", "127.0.0.1",
        "-p", String.valueOf(port), "-mp", String.valueOf(SippPorts.freeMediaPort()),
        "-key", "rtpport", String.valueOf(mediaPort), "-key", "pt", "0", "-key", "enc", "PCMU",
        "-m", "1", "-timeout", "60s", "-timeout_error", "-nostdin")
        .directory(tmp.toFile()).redirectErrorStream(true).redirectOutput(new File(tmp.toFile(), "uas.out"))
        .start();
    processes.add(p);
    put(Kind.TRUNK, "vm-sipp", new JsonObject().put("name", "sipp")
        .put("addresses", new JsonArray().add(new JsonObject().put("host", "127.0.0.1").put("port", port)))
        .put("allowedSources", new JsonArray().add("127.0.0.1")));
    put(Kind.DIAL_POLICY, "default", new JsonObject().put("defaultCountry", "US")
        .put("defaultCallerId", "+15550100").put("trunk", "vm-sipp"));
    return p;
  }

  private String log(String name) {
    try {
      return Files.readString(tmp.resolve(name + ".out"));
    } catch (Exception e) {
      return "(no " + name + " log: " + e + ")";
    }
  }

  /** The tone fills a whole second of the message (it starts about 0.7 s after the beep and lasts 3 s). */
  private static void assertTone(short[] samples, String what) {
    double best = 0;
    for (int from = 0; from + 8000 <= samples.length; from += 2000) {
      best = Math.max(best, Goertzel.relativePower(samples, from, 8000, TONE_HZ, 8000));
    }
    // not 0.9: on a loaded machine late packets are stored as silence, and their edges spread some energy;
    // the greeting, the beep or silence score far below 0.8
    assertThat(best).as(what + ": the caller's tone").isGreaterThan(0.8);
  }

  /** A mono 16-bit WAV as the JDK reads it (a file it cannot parse fails the test). */
  private static short[] mono(byte[] wav) throws Exception {
    try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(wav))) {
      assertThat(in.getFormat().getChannels()).isEqualTo(1);
      assertThat(in.getFormat().getSampleRate()).isEqualTo(8000f);
      assertThat(in.getFormat().getSampleSizeInBits()).isEqualTo(16);
      byte[] pcm = in.readAllBytes();
      short[] out = new short[pcm.length / 2];
      ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(out);
      return out;
    }
  }

  private static HttpResponse<byte[]> get(String token, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(fx.web().baseUrl() + path))
        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** {recording id, call id} of the newest voicemail since {@code since}. */
  private static String[] lastVoicemail(Instant since) throws Exception {
    try (Connection c = fx.web().node.database().dataSource().getConnection();
         PreparedStatement st = c.prepareStatement("SELECT id, call_id, channels, queue FROM recordings "
             + "WHERE tenant = ? AND id LIKE 'vm-%' AND started_at >= ? ORDER BY started_at DESC LIMIT 1")) {
      st.setString(1, WebNode.TENANT);
      st.setObject(2, java.time.OffsetDateTime.ofInstant(since, java.time.ZoneOffset.UTC));
      try (ResultSet rs = st.executeQuery()) {
        assertThat(rs.next()).as("a voicemail in the catalogue").isTrue();
        assertThat(rs.getInt(3)).as("mono").isEqualTo(1);
        assertThat(rs.getString(4)).isEqualTo(QUEUE);
        return new String[] {rs.getString(1), rs.getString(2)};
      }
    }
  }

  private static int voicemailsSince(Instant since) throws Exception {
    try (Connection c = fx.web().node.database().dataSource().getConnection();
         PreparedStatement st = c.prepareStatement("SELECT count(*) FROM recordings "
             + "WHERE tenant = ? AND id LIKE 'vm-%' AND started_at >= ?")) {
      st.setString(1, WebNode.TENANT);
      st.setObject(2, java.time.OffsetDateTime.ofInstant(since, java.time.ZoneOffset.UTC));
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private static long waiting() {
    return fx.web().node.acd().stats(WebNode.TENANT).await().queues().stream().filter(s -> s.queue().equals(QUEUE))
        .mapToLong(TenantStats.QueueStats::waiting).sum();
  }

  private static void put(Kind kind, String id, JsonObject body) {
    fx.web().node.directory().put(WebNode.TENANT, kind, id, body, null).await();
  }
}
