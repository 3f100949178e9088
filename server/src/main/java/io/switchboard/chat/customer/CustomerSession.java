package io.switchboard.chat.customer;

import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;

/**
 * One customer's socket: the origin of its handshake and, once {@code start} or {@code resume} succeeded, the chat
 * it is bound to. Thread-safe (fields are set once, on the socket's event loop, and read anywhere).
 */
final class CustomerSession {
  private final ServerWebSocket ws;
  private final String origin;
  private volatile String tenant;
  private volatile String chatId;
  private volatile String subject;

  CustomerSession(ServerWebSocket ws, String origin) {
    this.ws = ws;
    this.origin = origin;
  }

  String origin() {
    return origin;
  }

  void bind(String tenant, String chatId, String subject) {
    this.tenant = tenant;
    this.chatId = chatId;
    this.subject = subject;
  }

  boolean bound() {
    return chatId != null;
  }

  String tenant() {
    return tenant;
  }

  String chatId() {
    return chatId;
  }

  String subject() {
    return subject;
  }

  void send(JsonObject message) {
    if (!ws.isClosed()) {
      ws.writeTextMessage(message.encode());
    }
  }
}
