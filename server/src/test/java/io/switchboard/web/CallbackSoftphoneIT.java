package io.switchboard.web;

import static io.switchboard.web.SoftphoneFixture.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Page;
import io.switchboard.acd.AgentState;
import io.switchboard.acd.CallSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The softphone in Debian Chromium rings for a callback (a virtual call the ACD keeps: the caller left, asking to be
 * called back) with "Callback to <number>" in English and Spanish, and sets up no audio while it rings (there is no
 * caller on the line to hear).
 */
class CallbackSoftphoneIT {
  static final String NUMBER = "+14155550100";

  @RegisterExtension
  static final SoftphoneFixture fx = new SoftphoneFixture("callback-softphone-it", Map.of(), 1000);
  Page page;
  String callId;

  @AfterEach
  void cleanUp() {
    if (page != null) {
      fx.browsers().closePage(page);
    }
    if (callId != null) { // the virtual call leaves the queue (as if abandoned): no later test is offered it
      fx.web().node.acd().callerHangup(WebNode.TENANT, callId).await();
    }
  }

  @Test
  void aCallbackRingsAsCallbackToItsNumberInBothLanguagesWithoutAudio() {
    callId = "cb-" + System.nanoTime();
    var acd = fx.web().node.acd();
    acd.enqueue(WebNode.TENANT, new CallSpec(callId, "billing", null, Map.of(), null, NUMBER, "Ada", null, null))
        .await();
    assertThat(acd.callbackRequested(WebNode.TENANT, callId, NUMBER, 2, 60_000).await()).isTrue();

    page = fx.page();
    List<String> errors = Browsers.errors(page);
    Browsers.signIn(page, "/", "carol", WebNode.PASSWORD);
    expect(page.locator("#conn")).hasText("Connected");
    page.selectOption("#status-select", "available");
    expect(page.locator("#offer")).isVisible();
    expect(page.locator("#offer-caller")).hasText("Callback to " + NUMBER);
    expect(page.locator("#offer-number")).hasText("Ada");
    expect(page.locator("#offer-queue")).hasText("billing");
    assertThat(fx.web().node.acd().agent(WebNode.TENANT, "carol").await().state()).isEqualTo(AgentState.RESERVED);
    page.waitForTimeout(1500);
    assertThat(fx.web().node.webrtc().activeLegs()).as("no audio leg while a callback rings").isZero();

    page.selectOption("#lang", "es");
    expect(page.locator("#offer-caller")).hasText("Devolver la llamada al " + NUMBER);

    page.click("#reject");
    await().atMost(Duration.ofSeconds(5)).until(() ->
        fx.web().node.acd().agent(WebNode.TENANT, "carol").await().state() == AgentState.AWAY);
    assertThat(errors).isEmpty();
  }
}
