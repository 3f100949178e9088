package io.switchboard.web;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;

/**
 * The start-up every browser IT shares: a {@link WebNode} (demo data) and {@link Browsers} for the whole test
 * class, as a JUnit extension on a static field:
 * <pre>{@code @RegisterExtension static final SoftphoneFixture fx = new SoftphoneFixture("my-it", Map.of(), 1000);}</pre>
 * Its beforeAll runs before the class's own {@code @BeforeAll} methods; its afterAll closes the browser, then the
 * node, even when start-up failed half way (JUnit calls afterAll regardless). Use from the JUnit thread only
 * (Playwright is not thread-safe).
 */
final class SoftphoneFixture implements BeforeAllCallback, AfterAllCallback, AfterTestExecutionCallback {
  private final String nodeId;
  private final Map<String, String> overrides;
  private final double toneHz;
  private WebNode web;
  private Browsers browsers;
  /** Every page handed out, with what its console said: printed when a test fails (rare failures need evidence). */
  private final java.util.List<Page> pages = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final java.util.List<String> console = new java.util.concurrent.CopyOnWriteArrayList<>();

  /**
   * @param overrides node settings on top of {@link WebNode}'s (e.g. a short access-token lifetime)
   * @param toneHz the sine Chromium's fake microphone plays
   */
  SoftphoneFixture(String nodeId, Map<String, String> overrides, double toneHz) {
    this.nodeId = nodeId;
    this.overrides = overrides;
    this.toneHz = toneHz;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    PlaywrightAssertions.setDefaultAssertionTimeout(10_000);
    // The node and the browser start side by side: each takes seconds on a busy 2-core machine.
    CompletableFuture<WebNode> node = CompletableFuture.supplyAsync(() -> WebNode.start(nodeId, overrides));
    try {
      browsers = Browsers.launch(toneHz);
    } finally {
      web = node.join();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (browsers != null) {
      browsers.close();
    }
    if (web != null) {
      web.close();
    }
  }

  WebNode web() {
    return web;
  }

  Browsers browsers() {
    return browsers;
  }

  int sipPort() {
    return web.node.sipPort();
  }

  /** A new page in its own browser context, on the node's base URL; not signed in. */
  Page page() {
    return page(null);
  }

  /** As {@link #page()}, the browser in time zone {@code timezoneId} (null: the machine's). */
  Page page(String timezoneId) {
    Page page = browsers.page(web.baseUrl(), timezoneId);
    int n = pages.size();
    page.onConsoleMessage(m -> console.add("page " + n + " " + m.type() + ": " + m.text()));
    page.onPageError(e -> console.add("page " + n + " uncaught: " + e));
    pages.add(page);
    return page;
  }

  /**
   * On failure, what the pages showed and said and what the node's WebRTC side counted, on the test's output
   * (kept in the failsafe report): a failure that shows once in many runs cannot be re-run to look. Runs right
   * after the test method, before the class's {@code @AfterEach} closes its pages.
   */
  @Override
  public void afterTestExecution(ExtensionContext context) {
    if (context.getExecutionException().isPresent()) {
      printDiagnostics(context);
    }
  }

  private void printDiagnostics(ExtensionContext context) {
    StringBuilder b = new StringBuilder("=== " + context.getDisplayName() + " failed: diagnostics\n");
    if (web != null) {
      b.append("node webrtc: legs=").append(web.node.webrtc().activeLegs());
      if (web.node.webrtc() instanceof io.switchboard.webrtc.WebRtcNode rtc) {
        b.append(" authFailures=").append(rtc.counters().authFailures()).append(" receivedDropped=")
            .append(rtc.counters().receivedDropped()).append(" sendDropped=").append(rtc.counters().sendDropped());
      }
      b.append('\n');
    }
    for (int i = 0; i < pages.size(); i++) {
      Page page = pages.get(i);
      try {
        b.append("page ").append(i).append(' ').append(page.url()).append(" media-status=")
            .append(page.locator("#media-status").count() == 0 ? "-"
                : page.locator("#media-status").getAttribute("data-state")).append('\n');
        if (page.locator("#log").count() > 0) { // the softphone's own event log, newest first
          b.append("page ").append(i).append(" notice: ").append(page.locator("#notice").textContent())
              .append("\npage ").append(i).append(" log:\n").append(page.locator("#log").innerText()).append('\n');
        }
      } catch (RuntimeException closed) {
        b.append("page ").append(i).append(" unavailable: ").append(closed.getMessage()).append('\n');
      }
    }
    console.forEach(line -> b.append(line).append('\n'));
    System.out.print(b);
  }

  /** Opens {@code path} on {@code page} and signs in as demo user {@code user} with the demo password. */
  static void signIn(Page page, String path, String user) {
    Browsers.signIn(page, path, user, WebNode.PASSWORD);
  }

  /** Playwright's web-first assertions with the timeout set in {@link #beforeAll}. */
  /** A trunk to 127.0.0.1:{@code port} (a sipp callee) and the demo tenant's dial policy sending calls there. */
  void dialPolicyTo(int port) {
    web.node.directory().put(WebNode.TENANT, io.switchboard.directory.Kind.TRUNK, "dial-sipp",
        new io.vertx.core.json.JsonObject().put("name", "sipp").put("addresses", new io.vertx.core.json.JsonArray()
            .add(new io.vertx.core.json.JsonObject().put("host", "127.0.0.1").put("port", port)))
        .put("allowedSources", new io.vertx.core.json.JsonArray().add("127.0.0.1")), null).await();
    web.node.directory().put(WebNode.TENANT, io.switchboard.directory.Kind.DIAL_POLICY, "default",
        new io.vertx.core.json.JsonObject().put("defaultCountry", "US").put("defaultCallerId", "+15550100")
            .put("trunk", "dial-sipp"), null).await();
  }

  static LocatorAssertions expect(Locator l) {
    return PlaywrightAssertions.assertThat(l);
  }
}
