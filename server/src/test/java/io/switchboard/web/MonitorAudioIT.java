package io.switchboard.web;

import static io.switchboard.web.SoftphoneFixture.expect;
import static io.switchboard.web.SoftphoneFixture.signIn;
import static io.switchboard.web.ThreePartyPages.assertHears;
import static io.switchboard.web.ThreePartyPages.hangUpAndHear;
import static io.switchboard.web.ThreePartyPages.withoutEchoCancellation;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.switchboard.support.BaresipCaller;
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
  static final double AGENT_HZ = ThreePartyPages.AGENT_HZ;
  static final double CALLER_HZ = ThreePartyPages.CALLER_HZ;
  static final double SUPERVISOR_HZ = ThreePartyPages.THIRD_HZ;

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
      expect(board.locator(row + "td.monitor .monitors")).hasText("On this call: sam (Listen)"); // from stats
      assertHears("listen: supervisor", board, Set.of(CALLER_HZ, AGENT_HZ));
      assertHears("listen: agent", agent, Set.of(CALLER_HZ));
      agent.waitForTimeout(1000);
      expect(agent.locator("#monitor-badge")).isHidden();

      // whisper: the agent hears the supervisor, the caller does not
      board.click(row + "button[data-mode=whisper]");
      expect(board.locator("#monitor-status")).hasAttribute("data-mode", "whisper");
      expect(agent.locator("#monitor-badge")).hasText("Supervisor sam is whispering to you");
      expect(board.locator(row + "td.monitor .monitors")).hasText("On this call: sam (Whisper)");
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
      expect(board.locator(row + "td.monitor .monitors")).hasCount(0);
      assertHears("after leaving: agent", agent, Set.of(CALLER_HZ));
      agent.waitForTimeout(2000);

      // the caller (its whole recording, read after the call: baresip writes it late): the agent alone through
      // the two-party relay, listen and whisper, then the agent and the supervisor while barging, then the agent
      // alone again after the supervisor left; never its own tone, never the supervisor outside the barge
      // (music, ringing and silence before the answer; no gap at the switches to and from the mix)
      String timeline = hangUpAndHear(agent, caller,
          "A agent, B agent + supervisor, S supervisor, C caller, m other, . silence");
      assertThat(timeline).as("caller's audio per 100 ms\n%s", timeline)
          .doesNotContain("C").doesNotContain("S")
          .matches("[m.]*A{40,}[A.]*B{10,}[B.]*A{10,}[A.]*");
    }
    assertThat(agentErrors).isEmpty();
    assertThat(boardErrors).isEmpty();
  }
}
