package io.switchboard.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import io.switchboard.Node;
import io.switchboard.signaling.WsClient;
import io.switchboard.support.ApiClient;
import io.switchboard.support.ApiClient.Res;
import io.switchboard.support.TestNodes;
import io.switchboard.support.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chat widget in real Chromium on a page of ANOTHER origin (a second HTTP server on another loopback port):
 * the customer writes, the chat is routed once to the agent (a real agent socket), the agent's reply with markup in
 * it is shown as text (no element made of it), the conversation survives a reload, and a page whose origin the chat
 * queue does not list gets no token (the widget says so) and starts no chat. A reloaded softphone shows again the
 * chats its agent holds (chat.held): accepted ones with their lines, and an offer still pending.
 */
class ChatWidgetIT {
  static Node node;
  static ApiClient api;
  static Vertx vertx;
  static HttpServer site;
  static HttpServer foreign;
  static HttpServer closedSite;
  static Browsers browsers;
  static WebSocketClient ws;
  static String adminToken;

  @BeforeAll
  static void start() throws Exception {
    node = TestNodes.loopback("chat-widget-it", Map.of("database.url", TestPostgres.newDatabase("chat_widget_it"),
        "bootstrap.admin.password", "widget-admin-1"));
    api = new ApiClient(node.httpPort());
    vertx = Vertx.vertx();
    site = page(vertx);
    foreign = page(vertx);
    String admin = TestNodes.login(node.httpPort(), "demo", "admin", "widget-admin-1");
    Res q = api.put("/api/v1/queues/web", admin, new JsonObject().put("name", "Website").put("channel", "chat")
        .put("widgetOrigins", new JsonArray().add("http://127.0.0.1:" + site.actualPort())).encode());
    assertThat(q.status()).as(q.body()).isEqualTo(201);
    Res d = api.put("/api/v1/agents/dana", admin, new JsonObject().put("username", "dana").put("displayName", "Dana")
        .put("password", "dana-pass-1").put("queues", new JsonArray().add("web")).encode());
    assertThat(d.status()).as(d.body()).isEqualTo(201);
    Res a = api.put("/api/v1/agents/chad", admin, new JsonObject().put("username", "chad").put("displayName", "Chad")
        .put("password", "chad-pass-1").put("queues", new JsonArray().add("web")).encode());
    assertThat(a.status()).as(a.body()).isEqualTo(201);
    Res desk = api.put("/api/v1/queues/web-desk", admin, new JsonObject().put("name", "Desk").put("channel", "chat")
        .put("widgetOrigins", new JsonArray().add("http://127.0.0.1:" + site.actualPort())).encode());
    assertThat(desk.status()).as(desk.body()).isEqualTo(201);
    Res r = api.put("/api/v1/agents/rosa", admin, new JsonObject().put("username", "rosa").put("displayName", "Rosa")
        .put("password", "rosa-pass-1").put("queues", new JsonArray().add("web-desk")).encode());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    closedSite = page(vertx, "web-closed");
    // open only on the day after tomorrow (UTC): closed now, whatever the time this runs
    String day = java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(2).getDayOfWeek().name().substring(0, 3)
        .toLowerCase(java.util.Locale.ROOT);
    Res later = api.put("/api/v1/business-hours/later", admin, new JsonObject().put("name", "Later")
        .put("timezone", "UTC").put("weekly", new JsonArray().add(new JsonObject().put("day", day)
            .put("open", "09:00").put("close", "10:00"))).encode());
    assertThat(later.status()).as(later.body()).isEqualTo(201);
    Res closedQ = api.put("/api/v1/queues/web-closed", admin, new JsonObject().put("name", "Closed desk")
        .put("channel", "chat").put("businessHours", "later").put("closedMessage", "Closed <b>now</b>, sorry.")
        .put("widgetOrigins", new JsonArray().add("http://127.0.0.1:" + closedSite.actualPort())).encode());
    assertThat(closedQ.status()).as(closedQ.body()).isEqualTo(201);
    adminToken = admin;
    browsers = Browsers.launch(440);
    ws = vertx.createWebSocketClient();
  }

  /** A tenant's web page with the one widget tag, served on a loopback port of its own (another origin). */
  static HttpServer page(Vertx vertx) {
    return page(vertx, "web");
  }

  /** As above, the widget of chat queue {@code queue}. */
  static HttpServer page(Vertx vertx, String queue) {
    return io.switchboard.support.ChatCustomers.widgetPage(vertx, node.httpPort(), queue);
  }

  @AfterAll
  static void stop() {
    if (browsers != null) {
      browsers.close();
    }
    if (vertx != null) {
      vertx.close();
    }
    if (node != null) {
      node.stop();
    }
  }

  @Test
  void theCustomerChatsFromAnotherOriginAndTheConversationSurvivesAReload() throws Exception {
    WsClient agent = WsClient.connect(ws, node.httpPort(), TestNodes.login(node.httpPort(), "demo", "chad",
        "chad-pass-1"));
    agent.next("hello");
    agent.request("s", new JsonObject().put("type", "state.set").put("state", "available"));

    Page page = browsers.page("http://127.0.0.1:" + site.actualPort());
    List<String> errors = Browsers.errors(page);
    page.navigate("/");
    page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
        new Page.GetByRoleOptions().setName("Chat with us")).click();
    assertThat(page.getByRole(com.microsoft.playwright.options.AriaRole.DIALOG)).isVisible();
    page.getByLabel("Name (optional)").fill("Carla");
    page.getByLabel("Message").fill("Hello <b>there</b>");
    page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
        new Page.GetByRoleOptions().setName("Send")).click();
    assertThat(page.locator(".sb-log li").first()).hasText("You: Hello <b>there</b>");

    JsonObject offer = agent.next("chat.offered");
    assertThat(offer.getString("customerName")).isEqualTo("Carla");
    String chatId = offer.getString("chatId");
    JsonObject accepted = agent.request("a", new JsonObject().put("type", "chat.accept").put("chatId", chatId));
    assertThat(accepted.getJsonArray("lines").getJsonObject(0).getString("text")).isEqualTo("Hello <b>there</b>");
    assertThat(page.locator(".sb-status")).hasText("Chad joined");
    agent.request("m", new JsonObject().put("type", "chat.send").put("chatId", chatId)
        .put("text", "<img src=x onerror=\"document.title='owned'\">Hi Carla"));
    assertThat(page.locator(".sb-log li").nth(1)).hasText("Chad: <img src=x onerror=\"document.title='owned'\">Hi Carla");
    assertThat(page.locator(".sb-log img")).hasCount(0);
    assertThat(page.locator(".sb-log b")).hasCount(0);

    page.reload();
    assertThat(page.locator(".sb-log li")).hasCount(2);
    assertThat(page.locator(".sb-log li").nth(1)).containsText("Hi Carla");
    page.getByLabel("Message").fill("still here");
    page.keyboard().press("Tab");
    page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
        new Page.GetByRoleOptions().setName("Send")).click();
    assertThat(agent.await(m -> "chat.message".equals(m.getString("type")) && m.getInteger("seq") == 3)
        .getString("text")).isEqualTo("still here");
    agent.request("e", new JsonObject().put("type", "chat.end").put("chatId", chatId).put("disposition", "done"));
    assertThat(page.locator(".sb-status")).hasText("The chat has ended.");
    assertThat(page.title()).isEqualTo("Shop");
    assertThat(errors).isEmpty();
    agent.close();

    Page other = browsers.page("http://127.0.0.1:" + foreign.actualPort());
    other.navigate("/");
    other.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
        new Page.GetByRoleOptions().setName("Chat with us")).click();
    assertThat(other.locator(".sb-status")).hasText("Chat is not available on this page.");
  }

  /** A customer's socket from the website's origin, started with its name and a first line; returns the chat id. */
  static String customerChat(WsClient c, String name, String first) {
    return customerChat(c, name, first, "web");
  }

  /** As above in {@code queue} (a chat queue listing the website's origin). */
  static String customerChat(WsClient c, String name, String first, String queue) {
    return io.switchboard.support.ChatCustomers.start(api, c, "http://127.0.0.1:" + site.actualPort(), queue, name,
        null, first);
  }

  static WsClient customerSocket() {
    return io.switchboard.support.ChatCustomers.socket(ws, node.httpPort(), "http://127.0.0.1:" + site.actualPort());
  }

  @Test
  void theAgentHandlesTwoChatsInTabsTransfersOneAndEndsTheOther() throws Exception {
    Page page = browsers.page("http://127.0.0.1:" + node.httpPort());
    List<String> errors = Browsers.errors(page);
    Browsers.signIn(page, "/", "chad", "chad-pass-1");
    assertThat(page.locator("#conn")).hasText("Connected");
    page.selectOption("#status-select", "available");
    assertThat(page.locator("#state")).hasText("Available");
    WsClient dana = WsClient.connect(ws, node.httpPort(), TestNodes.login(node.httpPort(), "demo", "dana",
        "dana-pass-1"));
    dana.next("hello");  // signed in, away: offered nothing until it is available

    WsClient ann = customerSocket();
    WsClient ben = customerSocket();
    com.microsoft.playwright.Locator tabs = page.locator("#chat-tabs [role=tab]");
    String annChat = customerChat(ann, "Ann", "Where is my order?");
    assertThat(tabs).hasCount(1);  // offered before Ben writes: the tabs are in the order offered
    String benChat = customerChat(ben, "Ben", "<b>Refund</b> please");
    assertThat(tabs).hasCount(2);
    assertThat(tabs.nth(0)).hasText("Ann");
    assertThat(tabs.nth(1)).hasText("Ben");
    page.locator("#chat-panel-" + annChat + " .chat-accept").click();
    assertThat(page.locator("#chat-panel-" + annChat + " .chat-log li")).hasText("Ann: Where is my order?");
    tabs.nth(1).click();
    page.locator("#chat-panel-" + benChat + " .chat-accept").click();
    assertThat(page.locator("#chat-panel-" + benChat + " .chat-log li")).hasText("Ben: <b>Refund</b> please");
    assertThat(page.locator("#chat-panel-" + benChat + " .chat-log b")).hasCount(0);

    ann.send(new JsonObject().put("type", "send").put("text", "Hello?"));
    assertThat(tabs.nth(0)).hasText("Ann (1)");
    tabs.nth(0).click();
    assertThat(tabs.nth(0)).hasText("Ann");
    page.locator("#chat-panel-" + annChat + " textarea").fill("It ships today.");
    page.locator("#chat-panel-" + annChat + " button[type=submit]").click();
    assertThat(ann.await(m -> "message".equals(m.getString("type")) && "agent".equals(m.getString("from")))
        .getString("text")).isEqualTo("It ships today.");

    dana.request("s", new JsonObject().put("type", "state.set").put("state", "available"));
    page.locator("#chat-panel-" + annChat + " input").first().fill("@dana");
    page.locator("#chat-panel-" + annChat + " button", new Page.LocatorOptions().setHasText("Transfer")).click();
    assertThat(dana.next("chat.offered").getString("chatId")).isEqualTo(annChat);
    assertThat(tabs).hasCount(1);

    page.locator("#chat-panel-" + benChat + " input").nth(1).fill("refund");
    page.locator("#chat-panel-" + benChat + " .chat-end").click();
    assertThat(ben.next("ended").getString("by")).isEqualTo("agent");
    assertThat(page.locator("#chats")).isHidden();
    Res i = api.get("/api/v1/interactions/" + benChat, adminToken);
    assertThat(i.json().getString("disposition")).isEqualTo("refund");
    assertThat(i.json().getJsonArray("transcript").getJsonObject(0).getString("text")).isEqualTo("<b>Refund</b> please");
    assertThat(errors).isEmpty();
    ann.close();
    ben.close();
    dana.close();
    browsers.closePage(page);
  }

  @Test
  void aReloadedSoftphoneShowsTheChatsItHoldsAndTheOfferPendingThenReplies() throws Exception {
    Page page = browsers.page("http://127.0.0.1:" + node.httpPort());
    List<String> errors = Browsers.errors(page);
    Browsers.signIn(page, "/", "rosa", "rosa-pass-1");
    assertThat(page.locator("#conn")).hasText("Connected");
    page.selectOption("#status-select", "available");
    assertThat(page.locator("#state")).hasText("Available");

    WsClient ann = customerSocket();
    WsClient ben = customerSocket();
    WsClient cy = customerSocket();
    com.microsoft.playwright.Locator tabs = page.locator("#chat-tabs [role=tab]");
    String annChat = customerChat(ann, "Ann", "Where is my order?", "web-desk");
    assertThat(tabs).hasCount(1);
    page.locator("#chat-panel-" + annChat + " .chat-accept").click();
    assertThat(page.locator("#chat-panel-" + annChat + " .chat-log li")).hasCount(1);
    String benChat = customerChat(ben, "Ben", "Refund please", "web-desk");
    assertThat(tabs).hasCount(2);
    tabs.nth(1).click();
    page.locator("#chat-panel-" + benChat + " .chat-accept").click();
    page.locator("#chat-panel-" + benChat + " textarea").fill("Which order?");
    page.locator("#chat-panel-" + benChat + " button[type=submit]").click();
    assertThat(ben.await(m -> "message".equals(m.getString("type")) && "agent".equals(m.getString("from")))
        .getString("text")).isEqualTo("Which order?");
    String cyChat = customerChat(cy, "Cy", "Anyone there?", "web-desk");
    assertThat(tabs).hasCount(3);  // offered, not accepted

    page.reload();
    assertThat(page.locator("#conn")).hasText("Connected");
    assertThat(tabs).hasCount(3);
    assertThat(tabs.nth(0)).hasText("Ann");
    assertThat(tabs.nth(1)).hasText("Ben");
    assertThat(tabs.nth(2)).hasText("Cy");
    assertThat(page.locator("#chat-panel-" + annChat + " .chat-log li")).hasText("Ann: Where is my order?");
    assertThat(page.locator("#chat-panel-" + benChat + " .chat-log li")).hasCount(2);
    assertThat(page.locator("#chat-panel-" + benChat + " .chat-log li").nth(1)).containsText("Which order?");
    assertThat(page.locator("#chat-panel-" + cyChat + " .chat-accept")).hasCount(1);  // the offer, again

    tabs.nth(1).click();
    page.locator("#chat-panel-" + benChat + " textarea").fill("Found it, refunded.");
    page.locator("#chat-panel-" + benChat + " button[type=submit]").click();
    assertThat(ben.await(m -> "message".equals(m.getString("type")) && "Found it, refunded.".equals(m.getString("text")))
        .getInteger("seq")).isEqualTo(3);
    ann.send(new JsonObject().put("type", "send").put("text", "Hello?"));
    assertThat(page.locator("#chat-panel-" + annChat + " .chat-log li")).hasCount(2);
    tabs.nth(2).click();
    page.locator("#chat-panel-" + cyChat + " .chat-accept").click();
    assertThat(page.locator("#chat-panel-" + cyChat + " .chat-log li")).hasText("Cy: Anyone there?");
    assertThat(errors).isEmpty();
    for (WsClient c : List.of(ann, ben, cy)) {
      c.send(new JsonObject().put("type", "end"));
    }
    ann.close();
    ben.close();
    cy.close();
    browsers.closePage(page);
  }

  @Test
  void outsideTheQueuesHoursTheWidgetShowsTheClosedMessageAndNoChatStarts() {
    Page page = browsers.page("http://127.0.0.1:" + closedSite.actualPort());
    List<String> errors = Browsers.errors(page);
    page.navigate("/");
    page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
        new Page.GetByRoleOptions().setName("Chat with us")).click();
    page.getByLabel("Message").fill("Are you there?");
    page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
        new Page.GetByRoleOptions().setName("Send")).click();
    assertThat(page.locator(".sb-status")).hasText("Closed <b>now</b>, sorry.");  // as text, never markup
    assertThat(page.locator(".sb-status b")).hasCount(0);
    assertThat(page.locator(".sb-log li")).hasCount(0);
    assertThat(page.evaluate("() => sessionStorage.getItem('switchboard-chat:demo:web-closed') || ''").toString())
        .doesNotContain("chatId");
    assertThat(errors).isEmpty();
    browsers.closePage(page);
  }
}
