package io.switchboard.support;

import io.switchboard.signaling.WsClient;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

/**
 * A website customer of a test node's chat (docs/chat.md) without a browser: the customer's socket from a page's
 * origin, and a chat started on it with the token that origin gets.
 */
public final class ChatCustomers {
  private ChatCustomers() {}

  /** A customer's socket to the node's {@code /chat/ws}, opened as a page of {@code origin} would. */
  public static WsClient socket(WebSocketClient ws, int port, String origin) {
    return WsClient.open(ws, new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/chat/ws")
        .addHeader("Origin", origin)).await();
  }

  /**
   * Starts a chat in {@code queue} of tenant demo on {@code c} (a socket of {@code origin}) with the customer's name
   * and e-mail (either may be null), then sends {@code first}; returns the chat id.
   */
  public static String start(ApiClient api, WsClient c, String origin, String queue, String name, String email,
      String first) {
    ApiClient.Res t = api.send("POST", "/chat/v1/token", null, "application/json",
        new JsonObject().put("tenant", "demo").put("queue", queue).encode(), "Origin", origin);
    JsonObject start = new JsonObject().put("type", "start").put("token", t.json().getString("token"));
    if (name != null) {
      start.put("name", name);
    }
    if (email != null) {
      start.put("email", email);
    }
    c.send(start);
    String id = c.next("started").getString("chatId");
    c.send(new JsonObject().put("type", "send").put("text", first));
    return id;
  }

  /**
   * A tenant's web page with the one widget tag of chat queue {@code queue} (tenant demo) of the node on
   * {@code nodePort}, served on a loopback port of its own: another origin than the node's.
   */
  public static io.vertx.core.http.HttpServer widgetPage(io.vertx.core.Vertx vertx, int nodePort, String queue) {
    String html = "<!doctype html><html lang=\"en\"><head><title>Shop</title></head><body><h1>Shop</h1>"
        + "<script src=\"http://127.0.0.1:" + nodePort + "/widget/chat-widget.js\" data-tenant=\"demo\" "
        + "data-queue=\"" + queue + "\"></script></body></html>";
    return vertx.createHttpServer().requestHandler(r -> r.response().putHeader("Content-Type", "text/html")
        .end(html)).listen(0, "127.0.0.1").await();
  }
}
