package io.switchboard.web;

import static io.switchboard.web.SoftphoneFixture.expect;
import static io.switchboard.web.SoftphoneFixture.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.switchboard.directory.Kind;
import io.switchboard.signaling.WsClient;
import io.switchboard.support.ApiClient;
import io.switchboard.support.TestPostgres;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Watching a chat from the wallboard in Debian Chromium (docs/chat.md, "Supervisors watching"), against a real node
 * with {@code supervision.show-listen} on: the agent wanda works on a chat in its softphone, a customer writes over
 * /chat/ws; sam's wallboard lists the chat, Watch (by keyboard) opens the panel with the conversation so far and then
 * the new lines as they come; a whisper sent with Ctrl+Enter shows in wanda's chat tab marked private and never
 * reaches the customer; wanda is told of the watch; the panel speaks Spanish; Stop watching closes it; the chat's
 * end shows in the panel.
 */
class ChatWatchWallboardIT {
  static final String SITE = "http://127.0.0.1:9931";

  @RegisterExtension
  static final SoftphoneFixture fx = new SoftphoneFixture("chat-watch-wallboard-it", Map.of(
      "database.url", TestPostgres.newDatabase("chat_watch_wallboard_it"), "supervision.show-listen", "true"), 1000);

  private static void put(Kind kind, String id, JsonObject doc) {
    fx.web().node.directory().put("demo", kind, id, doc, null).await();
  }

  @Test
  void aSupervisorWatchesAChatAndWhispersToTheAgent() {
    put(Kind.QUEUE, "web", new JsonObject().put("name", "Website").put("channel", "chat")
        .put("widgetOrigins", new JsonArray().add(SITE)));
    put(Kind.AGENT, "wanda", new JsonObject().put("username", "wanda").put("displayName", "Wanda")
        .put("password", WebNode.PASSWORD).put("queues", new JsonArray().add("web")));

    Page phone = fx.page();
    List<String> phoneErrors = Browsers.errors(phone);
    signIn(phone, "/", "wanda");
    expect(phone.locator("#conn")).hasText("Connected");
    phone.selectOption("#status-select", "available");
    expect(phone.locator("#state")).hasText("Available");

    int port = fx.web().node.httpPort();
    WebSocketClient ws = fx.web().node.vertx().createWebSocketClient();
    WsClient customer = WsClient.open(ws, new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
        .setURI("/chat/ws").addHeader("Origin", SITE)).await();
    ApiClient.Res t = new ApiClient(port).send("POST", "/chat/v1/token", null, "application/json",
        new JsonObject().put("tenant", "demo").put("queue", "web").encode(), "Origin", SITE);
    assertThat(t.status()).as(t.body()).isEqualTo(200);
    customer.send(new JsonObject().put("type", "start").put("token", t.json().getString("token"))
        .put("name", "Carla"));
    String chatId = customer.next("started").getString("chatId");
    customer.send(new JsonObject().put("type", "send").put("text", "My parcel is late"));
    Locator phoneLog = phone.locator("#chat-panel-" + chatId + " .chat-log li");
    phone.locator("#chat-panel-" + chatId + " .chat-accept").click();
    expect(phoneLog).hasText("Carla: My parcel is late");

    Page board = fx.page();
    List<String> boardErrors = Browsers.errors(board);
    signIn(board, "/wallboard.html", "sam");
    expect(board.locator("#conn")).hasText("Connected");
    Locator row = board.locator("#live-chats tr[data-chat=" + chatId + "]");
    expect(row.locator("td.agent")).hasText("wanda");
    expect(row.locator("td.customer")).hasText("Carla");
    expect(row.locator("td.lines")).hasText("1");
    Locator watch = board.getByRole(AriaRole.BUTTON,
        new Page.GetByRoleOptions().setName("Watch the chat of Carla with wanda"));
    watch.focus();
    board.keyboard().press("Enter");
    Locator panelLog = board.locator("#chat-watch-log li");
    expect(board.locator("#chat-watch")).isVisible();
    expect(board.locator("#chat-watch-h")).hasText("Chat of Carla with wanda");
    expect(panelLog).hasText("Carla: My parcel is late");
    expect(board.locator("#chat-watch-log")).hasAttribute("aria-live", "polite");
    expect(board.getByLabel("Whisper to the agent (the customer does not see it)")).isFocused();
    expect(phone.locator("#chat-panel-" + chatId + " .chat-typing")).hasText("Supervisor sam is watching this chat.");

    customer.send(new JsonObject().put("type", "send").put("text", "It was due Monday"));
    expect(panelLog.nth(1)).hasText("Carla: It was due Monday");
    phone.locator("#chat-panel-" + chatId + " textarea").fill("Let me look");
    phone.locator("#chat-panel-" + chatId + " button[type=submit]").click();
    expect(panelLog.nth(2)).hasText("Agent wanda: Let me look");

    board.keyboard().type("Offer the <b>refund</b>");
    board.keyboard().press("Control+Enter");
    expect(board.locator("#chat-watch-status")).hasText("Whisper sent to the agent.");
    Locator whisper = phone.locator("#chat-panel-" + chatId + " .chat-log li.chat-private");
    expect(whisper).hasText("Supervisor sam (private): Offer the <b>refund</b>");
    expect(phone.locator("#chat-panel-" + chatId + " .chat-log b")).hasCount(0);
    expect(board.locator("#chat-watch-log li.chat-private")).hasText("Whisper from sam (private): Offer the <b>refund</b>");
    expect(board.locator("#chat-watch-log b")).hasCount(0);
    customer.send(new JsonObject().put("type", "send").put("text", "Any news?"));
    customer.await(m -> "Any news?".equals(m.getString("text")));
    expect(panelLog.last()).hasText("Carla: Any news?");
    assertThat(customer.peek()).as("the customer never gets the whisper")
        .noneMatch(m -> m.encode().contains("refund"));

    board.selectOption("#lang", "es");
    expect(board.locator("label[for=chat-whisper-text]")).hasText("Susurrar al agente (el cliente no lo ve)");
    expect(board.locator("#chat-unwatch")).hasText("Dejar de observar");
    board.selectOption("#lang", "en");

    board.locator("#chat-unwatch").click();
    expect(board.locator("#chat-watch")).isHidden();
    expect(phone.locator("#chat-panel-" + chatId + " .chat-typing"))
        .hasText("Supervisor sam stopped watching this chat.");
    watch.click();
    expect(panelLog).hasCount(5);
    phone.locator("#chat-panel-" + chatId + " .chat-end").click();
    expect(board.locator("#chat-watch-status")).hasText(Pattern.compile("The chat ended \\(agent\\)\\."));
    expect(board.locator("#chat-whisper")).isHidden();
    expect(board.locator("#live-chats tr[data-chat=" + chatId + "]")).hasCount(0);

    assertThat(boardErrors).as("the wallboard's errors").isEmpty();
    assertThat(phoneErrors).as("the softphone's errors").isEmpty();
    customer.close();
    fx.browsers().closePage(board);
    fx.browsers().closePage(phone);
  }
}
