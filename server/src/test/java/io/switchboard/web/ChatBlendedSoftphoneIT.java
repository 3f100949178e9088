package io.switchboard.web;

import static io.switchboard.web.SoftphoneFixture.expect;
import static io.switchboard.web.SoftphoneFixture.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import io.switchboard.signaling.WsClient;
import io.switchboard.support.ApiClient;
import io.switchboard.support.ApiClient.Res;
import io.switchboard.support.BaresipCaller;
import io.switchboard.support.ChatCustomers;
import io.switchboard.support.TestNodes;
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
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Chat beside calls, in real Chromium on both sides (docs/chat.md): the customer writes from the widget on a page of
 * another origin; the queue's intent bot answers a known question, then hands the chat over when the customer asks
 * for a person. The agent (alice, room for 2 chats, also during a call) takes that chat and a second one in tabs;
 * a third chat, handed over by the bot, waits in the queue offered to nobody while she is at capacity; she takes a
 * baresip caller's call beside her two chats (audio connected) and writes in a chat while on the call; transfers one
 * chat to a colleague (who takes it: the customer is told, the interaction counts the transfer), hangs up and wraps
 * up, and ends the other chat with a disposition: its interaction holds the whole transcript, the bot's answer
 * included.
 */
class ChatBlendedSoftphoneIT {
  static final String ADMIN_PASSWORD = "blended-admin-1";
  @RegisterExtension
  static final SoftphoneFixture fx = new SoftphoneFixture("chat-blended-it",
      Map.of("bootstrap.admin.password", ADMIN_PASSWORD), 1000);
  static Vertx vertx;
  static HttpServer site;
  static WebSocketClient ws;
  static ApiClient api;
  static String admin;

  @BeforeAll
  static void setUp() throws Exception {
    int port = fx.web().node.httpPort();
    api = new ApiClient(port);
    admin = TestNodes.login(port, "demo", "admin", ADMIN_PASSWORD);
    vertx = Vertx.vertx();
    ws = vertx.createWebSocketClient();
    site = ChatCustomers.widgetPage(vertx, port, "shop");
    created(api.put("/api/v1/queues/shop", admin, new JsonObject().put("name", "Shop chat").put("channel", "chat")
        .put("widgetOrigins", new JsonArray().add(origin())).encode()));
    created(api.put("/api/v1/chat-bots/shop-bot", admin, new JsonObject().put("name", "Shop bot")
        .put("queues", new JsonArray().add("shop")).put("intents", new JsonArray().add(new JsonObject()
            .put("name", "opening-hours").put("phrases", new JsonArray().add("what are your opening hours")
                .add("when do you open")).put("answer", "We are open from 9 to 5, Monday to Friday."))).encode()));
    JsonObject alice = api.get("/api/v1/agents/alice", admin).json();
    alice.remove("id");
    alice.remove("version");
    alice.put("queues", alice.getJsonArray("queues").copy().add("shop")).put("chatCapacity", 2)
        .put("chatsDuringCall", 2);
    Res a = api.put("/api/v1/agents/alice", admin, alice.encode());
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    created(api.put("/api/v1/agents/tina", admin, new JsonObject().put("username", "tina").put("displayName", "Tina")
        .put("password", "tina-pass-1").put("queues", new JsonArray().add("shop")).encode()));
  }

  @AfterAll
  static void tearDown() {
    if (vertx != null) {
      vertx.close();
    }
  }

  @Test
  void theBotAnswersThenHandsOverAndTheAgentTakesTwoChatsAndACall() throws Exception {
    Page agent = fx.page();
    List<String> agentErrors = Browsers.errors(agent);
    signIn(agent, "/", "alice");
    expect(agent.locator("#conn")).hasText("Connected");
    agent.selectOption("#status-select", "available");
    expect(agent.locator("#state")).hasText("Available");

    // the customer in Chromium: the bot answers a known question, then hands over on request
    Page shop = fx.browsers().page(origin());
    List<String> shopErrors = Browsers.errors(shop);
    shop.navigate("/");
    shop.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Chat with us")).click();
    shop.getByLabel("Name (optional)").fill("Carla");
    say(shop, "When do you open?");
    expect(shop.locator(".sb-log li").nth(1)).containsText("We are open from 9 to 5, Monday to Friday.");
    Locator tabs = agent.locator("#chat-tabs [role=tab]");
    agent.waitForTimeout(500);
    expect(tabs).hasCount(0);  // nothing offered while the bot answers
    say(shop, "I want to talk to a person");
    expect(tabs).hasCount(1);
    String carla = tabs.nth(0).getAttribute("aria-controls").substring("chat-panel-".length());
    agent.locator("#chat-panel-" + carla + " .chat-accept").click();
    expect(agent.locator("#chat-panel-" + carla + " .chat-log li")).hasCount(4);  // the whole conversation
    expect(shop.locator(".sb-status")).containsText("joined");

    // a second chat, from a customer's socket
    try (WsClient ben = ChatCustomers.socket(ws, fx.web().node.httpPort(), origin())) {
      String benChat = ChatCustomers.start(api, ben, origin(), "shop", "Ben", null, "talk to an agent");
      expect(tabs).hasCount(2);
      tabs.nth(1).click();
      agent.locator("#chat-panel-" + benChat + " .chat-accept").click();
      expect(agent.locator("#chat-panel-" + benChat + " .chat-log li").first()).containsText("talk to an agent");

      // at capacity (2 chats): a third chat is handed over by the bot but waits, offered to nobody
      try (WsClient dan = ChatCustomers.socket(ws, fx.web().node.httpPort(), origin())) {
        String danChat = ChatCustomers.start(api, dan, origin(), "shop", "Dan", null, "talk to an agent");
        dan.await(m -> "message".equals(m.getString("type")) && "bot".equals(m.getString("from")));
        agent.waitForTimeout(2_500);  // past two routing sweeps (chat.sweep-interval-ms 1 s)
        expect(tabs).hasCount(2);
        String p = "sb:{" + WebNode.TENANT + "}:acd:";
        assertThat(fx.web().redis.commands().zscore(p + "q:shop:chats", danChat).get()).isNotNull();  // waiting
        assertThat(fx.web().redis.commands().smembers(p + "agent:alice:chats").get())
            .containsExactlyInAnyOrder(carla, benChat);
        dan.send(new JsonObject().put("type", "end"));
        dan.next("ended");
      }

      // a call beside the two chats (chatsDuringCall 2), with audio; the agent writes in a chat on the call
      try (BaresipCaller caller = BaresipCaller.dial("+15550100", fx.sipPort(), 440, 40)) {
        expect(agent.locator("#offer")).isVisible();
        agent.click("#accept");
        expect(agent.locator("#media-status")).hasAttribute("data-state", "connected",
            new LocatorAssertions.HasAttributeOptions().setTimeout(15_000));
        tabs.nth(0).click();
        agent.locator("#chat-panel-" + carla + " textarea").fill("One moment, I am on a call.");
        agent.locator("#chat-panel-" + carla + " button[type=submit]").click();
        expect(shop.locator(".sb-log li").last()).containsText("One moment, I am on a call.");

        // a transfer: Ben's chat to a colleague
        try (WsClient tina = WsClient.connect(ws, fx.web().node.httpPort(),
            TestNodes.login(fx.web().node.httpPort(), "demo", "tina", "tina-pass-1"))) {
          tina.next("hello");
          tina.request("s", new JsonObject().put("type", "state.set").put("state", "available"));
          tabs.nth(1).click();
          agent.locator("#chat-panel-" + benChat + " input").first().fill("@tina");
          agent.locator("#chat-panel-" + benChat + " button", new Page.LocatorOptions().setHasText("Transfer"))
              .click();
          assertThat(tina.next("chat.offered").getString("chatId")).isEqualTo(benChat);
          expect(tabs).hasCount(1);
          JsonObject taken = tina.request("t", new JsonObject().put("type", "chat.accept").put("chatId", benChat));
          assertThat(taken.getJsonArray("lines").getJsonObject(0).getString("text")).isEqualTo("talk to an agent");
          assertThat(ben.await(m -> "joined".equals(m.getString("type"))
              && "Tina".equals(m.getString("name")))).isNotNull();
          JsonObject moved = api.get("/api/v1/interactions/" + benChat, admin).json();
          assertThat(moved.getInteger("transfers")).isEqualTo(1);
        }
        agent.click("#hangup");
        expect(agent.locator("#wrapup")).isVisible();
      }
      agent.click("#wrapup button[type=submit]");
    }

    // Carla's chat ends with a disposition; its interaction holds the whole transcript
    agent.locator("#chat-panel-" + carla + " input").nth(1).fill("info");
    agent.locator("#chat-panel-" + carla + " .chat-end").click();
    expect(shop.locator(".sb-status")).hasText("The chat has ended.");
    Res i = api.get("/api/v1/interactions/" + carla, admin);
    assertThat(i.status()).as(i.body()).isEqualTo(200);
    assertThat(i.json().getString("disposition")).isEqualTo("info");
    assertThat(i.json().getJsonArray("transcript").stream().map(l -> ((JsonObject) l).getString("from")).toList())
        .containsSubsequence("customer", "bot", "customer", "bot", "agent");
    assertThat(i.json().encode()).contains("We are open from 9 to 5");
    assertThat(agentErrors).isEmpty();
    assertThat(shopErrors).isEmpty();
  }

  private static void say(Page shop, String text) {
    shop.getByLabel("Message").fill(text);
    shop.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send")).click();
  }

  private static String origin() {
    return "http://127.0.0.1:" + site.actualPort();
  }

  private static void created(Res r) {
    assertThat(r.status()).as(r.body()).isEqualTo(201);
  }
}
