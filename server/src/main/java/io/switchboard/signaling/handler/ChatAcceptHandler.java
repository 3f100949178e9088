package io.switchboard.signaling.handler;

import io.switchboard.auth.Role;
import io.switchboard.signaling.ChatAccess;
import io.switchboard.signaling.Inbound;
import io.switchboard.signaling.MessageHandler;
import io.switchboard.signaling.Session;
import io.switchboard.signaling.ChatWire;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** {@code chat.accept}: the agent takes the chat offered to it; the reply ({@code chat.accepted}) carries every line so far (docs/chat.md). An agent touches only its own chats. */
public final class ChatAcceptHandler implements MessageHandler<Inbound.ChatAccept> {
  private final ChatAccess chats;

  public ChatAcceptHandler(ChatAccess chats) {
    this.chats = chats;
  }

  @Override
  public String type() {
    return "chat.accept";
  }

  @Override
  public Class<Inbound.ChatAccept> messageClass() {
    return Inbound.ChatAccept.class;
  }

  @Override
  public Role requiredRole() {
    return Role.AGENT;
  }

  @Override
  public Future<JsonObject> handle(Session session, Inbound.ChatAccept m) {
    return chats.get().compose(c -> c.accept(session.tenant(), session.agentId(), m.chatId()))
        .map(lines -> new JsonObject().put("type", "chat.accepted").put("chatId", m.chatId())
            .put("lines", ChatWire.lines(lines)));
  }
}
