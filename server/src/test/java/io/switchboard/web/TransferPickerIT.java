package io.switchboard.web;

import static io.switchboard.web.SoftphoneFixture.expect;
import static io.switchboard.web.SoftphoneFixture.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.switchboard.acd.AgentState;
import io.switchboard.acd.AgentStatus;
import io.switchboard.support.SippCaller;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The softphone's transfer picker (transfer-targets.js) in Debian Chromium against a real node with demo data and a
 * sipp caller: during a call the agent opens the transfer field and sees its colleagues with their presence and the
 * queues with their waiting calls, filters by typing, picks a queue with the keyboard and a colleague with a click,
 * and the blind transfer offers the call to that colleague; a text that names neither is refused on the page.
 */
class TransferPickerIT {
  @RegisterExtension
  static final SoftphoneFixture fx = new SoftphoneFixture("transfer-picker-it", Map.of(), 1000);
  Page page;
  Page other;

  @AfterEach
  void closePages() {
    for (Page p : new Page[] {page, other}) {
      if (p != null) {
        fx.browsers().closePage(p);
      }
    }
  }

  private AgentStatus agent(String id) {
    return fx.web().node.acd().agent(WebNode.TENANT, id).await();
  }

  @Test
  void theAgentPicksAnAvailableColleagueFromTheListAndTheTransferReachesIt() throws Exception {
    page = fx.page();
    List<String> errors = Browsers.errors(page);
    signIn(page, "/", "dave");
    expect(page.locator("#conn")).hasText("Connected");
    page.selectOption("#status-select", "available");
    other = fx.page();
    List<String> otherErrors = Browsers.errors(other);
    signIn(other, "/", "bob");
    expect(other.locator("#conn")).hasText("Connected");
    other.selectOption("#status-select", "available");
    expect(other.locator("#state")).hasText("Available");

    try (SippCaller caller = SippCaller.dial("+15550102", fx.sipPort())) { // billing: only dave
      page.click("#accept");
      expect(page.locator("#state")).hasText("On call");

      Locator input = page.locator("#transfer input[name=target]");
      Locator list = page.locator("#transfer [role=listbox]");
      input.click();
      expect(input).hasAttribute("aria-expanded", "true");
      Locator bob = list.locator("[role=option][data-id=bob]");
      expect(bob).containsText("Bob Baker");
      expect(bob).containsText("Available");
      expect(bob.locator(".dot")).hasAttribute("data-presence", "available");
      expect(list.locator("[role=option][data-id=carol]")).containsText("Offline");
      expect(list.locator("[role=option][data-id=billing]")).containsText("Billing");
      expect(list.locator("[role=option][data-id=dave]")).hasCount(0); // not itself
      assertThat(list.locator("[role=option]").first().getAttribute("data-kind")).isEqualTo("queue");
      // available colleagues first
      assertThat(list.locator("[role=option][data-kind=agent]").first().getAttribute("data-id")).isEqualTo("bob");

      // an id that is neither a queue nor an agent: said so, nothing sent, the call stays
      input.pressSequentially("nobody");
      expect(list.locator("[role=option]")).hasCount(0);
      page.click("#transfer button[type=submit]");
      expect(page.locator("#notice")).containsText("No queue or agent \"nobody\"");
      expect(page.locator("#state")).hasText("On call");
      input.fill("");

      // filter as you type, pick with the keyboard
      input.pressSequentially("sal");
      expect(list.locator("[role=option]")).hasCount(1);
      input.press("Enter");
      expect(input).hasValue("sales");
      expect(input).hasAttribute("data-kind", "queue");
      expect(list).isHidden();
      expect(page.locator("#state")).hasText("On call"); // Enter picked; it did not submit

      // a click picks a colleague (the list is read again on opening)
      input.fill("");
      input.pressSequentially("baker");
      bob.click();
      expect(input).hasValue("bob");
      expect(input).hasAttribute("data-kind", "agent");
      page.click("#transfer button[type=submit]");
      expect(page.locator("#state")).hasText("Wrap-up");
      expect(other.locator("#offer")).isVisible();
      expect(other.locator("#offer-caller")).hasText(SippCaller.CALLER_NAME);
      assertThat(agent("bob").state()).isEqualTo(AgentState.RESERVED);
      other.click("#accept");
      expect(other.locator("#state")).hasText("On call");
      assertThat(agent("bob").callId()).isEqualTo(agent("dave").callId());

      other.click("#hangup");
      caller.assertHungUpByNode(10);
      other.click("#wrapup button[type=submit]");
      page.click("#wrapup button[type=submit]");
      expect(page.locator("#state")).hasText("Available");
    }
    await().atMost(Duration.ofSeconds(3)).until(() -> agent("dave").state() == AgentState.AVAILABLE);
    assertThat(errors).isEmpty();
    assertThat(otherErrors).isEmpty();
  }
}
