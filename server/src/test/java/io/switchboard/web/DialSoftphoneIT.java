package io.switchboard.web;

import static io.switchboard.web.SoftphoneFixture.expect;
import static io.switchboard.web.SoftphoneFixture.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Page;
import io.switchboard.acd.AgentState;
import io.switchboard.acd.AgentStatus;
import io.switchboard.support.SippPorts;
import io.switchboard.support.Tools;
import java.io.File;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Click-to-dial from the softphone in Debian Chromium: the agent types (keypad and keyboard) a number, picks the
 * queue the call is for, the sipp callee answers, the call shows connected with its timer, the number joins the
 * recent ones, and the agent hangs up (sipp gets the BYE) into wrap-up; a blocked number is refused with a clear
 * message and nothing is sent.
 */
class DialSoftphoneIT {
  @RegisterExtension
  static final SoftphoneFixture fx = new SoftphoneFixture("dial-softphone-it", Map.of(), 1000);
  @TempDir
  Path tmp;
  Page page;
  Process sipp;

  @AfterEach
  void close() {
    if (page != null) {
      fx.browsers().closePage(page);
    }
    if (sipp != null) {
      sipp.destroyForcibly();
    }
  }

  private AgentStatus agent(String id) {
    return fx.web().node.acd().agent(WebNode.TENANT, id).await();
  }

  @Test
  void anAgentTypesANumberTheCalleeAnswersTheCallShowsConnectedAndTheAgentHangsUp() throws Exception {
    try (DatagramSocket calleeMedia = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      int port = SippPorts.freeSignalingPort();
      Path scenario = Path.of(DialSoftphoneIT.class.getResource("/sipp/uas-answer-to-port.xml").toURI());
      sipp = new ProcessBuilder(Tools.require("sipp").toString(), "-sf", scenario.toString(), "-i", "127.0.0.1",
          "-p", String.valueOf(port), "-mp", String.valueOf(SippPorts.freeMediaPort()),
          "-key", "rtpport", String.valueOf(calleeMedia.getLocalPort()), "-key", "pt", "0", "-key", "enc", "PCMU",
          "-m", "1", "-timeout", "60s", "-timeout_error", "-nostdin")
          .directory(tmp.toFile()).redirectErrorStream(true).redirectOutput(new File(tmp.toFile(), "sipp.out"))
          .start();
      fx.dialPolicyTo(port);

      page = fx.page();
      List<String> errors = Browsers.errors(page);
      signIn(page, "/", "carol");
      expect(page.locator("#conn")).hasText("Connected");
      page.selectOption("#status-select", "available");
      expect(page.locator("#state")).hasText("Available");

      // a blocked number: a clear message, nothing dialed, still available
      page.fill("#dial-number", "1-900-555-0100");
      page.click("#dial-call");
      expect(page.locator("#notice")).hasText("This number may not be dialed (blocked range).");
      expect(page.locator("#state")).hasText("Available");

      // the keypad types while idle; the field takes what is pasted; Enter dials; carol serves two queues
      page.fill("#dial-number", "");
      page.click("#keypad [data-digit='4']");
      expect(page.locator("#dial-number")).hasValue("4");
      page.fill("#dial-number", "(415) 555-0199");
      expect(page.locator("#dial-queue-label")).isVisible();
      page.selectOption("#dial-queue", "sales");
      page.press("#dial-number", "Enter");

      expect(page.locator("#state")).hasText("On call");
      expect(page.locator("#call")).isVisible();
      expect(page.locator("#call-caller")).hasText("+14155550199");
      expect(page.locator("#call-queue")).hasText("sales");
      expect(page.locator("#call-timer")).hasText(Pattern.compile("0:0[1-9]")); // answered: the timer runs
      expect(page.locator("#dial-recent button").first()).hasText("+14155550199");
      AgentStatus onCall = agent("carol");
      assertThat(onCall.state()).isEqualTo(AgentState.ON_CALL);
      await().atMost(Duration.ofSeconds(5)).until(() ->
          fx.web().node.acd().call(WebNode.TENANT, onCall.callId()).await().answeredEpochMs() > 0);

      page.click("#hangup");
      expect(page.locator("#wrapup")).isVisible();
      expect(page.locator("#callback")).isHidden(); // no campaign call: no call-back picker
      expect(page.locator("#state")).hasText("Wrap-up");
      boolean done = sipp.waitFor(15, TimeUnit.SECONDS);
      String out = Files.readString(tmp.resolve("sipp.out"));
      assertThat(done).as("sipp got the BYE\n" + out).isTrue();
      assertThat(sipp.exitValue()).as("sipp exit code\n" + out).isZero();
      assertThat(errors).isEmpty();
    }
  }
}
