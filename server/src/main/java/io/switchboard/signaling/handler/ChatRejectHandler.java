package io.switchboard.signaling.handler;

import io.switchboard.auth.Role;
import io.switchboard.signaling.ChatAccess;
import io.switchboard.signaling.Inbound;
import io.switchboard.signaling.MessageHandler;
import io.switchboard.signaling.Session;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** {@code chat.reject}: the agent declines the chat offered to it (offered to another agent, or it waits) (docs/chat.md). An agent touches only its own chats. */
public final class ChatRejectHandler implements MessageHandler<Inbound.ChatReject> {
  private final ChatAccess chats;

  public ChatRejectHandler(ChatAccess chats) {
    this.chats = chats;
  }

  @Override
  public String type() {
    return "chat.reject";
  }

  @Override
  public Class<Inbound.ChatReject> messageClass() {
    return Inbound.ChatReject.class;
  }

  @Override
  public Role requiredRole() {
    return Role.AGENT;
  }

  @Override
  public Future<JsonObject> handle(Session session, Inbound.ChatReject m) {
    return chats.get().compose(c -> c.reject(session.tenant(), session.agentId(), m.chatId())).map(v -> null);
  }
}
