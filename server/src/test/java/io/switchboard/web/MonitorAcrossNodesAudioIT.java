package io.switchboard.web;

import static io.switchboard.web.SoftphoneFixture.expect;
import static io.switchboard.web.SoftphoneFixture.signIn;
import static io.switchboard.web.ThreePartyPages.assertHears;
import static io.switchboard.web.ThreePartyPages.hangUpAndHear;
import static io.switchboard.web.ThreePartyPages.withoutEchoCancellation;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.switchboard.Node;
import io.switchboard.support.BaresipCaller;
import io.switchboard.support.TestNodes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Supervision with the wallboard on another node than the call, end to end: node A holds the baresip caller
 * ({@value #CALLER_HZ} Hz) and the agent's softphone (Chromium, {@value #AGENT_HZ} Hz); the supervisor's wallboard
 * (a second Chromium, {@value #SUPERVISOR_HZ} Hz) is served by node B, a second node on the same Redis, and its
 * socket is there. Its WebRTC leg is answered by node A (the call's node), so in listen and barge each browser hears
 * exactly whom the mode allows, and the caller hears the supervisor only while it barges; leaving goes back to two
 * parties.
 */
class MonitorAcrossNodesAudioIT {
  static final double AGENT_HZ = ThreePartyPages.AGENT_HZ;
  static final double CALLER_HZ = ThreePartyPages.CALLER_HZ;
  static final double SUPERVISOR_HZ = ThreePartyPages.THIRD_HZ;

  /** No overload shedding on A: starting node B in the same JVM stalls A's loop for seconds on a loaded host. */
  @RegisterExtension
  static final SoftphoneFixture fx = new SoftphoneFixture("xnode-audio-a", Map.of("sip.overload.max-wait-ms", "0"),
      AGENT_HZ);
  static Node b;
  static Browsers supervisorBrowser;

  @BeforeAll
  static void nodeBAndTheSupervisorsBrowser() {
    Map<String, String> settings = new HashMap<>(TestNodes.randomRtpPorts(20));
    settings.put("redis.uri", "redis://127.0.0.1:" + fx.web().node.config().redisEmbeddedPort());
    b = TestNodes.loopback("xnode-audio-b", settings);
    supervisorBrowser = Browsers.launch(SUPERVISOR_HZ);
  }

  @AfterAll
  static void stop() {
    if (supervisorBrowser != null) {
      supervisorBrowser.close();
    }
    if (b != null) {
      b.stop();
    }
  }

  @Test
  void aWallboardOnAnotherNodeListensAndBargesWithItsLegOnTheCallsNode() throws Exception {
    Page board = supervisorBrowser.page("http://127.0.0.1:" + b.httpPort());
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

    try (BaresipCaller caller = BaresipCaller.dial("+15550100", fx.sipPort(), CALLER_HZ, 60)) {
      expect(agent.locator("#offer")).isVisible();
      agent.click("#accept");
      expect(agent.locator("#media-status")).hasAttribute("data-state", "connected",
          new LocatorAssertions.HasAttributeOptions().setTimeout(15_000));
      assertHears("two parties: agent", agent, Set.of(CALLER_HZ));

      String row = "#agents tr[data-agent=alice] ";
      expect(board.locator(row + "td.state")).hasText("On call");

      board.click(row + "button[data-mode=listen]");
      expect(board.locator("#monitor-status")).hasAttribute("data-mode", "listen");
      assertHears("listen: supervisor on node B", board, Set.of(CALLER_HZ, AGENT_HZ));
      assertHears("listen: agent", agent, Set.of(CALLER_HZ));

      board.click(row + "button[data-mode=barge]");
      expect(board.locator("#monitor-status")).hasAttribute("data-mode", "barge");
      expect(agent.locator("#monitor-badge")).hasText("Supervisor sam has joined the call");
      assertHears("barge: agent", agent, Set.of(CALLER_HZ, SUPERVISOR_HZ));
      assertHears("barge: supervisor on node B", board, Set.of(CALLER_HZ, AGENT_HZ));

      board.click(row + "button[data-mode=leave]");
      expect(board.locator("#monitor-status")).hasAttribute("data-mode", "none");
      expect(agent.locator("#monitor-badge")).isHidden();
      assertHears("after leaving: agent", agent, Set.of(CALLER_HZ));
      agent.waitForTimeout(1000);

      // the caller heard the supervisor (from node B's page, mixed on node A) only while it barged
      String timeline = hangUpAndHear(agent, caller,
          "A agent, B agent + supervisor, S supervisor, C caller, m other, . silence");
      assertThat(timeline).as("caller's audio per 100 ms\n%s", timeline)
          .doesNotContain("C").doesNotContain("S").contains("B".repeat(10))
          .matches("[m.]*A{10,}[A.]*B{10,}[B.]*A{5,}[A.]*");
    }
    assertThat(agentErrors).isEmpty();
    assertThat(boardErrors).isEmpty();
  }
}
