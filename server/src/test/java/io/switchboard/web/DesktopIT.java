package io.switchboard.web;

import static io.switchboard.web.SoftphoneFixture.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.switchboard.acd.AgentState;
import io.switchboard.acd.AgentStatus;
import io.switchboard.auth.HttpTestClient;
import io.switchboard.auth.HttpTestClient.Reply;
import io.switchboard.directory.Kind;
import io.switchboard.support.SippCaller;
import io.switchboard.support.TestNodes;
import io.switchboard.support.TestPostgres;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The agent desktop in Debian Chromium against a real node (demo data, a real database) and a sipp caller: the one
 * status control with the tenant's away reasons (set through the real API, pushed live to the open page), written
 * the same way on the wallboard, and a refused reason; the wrap-up card
 * keeping the caller with a running timer; the activity list in Spanish; today's calls with the call just made, the
 * case opened at its wrap-up and "Call back" placing a call to its number; the layout at 320 and 360 px and at full
 * width (screenshots under target/screenshots, no sideways scrolling), every key control reached with Tab in order
 * with a visible focus outline, and live regions that stay quiet while the timers tick.
 */
class DesktopIT {
  static final String ADMIN_PASSWORD = "desktop-admin-1";
  @RegisterExtension
  static final SoftphoneFixture fx = new SoftphoneFixture("desktop-it",
      Map.of("database.url", TestPostgres.newDatabase("desktop_it"), "bootstrap.admin.password", ADMIN_PASSWORD),
      1000);
  Page page;
  List<String> pageErrors;
  HttpTestClient http;
  String admin;

  @BeforeEach
  void clients() throws Exception {
    http = new HttpTestClient(fx.web().node.httpPort());
    admin = TestNodes.login(fx.web().node.httpPort(), "demo", "admin", ADMIN_PASSWORD);
  }

  @AfterEach
  void closePage() {
    if (page != null) {
      fx.browsers().closePage(page);
    }
    for (String id : List.of("coaching", "wellbeing")) { // the demo tenant's built-in reasons again
      http.delete("/api/v1/away-reasons/" + id, admin);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> List.of("alice", "bob").stream()
        .map(a -> agent(a).state()).allMatch(s -> s == AgentState.OFFLINE || s == AgentState.WRAP_UP));
  }

  AgentStatus agent(String id) {
    return fx.web().node.acd().agent(WebNode.TENANT, id).await();
  }

  void open(String user) {
    page = fx.page();
    pageErrors = Browsers.errors(page);
    Browsers.signIn(page, "/", user, WebNode.PASSWORD);
    expect(page.locator("#conn")).hasText("Connected");
  }

  void putReason(String id, String label) {
    Reply r = http.send("PUT", "/api/v1/away-reasons/" + id, "Bearer " + admin, "application/json",
        "{\"label\":\"" + label + "\"}");
    assertThat(r.status()).as(r.body()).isIn(200, 201);
  }

  /** The demo tenant's outbound calls go to a trunk at {@code port} on loopback, shown as +15550100. */
  private static void dialTo(int port) {
    fx.web().node.directory().put(WebNode.TENANT, Kind.TRUNK, "desktop-trunk", new JsonObject().put("name", "silent")
        .put("addresses", new JsonArray().add(new JsonObject().put("host", "127.0.0.1").put("port", port)))
        .put("allowedSources", new JsonArray().add("127.0.0.1")), null).await();
    fx.web().node.directory().put(WebNode.TENANT, Kind.DIAL_POLICY, "default", new JsonObject()
        .put("defaultCountry", "US").put("defaultCallerId", "+15550100").put("trunk", "desktop-trunk"), null).await();
  }

  @Test
  void theStatusControlOffersTheTenantsReasonsSetsOneTheServerReportsAndShowsARefusal() throws Exception {
    putReason("coaching", "Coaching");
    open("bob");
    // one control, reached with the keyboard right after the header's Sign out
    page.focus("#signout");
    page.keyboard().press("Tab");
    assertThat(page.evaluate("document.activeElement.id")).isEqualTo("status-select");
    Locator control = page.locator("#status-select");
    expect(control.locator("option")).hasText(new String[] {"Available", "Away: Coaching", "Offline"});
    expect(control).hasValue("offline");

    control.selectOption("away:coaching");
    expect(page.locator("#state")).hasText("Away: Coaching");
    expect(control).hasValue("away:coaching");
    await().atMost(Duration.ofSeconds(3)).until(() -> agent("bob").state() == AgentState.AWAY);
    assertThat(agent("bob").reason()).isEqualTo("coaching");

    // the wallboard writes the status the same way
    Page board = fx.page();
    try {
      SoftphoneFixture.signIn(board, "/wallboard.html", "sam");
      expect(board.locator("#agents tr[data-agent=bob] td.state")).hasText("Away: Coaching");
    } finally {
      fx.browsers().closePage(board);
    }

    // agents read the tenant's reasons (the control) but do not write them
    String bob = TestNodes.login(fx.web().node.httpPort(), "bob");
    assertThat(http.get("/api/v1/away-reasons", bob).json().getJsonArray("items").size()).isEqualTo(1);
    assertThat(http.postJson("/api/v1/away-reasons", bob, "{\"label\":\"Nap\"}").status()).isEqualTo(403);

    // the admin changes the reasons while the page is open: the node pushes the new list (away.reasons) and the
    // control follows without reconnecting
    putReason("wellbeing", "Wellbeing");
    expect(control.locator("option")).hasText(new String[] {"Available", "Away: Coaching", "Away: Wellbeing",
        "Offline"});
    expect(control).hasValue("away:coaching");
    assertThat(http.delete("/api/v1/away-reasons/coaching", admin).status()).isEqualTo(204);
    control.selectOption("available");
    expect(page.locator("#state")).hasText("Available");
    expect(control.locator("option")).hasText(new String[] {"Available", "Away: Wellbeing", "Offline"});
    assertThat(pageErrors).isEmpty();

    // a page that missed the push (its socket on another node) still offers the deleted reason: the ACD refuses it,
    // the page says why
    page.evaluate("() => { const s = document.querySelector('#status-select');"
        + " s.add(new Option('Away: Coaching', 'away:coaching')); }");
    control.selectOption("away:coaching");
    expect(page.locator("#notice")).isVisible();
    expect(page.locator("#notice")).containsText("bad-reason");
    expect(page.locator("#notice")).containsText("wellbeing");
    expect(page.locator("#state")).hasText("Available");
    expect(control).hasValue("available");
    assertThat(agent("bob").state()).isEqualTo(AgentState.AVAILABLE);

    page.reload(); // the list is read again at every connection
    expect(page.locator("#conn")).hasText("Connected");
    expect(control.locator("option")).hasText(new String[] {"Available", "Away: Wellbeing", "Offline"});
    expect(page.locator("#state")).hasText("Available");
    assertThat(pageErrors).isEmpty();
  }

  @Test
  void afterACallTheWrapUpKeepsTheCallerWithATimerTheActivityIsInSpanishAndTodaysCallsListIt() throws Exception {
    open("alice");
    page.selectOption("#status-select", "available");
    expect(page.locator("#state")).hasText("Available");
    try (SippCaller caller = SippCaller.dial("+15550100", fx.sipPort())) {
      expect(page.locator("#offer")).isVisible();
      page.click("#accept");
      expect(page.locator("#state")).hasText("On call");
      expect(page.locator("#status-select")).isDisabled();
      String callId = agent("alice").callId();
      page.click("#hangup");
      expect(page.locator("#wrapup")).isVisible();
      caller.assertHungUpByNode(10);

      expect(page.locator("#wrapup-caller")).hasText(SippCaller.CALLER_NAME);
      expect(page.locator("#wrapup-number")).hasText(SippCaller.CALLER);
      expect(page.locator("#wrapup-queue")).hasText("support");
      expect(page.locator("#status-select option:checked")).hasText("Wrap-up");
      Locator timer = page.locator("#wrapup-timer");
      expect(timer).hasText(Pattern.compile("0:0\\d"));
      String first = timer.textContent();
      await().atMost(Duration.ofSeconds(3)).until(() -> !timer.textContent().equals(first)); // it runs
      assertThat(page.evaluate("document.getElementById('wrapup-timer').closest('[aria-live], [role=status], "
          + "[role=alert], [role=log]') === null")).as("not announced twice a second").isEqualTo(true);

      // the activity: plain sentences, rewritten in the chosen language
      Locator log = page.locator("#log");
      expect(log).containsText("You answered the call from " + SippCaller.CALLER_NAME + ".");
      page.selectOption("#lang", "es");
      expect(log).containsText("Atendió la llamada de " + SippCaller.CALLER_NAME + ".");
      expect(log).containsText("Terminó la llamada con " + SippCaller.CALLER_NAME + "; empieza el cierre.");
      expect(log).containsText("Llamada entrante de " + SippCaller.CALLER_NAME + " para support.");
      String activity = log.innerText();
      assertThat(activity).doesNotContain("desktop-it", "offering", "(rejected)", "You answered", callId);
      assertThat(activity).containsPattern("\\d\\d:\\d\\d Atendió"); // each line says when

      page.fill("#case-subject", "Refund for order 77");
      page.click("#wrapup button[type=submit]");
      expect(page.locator("#state")).hasText("Disponible");
      expect(page.locator("#wrapup")).isHidden();

      // today's calls: the call just made, newest first, with the case opened at its wrap-up
      Locator row = page.locator("#recent-calls li").first();
      expect(row).hasAttribute("data-call-id", callId);
      expect(row).containsText(SippCaller.CALLER);
      expect(row).containsText("entrante · support · atendida");
      Locator callBack = row.getByText("Devolver la llamada");
      expect(callBack).hasAttribute("aria-label", "Llamar de nuevo al " + SippCaller.CALLER);
      Locator caseLink = row.locator("button[data-case-id]");
      expect(caseLink).isVisible();
      caseLink.focus(); // a button: reached and pressed with the keyboard
      page.keyboard().press("Enter");
      expect(page.locator("#case-dialog")).isVisible();
      expect(page.locator("#case-dialog-h")).containsText("Refund for order 77");
      expect(page.locator("#case-dialog-fields")).containsText("support");
      page.keyboard().press("Escape");
      expect(page.locator("#case-dialog")).isHidden();

      // "Call back" dials the number through call.dial, for the call's queue if it had one (a trunk that never answers keeps a
      // call ringing until the agent hangs up, which cancels it). The sipp caller's number is a fictional one:
      // refused by the dial policy, and the page says so.
      try (DatagramSocket silentTrunk = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
        dialTo(silentTrunk.getLocalPort());
        callBack.click();
        expect(page.locator("#notice")).containsText("Número no válido");
        expect(page.locator("#state")).hasText("Disponible");

        page.fill("#dial-number", "+1 415 555 0199");
        page.click("#dial-call");
        expect(page.locator("#state")).hasText("En llamada");
        page.click("#hangup");
        expect(page.locator("#state")).hasText("Disponible");
        Locator dialed = page.locator("#recent-calls li").first();
        expect(dialed).containsText("+14155550199");
        expect(dialed).containsText("saliente · cancelada"); // dialed for no queue: the policy's caller ID
        dialed.getByText("Devolver la llamada").click();
        expect(page.locator("#state")).hasText("En llamada");
        expect(page.locator("#call-caller")).hasText("+14155550199");
        assertThat(agent("alice").state()).isEqualTo(AgentState.ON_CALL);
        page.click("#hangup");
        expect(page.locator("#state")).hasText("Disponible");
      }
    } finally {
      page.selectOption("#lang", "en");
    }
    assertThat(pageErrors).isEmpty();
  }

  @Test
  void theDesktopFitsFrom320PxToFullWidthIsReachedByKeyboardAndItsLiveRegionsDoNotTick() throws Exception {
    open("bob");
    page.selectOption("#status-select", "available");
    expect(page.locator("#state")).hasText("Available");
    expect(page.locator("#mycases-status")).not().isEmpty();
    java.nio.file.Path shots = java.nio.file.Path.of("target", "screenshots");
    java.nio.file.Files.createDirectories(shots);
    for (int[] size : new int[][] {{320, 720}, {360, 780}, {1366, 768}, {1920, 1080}}) {
      page.setViewportSize(size[0], size[1]);
      page.waitForTimeout(200);
      assertThat(page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]"))
          .as("no sideways scrolling at %d px", size[0]).isEqualTo(List.of(size[0], size[0]));
      if (size[0] != 320) {
        page.screenshot(new Page.ScreenshotOptions().setFullPage(true)
            .setPath(shots.resolve("desktop-" + (size[0] == 360 ? "360" : "full-" + size[0]) + ".png")));
      }
    }

    // Tab from the top of the page: each control once, each with the focus outline
    page.setViewportSize(360, 780);
    page.focus("#lang"); // the header's first control, then back to it with the keyboard (its outline shows)
    page.keyboard().press("Tab");
    page.keyboard().press("Shift+Tab");
    List<String> reached = new java.util.ArrayList<>();
    for (int i = 0; i < 120 && !reached.contains("remote-end"); i++) {
      if (i > 0) {
        page.keyboard().press("Tab");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> f = (Map<String, Object>) page.evaluate("() => { const e = document.activeElement;"
          + " if (!e || e === document.body) return {name: 'remote-end', outline: 'none', width: '0px'};"
          + " const s = getComputedStyle(e); return {name: e.id || e.dataset.digit && 'digit-' + e.dataset.digit"
          + " || e.tagName.toLowerCase() + ':' + e.textContent.trim(), outline: s.outlineStyle, width: s.outlineWidth}; }");
      String name = (String) f.get("name");
      if (reached.contains(name)) {
        break; // round the page once
      }
      reached.add(name);
      if (!name.equals("remote-end")) {
        assertThat(f.get("outline")).as("focus outline on %s", name).isNotEqualTo("none");
        assertThat(Double.parseDouble(((String) f.get("width")).replace("px", ""))).as("outline of %s", name)
            .isGreaterThanOrEqualTo(2);
      }
    }
    List<String> key = List.of("lang", "signout", "status-select", "case-search-toggle", "digit-1", "dial-number", "dial-call", "mic-select",
        "speaker-select", "headset-mode");
    assertThat(reached).as("reached with Tab").containsAll(key);
    assertThat(key.stream().map(reached::indexOf).toList()).as("in reading order").isSorted();

    // live regions: nothing rewritten while the time in state ticks (once a second)
    page.evaluate("() => { window.liveChanges = []; const live = document.querySelectorAll("
        + "'[aria-live]:not([aria-live=off]), [role=status], [role=alert], [role=log]');"
        + " const o = new MutationObserver((ms) => ms.forEach((m) => window.liveChanges.push("
        + "(m.target.id || m.target.parentElement?.id || '?'))));"
        + " live.forEach((el) => o.observe(el, {childList: true, subtree: true, characterData: true})); }");
    String before = page.locator("#state-time").textContent();
    page.waitForTimeout(3_500);
    assertThat(page.locator("#state-time").textContent()).as("the timer ticked").isNotEqualTo(before);
    assertThat(page.evaluate("document.getElementById('state-time').closest('[aria-live]:not([aria-live=off]), "
        + "[role=status], [role=alert], [role=log]') === null")).as("the ticking timer is announced by no region")
        .isEqualTo(true);
    assertThat(page.evaluate("window.liveChanges")).as("live regions changed while nothing happened").isEqualTo(
        List.of());
    assertThat(pageErrors).isEmpty();
  }
}
