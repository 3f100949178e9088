package io.switchboard.web;

import static io.switchboard.web.SoftphoneFixture.expect;
import static io.switchboard.web.SoftphoneFixture.signIn;
import static io.switchboard.web.ThreePartyPages.AGENT_HZ;
import static io.switchboard.web.ThreePartyPages.CALLER_HZ;
import static io.switchboard.web.ThreePartyPages.THIRD_HZ;
import static io.switchboard.web.ThreePartyPages.assertHears;
import static io.switchboard.web.ThreePartyPages.hangUpAndHear;
import static io.switchboard.web.ThreePartyPages.levels;
import static io.switchboard.web.ThreePartyPages.withoutEchoCancellation;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.switchboard.support.BaresipCaller;
import io.switchboard.support.TestPostgres;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The check of consult, conference and warm transfer in real browsers, with three tones: a baresip SIP caller
 * ({@value ThreePartyPages#CALLER_HZ} Hz, recording what it hears), the agent alice in Chromium
 * ({@value ThreePartyPages#AGENT_HZ} Hz) and her colleague bob in a second Chromium ({@value ThreePartyPages#THIRD_HZ}
 * Hz), each softphone with its own WebRTC leg. Alice consults bob from the call card (bob's page shows the offer and
 * joins with Accept): the agents hear each other and the caller hears hold music; Return to caller puts the caller
 * back with alice and lets bob's page go (Conference before bob accepts is refused). Bob declines the next one with
 * Decline: alice's page says so and she still talks with the caller. Another consult, then
 * Conference: each hears the other two; Complete transfer: the caller and bob hear each other, bob's page has the
 * call (its consult leg now carries it) and alice's page is in wrap-up with no audio. The on-call page still fits
 * the laptop screen while consulting.
 */
class ConsultSoftphoneIT {
  // a database of its own: the page's height (checked below) includes today's calls and the caller's history, which
  // the shared database fills with other tests' calls of the same agents and number
  @RegisterExtension
  static final SoftphoneFixture fx = new SoftphoneFixture("consult-softphone-it",
      Map.of("database.url", TestPostgres.newDatabase("consult_softphone_it")), AGENT_HZ);
  static Browsers colleagueBrowser;

  @BeforeAll
  static void colleaguesBrowser() {
    colleagueBrowser = Browsers.launch(THIRD_HZ);
  }

  @AfterAll
  static void closeColleaguesBrowser() {
    if (colleagueBrowser != null) {
      colleagueBrowser.close();
    }
  }

  /** Alice consults bob from her call card; bob's page shows the offer. */
  private static void consultBob(Page agent, Page colleague) {
    agent.fill("#consult-agent", "bob");
    agent.click("#consult button[type=submit]");
    expect(agent.locator("#consult-status")).hasText("Consulting bob — the caller hears music");
    expect(agent.locator("#consult")).isHidden();
    expect(colleague.locator("#consult-offer-text")).hasText("alice wants to consult you about a call");
  }

  /** Bob accepts on his page: alice and bob hear each other and nobody else. */
  private static void acceptAndTalk(Page agent, Page colleague) {
    colleague.click("#consult-accept");
    expect(colleague.locator("#consult-offer-text")).hasText("Consultation with alice (their caller is on hold)");
    expect(colleague.locator("#consult-offer-media")).hasText("Audio connected",
        new LocatorAssertions.HasTextOptions().setTimeout(15_000));
    assertHears("consult: agent", agent, Set.of(THIRD_HZ));
    assertHears("consult: colleague", colleague, Set.of(AGENT_HZ));
  }

  @Test
  void consultThenConferenceThenWarmTransferEachPartyHearsExactlyWhomItShould() throws Exception {
    Page agent = fx.page();
    withoutEchoCancellation(agent);
    List<String> agentErrors = Browsers.errors(agent);
    signIn(agent, "/", "alice");
    expect(agent.locator("#conn")).hasText("Connected");
    agent.selectOption("#status-select", "available");
    expect(agent.locator("#state")).hasText("Available");
    Page colleague = colleagueBrowser.page(fx.web().baseUrl());
    withoutEchoCancellation(colleague);
    List<String> colleagueErrors = Browsers.errors(colleague);
    signIn(colleague, "/", "bob");
    expect(colleague.locator("#conn")).hasText("Connected");

    try (BaresipCaller caller = BaresipCaller.dial("+15550100", fx.sipPort(), CALLER_HZ, 90)) {
      expect(agent.locator("#offer")).isVisible();
      agent.click("#accept");
      expect(agent.locator("#media-status")).hasAttribute("data-state", "connected",
          new LocatorAssertions.HasAttributeOptions().setTimeout(15_000));
      assertHears("two parties: agent", agent, Set.of(CALLER_HZ));
      // bob becomes available only now, so the caller was not routed to him
      colleague.selectOption("#status-select", "available");
      expect(colleague.locator("#state")).hasText("Available");
      agent.waitForTimeout(2000); // the caller hears the agent alone for a while

      // a first consult, returned from: the caller and alice hear each other again, bob's page lets go
      consultBob(agent, colleague);
      @SuppressWarnings("unchecked")
      List<Object> size = (List<Object>) agent.evaluate(
          "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]");
      System.out.println("consulting page: each column's last card ends at (px) " + agent.evaluate(
          "[...document.querySelectorAll('#agent .col')]"
          + ".map((c) => Math.round(c.lastElementChild.getBoundingClientRect().bottom))"));
      assertThat(size).as("the consulting page (no notice up) fits a %dx%d screen", Browsers.WIDTH,
          Browsers.HEIGHT).containsExactly(Browsers.WIDTH, Browsers.HEIGHT);
      agent.click("#consult-conference"); // before bob accepts: refused, nothing changes
      expect(agent.locator("#notice")).hasText("Conference failed: the colleague has not joined yet, or the"
          + " consultation is over");
      expect(agent.locator("#consult-status")).hasText("Consulting bob — the caller hears music");
      acceptAndTalk(agent, colleague);
      agent.waitForTimeout(1500);
      agent.click("#consult-cancel");
      expect(agent.locator("#consult")).isVisible();
      expect(agent.locator("#consulting")).isHidden();
      expect(colleague.locator("#consult-offer")).isHidden();
      expect(colleague.locator("#notice")).hasText("The consultation ended: the caller is back with the agent.");
      assertHears("returned: agent", agent, Set.of(CALLER_HZ));
      assertThat(((Number) levels(colleague, 300).get("peak")).doubleValue())
          .as("bob's page plays nothing once the consult ended").isEqualTo(-1000);
      agent.waitForTimeout(1500);

      // bob declines the next consult on his page: alice is told and keeps talking with the caller
      consultBob(agent, colleague);
      expect(colleague.locator("#consult-accept")).isVisible();
      colleague.click("#consult-decline");
      expect(colleague.locator("#consult-offer")).isHidden();
      expect(agent.locator("#notice")).hasText("bob declined the consultation. The caller is still on your call.");
      expect(agent.locator("#consult")).isVisible();
      expect(agent.locator("#consulting")).isHidden();
      assertHears("declined: agent", agent, Set.of(CALLER_HZ));

      // consult again: the agents hear each other, the caller hears music on hold
      consultBob(agent, colleague);
      acceptAndTalk(agent, colleague);
      agent.waitForTimeout(2500);

      // conference: each hears the other two
      agent.click("#consult-conference");
      expect(agent.locator("#consult-status")).hasText("Conference with bob and the caller");
      expect(agent.locator("#consult-cancel")).hasText("Drop bob");
      assertHears("conference: agent", agent, Set.of(CALLER_HZ, THIRD_HZ));
      assertHears("conference: colleague", colleague, Set.of(CALLER_HZ, AGENT_HZ));
      agent.waitForTimeout(2500);

      // warm transfer: the caller is bob's; alice wraps up and hears nothing
      agent.click("#consult-complete");
      expect(agent.locator("#state")).hasText("Wrap-up");
      expect(agent.locator("#wrapup")).isVisible();
      expect(colleague.locator("#state")).hasText("On call");
      expect(colleague.locator("#call")).isVisible();
      expect(colleague.locator("#consult-offer")).isHidden();
      expect(colleague.locator("#media-status")).hasAttribute("data-state", "connected");
      assertHears("after the transfer: colleague", colleague, Set.of(CALLER_HZ));
      assertThat(((Number) levels(agent, 300).get("peak")).doubleValue())
          .as("the first agent's page plays no call audio after the transfer").isEqualTo(-1000);
      agent.waitForTimeout(2500);

      // the caller: music while queued, alice alone, music (neither agent) through the first consult, alice alone
      // again (also while bob's page offers the declined consult), music through the second consult, alice and bob in the conference, then bob alone after the
      // transfer. The hold music has 440 Hz notes (A4, 0.7 s each), so 'C' is music there; anywhere else it would
      // be the caller's own voice coming back, which the pattern refuses.
      String timeline = hangUpAndHear(colleague, caller,
          "A alice, B alice + bob, S bob, C caller's tone, m other, . silence");
      assertThat(timeline).as("caller's audio per 100 ms\n%s", timeline)
          .matches("[mC.]*A{15,}[A.m]*?[mC.]{15,}A{10,}[A.m]*?[mC.]{20,}B{10,}[B.m]*S{15,}[S.m]*");
    }
    assertThat(agentErrors).isEmpty();
    assertThat(colleagueErrors).isEmpty();
  }
}
