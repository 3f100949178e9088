package io.switchboard.web;

import static io.switchboard.web.SoftphoneFixture.expect;
import static io.switchboard.web.SoftphoneFixture.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.WebSocketRoute;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.switchboard.media.audio.Goertzel;
import io.switchboard.support.BaresipCaller;
import io.switchboard.support.TestPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * End to end with real audio: Debian Chromium as the agent (its fake microphone plays {@value #AGENT_HZ} Hz)
 * answers a baresip SIP caller (playing {@value #CALLER_HZ} Hz) through the node's WebRTC leg and bridge. Audio is
 * proven both ways by each tone's frequency on the far side: a WebAudio analyser on the page's remote track, and
 * Goertzel over what baresip recorded. Then hold (the caller hears music, not the agent), keypad DTMF reaching the
 * caller as RFC 4733, a network drop of the signaling socket (reconnect, same media), a page refresh mid-call (the page re-offers media for hello's callId; audio resumes both ways)
 * and hang-up; a supervisor's wallboard shows the call live meanwhile.
 */
class SoftphoneAudioIT {
  static final double AGENT_HZ = 1000;
  static final double CALLER_HZ = 440;
  @RegisterExtension
  // a database of its own: the wallboard's answered figure is today's report, which the shared one fills with
  // other tests' calls of the same tenant and queue
  static final SoftphoneFixture fx = new SoftphoneFixture("softphone-audio-it",
      Map.of("database.url", TestPostgres.newDatabase("softphone_audio_it")), AGENT_HZ);

  @Test
  void agentAndCallerHearEachOtherThenHoldDtmfAndHangUpWhileTheWallboardShowsTheCall() throws Exception {
    Page board = fx.page();
    signIn(board, "/wallboard.html", "sam");
    expect(board.locator("#conn")).hasText("Connected");
    Page agent = fx.page();
    List<String> agentErrors = Browsers.errors(agent);
    // The agent's WebSocket goes through Playwright so the test can cut it like a network drop.
    List<WebSocketRoute> sockets = new CopyOnWriteArrayList<>();
    agent.routeWebSocket(Pattern.compile(".*/ws\\?.*"), ws -> {
      sockets.add(ws);
      sockets.add(ws.connectToServer());
    });
    signIn(agent, "/", "alice");
    expect(agent.locator("#conn")).hasText("Connected");
    agent.selectOption("#status-select", "available");
    expect(agent.locator("#state")).hasText("Available");

    try (BaresipCaller caller = BaresipCaller.dial("+15550100", fx.sipPort(), CALLER_HZ, 45)) {
      expect(agent.locator("#offer")).isVisible();
      expect(agent.locator("#offer-caller")).hasText("Bea Resip");
      agent.click("#accept");
      expect(agent.locator("#state")).hasText("On call");
      expect(agent.locator("#media-status")).hasAttribute("data-state", "connected",
          new LocatorAssertions.HasAttributeOptions().setTimeout(15_000));

      // caller → agent: the page hears 440 Hz
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
          assertThat(Browsers.remoteSpectrum(agent, CALLER_HZ, 300).peakHz()).as("page's peak frequency")
              .isCloseTo(CALLER_HZ, org.assertj.core.data.Offset.offset(15.0)));

      // the supervisor sees the call live
      expect(board.locator("#agents tr[data-agent=alice] td.state")).hasText("On call");
      expect(board.locator("#agent-counts [data-state=on-call] strong")).hasText("1");
      expect(board.locator("#queues tr[data-queue=support] td.answered")).hasText("1");
      agent.waitForTimeout(1500); // talking: the agent's tone goes to the caller
      expect(agent.locator("#q-mos")).hasText(Pattern.compile("[1-4]\\.\\d\\d")); // getStats runs
      @SuppressWarnings("unchecked")
      List<Object> size = (List<Object>) agent.evaluate(
          "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]");
      assertThat(size).as("the on-call page fits a %dx%d screen", Browsers.WIDTH, Browsers.HEIGHT)
          .containsExactly(Browsers.WIDTH, Browsers.HEIGHT);

      // hold: nothing relayed to the agent; the caller hears music (checked in the recording below)
      agent.click("#hold");
      expect(agent.locator("#held")).isVisible();
      agent.waitForTimeout(500);
      Browsers.Spectrum held = Browsers.remoteSpectrum(agent, CALLER_HZ, 1500);
      System.out.println("page spectrum while on hold: " + held);
      assertThat(held.dominantAt(CALLER_HZ)).as("caller's tone while on hold: %s", held).isFalse();
      agent.click("#hold");
      expect(agent.locator("#held")).isHidden();
      await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200)).until(() ->
          Browsers.remoteSpectrum(agent, CALLER_HZ, 300).dominantAt(CALLER_HZ));

      // agent → caller DTMF from the keypad (RTCDTMFSender, RFC 4733 through the node)
      agent.click("#keypad [data-digit='5']");
      agent.click("#keypad [data-digit='#']");
      expect(agent.locator("#dtmf-sent")).hasText("5#");
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
          assertThat(caller.log()).contains("received event: '5' (end=1)").contains("received event: '#' (end=1)"));

      // a network drop mid-call: the socket dies, the page reconnects (backoff), reads hello and keeps the call;
      // the media path never broke, so the same peer connection carries on
      int before = sockets.size();
      sockets.forEach(WebSocketRoute::close);
      expect(agent.locator("#conn")).hasText("Reconnecting…");
      expect(agent.locator("#conn")).hasText("Connected");
      assertThat(sockets).as("a new socket").hasSizeGreaterThan(before);
      expect(agent.locator("#state")).hasText("On call");
      expect(agent.locator("#media-status")).hasAttribute("data-state", "connected",
          new LocatorAssertions.HasAttributeOptions().setTimeout(15_000));
      await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200)).until(() ->
          Browsers.remoteSpectrum(agent, CALLER_HZ, 300).dominantAt(CALLER_HZ));

      // a page refresh mid-call: the page reconnects, re-offers media for hello's callId and the call goes on
      agent.reload();
      expect(agent.locator("#state")).hasText("On call");
      expect(agent.locator("#media-status")).hasAttribute("data-state", "connected",
          new LocatorAssertions.HasAttributeOptions().setTimeout(15_000));
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() ->
          Browsers.remoteSpectrum(agent, CALLER_HZ, 300).dominantAt(CALLER_HZ));
      agent.waitForTimeout(1500);

      agent.click("#hangup");
      expect(agent.locator("#wrapup")).isVisible();
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
          assertThat(caller.log()).containsIgnoringCase("terminated"));
      expect(board.locator("#agents tr[data-agent=alice] td.state")).hasText("Wrap-up");

      // agent → caller: the recording has the agent's tone, then hold music (not the tone), the tone again, a gap
      // while the refreshed page sets up its new leg, then the tone again for at least a second
      BaresipCaller.Received heard = caller.received();
      List<Character> windows = classify(heard);
      String timeline = timeline(windows);
      System.out.println("caller heard (100 ms windows: T agent tone, m other, . silence): " + timeline);
      assertThat(timeline).as("caller's audio per 100 ms: T agent tone, m other sound, . silence\n%s", timeline)
          .containsPattern("T{5,}[^T]*m{10,}[^T]*T{5,}[^T]+T{10,}");
    }
    agent.click("#wrapup button[type=submit]");
    expect(agent.locator("#state")).hasText("Available");
    assertThat(agentErrors).isEmpty();
  }

  /** Each 100 ms of what the caller heard: 'T' the agent's tone, 'm' other sound (music), '.' silence. */
  private static List<Character> classify(BaresipCaller.Received r) {
    int n = r.rate() / 10;
    List<Character> out = new ArrayList<>();
    for (int off = 0; off + n <= r.samples().length; off += n) {
      if (Goertzel.rms(r.samples(), off, n) < Goertzel.SILENCE_RMS) {
        out.add('.');
      } else {
        out.add(Goertzel.relativePower(r.samples(), off, n, AGENT_HZ, r.rate()) >= 0.5 ? 'T' : 'm');
      }
    }
    return out;
  }

  private static String timeline(List<Character> windows) {
    StringBuilder b = new StringBuilder();
    windows.forEach(b::append);
    return b.toString();
  }
}
