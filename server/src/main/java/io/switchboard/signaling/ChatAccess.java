package io.switchboard.signaling;

import io.switchboard.chat.ChatService;
import io.vertx.core.Future;

/**
 * The chat service for the chat verbs, once the store of record is up: until then (or on a node without chat) they
 * fail with {@code unavailable}. Any thread.
 */
public final class ChatAccess {
  private volatile ChatService service;

  void set(ChatService s) {
    this.service = s;
  }

  /** The service, or a failed future with {@code unavailable}. */
  public Future<ChatService> get() {
    ChatService s = service;
    return s != null ? Future.succeededFuture(s)
        : Future.failedFuture(new SignalingError(SignalingError.UNAVAILABLE, null, "chat is not available yet"));
  }
}
