package io.switchboard.signaling.handler;

import io.switchboard.auth.Role;
import io.switchboard.signaling.ChatAccess;
import io.switchboard.signaling.Inbound;
import io.switchboard.signaling.MessageHandler;
import io.switchboard.signaling.Session;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** {@code chat.typing}: the agent is typing in its own chat (docs/chat.md). An agent touches only its own chats. */
public final class ChatTypingHandler implements MessageHandler<Inbound.ChatTyping> {
  private final ChatAccess chats;

  public ChatTypingHandler(ChatAccess chats) {
    this.chats = chats;
  }

  @Override
  public String type() {
    return "chat.typing";
  }

  @Override
  public Class<Inbound.ChatTyping> messageClass() {
    return Inbound.ChatTyping.class;
  }

  @Override
  public Role requiredRole() {
    return Role.AGENT;
  }

  @Override
  public Future<JsonObject> handle(Session session, Inbound.ChatTyping m) {
    return chats.get().compose(c -> c.typing(session.tenant(), m.chatId(), "agent", session.agentId()))
        .map(v -> null);
  }
}
