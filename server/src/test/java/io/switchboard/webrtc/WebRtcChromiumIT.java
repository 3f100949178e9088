package io.switchboard.webrtc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.media.audio.Goertzel;
import io.switchboard.support.Tools;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The leg against real headless Chromium (fake microphone playing a 1000 Hz WAV): the browser's offer is answered
 * by a WebRtcNode, audio flows both ways, and pc.close() ends the leg with remote-closed.
 */
class WebRtcChromiumIT {
  private static final String OFFER_JS = """
      async () => {
        const s = await navigator.mediaDevices.getUserMedia(
            {audio: {echoCancellation: false, noiseSuppression: false, autoGainControl: false}});
        window.pc = new RTCPeerConnection();
        s.getTracks().forEach(t => pc.addTrack(t, s));
        pc.ontrack = e => {
          const a = new Audio();
          a.srcObject = e.streams[0] || new MediaStream([e.track]);
          a.play();
        };
        const o = await pc.createOffer();
        await pc.setLocalDescription(o);
        return pc.localDescription.sdp;
      }""";
  private static final String PACKETS_JS = """
      async () => {
        let n = 0;
        (await pc.getStats()).forEach(r => { if (r.type === 'inbound-rtp') n += r.packetsReceived; });
        return n;
      }""";

  /** With either reader of the shared port: a real browser's ICE (checks, nomination, consent) must not care. */
  @ParameterizedTest
  @EnumSource(WebRtcOptions.Harvester.class)
  void chromiumTalksToTheLeg(WebRtcOptions.Harvester harvester) throws Exception {
    Path chromium = Tools.require("/usr/bin/chromium");
    Path wav = Files.createTempFile("tone-1000", ".wav");
    Files.write(wav, wav(1000, 48_000, 3));
    HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext("/", ex -> {
      byte[] body = "<!doctype html><title>webrtc</title>".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      try (OutputStream o = ex.getResponseBody()) {
        o.write(body);
      }
    });
    http.start();
    WebRtcNode node = new WebRtcNode(WebRtcOptions.loopback().withHarvester(harvester), Clock.systemUTC(),
        new SimpleMeterRegistry());
    node.start();
    try (Playwright pw = Playwright.create(new Playwright.CreateOptions()
            .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        Browser browser = pw.chromium().launch(new BrowserType.LaunchOptions().setHeadless(true)
            .setExecutablePath(chromium).setArgs(List.of("--use-fake-ui-for-media-stream",
                "--use-fake-device-for-media-stream", "--use-file-for-fake-audio-capture=" + wav,
                "--autoplay-policy=no-user-gesture-required")))) {
      Page page = browser.newPage();
      page.navigate("http://127.0.0.1:" + http.getAddress().getPort() + "/");
      String offer = (String) page.evaluate(OFFER_JS);
      WebRtcNodeIT.Events events = new WebRtcNodeIT.Events();
      WebRtcLeg leg = node.answer(offer, events).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
      assertThat(leg.telephoneEventPayloadType()).isEqualTo(126);
      page.evaluate("a => pc.setRemoteDescription({type: 'answer', sdp: a})", leg.answerSdp());
      assertThat(events.connected.await(10, TimeUnit.SECONDS)).as("leg connected").isTrue();

      Thread sender = new Thread(() -> {
        for (byte[] p : TestRtp.tone(440, 75, 0x4242)) {
          leg.sendRtp(p, 0, p.length);
          try {
            Thread.sleep(20);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      sender.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> events.rtp.size() >= 100);
      List<byte[]> last = events.rtp.subList(events.rtp.size() - 50, events.rtp.size());
      short[] pcm = TestRtp.decode(List.copyOf(last));
      assertThat(pcm.length).isGreaterThanOrEqualTo(8000 * 9 / 10);
      assertThat(Goertzel.relativePower(pcm, 0, pcm.length, 1000, 8000)).isGreaterThan(0.5);
      sender.join();
      await().atMost(Duration.ofSeconds(5))
          .until(() -> ((Number) page.evaluate(PACKETS_JS)).intValue() >= 50);
      assertThat(node.counters().authFailures()).isZero();

      page.evaluate("() => pc.close()");
      assertThat(events.awaitClosed()).isEqualTo("remote-closed");
      assertThat(node.activeLegs()).isZero();
    } finally {
      node.close();
      http.stop(0);
      Files.deleteIfExists(wav);
    }
  }

  /** A 16-bit mono PCM WAV of a sine. */
  static byte[] wav(double hz, int rate, int seconds) {
    int n = rate * seconds;
    ByteBuffer b = ByteBuffer.allocate(44 + 2 * n).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + 2 * n).put("WAVE".getBytes(StandardCharsets.US_ASCII));
    b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
        .putInt(rate).putInt(rate * 2).putShort((short) 2).putShort((short) 16);
    b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(2 * n);
    for (int i = 0; i < n; i++) {
      b.putShort((short) Math.round(Math.sin(2 * Math.PI * hz * i / rate) * 12000));
    }
    return b.array();
  }
}
