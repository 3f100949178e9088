package io.switchboard.web;

import static io.switchboard.web.SoftphoneFixture.expect;
import static io.switchboard.web.SoftphoneFixture.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.switchboard.media.audio.Goertzel;
import io.switchboard.support.BaresipCaller;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The check of supervision, end to end with three real parties and three tones: a baresip SIP caller
 * ({@value #CALLER_HZ} Hz, recording what it hears), the agent in Chromium ({@value #AGENT_HZ} Hz fake microphone,
 * softphone) and the supervisor in a second Chromium ({@value #SUPERVISOR_HZ} Hz fake microphone, wallboard with its
 * own WebRTC leg). In listen, whisper and barge, and after leaving, each party hears exactly whom the mode allows:
 * the browsers by the spectrum of their remote track, the caller by Goertzel over its recording of that phase. The
 * agent's page shows when the supervisor whispers or barges.
 */
class MonitorAudioIT {
  static final double AGENT_HZ = 1000;
  static final double CALLER_HZ = 440;
  static final double SUPERVISOR_HZ = 700;
  static final List<Double> TONES = List.of(CALLER_HZ, AGENT_HZ, SUPERVISOR_HZ);

  @RegisterExtension
  static final SoftphoneFixture fx = new SoftphoneFixture("monitor-audio-it", Map.of(), AGENT_HZ);
  static Browsers supervisorBrowser;

  @BeforeAll
  static void supervisorsBrowser() {
    supervisorBrowser = Browsers.launch(SUPERVISOR_HZ);
  }

  @AfterAll
  static void closeSupervisorsBrowser() {
    if (supervisorBrowser != null) {
      supervisorBrowser.close();
    }
  }

  /** The level (dB) of each of the three tones and of the loudest bin in the page's remote audio over {@code ms}. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> levels(Page page, int ms) {
    return (Map<String, Object>) page.evaluate("""
        async ([tones, ms]) => {
          const stream = document.getElementById('remote-audio').srcObject;
          if (!stream) return { peak: -1000, tones: tones.map(() => -1000) };
          const ctx = new AudioContext();
          const an = ctx.createAnalyser();
          an.fftSize = 8192;
          an.smoothingTimeConstant = 0.8;
          const src = ctx.createMediaStreamSource(stream);
          src.connect(an);
          await new Promise((r) => setTimeout(r, ms));
          const data = new Float32Array(an.frequencyBinCount);
          an.getFloatFrequencyData(data);
          const bin = ctx.sampleRate / an.fftSize;
          let peak = -1000;
          for (let i = 2; i < data.length; i++) peak = Math.max(peak, data[i]);
          // each tone's level: the loudest of the three bins around it
          const at = (hz) => Math.max(...[-1, 0, 1].map((d) => data[Math.round(hz / bin) + d]));
          const out = { peak, tones: tones.map(at) };
          src.disconnect();
          await ctx.close();
          return out;
        }""", List.of(TONES, ms));
  }

  /** The page hears exactly {@code expected} of the three tones: each within 20 dB of the loudest, the others 35 dB under. */
  static void assertHears(String who, Page page, Set<Double> expected) {
    await().atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
      Map<String, Object> l = levels(page, 600);
      double peak = ((Number) l.get("peak")).doubleValue();
      @SuppressWarnings("unchecked")
      List<Number> tones = (List<Number>) l.get("tones");
      assertThat(peak).as("%s hears something: %s", who, l).isGreaterThan(-70);
      for (int i = 0; i < TONES.size(); i++) {
        double db = tones.get(i).doubleValue();
        if (expected.contains(TONES.get(i))) {
          assertThat(db).as("%s hears %s Hz: %s", who, TONES.get(i), l).isGreaterThan(peak - 20);
        } else {
          assertThat(db).as("%s must not hear %s Hz: %s", who, TONES.get(i), l).isLessThan(peak - 35);
        }
      }
    });
  }

  /**
   * What the caller heard, per 100 ms window: 'A' the agent's tone alone, 'B' the agent's and the supervisor's,
   * 'S' the supervisor's alone, 'C' its own tone (in any mix), '.' silence, 'm' anything else. A tone is in a window
   * when it carries at least 2 % of its energy (the browsers' gain control may leave one tone 13 dB under the other),
   * absent under 0.5 %.
   */
  static String callerTimeline(BaresipCaller.Received r) {
    int n = r.rate() / 10;
    StringBuilder b = new StringBuilder();
    for (int off = 0; off + n <= r.samples().length; off += n) {
      if (Goertzel.rms(r.samples(), off, n) < Goertzel.SILENCE_RMS) {
        b.append('.');
        continue;
      }
      double caller = Goertzel.relativePower(r.samples(), off, n, CALLER_HZ, r.rate());
      double agent = Goertzel.relativePower(r.samples(), off, n, AGENT_HZ, r.rate());
      double supervisor = Goertzel.relativePower(r.samples(), off, n, SUPERVISOR_HZ, r.rate());
      b.append(caller >= 0.02 ? 'C'
          : agent >= 0.02 && supervisor < 0.005 ? 'A'
          : agent >= 0.02 && supervisor >= 0.02 ? 'B'
          : supervisor >= 0.02 && agent < 0.005 ? 'S'
          : 'm');
    }
    return b.toString();
  }

  /**
   * A fake microphone playing one endless pure tone while the page plays other tones is a pathological input for
   * Chromium's echo canceller: measured at the node, the supervisor's page sent near silence (-54 dB) for up to 25 s
   * before its tone, and the agent's dropped its tone for a second or so whenever what it played changed. The pages
   * keep echo cancellation in production (a supervisor barging on speakers); in this test it is off, so each
   * party's tone is there all along and what is measured is the node's mix.
   */
  static void withoutEchoCancellation(Page page) {
    page.addInitScript("""
        const gum = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
        navigator.mediaDevices.getUserMedia = (c) =>
          gum(c && c.audio === true ? { ...c, audio: { echoCancellation: false } } : c);
        """);
  }

  @Test
  void listenWhisperAndBargeEachPartyHearsExactlyWhomTheModeAllows() throws Exception {
    Page board = supervisorBrowser.page(fx.web().baseUrl());
    withoutEchoCancellation(board);
    List<String> boardErrors = Browsers.errors(board);
    signIn(board, "/wallboard.html", "sam");
    expect(board.locator("#conn")).hasText("Connected");
    Page agent = fx.page();
    withoutEchoCancellation(agent);
    List<String> agentErrors = Browsers.errors(agent);
    signIn(agent, "/", "alice");
    expect(agent.locator("#conn")).hasText("Connected");
    agent.selectOption("#status-select", "available");
    expect(agent.locator("#state")).hasText("Available");

    try (BaresipCaller caller = BaresipCaller.dial("+15550100", fx.sipPort(), CALLER_HZ, 90)) {
      expect(agent.locator("#offer")).isVisible();
      agent.click("#accept");
      expect(agent.locator("#media-status")).hasAttribute("data-state", "connected",
          new LocatorAssertions.HasAttributeOptions().setTimeout(15_000));
      assertHears("two parties: agent", agent, Set.of(CALLER_HZ));

      String row = "#agents tr[data-agent=alice] ";
      expect(board.locator(row + "td.state")).hasText("On call");

      // listen: the supervisor hears both; nobody hears the supervisor; the agent is not told
      board.click(row + "button[data-mode=listen]");
      expect(board.locator("#monitor-status")).hasAttribute("data-mode", "listen");
      expect(board.locator(row + "button[data-mode=listen]")).hasAttribute("aria-pressed", "true");
      assertHears("listen: supervisor", board, Set.of(CALLER_HZ, AGENT_HZ));
      assertHears("listen: agent", agent, Set.of(CALLER_HZ));
      agent.waitForTimeout(1000);
      expect(agent.locator("#monitor-badge")).isHidden();

      // whisper: the agent hears the supervisor, the caller does not
      board.click(row + "button[data-mode=whisper]");
      expect(board.locator("#monitor-status")).hasAttribute("data-mode", "whisper");
      expect(agent.locator("#monitor-badge")).hasText("Supervisor sam is whispering to you");
      assertHears("whisper: agent", agent, Set.of(CALLER_HZ, SUPERVISOR_HZ));
      assertHears("whisper: supervisor", board, Set.of(CALLER_HZ, AGENT_HZ));
      agent.waitForTimeout(1000);

      // barge: all three hear each other
      board.click(row + "button[data-mode=barge]");
      expect(board.locator("#monitor-status")).hasAttribute("data-mode", "barge");
      expect(agent.locator("#monitor-badge")).hasText("Supervisor sam has joined the call");
      assertHears("barge: agent", agent, Set.of(CALLER_HZ, SUPERVISOR_HZ));
      assertHears("barge: supervisor", board, Set.of(CALLER_HZ, AGENT_HZ));
      agent.waitForTimeout(1500);

      // leave: back to two parties
      board.click(row + "button[data-mode=leave]");
      expect(board.locator("#monitor-status")).hasAttribute("data-mode", "none");
      expect(agent.locator("#monitor-badge")).isHidden();
      assertHears("after leaving: agent", agent, Set.of(CALLER_HZ));
      agent.waitForTimeout(2000);

      agent.click("#hangup");
      expect(agent.locator("#wrapup")).isVisible();
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
          assertThat(caller.log()).containsIgnoringCase("terminated"));

      // the caller (its whole recording, read after the call: baresip writes it late): the agent alone through
      // the two-party relay, listen and whisper, then the agent and the supervisor while barging, then the agent
      // alone again after the supervisor left; never its own tone, never the supervisor outside the barge
      // (music, ringing and silence before the answer; no gap at the switches to and from the mix)
      String timeline = callerTimeline(caller.received());
      System.out.println("caller heard (100 ms: A agent, B agent + supervisor, S supervisor, C caller, m other, "
          + ". silence): " + timeline);
      assertThat(timeline).as("caller's audio per 100 ms\n%s", timeline)
          .doesNotContain("C").doesNotContain("S")
          .matches("[m.]*A{40,}[A.]*B{10,}[B.]*A{10,}[A.]*");
    }
    assertThat(agentErrors).isEmpty();
    assertThat(boardErrors).isEmpty();
  }
}
