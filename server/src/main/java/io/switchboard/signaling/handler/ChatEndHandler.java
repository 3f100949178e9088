package io.switchboard.signaling.handler;

import io.switchboard.auth.Role;
import io.switchboard.signaling.ChatAccess;
import io.switchboard.signaling.Inbound;
import io.switchboard.signaling.MessageHandler;
import io.switchboard.signaling.Session;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** {@code chat.end}: the agent ends its chat with a disposition (docs/chat.md). An agent touches only its own chats. */
public final class ChatEndHandler implements MessageHandler<Inbound.ChatEnd> {
  private final ChatAccess chats;

  public ChatEndHandler(ChatAccess chats) {
    this.chats = chats;
  }

  @Override
  public String type() {
    return "chat.end";
  }

  @Override
  public Class<Inbound.ChatEnd> messageClass() {
    return Inbound.ChatEnd.class;
  }

  @Override
  public Role requiredRole() {
    return Role.AGENT;
  }

  @Override
  public Future<JsonObject> handle(Session session, Inbound.ChatEnd m) {
    return chats.get().compose(c -> c.agentEnds(session.tenant(), session.agentId(), m.chatId(), m.disposition()))
        .map(v -> null);
  }
}
