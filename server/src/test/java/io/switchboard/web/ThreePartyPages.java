package io.switchboard.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Page;
import io.switchboard.media.audio.Goertzel;
import io.switchboard.support.BaresipCaller;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who hears whom on a call with three real parties in the browser tests (a supervisor monitoring, a colleague
 * consulted): a baresip SIP caller ({@value #CALLER_HZ} Hz), the agent's Chromium ({@value #AGENT_HZ} Hz fake
 * microphone) and the third party's ({@value #THIRD_HZ} Hz). The pages by the spectrum of their remote track, the
 * caller by Goertzel over its recording.
 */
final class ThreePartyPages {
  static final double AGENT_HZ = 1000;
  static final double CALLER_HZ = 440;
  static final double THIRD_HZ = 700;
  static final List<Double> TONES = List.of(CALLER_HZ, AGENT_HZ, THIRD_HZ);

  private ThreePartyPages() {}

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

  /**
   * The page hears exactly {@code expected} of the three tones: each within 20 dB of the loudest, the others 35 dB
   * under.
   */
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
   * What the caller heard, per 100 ms window: 'A' the agent's tone alone, 'B' the agent's and the third party's,
   * 'S' the third party's (supervisor's, colleague's) alone, 'C' its own tone (in any mix), '.' silence, 'm'
   * anything else. A tone is in a window when it carries at least 2 % of its energy (the browsers' gain control may
   * leave one tone 13 dB under the other), absent under 0.5 %.
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
      double third = Goertzel.relativePower(r.samples(), off, n, THIRD_HZ, r.rate());
      b.append(caller >= 0.02 ? 'C'
          : agent >= 0.02 && third < 0.005 ? 'A'
          : agent >= 0.02 && third >= 0.02 ? 'B'
          : third >= 0.02 && agent < 0.005 ? 'S'
          : 'm');
    }
    return b.toString();
  }

  /**
   * Hangs the call up from {@code page}, waits for its wrap-up and for the SIP caller's side to end, and returns the
   * caller's whole recording as a {@link #callerTimeline} (printed with its legend: baresip writes the recording
   * late, so it is read only once the call is over).
   */
  static String hangUpAndHear(Page page, BaresipCaller caller, String legend) throws java.io.IOException {
    page.click("#hangup");
    SoftphoneFixture.expect(page.locator("#wrapup")).isVisible();
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(caller.log()).containsIgnoringCase("terminated"));
    String timeline = callerTimeline(caller.received());
    System.out.println("caller heard (100 ms: " + legend + "): " + timeline);
    return timeline;
  }

  /**
   * A fake microphone playing one endless pure tone while the page plays other tones is a pathological input for
   * Chromium's echo canceller: measured at the node, the supervisor's page sent near silence (-54 dB) for up to 25 s
   * before its tone, and the agent's dropped its tone for a second or so whenever what it played changed. The pages
   * keep echo cancellation in production (a supervisor barging on speakers); in these tests it is off, so each
   * party's tone is there all along and what is measured is the node's mix.
   */
  static void withoutEchoCancellation(Page page) {
    page.addInitScript("""
        const gum = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
        navigator.mediaDevices.getUserMedia = (c) =>
          gum(c && c.audio === true ? { ...c, audio: { echoCancellation: false } } : c);
        """);
  }
}
