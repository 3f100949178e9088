package io.switchboard.web;

import static io.switchboard.web.SoftphoneFixture.expect;
import static io.switchboard.web.SoftphoneFixture.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.switchboard.acd.AgentState;
import io.switchboard.acd.AgentStatus;
import io.switchboard.acd.CallStatus;
import io.switchboard.support.SippCaller;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The agent softphone page in Debian Chromium against a real node with demo data and a sipp caller: sign in,
 * go available, a call rings with caller and queue, answer, survive a page refresh, hang up, wrap up;
 * refusals; keyboard shortcuts. Each test uses its own demo agent and queue so none can take another's call.
 */
class SoftphoneIT {
  @RegisterExtension
  static final SoftphoneFixture fx = new SoftphoneFixture("softphone-it", Map.of(), 1000);
  Page page;
  Page other; // a second agent's page, when a test needs one
  List<String> pageErrors;

  @AfterEach
  void closePages() {
    if (page != null) {
      fx.browsers().closePage(page);
    }
    if (other != null) {
      fx.browsers().closePage(other);
    }
    // Closed pages are disconnected agents: offline again (or in a wrap-up that ends offline), so no test's
    // call can go to another test's agent.
    await().atMost(Duration.ofSeconds(5)).until(() -> List.of("alice", "bob", "carol", "dave").stream()
        .map(a -> agent(a).state()).allMatch(s -> s == AgentState.OFFLINE || s == AgentState.WRAP_UP));
  }

  private Page open(String user, String password) {
    page = fx.page();
    pageErrors = Browsers.errors(page);
    Browsers.signIn(page, "/", user, password);
    return page;
  }

  private AgentStatus agent(String id) {
    return fx.web().node.acd().agent(WebNode.TENANT, id).await();
  }

  @Test
  void anAgentStaysAvailableOverARefreshAnswersARingingCallSurvivesARefreshHangsUpAndWrapsUp() throws Exception {
    open("alice", WebNode.PASSWORD);
    expect(page.locator("#conn")).hasText("Connected");
    expect(page.locator("#who")).hasText("alice @ demo");
    expect(page.locator("#state")).hasText("Offline");
    page.selectOption("#status-select", "available");
    expect(page.locator("#state")).hasText("Available");
    expect(page.locator("#idle")).hasText("Waiting for a call…");
    // A refresh drops the socket, which sets an idle agent offline in the ACD: the page asks for available again.
    page.reload();
    expect(page.locator("#conn")).hasText("Connected");
    expect(page.locator("#state")).hasText("Available");
    await().atMost(Duration.ofSeconds(3)).until(() -> agent("alice").state() == AgentState.AVAILABLE);

    try (SippCaller caller = SippCaller.dial("+15550100", fx.sipPort())) {
      expect(page.locator("#offer")).isVisible();
      expect(page.locator("#state")).hasText("Ringing");
      expect(page.locator("#offer-caller")).hasText(SippCaller.CALLER_NAME);
      expect(page.locator("#offer-number")).hasText(SippCaller.CALLER);
      expect(page.locator("#offer-queue")).hasText("support");
      expect(page.locator("#offer")).hasAttribute("data-ringing", "true");
      expect(page.locator("#ringing")).isVisible();
      expect(page.locator("#offer-countdown")).hasText(Pattern.compile("Answer within \\d+ s"));
      expect(page.locator("#offer-waited")).hasText(Pattern.compile("Waited \\d+:\\d\\d"));
      assertThat(agent("alice").state()).isEqualTo(AgentState.RESERVED);

      page.click("#accept");
      expect(page.locator("#state")).hasText("On call");
      expect(page.locator("#call")).isVisible();
      expect(page.locator("#offer")).isHidden();
      expect(page.locator("#call-caller")).hasText(SippCaller.CALLER_NAME);
      expect(page.locator("#call-queue")).hasText("support");
      AgentStatus onCall = agent("alice");
      assertThat(onCall.state()).isEqualTo(AgentState.ON_CALL);
      String callId = onCall.callId();
      expect(page.locator("#call-timer")).hasText(Pattern.compile("0:0[1-9]"));

      // A refresh drops the socket; the call lives on and the page resynchronises from hello.
      page.reload();
      expect(page.locator("#conn")).hasText("Connected");
      expect(page.locator("#state")).hasText("On call");
      expect(page.locator("#call-caller")).hasText(SippCaller.CALLER_NAME);
      expect(page.locator("#call-timer")).hasText(Pattern.compile("0:0[2-9]")); // kept running, not reset
      assertThat(agent("alice").callId()).isEqualTo(callId);

      // A fresh tab has no saved call: hello itself names the caller and the queue.
      page.evaluate("() => sessionStorage.removeItem('switchboard.call')");
      page.reload();
      expect(page.locator("#state")).hasText("On call");
      expect(page.locator("#call-caller")).hasText(SippCaller.CALLER_NAME);
      expect(page.locator("#call-number")).hasText(SippCaller.CALLER);
      expect(page.locator("#call-queue")).hasText("support");

      // Hold and mute survive a refresh: the server keeps them and hello restores them before audio flows.
      page.click("#hold");
      expect(page.locator("#held")).isVisible();
      page.click("#mute");
      expect(page.locator("#muted-badge")).isVisible();
      await().atMost(Duration.ofSeconds(3)).until(() -> {
        CallStatus c = fx.web().node.acd().call(WebNode.TENANT, callId).await();
        return c.held() && c.muted();
      });
      page.reload();
      expect(page.locator("#state")).hasText("On call");
      expect(page.locator("#held")).isVisible();
      expect(page.locator("#hold")).hasAttribute("aria-pressed", "true");
      expect(page.locator("#muted-badge")).isVisible();
      expect(page.locator("#mute")).hasAttribute("aria-pressed", "true");
      page.click("#hold"); // resume: the caller leaves music on hold
      expect(page.locator("#held")).isHidden();
      page.click("#mute");
      expect(page.locator("#muted-badge")).isHidden();
      await().atMost(Duration.ofSeconds(3)).until(() -> {
        CallStatus c = fx.web().node.acd().call(WebNode.TENANT, callId).await();
        return !c.held() && !c.muted();
      });

      page.click("#hangup");
      expect(page.locator("#wrapup")).isVisible();
      expect(page.locator("#state")).hasText("Wrap-up");
      caller.assertHungUpByNode(10);

      page.selectOption("#disposition", "follow-up");
      page.fill("#notes", "call back tomorrow");
      page.click("#wrapup button[type=submit]");
      expect(page.locator("#state")).hasText("Available");
      expect(page.locator("#wrapup")).isHidden();
      assertThat(fx.web().callField(callId, "disposition")).isEqualTo("follow-up");
      assertThat(fx.web().callField(callId, "notes")).isEqualTo("call back tomorrow");
    }
    assertThat(pageErrors).isEmpty();
  }

  @Test
  void aWrongPasswordShowsTheServersErrorInTheChosenLanguage() {
    page = fx.page();
    pageErrors = Browsers.errors(page);
    page.navigate("/");
    page.selectOption("#lang", "es");
    expect(page.locator("#login h2")).hasText("Iniciar sesión");
    page.fill("input[name=username]", "bob");
    page.fill("input[name=password]", "not-the-password");
    page.click("#login button[type=submit]");
    expect(page.locator("#login-error")).containsText("No se pudo iniciar sesión");
    expect(page.locator("#agent")).isHidden();

    page.selectOption("#lang", "en");
    page.fill("input[name=password]", WebNode.PASSWORD);
    page.click("#login button[type=submit]");
    expect(page.locator("#conn")).hasText("Connected");
    expect(page.locator("#state")).hasText("Offline");
    page.click("#signout");
    expect(page.locator("#login")).isVisible();
    assertThat(pageErrors).isEmpty();
  }

  @Test
  void keyboardShortcutsAnswerMuteHoldAndHangUpButNotWhileTyping() throws Exception {
    open("carol", WebNode.PASSWORD);
    expect(page.locator("#conn")).hasText("Connected");
    page.selectOption("#status-select", "available");
    expect(page.locator("#state")).hasText("Available");

    try (SippCaller caller = SippCaller.dial("+15550102", fx.sipPort())) {
      expect(page.locator("#offer")).isVisible();
      page.focus("#lang"); // a form field (the status control is disabled while ringing)
      page.keyboard().press("a"); // in a form field: not a shortcut
      page.waitForTimeout(300);
      expect(page.locator("#state")).hasText("Ringing");

      blur();
      page.keyboard().press("a");
      expect(page.locator("#state")).hasText("On call");

      page.keyboard().press("m");
      expect(page.locator("#muted-badge")).isVisible();
      expect(page.locator("#mute")).hasAttribute("aria-pressed", "true");
      page.locator("#transfer input[name=target]").pressSequentially("mh"); // typing, not muting or hanging up
      expect(page.locator("#transfer input[name=target]")).hasValue("mh");
      expect(page.locator("#muted-badge")).isVisible();
      expect(page.locator("#state")).hasText("On call");
      blur();
      page.keyboard().press("m");
      expect(page.locator("#muted-badge")).isHidden();

      page.keyboard().press("o");
      expect(page.locator("#held")).isVisible();
      expect(page.locator("#hold")).hasAttribute("aria-pressed", "true");
      page.keyboard().press("o");
      expect(page.locator("#held")).isHidden();

      page.keyboard().press("h");
      expect(page.locator("#wrapup")).isVisible();
      caller.assertHungUpByNode(10);
      page.locator("#notes").pressSequentially("ham");
      expect(page.locator("#notes")).hasValue("ham");
      page.click("#wrapup button[type=submit]");
      expect(page.locator("#state")).hasText("Available");
    }
    await().atMost(Duration.ofSeconds(3)).until(() -> agent("carol").state() == AgentState.AVAILABLE);
    assertThat(pageErrors).isEmpty();
  }

  @Test
  void aBlindTransferToAnAgentRingsThatAgentAndATransferToABusyOneIsRefused() throws Exception {
    open("dave", WebNode.PASSWORD);
    expect(page.locator("#conn")).hasText("Connected");
    page.selectOption("#status-select", "available");
    expect(page.locator("#state")).hasText("Available");
    other = fx.page();
    List<String> otherErrors = Browsers.errors(other);
    signIn(other, "/", "bob");
    expect(other.locator("#conn")).hasText("Connected");

    try (SippCaller caller = SippCaller.dial("+15550102", fx.sipPort())) { // billing: only dave
      page.click("#accept");
      expect(page.locator("#state")).hasText("On call");

      // bob is offline: refused, and dave keeps the call
      page.fill("#transfer input[name=target]", "bob");
      page.click("#transfer button[type=submit]");
      expect(page.locator("#notice")).containsText("agent-unavailable");
      expect(page.locator("#state")).hasText("On call");

      other.selectOption("#status-select", "available");
      expect(other.locator("#state")).hasText("Available");
      page.click("#transfer button[type=submit]");
      expect(page.locator("#state")).hasText("Wrap-up");
      expect(other.locator("#offer")).isVisible();
      expect(other.locator("#offer-caller")).hasText(SippCaller.CALLER_NAME);
      other.click("#accept");
      expect(other.locator("#state")).hasText("On call");
      assertThat(agent("bob").state()).isEqualTo(AgentState.ON_CALL);
      assertThat(agent("bob").callId()).isEqualTo(agent("dave").callId());

      other.click("#hangup");
      caller.assertHungUpByNode(10);
      other.click("#wrapup button[type=submit]");
      expect(other.locator("#state")).hasText("Available");
      // dave's wrap-up is for the call he handed on: the call now belongs to bob, dave still finishes it
      expect(page.locator("#wrapup")).isVisible();
      page.click("#wrapup button[type=submit]");
      expect(page.locator("#state")).hasText("Available");
    }
    assertThat(pageErrors).isEmpty();
    assertThat(otherErrors).isEmpty();
  }

  @Test
  void theQualityEstimateAndTheDeviceChoicesWork() {
    open("bob", WebNode.PASSWORD);
    expect(page.locator("#conn")).hasText("Connected");
    List<?> q = (List<?>) page.evaluate("""
        import('/js/quality.js').then((m) => {
          const bad = { rttMs: 600, jitterMs: 60, lossPercent: 10 };
          bad.mos = m.estimateMos(bad);
          return [m.estimateMos({ rttMs: 20, jitterMs: 2, lossPercent: 0 }), bad.mos, m.warningsFor(bad).join(',')];
        })""");
    assertThat(((Number) q.get(0)).doubleValue()).as("MOS of a clean LAN call").isBetween(4.3, 4.5);
    assertThat(((Number) q.get(1)).doubleValue()).as("MOS at 600 ms RTT, 60 ms jitter, 10 %% loss").isLessThan(2.0);
    assertThat(q.get(2)).isEqualTo("rtt,jitter,loss,mos");

    // Chromium's fake devices: the chosen microphone is remembered across a reload
    Locator mic = page.locator("#mic-select");
    await().atMost(Duration.ofSeconds(5)).until(() -> mic.locator("option").count() >= 2);
    String chosen = mic.locator("option").nth(1).getAttribute("value");
    mic.selectOption(chosen);
    page.reload();
    expect(page.locator("#conn")).hasText("Connected");
    expect(mic).hasValue(chosen);
    assertThat(pageErrors).isEmpty();
  }

  /**
   * The desktop as a 360 px panel beside a CRM and at full width (screenshots in target/screenshots): nothing wider
   * than the window, and every control the agent needs inside it.
   */
  @Test
  void theDesktopWorksFrom360PixelsWideToAFullScreen() {
    page = fx.page();
    pageErrors = Browsers.errors(page);
    page.setViewportSize(360, 740);
    Browsers.signIn(page, "/", "carol", WebNode.PASSWORD);
    expect(page.locator("#conn")).hasText("Connected");
    shoot("softphone-360.png");
    assertThat(((Number) page.evaluate("document.documentElement.scrollWidth")).intValue())
        .as("no horizontal scrolling").isLessThanOrEqualTo(360);
    for (String control : List.of("#status-select", "#lang", "#signout", "#mic-select",
        "#speaker-select", "#ringer-select", "#headset-mode", "#keypad button >> nth=11", "#test-mic")) {
      Locator l = page.locator(control);
      l.scrollIntoViewIfNeeded();
      expect(l).isVisible();
      var box = l.boundingBox();
      assertThat(box.x).as(control + " left edge").isGreaterThanOrEqualTo(0);
      assertThat(box.x + box.width).as(control + " right edge").isLessThanOrEqualTo(360);
    }
    assertThat(page.evaluate("""
        ['#offer-countdown', '#call-timer', '#state-time', '#wrapup-timer'].filter((id) => document.querySelector(id).closest(
          '[aria-live]:not([aria-live=off]), [role=status], [role=alert], [role=log]'))""")).as(
        "ticking timers are in no live region (a screen reader would repeat them twice a second)")
        .isEqualTo(List.of());
    page.setViewportSize(1366, 768);
    shoot("softphone-1366.png");
    assertThat(((Number) page.evaluate("document.documentElement.scrollWidth")).intValue()).isLessThanOrEqualTo(1366);
    assertThat(page.evaluate(
        "getComputedStyle(document.getElementById('agent')).gridTemplateColumns.split(' ').length"))
        .as("three columns at full width").isEqualTo(3);
    assertThat(pageErrors).isEmpty();
  }

  private void shoot(String name) {
    page.screenshot(new Page.ScreenshotOptions().setPath(java.nio.file.Path.of("target", "screenshots", name))
        .setFullPage(true));
  }

  /** Headset mode changes the microphone's constraints (and Chromium applies them), and is remembered. */
  @Test
  void headsetModeTurnsTheBrowsersVoiceProcessingOffAndIsRemembered() {
    page = fx.page();
    pageErrors = Browsers.errors(page);
    page.addInitScript("""
        window.__constraints = [];
        const gum = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
        navigator.mediaDevices.getUserMedia = (c) => {
          window.__constraints.push(JSON.parse(JSON.stringify(c)));
          return gum(c).then((s) => { window.__settings = s.getAudioTracks()[0].getSettings(); return s; });
        };""");
    Browsers.signIn(page, "/", "dave", WebNode.PASSWORD);
    expect(page.locator("#conn")).hasText("Connected");
    Locator box = page.locator("#headset-mode");
    try {
      expect(box).not().isChecked(); // Chromium's fake microphone is not a headset
      assertThat(micTest()).as("constraints (the browser's defaults), then the track's settings")
          .containsExactly("default", "default", "default", true);
      box.check();
      assertThat(micTest()).containsExactly(false, false, false, false);
      page.reload();
      expect(page.locator("#conn")).hasText("Connected");
      expect(box).isChecked();
      assertThat(micTest()).as("remembered in this browser").containsExactly(false, false, false, false);
    } finally {
      page.evaluate("localStorage.removeItem('switchboard.headset')");
    }
    assertThat(pageErrors).isEmpty();
  }

  /**
   * Opens and closes the microphone test: the audio constraints asked (echoCancellation, noiseSuppression,
   * autoGainControl; "default" when not asked) and the echoCancellation Chromium applied to the track.
   */
  private List<Object> micTest() {
    page.evaluate("window.__constraints = []; window.__settings = null");
    page.click("#test-mic");
    // (polled from here: waitForFunction evaluates a string, which the page's CSP forbids)
    await().atMost(Duration.ofSeconds(5)).until(() -> Boolean.TRUE.equals(page.evaluate("window.__settings !== null")));
    page.click("#test-mic");
    expect(page.locator("#test-mic")).hasAttribute("aria-pressed", "false");
    return java.util.Arrays.asList(page.evaluate("""
        (() => { const a = window.__constraints[0].audio;
          const asked = (k) => (typeof a === 'object' && k in a ? a[k] : 'default');
          return [asked('echoCancellation'), asked('noiseSuppression'), asked('autoGainControl'),
            window.__settings.echoCancellation]; })()
        """) instanceof List<?> l ? l.toArray() : new Object[0]);
  }

  private void blur() {
    page.evaluate("document.activeElement && document.activeElement.blur()");
  }
}
