package io.switchboard.signaling.handler;

import io.switchboard.auth.Role;
import io.switchboard.signaling.ChatAccess;
import io.switchboard.signaling.Inbound;
import io.switchboard.signaling.MessageHandler;
import io.switchboard.signaling.Session;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** {@code chat.send}: a line in the agent's own chat; the reply ({@code chat.sent}) has its seq (docs/chat.md). An agent touches only its own chats. */
public final class ChatSendHandler implements MessageHandler<Inbound.ChatSend> {
  private final ChatAccess chats;

  public ChatSendHandler(ChatAccess chats) {
    this.chats = chats;
  }

  @Override
  public String type() {
    return "chat.send";
  }

  @Override
  public Class<Inbound.ChatSend> messageClass() {
    return Inbound.ChatSend.class;
  }

  @Override
  public Role requiredRole() {
    return Role.AGENT;
  }

  @Override
  public Future<JsonObject> handle(Session session, Inbound.ChatSend m) {
    return chats.get().compose(c -> c.agentSays(session.tenant(), session.agentId(), m.chatId(), m.text()))
        .map(line -> new JsonObject().put("type", "chat.sent").put("chatId", m.chatId()).put("seq", line.seq()));
  }
}
